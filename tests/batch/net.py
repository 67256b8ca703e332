"""The network tools as jangada commands in batch mode (issue 7): resolve,
port, probe, tcp connect/listen, udp send, console wait; bad input gives a
clear message and the right exit status."""

import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA


def echo_server():
    """A TCP server (as a sockets course writes it): upper-cases lines."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    s.settimeout(15)

    def serve():
        try:
            c, _ = s.accept()
        except OSError:
            return
        c.settimeout(10)
        try:
            while True:
                d = c.recv(4096)
                if not d:
                    break
                c.sendall(d.upper())
                if b"BYE" in d.upper():
                    break
        except OSError:
            pass
        c.close()
        s.close()
    threading.Thread(target=serve, daemon=True).start()
    return s.getsockname()[1]


def file_server(data):
    """Sends data to the first client, then closes."""
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    s.settimeout(15)

    def serve():
        try:
            c, _ = s.accept()
            c.sendall(data)
            c.close()
        except OSError:
            pass
        s.close()
    threading.Thread(target=serve, daemon=True).start()
    return s.getsockname()[1]


def udp_server():
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    u.settimeout(10)
    got = []

    def serve():
        try:
            d, a = u.recvfrom(2048)
            got.append(d)
            u.sendto(b"ack " + d, a)
        except OSError:
            pass
    threading.Thread(target=serve, daemon=True).start()
    return u.getsockname()[1], got


def fetch_all(host, port):
    """Connect (retrying while the listener starts) and read to EOF."""
    got, c = b"", None
    for _ in range(100):
        try:
            c = socket.create_connection((host, port), 2)
            break
        except OSError:
            time.sleep(0.1)
    if c is None:
        return got
    c.settimeout(10)
    while True:
        b = c.recv(65536)
        if not b:
            break
        got += b
    c.close()
    return got


def main():
    want = sorted({a[4][0] for a in socket.getaddrinfo("localhost", None)})
    r = jangada(["-c", "resolve localhost"])
    is_(r.rc, 0, "resolve localhost")
    ok(all(a in r.out for a in want), "every address the system gives "
       "(%s)" % ", ".join(want))
    r = jangada(["-c", "resolve 127.0.0.1"])
    ok(r.rc == 0 and "localhost" in r.out, "resolve 127.0.0.1: reverse")
    t0 = time.time()
    r = jangada(["-c", "resolve no-such-host.invalid"])
    ok(r.rc == 1 and "no-such-host.invalid" in r.err,
       "a name that does not exist: clear error, exit 1")
    ok(time.time() - t0 < 20, "and no hang")

    r = jangada(["-c", "port ftp; port 21; port domain udp"])
    is_(r.rc, 0, "port lookups")
    like(r.out, r"ftp 21/tcp", "port ftp")
    like(r.out, r"domain 53/udp", "port domain udp")
    ok(r.out.count("21/tcp") >= 2, "port 21 -> ftp")
    r = jangada(["-c", "port 70000"])
    ok(r.rc != 0 and r.err.strip() != "", "port out of range: an error")

    p = file_server(b"220 hello from the probe test\r\n")
    r = jangada(["-c", "probe 127.0.0.1 %d" % p])
    ok(r.rc == 0 and "220 hello from the probe test" in r.out,
       "probe shows the first line")
    r = jangada(["-c", "probe 127.0.0.1 99999"])
    is_(r.rc, 2, "probe with a bad port: exit 2")

    p = echo_server()
    r = jangada(["-c", "tcp connect 127.0.0.1 %d; console send hello; "
                 "console send bye; console wait 5" % p], timeout=60)
    is_(r.rc, 0, "tcp connect, send, wait")
    ok("< HELLO" in r.out and "< BYE" in r.out, "the echo server's replies")

    data = os.urandom(3 * 1024 * 1024 + 5)
    p = file_server(data)
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "tcp connect 127.0.0.1 %d --save got.bin" % p],
                    cwd=d, timeout=60)
        is_(r.rc, 0, "tcp connect --save waits for the peer to close")
        ok(open(os.path.join(d, "got.bin"), "rb").read() == data,
           "--save: the file arrives byte-exact")

    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "send.bin"), "wb").write(data)
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
        proc = subprocess.Popen(
            [JANGADA, "-c", "tcp listen 127.0.0.1 %d --send send.bin; "
             "console wait 20" % port], cwd=d, stdout=subprocess.PIPE,
            stderr=subprocess.PIPE, env=dict(os.environ, HOME=d))
        got = fetch_all("127.0.0.1", port)
        proc.terminate()
        proc.wait(10)
        ok(got == data, "tcp listen --send: a client gets the file "
           "byte-exact")

    # tcp listen PORT (no address): one dual-stack socket, so a client of
    # either family reaches it (--send serves one: one run each), and an
    # IPv4 one is shown as plain IPv4.
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "send.bin"), "wb").write(b"dual\n")
        try:
            s = socket.socket(socket.AF_INET6)
            s.bind(("::", 0))
            port = s.getsockname()[1]
            s.close()
            have6 = True
        except OSError:
            have6 = False
        if not have6:
            tap.skip("no IPv6 here", 3)
        else:
            for host in ("::1", "127.0.0.1"):
                proc = subprocess.Popen(
                    [JANGADA, "-c", "tcp listen %d --send send.bin" % port],
                    cwd=d, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                    env=dict(os.environ, HOME=d))
                is_(fetch_all(host, port), b"dual\n", "tcp listen PORT: a "
                    "client on %s gets the file" % host)
                out, err = proc.communicate(timeout=20)
            ok(b"127.0.0.1" in out + err and b"::ffff:" not in out + err,
               "tcp listen PORT: the IPv4 client shown as 127.0.0.1")

    port, seen = udp_server()
    r = jangada(["-c", "udp send 127.0.0.1 %d ping" % port])
    time.sleep(0.5)
    ok(r.rc == 0 and seen == [b"ping"], "udp send: one datagram")

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    s.listen(1)
    r = jangada(["-c", "tcp listen 127.0.0.1 %d" % s.getsockname()[1]])
    ok(r.rc == 1 and str(s.getsockname()[1]) in r.err,
       "a port in use: a clear error naming it")
    s.close()
    r = jangada(["-c", "tcp listen 127.0.0.1 65536"])
    ok(r.rc != 0 and r.err.strip() != "", "a port out of range")
    r = jangada(["-c", "tcp frob"])
    is_(r.rc, 2, "tcp with bad words: exit 2")


tap.main(main)
