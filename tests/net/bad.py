"""Bad input to the console sessions: a binary flood (memory bounded), a
10 MiB line, a peer closing mid-line, hostile bytes, a client that sends
and never reads, a port in use, a port out of range, a name that does not
resolve. Each must end in a clear message, never a crash or a hang.
Loopback only, every wait bounded."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import netlib
from netlib import condrive, peer, server, free_port

# condrive's peak resident memory must stay under this (KiB): the kept
# log is 4 MiB, a held line 64 KiB; the rest is the program (with ASan).
MEM_LIMIT_KB = 64 * 1024


def clean(c, what):
    rep = c.asan_report()
    if rep:
        diag(rep)
    ok(not rep, "%s: no sanitizer report" % what)


def printable(data):
    """No C0 (but LF), DEL, C1, ESC in the bytes condrive printed."""
    text = data.decode("utf-8", "replace")
    bad = [ch for ch in text if (ord(ch) < 0x20 and ch != "\n") or
           0x7f <= ord(ch) < 0xa0 or ch in "\u202e\u2028\ufeff"]
    return not bad


def wait_bytes(c, n, timeout):
    """Poll condrive's counter until n bytes came in; the last count."""
    deadline = time.time() + timeout
    got = -1
    while time.time() < deadline:
        c.send("@stats")
        line = c.wait_for(r"^STATS in %d " % n, timeout=1)
        if line:
            return n
        st = c.matching(r"^STATS in ")
        if st:
            got = int(st[-1].split()[2])
    return got


def test_flood():
    mib = 100
    srv = server("misbehave_server.py", "flood", mib)
    t0 = time.time()
    c = condrive("tcp-connect", "127.0.0.1", srv.port, quiet=True,
                 seconds=240)
    total = mib * 1024 * 1024 + 14
    got = wait_bytes(c, total, 200)
    is_(got, total, "flood: all %d MiB of random binary came in" % mib)
    hwm = c.vm("VmHWM")
    diag("flood: %d MiB in %.1f s; condrive's VmHWM %s KiB" % (
        mib, time.time() - t0, hwm))
    ok(hwm is not None and hwm < MEM_LIMIT_KB, "flood: memory bounded "
       "(VmHWM %s KiB < %d)" % (hwm, MEM_LIMIT_KB))
    c.send("@quit")
    is_(c.wait_closed(30), 0, "flood: the session closes cleanly after")
    srv.send("close")
    clean(c, "flood")

    # Smaller, and everything printed: nothing raw reaches stdout.
    srv = server("misbehave_server.py", "flood", 4)
    c = condrive("tcp-connect", "127.0.0.1", srv.port, seconds=120)
    ok(c.wait_for(r"^IN 0 \S+ END-OF-FLOOD$", timeout=100),
       "flood, shown: every line comes through")
    ok(printable(c.stdout_bytes()), "flood, shown: not one control byte "
       "printed raw")
    lens = [len(l) for l in c.lines]
    diag("flood, shown: %d lines, the longest %d chars" % (len(lens),
                                                           max(lens)))
    c.send("@quit")
    is_(c.wait_closed(30), 0, "closes")
    srv.send("close")
    clean(c, "flood shown")


