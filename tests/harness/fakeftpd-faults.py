"""Each fault mode of the fake FTP server behaves as documented, on the wire.

A raw client (tests/lib/ftpraw.py) plays the part of the FTP client, so
what is checked here is the server's behaviour, byte for byte: glued
150+226, 226 before/after/never, SLOWDOWN, drops, 421, PASVBADIP with its
trap, EPSV refused, the black-holed data port, NODATACONN, ABORT, SHORT,
STALL, uploads, REST, SIZE/MDTM, MAXCONN, TIMEOUT421, active mode.
"""

import os
import socket
import time

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD, random_bytes
from ftpraw import RawFTP

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))
CASES = os.path.join(TOP, "tests", "cases")


def case(name):
    return os.path.join(CASES, name)


def client(srv, login=True):
    c = RawFTP(srv.host, srv.port)
    if login:
        c.login()
    return c


def test_glue():
    with FakeFTPD(case("glued-150-226.case")) as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        c.send(b"RETR /file.bin\r\n")
        time.sleep(0.3)
        first = c.recv_some()
        like(first, rb"^150 [^\r\n]*\r\n226 [^\r\n]*\r\n$",
             "GLUE: 150 and 226 in one read (R11)")
        data = c.read_eof(d)
        is_(data, random_bytes(100000, "11"), "GLUE: then all the data")
        d.close()
        c.close()


def test_final_modes():
    with FakeFTPD(case("226-before-data.case")) as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        c.send(b"RETR /big.bin\r\n")
        is_(c.reply()[:3], b"150", "scripted: 150")
        is_(c.reply()[:3], b"226", "scripted: 226 before any data read (R23)")
        is_(c.read_eof(d), random_bytes(1000000, "3"),
            "scripted: the whole body after the 226")
        d.close()
        c.close()
    with FakeFTPD("BODY RETR hello\nFINAL RETR never\n") as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("RETR x")[:3], b"150", "FINAL never: 150")
        is_(c.read_eof(d), b"hello", "FINAL never: data and EOF")
        try:
            r = c.reply(0.5)
            ok(False, "FINAL never: no 226 (got %r)" % r)
        except socket.timeout:
            ok(True, "FINAL never: no 226 (R24)")
        d.close()
        c.close()
    with FakeFTPD("BODY RETR hello\nFINAL before\n") as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("RETR x")[:3], b"150", "FINAL before: 150")
        is_(c.reply()[:3], b"226", "FINAL before: 226")
        is_(c.read_eof(d), b"hello", "FINAL before: then the data")
        d.close()
        c.close()


def test_slowdown():
    with FakeFTPD(case("slowdown.case")) as srv:
        c = RawFTP(srv.host, srv.port)
        is_(c.greeting, b"220-slow\r\n220 ready\r\n",
            "SLOWDOWN: same bytes (R10)")
        ok(len(c.chunks) >= 3, "SLOWDOWN: in many reads (%d)" % len(c.chunks))
        c.close()


def test_drops():
    with FakeFTPD(case("drop-mid-reply.case")) as srv:
        c = RawFTP(srv.host, srv.port)
        c.cmd("USER anonymous")
        c.send(b"PASS x\r\n")
        got = b""
        while True:
            b = c.recv_some(3)
            if not b:
                break
            got += b
        is_(got, b"230-Welcome, this line never",
            "drop mid-reply: partial reply then EOF (R18)")
        c.close()
    with FakeFTPD(case("421-at-login.case")) as srv:
        c = RawFTP(srv.host, srv.port)
        like(c.cmd("USER anonymous"), rb"^421 ", "421 at USER (R17)")
        ok(c.is_eof(), "then the connection closes")
        c.close()
    with FakeFTPD("DROP GREETING\n") as srv:
        c = RawFTP(srv.host, srv.port, read_greeting=False)
        ok(c.is_eof(), "drop before the greeting")
        c.close()
    with FakeFTPD("BODYRANDOM RETR 1000000\nREPLY RETR 150 go\n"
                  "XFER RETR 1000 hold\nREPLY RETR 421 Timeout.\n"
                  "DROP RETR\n") as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("RETR x"), b"150 go\r\n", "421 mid-transfer: 150")
        like(c.reply(), rb"^421 ", "421 mid-transfer")
        ok(c.is_eof(), "421 mid-transfer: control closed")
        d.close()
        c.close()


