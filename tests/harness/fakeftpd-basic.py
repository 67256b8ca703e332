"""The fake FTP server greets a raw client and records exactly what it sent.

Also: the case-file language (here-documents, escapes, %repeat%, counts,
DELAY), every case file under tests/cases/ parses, and the command-line
mode used by shell and C tests (port on stdout, --record files, exit).
"""

import glob
import os
import socket
import subprocess
import sys
import time

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD, Case, CaseError, unescape
from ftpraw import RawFTP

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))
LIB = os.path.join(TOP, "tests", "lib")


def test_default_greeting_and_transcript():
    with FakeFTPD(Case()) as srv:
        c = RawFTP("127.0.0.1", srv.port)
        is_(c.greeting, b"220 jangada fake FTP server ready.\r\n",
            "default greeting")
        # USER in two fragments, PASS with a LF-only ending, odd bytes.
        c.send(b"USER anon")
        time.sleep(0.05)
        c.send(b"ymous\r\n")
        is_(c.reply(), b"331 Please specify the password.\r\n", "USER: 331")
        c.send(b"PASS s3cret pass\n")
        is_(c.reply(), b"230 Login successful.\r\n", "PASS: 230")
        c.send(b"SYST\r\nNOOP\r\n")       # two commands in one write
        is_(c.reply(), b"215 UNIX Type: L8\r\n", "SYST")
        is_(c.reply(), b"200 NOOP ok.\r\n", "NOOP after SYST in one write")
        c.send(b"CWD caf\xe9\r\n")
        is_(c.reply()[:3], b"250", "CWD with a Latin-1 byte")
        c.send(b"PWD\r\n")
        is_(c.reply(), b'257 "/caf\xe9" is the current directory\r\n',
            "PWD tracks CWD byte-exact")
        c.send(b"QUIT\r\n")
        is_(c.reply(), b"221 Goodbye.\r\n", "QUIT: 221")
        ok(c.is_eof(), "closed after QUIT")
        c.close()
        ok(srv.wait_closed(5), "session ended")
        is_(srv.transcript(), [b"USER anonymous\r\n", b"PASS s3cret pass\n",
                               b"SYST\r\n", b"NOOP\r\n", b"CWD caf\xe9\r\n",
                               b"PWD\r\n", b"QUIT\r\n"],
            "transcript: exact lines, PASS kept, LF-only kept")
        is_(srv.commands()[:3], ["USER anonymous", "PASS s3cret pass",
                                 "SYST"], "commands() without endings")
        is_(srv.raw(), b"".join(srv.transcript()), "raw() is every byte")


def test_custom_greeting():
    case = r"""
# a multi-line greeting with hostile bytes, as one write
GREETING <<END
220-Welcome \e[2J to \x1b]52;c;aGk=\a
220-IAC: \xff\xfb\x01 NUL: \0 high: \xe9\xff
220 ready
END
REPLYLF SYST 215 UNIX\n215-not an end
REPLYRAW NOOP 200 no newline at all
REPLY HELP 214 %repeat[3 x ab]% end
"""
    with FakeFTPD(case) as srv:
        c = RawFTP("127.0.0.1", srv.port)
        is_(c.greeting, b"220-Welcome \x1b[2J to \x1b]52;c;aGk=\x07\r\n"
                        b"220-IAC: \xff\xfb\x01 NUL: \x00 high: \xe9\xff\r\n"
                        b"220 ready\r\n", "here-document greeting, escapes")
        c.send(b"SYST\r\n")
        time.sleep(0.2)
        got = c.recv_some()
        is_(got, b"215 UNIX\n215-not an end\n", "REPLYLF: LF-only endings")
        c.send(b"NOOP\r\n")
        is_(c.recv_some(), b"200 no newline at all", "REPLYRAW: exact bytes")
        is_(c.cmd("HELP"), b"214 ababab end\r\n", "%repeat%")
        c.close()