def test_long_line():
    size = 10 * 1024 * 1024
    srv = server("misbehave_server.py", "longline", size)
    c = condrive("tcp-connect", "127.0.0.1", srv.port, seconds=120)
    ok(c.wait_for(r"^IN 0 \S+ after$", timeout=100), "10 MiB line: the "
       "line after it comes through")
    hwm = c.vm("VmHWM")
    srv.send("close")
    is_(c.wait_closed(30), 0, "10 MiB line: the session ends when the "
        "server closes")
    cut = c.matching(r"^IN 0 \S+ A+ \[line cut: too long\]$")
    is_(len(cut), size // 65536, "10 MiB line: shown in %d pieces of 64 "
        "KiB, each marked cut" % (size // 65536))
    ok(all(len(l.split(" ", 3)[3]) == 65536 + len(" [line cut: too long]")
           for l in cut), "each piece holds 64 KiB")
    ok("BYTES in %d out 0" % (size + 7) in c.lines, "every byte counted")
    diag("10 MiB line: VmHWM %s KiB" % hwm)
    ok(hwm is not None and hwm < MEM_LIMIT_KB, "10 MiB line: memory "
       "bounded (VmHWM %s KiB)" % hwm)
    clean(c, "long line")


def test_mid_line_close():
    srv = server("misbehave_server.py", "midline")
    c = condrive("tcp-connect", "127.0.0.1", srv.port)
    is_(c.wait_closed(), 0, "mid-line close: the session ends")
    got = [l for l in c.lines if l.startswith(("IN ", "INFO 0 - conn"))]
    is_(got, ["IN 0 127.0.0.1:%d complete line" % srv.port,
              "IN 0 127.0.0.1:%d partial li" % srv.port,
              "INFO 0 - connection closed by 127.0.0.1:%d" % srv.port],
        "mid-line close: the partial line is shown, then the close")
    clean(c, "mid-line")


def test_hostile():
    srv = server("misbehave_server.py", "hostile")
    c = condrive("tcp-connect", "127.0.0.1", srv.port)
    is_(c.wait_closed(), 0, "hostile bytes: the session ends")
    line = c.wait_for(r"^IN ") or ""
    is_(line.split(" ", 3)[3] if line else "",
        "title \\x1b]0;pwned\\x07 clear \\x1b[2J csi \\u009b31m bidi "
        "\\u202e reversed nul \\x00 bad \\xff\\xfe end",
        "hostile bytes: every one escaped")
    ok(printable(c.stdout_bytes()), "hostile bytes: nothing raw printed")
    clean(c, "hostile")


def test_no_reader():
    # A client that sends without end and never reads, to an echo server.
    c = condrive("tcp-listen", "127.0.0.1", 0, "--echo", quiet=True,
                 seconds=60)
    port = c.read_port()
    s = socket.create_connection(("127.0.0.1", port))
    s.setblocking(False)
    chunk = b"x" * 1023 + b"\n"
    sent = 0
    deadline = time.time() + 3
    while time.time() < deadline:
        try:
            sent += s.send(chunk * 64)
        except BlockingIOError:
            time.sleep(0.01)
    hwm = c.vm("VmHWM")
    diag("echo to a client that never reads: %d KiB sent before it "
         "stalled; VmHWM %s KiB" % (sent // 1024, hwm))
    ok(sent < 64 * 1024 * 1024, "echo stops reading a client that does "
       "not read (it took %d KiB)" % (sent // 1024))
    ok(hwm is not None and hwm < MEM_LIMIT_KB, "and memory stays bounded "
       "(VmHWM %s KiB)" % hwm)
    s.close()
    ok(c.wait_for(r"^(INFO|ERROR) 1 \S+ client 1 ", timeout=10),
       "the client leaving is reported")
    c.send("@quit")
    is_(c.wait_closed(), 0, "the server closes cleanly")
    clean(c, "no reader")

    # Relay: one client does not read, another floods; the first goes.
    c = condrive("tcp-listen", "127.0.0.1", 0, "--relay", quiet=True,
                 seconds=90)
    port = c.read_port()
    deaf = socket.create_connection(("127.0.0.1", port))
    deaf.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    talker = socket.create_connection(("127.0.0.1", port))
    c.wait_count(r"client \d connected", 2)
    talker.settimeout(30)
    line = b"y" * 1023 + b"\n"
    try:
        for _ in range(64):
            talker.sendall(line * 1024)
            if c.matching(r"does not read"):
                break
    except OSError:
        pass
    ok(c.wait_for(r"^ERROR 1 \S+ client 1 does not read what it is sent; "
                  r"closing it$", timeout=30),
       "relay: a client that does not read is closed, clearly")
    deaf.close()
    talker.close()
    c.send("@quit")
    is_(c.wait_closed(), 0, "relay server closes")
    clean(c, "relay no reader")


def test_ports():
    busy = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    busy.bind(("127.0.0.1", 0))
    busy.listen(1)
    port = busy.getsockname()[1]
    c = condrive("tcp-listen", "127.0.0.1", port)
    is_(c.wait(), 1, "a TCP port in use: refused")
    is_(c.lines, ["ERROR 0 - cannot listen on 127.0.0.1 port %d: Address "
                  "already in use" % port], "naming the port and why")
    clean(c, "tcp port in use")
    busy.close()

    ubusy = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    ubusy.bind(("127.0.0.1", 0))
    port = ubusy.getsockname()[1]
    c = condrive("udp-listen", "127.0.0.1", port)
    is_(c.wait(), 1, "a UDP port in use: refused")
    like(c.text(), r"^ERROR 0 - cannot listen on 127\.0\.0\.1 port %d: "
         r"Address already in use$" % port, "naming the port")
    ubusy.close()

    for args, msg in (
            (["tcp-listen", "127.0.0.1", "70000"],
             "port 70000 is out of range (0-65535)"),
            (["udp-listen", "127.0.0.1", "-1"],
             "port -1 is out of range (0-65535)"),
            (["tcp-connect", "127.0.0.1", "0"],
             "port 0 is out of range (1-65535)"),
            (["tcp-connect", "127.0.0.1", "65536"],
             "port 65536 is out of range (1-65535)"),
            (["udp-connect", "127.0.0.1", "99999999999999999999"],
             "port 99999999999999999999 is out of range (1-65535)"),
            (["tcp-connect", "127.0.0.1", "no-such-service"],
             "unknown service no-such-service (not a port number and not "
             "in the services database for tcp)")):
        c = condrive(*args)
        is_(c.wait(), 1, "%s: refused" % " ".join(args))
        is_(c.lines, ["ERROR 0 - " + msg], "clearly")


def test_names():
    t0 = time.time()
    c = condrive("tcp-connect", "no-such-host.invalid", "80")
    line = c.wait_for(r"^ERROR ", timeout=30)
    took = time.time() - t0
    like(line or "", r"^ERROR 0 - cannot connect to no-such-host\.invalid:80"
         r": no-such-host\.invalid: (no such host name|temporary failure "
         r"in name resolution|name lookup timed out)$",
         "a name that does not resolve: a clear error")
    ok(took < 15, "quickly (%.1f s), no hang" % took)
    is_(c.wait_closed(), 0, "and the session ends")
    clean(c, "no such name")

    c = condrive("udp-connect", "no-such-host.invalid", "53")
    like(c.wait_for(r"^ERROR ", timeout=30) or "", r"^ERROR 0 - cannot "
         r"connect to no-such-host\.invalid:53: no-such-host\.invalid: ",
         "udp: the same")
    is_(c.wait_closed(), 0, "and ends")

    c = condrive("tcp-listen", "no-such-host.invalid", "0")
    like(c.wait_for(r"^ERROR ", timeout=30) or "", r"^ERROR 0 - cannot "
         r"listen on no-such-host\.invalid:0: ", "listen on a name that "
         "does not resolve: clear")
    is_(c.wait_closed(), 0, "and ends")

    c = condrive("tcp-listen", "localhost", "0")
    port = c.read_port()
    ok(c.wait_for(r"^INFO 0 - listening on \S+:%d$" % port),
       "listen on a name: resolved, then bound (port %d)" % port)
    c.send("@quit")
    is_(c.wait_closed(), 0, "closes")

    port = free_port()
    c = condrive("tcp-connect", "127.0.0.1", port)
    like(c.wait_for(r"^ERROR ", timeout=10) or "", r"^ERROR 0 - cannot "
         r"connect to 127\.0\.0\.1:%d: 127\.0\.0\.1:%d: Connection refused$"
         % (port, port), "a closed port: connection refused")
    is_(c.wait_closed(), 0, "and ends")

    srv = server("upper_server.py")
    c = condrive("tcp-connect", "127.0.0.1", srv.port)
    c.send("z" * 70000)
    ok(c.wait_for(r"^ERROR 0 - line too long \(at most 65536 bytes\)$"),
       "a typed line over 64 KiB: refused clearly")
    c.send("@quit")
    is_(c.wait_closed(), 0, "closes")
    clean(c, "long typed line")


def main():
    try:
        test_mid_line_close()
        test_hostile()
        test_ports()
        test_names()
        test_long_line()
        test_no_reader()
        test_flood()
    finally:
        netlib.stop_all()


tap.main(main)
