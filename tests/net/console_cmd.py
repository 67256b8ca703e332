"""The console as a sockets course uses it, through jangada's commands in
batch mode, against the course-style peers of tests/net/peers (issue 14):

  - udp send waits udp-wait seconds for the UDP server's answer and shows
    it with the sender's address;
  - tcp listen ... --send FILE serves one client and ends, in batch too
    (no "console wait" needed);
  - udp listen shows each datagram's sender;
  - a TCP session to a line protocol's port (here NNTP's or IMAP's, on
    loopback) ends typed lines with CR LF, so the server answers, and
    says so.

Loopback only, every wait bounded."""

import os
import re
import socket
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import netlib
from netlib import Proc, server, free_port
from jrun import jangada, JANGADA


def home_env(d):
    return {"HOME": d, "XDG_CONFIG_HOME": os.path.join(d, ".config"),
            "XDG_STATE_HOME": os.path.join(d, ".local", "state"),
            "LANG": "C", "LC_ALL": "C", "LANGUAGE": ""}


def test_udp_send():
    srv = server("udp_server.py", 0, 1)
    t0 = time.time()
    r = jangada(["-c", "set udp-wait 2; udp send 127.0.0.1 %d hello" %
                 srv.port], timeout=30)
    took = time.time() - t0
    is_(r.rc, 0, "udp send: exit 0")
    ok(srv.wait_for(r"^received b'hello' from 127\.0\.0\.1:\d+$"),
       "udp send: the server got the datagram, no line end")
    like(r.out, r"(?m)^< \[127\.0\.0\.1:%d\] HELLO$" % srv.port,
         "udp send: the server's answer is shown with its address")
    ok(took < 10, "udp send: the wait is bounded (%.1f s)" % took)
    diag(r.out + r.err)


def fetch_all(port):
    """Connect (retrying while the listener starts) and read to EOF."""
    got, c = b"", None
    for _ in range(100):
        try:
            c = socket.create_connection(("127.0.0.1", port), 2)
            break
        except OSError:
            time.sleep(0.1)
    if c is None:
        return None
    c.settimeout(10)
    while True:
        b = c.recv(65536)
        if not b:
            break
        got += b
    c.close()
    return got


def test_tcp_listen_send():
    data = os.urandom(512 * 1024 + 7)
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "send.bin"), "wb") as f:
            f.write(data)
        port = free_port()
        p = Proc([JANGADA, "-c", "tcp listen 127.0.0.1 %d --send send.bin" %
                  port], env=home_env(d), cwd=d)
        got = fetch_all(port)
        ok(got == data, "tcp listen --send in batch: the client gets the "
           "file byte-exact (%s bytes)" % (None if got is None else
                                           len(got)))
        rc = p.wait(15)
        is_(rc, 0, "tcp listen --send in batch: ends by itself after its "
            "client, exit 0")
        like(p.text(), r"sent send\.bin to client 1 \(%d bytes\)" %
             len(data), "and says it sent the file")
        r = None
        try:
            r = socket.create_connection(("127.0.0.1", port), 1)
        except OSError:
            pass
        ok(r is None, "nobody listens after it")
        if r is not None:
            r.close()


def test_tcp_listen_send_one():
    """While its client is served, a --send server lets nobody else in."""
    with tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "send.bin"), "wb") as f:
            f.write(b"one client only\n")
        port = free_port()
        p = Proc([JANGADA, "-c", "tcp listen 127.0.0.1 %d --send send.bin" %
                  port], env=home_env(d), cwd=d)
        first = None
        for _ in range(100):
            try:
                first = socket.create_connection(("127.0.0.1", port), 2)
                break
            except OSError:
                time.sleep(0.1)
        ok(first is not None and p.wait_for(r"no longer listening", 10),
           "tcp listen --send: stops listening at its first client")
        second = None
        try:
            second = socket.create_connection(("127.0.0.1", port), 2)
        except OSError:
            pass
        ok(second is None, "tcp listen --send: a second client is refused")
        if second is not None:
            second.close()
        got = b""
        if first is not None:
            first.settimeout(10)
            while True:
                b = first.recv(4096)
                if not b:
                    break
                got += b
            first.close()
        is_(got, b"one client only\n", "the first gets the file")
        is_(p.wait(15), 0, "and the server ends")


def test_udp_listen():
    with tempfile.TemporaryDirectory() as d:
        port = free_port(socket.SOCK_DGRAM)
        p = Proc([JANGADA, "-c", "udp listen 127.0.0.1 %d; console wait 2" %
                  port], env=home_env(d), cwd=d)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.bind(("127.0.0.1", 0))
        me = s.getsockname()[1]
        deadline = time.time() + 10
        while p.p.poll() is None and time.time() < deadline:
            s.sendto(b"hi from the course\n", ("127.0.0.1", port))
            time.sleep(0.2)
        s.close()
        is_(p.wait(10), 0, "udp listen: exit 0")
        like(p.text(), r"(?m)^< \[127\.0\.0\.1:%d\] hi from the course$" %
             me, "udp listen: each datagram with its sender's address")


def line_port():
    """A well-known line protocol port free on loopback, or None."""
    for port in (119, 143, 110, 25):
        s = socket.socket()
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            continue
        finally:
            s.close()
        return port
    return None


def test_crlf():
    port = line_port()
    if port is None:
        tap.skip("no line protocol port free here (or not root)", 4)
        return
    srv = server("line_server.py", port)
    r = jangada(["-c", "tcp connect 127.0.0.1 %d; console send HELO x; "
                 "console send QUIT; console wait 5" % port], timeout=30)
    is_(r.rc, 0, "port %d: exit 0" % port)
    like(r.out, r"(?m)^\* typed lines end with CR LF", "port %d: says the "
         "line end is CR LF, and why" % port)
    like(r.out, r"(?m)^< 250 got HELO x$", "port %d: the server answers "
         "the typed line" % port)
    like(r.out, r"(?m)^< 221 bye$", "port %d: and QUIT" % port)
    diag(r.out + r.err)
    srv.kill()


def main():
    try:
        test_udp_send()
        test_tcp_listen_send()
        test_tcp_listen_send_one()
        test_udp_listen()
        test_crlf()
    finally:
        netlib.stop_all()


tap.main(main)