def test_pasv_bad_ip():
    with FakeFTPD(case("pasv-bad-ip.case")) as srv:
        c = client(srv)
        like(c.cmd("EPSV"), rb"^502 ", "EPSV refused with 502 (R5)")
        ip, port = c.pasv()
        is_(ip, "127.0.0.2", "227 advertises the bad address")
        # A correct client ignores it and connects to the control peer.
        d = c.data(port)
        is_(c.cmd("RETR /pub/README")[:3], b"150", "RETR: 150")
        is_(c.read_eof(d), b"Hello from the right place.\n",
            "data from the control peer's address (R1)")
        is_(c.reply()[:3], b"226", "226")
        d.close()
        is_(srv.trap_hits, [], "no connection to the advertised address")
        is_(len(srv.data_conns), 1, "one data connection recorded")
        is_(srv.data_conns[0]["local"][0], "127.0.0.1",
            "it reached the real listener")
        # A wrong client follows the 227: the trap records it.
        ip, port = c.pasv()
        try:
            socket.create_connection((ip, port), timeout=2).close()
        except OSError as e:
            diag("connect to %s:%d: %s" % (ip, port, e))
        deadline = time.monotonic() + 5
        while not srv.trap_hits and time.monotonic() < deadline:
            time.sleep(0.05)
        is_(len(srv.trap_hits), 1, "a connection to 127.0.0.2 is trapped")
        c.close()
    with FakeFTPD("PASVBADIP 10.0.0.1\n") as srv:
        c = client(srv)
        ip, port = c.pasv()
        is_(ip, "10.0.0.1", "PASVBADIP 10.0.0.1 advertised")
        d = c.data(port)
        is_(c.cmd("LIST")[:3], b"150", "still served on the control address")
        c.read_eof(d)
        d.close()
        c.close()


def test_epsv_refuse_blackhole():
    with FakeFTPD(case("epsv-port-refused.case")) as srv:
        c = client(srv)
        _, port = c.epsv()
        try:
            c.data(port, timeout=2).close()
            ok(False, "EPSVREFUSE: connection refused")
        except ConnectionRefusedError:
            ok(True, "EPSVREFUSE: connection refused (R5)")
        _, port = c.pasv()
        d = c.data(port)
        c.cmd("RETR /a.txt")
        is_(c.read_eof(d), b"fallback worked\n", "PASV after that works")
        d.close()
        c.close()
    with FakeFTPD("BLACKHOLE EPSV\n") as srv:
        c = client(srv)
        _, port = c.epsv()
        t = time.monotonic()
        try:
            c.data(port, timeout=1.0).close()
            ok(False, "BLACKHOLE: the connect hangs")
        except (socket.timeout, TimeoutError):
            ok(True, "BLACKHOLE: the connect hangs until the timeout (R7)")
        except OSError as e:
            ok(False, "BLACKHOLE: the connect hangs (%s)" % e)
        ok(time.monotonic() - t >= 0.9, "BLACKHOLE: no early answer")
        c.close()