def test_counts_delay_and_args():
    case = r"""
REPLY USER#1 530 Not yet
REPLY USER#3 421 Go away
DROP USER#3
REPLY SIZE "/pub/a.bin" 213 42
DELAY NOOP 0.4
"""
    with FakeFTPD(case) as srv:
        c = RawFTP("127.0.0.1", srv.port)
        is_(c.cmd("USER a"), b"530 Not yet\r\n", "1st USER: USER#1 rule")
        is_(c.cmd("USER b"), b"331 Please specify the password.\r\n",
            "2nd USER: built-in")
        c.cmd("CWD /pub")
        is_(c.cmd("SIZE a.bin"), b"213 42\r\n", "argument matched after CWD")
        is_(c.cmd("SIZE /pub/a.bin"), b"213 42\r\n", "absolute argument")
        is_(c.cmd("SIZE other")[:3], b"550", "other argument: built-in 550")
        t = time.monotonic()
        c.cmd("NOOP")
        ok(time.monotonic() - t >= 0.35, "DELAY NOOP 0.4 waited")
        c.close()
        c = RawFTP("127.0.0.1", srv.port)
        is_(c.cmd("USER c"), b"421 Go away\r\n", "3rd USER (2nd connection)")
        ok(c.is_eof(), "DROP after the 421")
        c.close()
        ok(srv.wait_closed(5, sessions=2), "two sessions ended")
        is_(len(srv.transcript(session=2)), 1, "per-session transcript")


def test_case_errors():
    for text, what in (("BOGUS 1\n", "unknown directive"),
                       ("REPLY USER bad \\q escape\n", "bad escape"),
                       ("GREETING <<END\n220 x\n", "unterminated here-doc"),
                       ("FINAL RETR sometimes\n", "bad FINAL value"),
                       ("BODYFILE RETR /nonexistent/file\n", "missing file")):
        try:
            Case.parse(text)
            ok(False, "case error: " + what)
        except CaseError as e:
            ok(True, "case error: %s (%s)" % (what, e))
    is_(unescape(r"a\sb\x41\\\"\e"), b'a bA\\"\x1b', "unescape")
    with FakeFTPD("") as srv:
        ok(srv.port > 0, "an empty case: all built-in")
    with FakeFTPD("REPLY USER 530 no") as srv:
        c = RawFTP("127.0.0.1", srv.port)
        is_(c.cmd("USER x"), b"530 no\r\n", "a one-line case string")
        c.close()
    try:
        FakeFTPD("no/such/file.case")
        ok(False, "a missing case file is an error")
    except CaseError:
        ok(True, "a missing case file is an error")


def test_case_files():
    files = sorted(glob.glob(os.path.join(TOP, "tests", "cases", "*.case")))
    ok(len(files) >= 5, "tests/cases holds case files (%d)" % len(files))
    for f in files:
        try:
            Case.load(f)
            ok(True, "parses: " + os.path.basename(f))
        except CaseError as e:
            ok(False, "parses: %s: %s" % (os.path.basename(f), e))


def test_distributed():
    """Every committed fixture file is listed in a Makefile fragment (else
    the tarball of make dist would lack it); checkable in a checkout only."""
    if not os.path.isdir(os.path.join(TOP, ".git")):
        tap.skip("not a git checkout", 1)
        return
    mk = ""
    for d, _, files in os.walk(os.path.join(TOP, "tests")):
        mk += "".join(open(os.path.join(d, f)).read() for f in files
                      if f.endswith(".mk"))
    mk += open(os.path.join(TOP, "Makefile.am")).read()
    try:
        tracked = subprocess.run(
            ["git", "-C", TOP, "ls-files", "tests/lib", "tests/cases",
             "tests/harness"], capture_output=True, text=True,
            timeout=30).stdout.split()
    except (OSError, subprocess.SubprocessError):
        tap.skip("git is not available", 1)
        return
    missing = [f for f in tracked if f not in mk]
    is_(missing, [], "every tests/lib, tests/cases, tests/harness file is "
                     "in EXTRA_DIST or TESTS")