def test_nodataconn_abort():
    with FakeFTPD(case("no-data-connection.case")) as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("RETR /a.txt")[:3], b"150", "NODATACONN: 150")
        d.settimeout(0.5)
        try:
            b = d.recv(100)
            ok(False, "NODATACONN: no data, no EOF (got %r)" % b)
        except socket.timeout:
            ok(True, "NODATACONN: no data, no EOF (R21)")
        try:
            c.reply(0.3)
            ok(False, "NODATACONN: no final reply")
        except socket.timeout:
            ok(True, "NODATACONN: no final reply")
        r = c.cmd("ABOR")
        is_(r, b"426 Connection closed; transfer aborted.\r\n",
            "ABOR: 426 (first reply)")
        is_(c.reply(), b"226 ABOR successful.\r\n", "ABOR: then 226")
        is_(c.cmd("NOOP")[:3], b"200", "session usable after ABOR")
        d.close()
        c.close()
    with FakeFTPD(case("abort-426.case")) as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("RETR /f.bin")[:3], b"150", "ABORT 426 4096: 150")
        is_(c.read_eof(d), random_bytes(100000, "9")[:4096],
            "ABORT: 4096 bytes then EOF")
        like(c.reply(), rb"^426 ", "ABORT: 426 (R20)")
        d.close()
        c.close()
    with FakeFTPD("BODY RETR x\nABORT RETR 425\n") as srv:
        c = client(srv)
        _, port = c.epsv()
        is_(c.cmd("RETR f")[:3], b"150", "ABORT 425: 150")
        like(c.reply(), rb"^425 ", "ABORT 425: then 425, no data")
        c.close()


def test_short_stall():
    with FakeFTPD(case("short-data.case")) as srv:
        c = client(srv)
        is_(c.cmd("SIZE /f.bin"), b"213 1000\r\n", "SIZE of the body")
        _, port = c.epsv()
        d = c.data(port)
        c.cmd("RETR /f.bin")
        is_(c.read_eof(d), random_bytes(1000, "5")[:600],
            "SHORT 600: 600 bytes then EOF (R22)")
        is_(c.reply()[:3], b"226", "SHORT: and 226")
        d.close()
        c.close()
    with FakeFTPD(case("stall-data.case")) as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        c.cmd("RETR /f.bin")
        got = b""
        d.settimeout(0.5)
        try:
            while True:
                b = d.recv(65536)
                if not b:
                    break
                got += b
            ok(False, "STALL: no EOF")
        except socket.timeout:
            ok(True, "STALL: no EOF")
        is_(got, random_bytes(10000, "5")[:100], "STALL: 100 bytes")
        try:
            c.reply(0.3)
            ok(False, "STALL: no 226")
        except socket.timeout:
            ok(True, "STALL: no 226")
        c.cmd("ABOR")
        c.reply()
        is_(c.read_eof(d, timeout=3), b"", "after ABOR the data closes")
        d.close()
        c.close()


def test_upload_rest_size_mdtm():
    with FakeFTPD(case("upload-resume.case")) as srv:
        c = client(srv)
        body = random_bytes(200000, "1")
        is_(c.cmd("SIZE big.bin"), b"213 200000\r\n", "SIZE")
        is_(c.cmd("MDTM big.bin"), b"213 20200102030405\r\n", "MDTM")
        like(c.cmd("SIZE nothing.bin"), rb"^550 ", "SIZE of a missing file")
        is_(c.cmd("REST 150000"), b"350 Restart position accepted "
                                  b"(150000).\r\n", "REST 350")
        _, port = c.epsv()
        d = c.data(port)
        like(c.cmd("RETR big.bin"), rb"^150 .*\(200000 bytes\)",
             "150 names the size")
        is_(c.read_eof(d), body[150000:], "RETR after REST: from the offset")
        c.reply()
        d.close()
        payload = bytes(range(256)) * 1000
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("STOR up load.bin")[:3], b"150", "STOR: 150")
        d.sendall(payload)
        d.close()
        is_(c.reply()[:3], b"226", "STOR: 226")
        c.cmd("REST 10")
        _, port = c.epsv()
        d = c.data(port)
        c.cmd("APPE up load.bin")
        d.sendall(b"tail")
        d.close()
        c.reply()
        is_(srv.upload("up load.bin"), b"tail", "upload(): the last one")
        ups = srv.uploads
        is_([(u.cmd, u.arg, u.offset) for u in ups],
            [("STOR", "up load.bin", 0), ("APPE", "up load.bin", 10)],
            "uploads recorded with offsets")
        is_(ups[0].data, payload, "STOR bytes kept exactly")
        c.close()
    with FakeFTPD("REPLY REST 502 REST not implemented.\n") as srv:
        c = client(srv)
        like(c.cmd("REST 100"), rb"^502 ", "REST refused on request (R33)")
        c.close()