def test_cli():
    tmp = os.path.join(os.environ.get("TOP_BUILDDIR", "/tmp"), "tests",
                       "tmp")
    os.makedirs(tmp, exist_ok=True)
    import tempfile
    rec = tempfile.mkdtemp(prefix="fakeftpd-cli-", dir=tmp)
    case = os.path.join(TOP, "tests", "cases", "greeting-multiline.case")
    p = subprocess.Popen([sys.executable, os.path.join(LIB, "fakeftpd.py"),
                          case, "--port", "0", "--record", rec,
                          "--sessions", "1", "--lifetime", "30"],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        line = p.stdout.readline()
        ok(line.strip().isdigit(), "CLI prints the port: %r" % line)
        port = int(line)
        c = RawFTP("127.0.0.1", port)
        like(c.greeting, rb"^220-", "CLI server greets with the case's text")
        c.cmd("USER anonymous")
        c.cmd("PASS me@")
        c.cmd("QUIT")
        c.close()
        try:
            rc = p.wait(10)
        except subprocess.TimeoutExpired:
            rc = None
        is_(rc, 0, "CLI exits after --sessions 1")
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
    with open(os.path.join(rec, "commands.txt"), "rb") as f:
        is_(f.read(), b"USER anonymous\nPASS me@\nQUIT\n",
            "--record: commands.txt")
    with open(os.path.join(rec, "control.raw"), "rb") as f:
        is_(f.read(), b"USER anonymous\r\nPASS me@\r\nQUIT\r\n",
            "--record: control.raw")
    ok(os.path.exists(os.path.join(rec, "events.log")), "--record: events")
    # SIGTERM stops it.
    p = subprocess.Popen([sys.executable, os.path.join(LIB, "fakeftpd.py"),
                          case, "--port", "0"], stdout=subprocess.PIPE)
    port = int(p.stdout.readline())
    p.terminate()
    try:
        rc = p.wait(5)
    except subprocess.TimeoutExpired:
        p.kill()
        rc = p.wait()
    is_(rc, 0, "CLI stops cleanly on SIGTERM")
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        ok(False, "port closed after SIGTERM")
    except OSError:
        ok(True, "port closed after SIGTERM")


def test_ipv6():
    try:
        s = socket.socket(socket.AF_INET6)
        s.bind(("::1", 0))
        s.close()
    except OSError:
        tap.skip("no IPv6 loopback", 3)
        return
    with FakeFTPD(Case(), host="::1") as srv:
        is_(srv.url, "ftp://[::1]:%d/" % srv.port, "url with brackets")
        c = RawFTP("::1", srv.port)
        c.login()
        host, port = c.epsv()
        d = c.data(port)
        r = c.cmd("LIST")
        is_(r[:3], b"150", "LIST over ::1: 150")
        is_(c.read_eof(d), b"", "empty listing over ::1")
        d.close()
        c.close()


def test_stop_is_prompt():
    case = "STALL RETR 10\nBODYRANDOM RETR 100000\n"
    srv = FakeFTPD(case).start()
    c = RawFTP("127.0.0.1", srv.port)
    c.login()
    _, port = c.epsv()
    d = c.data(port)
    c.cmd("RETR x")
    t = time.monotonic()
    srv.stop()
    ok(time.monotonic() - t < 3, "stop() with a stalled transfer is prompt")
    ok(c.is_eof(2), "the client sees the control connection close")
    d.close()
    c.close()


def main():
    test_default_greeting_and_transcript()
    test_custom_greeting()
    test_counts_delay_and_args()
    test_case_errors()
    test_case_files()
    test_distributed()
    test_cli()
    test_ipv6()
    test_stop_is_prompt()


tap.main(main)