def test_maxconn_timeout421():
    with FakeFTPD("MAXCONN 1\n") as srv:
        a = RawFTP(srv.host, srv.port)
        b = RawFTP(srv.host, srv.port)
        like(b.greeting, rb"^421 ", "MAXCONN 1: second connection gets 421")
        ok(b.is_eof(), "and is closed")
        is_(a.cmd("NOOP")[:3], b"200", "the first one still works")
        a.close()
        b.close()
    with FakeFTPD("TIMEOUT421 0.3\n") as srv:
        c = client(srv)
        t = time.monotonic()
        like(c.reply(2), rb"^421 ", "TIMEOUT421: unsolicited 421 (R17)")
        ok(time.monotonic() - t >= 0.25, "after the idle time")
        ok(c.is_eof(), "then closed")
        c.close()


def test_active_and_listing():
    with FakeFTPD(case("listing-unix.case")) as srv:
        c = client(srv)
        lst = socket.socket()
        lst.bind(("127.0.0.1", 0))
        lst.listen(1)
        p = lst.getsockname()[1]
        is_(c.cmd("PORT 127,0,0,1,%d,%d" % (p >> 8, p & 255))[:3], b"200",
            "PORT to loopback accepted")
        c.send(b"LIST\r\n")
        lst.settimeout(5)
        d, _ = lst.accept()
        data = c.read_eof(d)
        like(data, rb"\r\nlrwxrwxrwx .* latest -> pub/v2\r\n",
             "LIST body with CRLF lines (active mode)")
        ok(b"\x1b[2Jclear\r\n" in data, "escapes decoded in the body")
        ok(b"  two leading spaces\r\n" in data, "leading spaces kept")
        c.reply()
        c.reply()
        d.close()
        lst.close()
        is_(srv.data_conns[0]["mode"], "active", "recorded as active")
        like(c.cmd("PORT 10,0,0,1,4,1"), rb"^500 ",
             "PORT to a non-loopback address refused")
        _, port = c.epsv()
        d = c.data(port)
        c.cmd("NLST")
        is_(c.read_eof(d), b"pub\nREADME\nlatest\n", "BODYLF: LF lines")
        c.reply()
        d.close()
        like(c.cmd("FEAT"), rb"^211-Features:\r\n EPSV\r\n PASV\r\n SIZE\r\n"
                            rb" MDTM\r\n REST STREAM\r\n UTF8\r\n211 End\r\n$",
             "FEATURES")
        like(c.cmd("RETR x"), rb"^425 ", "RETR without PASV: 425")
        c.close()


def test_200_before_150():
    with FakeFTPD("BODY RETR abc\nREPLY RETR 200 Odd but ok.\n"
                  "DEFAULT RETR\n") as srv:
        c = client(srv)
        _, port = c.epsv()
        d = c.data(port)
        is_(c.cmd("RETR f"), b"200 Odd but ok.\r\n", "200 first (R25)")
        is_(c.reply()[:3], b"150", "then the built-in 150")
        is_(c.read_eof(d), b"abc", "data")
        is_(c.reply()[:3], b"226", "226")
        d.close()
        c.close()


def test_huge_and_odd_replies():
    with FakeFTPD("REPLY SYST 215 %repeat[1048576 x A]%\n"
                  "REPLYRAW NOOP 200 a\\0b\\xff\\xfb\\x01c\\r\\n\n") as srv:
        c = client(srv)
        r = c.cmd("SYST", timeout=20)
        is_(len(r), 4 + 1048576 + 2, "a 1 MiB reply line arrives whole (R12)")
        is_(c.cmd("NOOP"), b"200 a\x00b\xff\xfb\x01c\r\n",
            "NUL and IAC bytes sent raw (R15, R19)")
        c.close()


def main():
    for t in (test_glue, test_final_modes, test_slowdown, test_drops,
              test_pasv_bad_ip, test_epsv_refuse_blackhole,
              test_nodataconn_abort, test_short_stall,
              test_upload_rest_size_mdtm, test_maxconn_timeout421,
              test_active_and_listing, test_200_before_150,
              test_huge_and_odd_replies):
        t()


tap.main(main)
