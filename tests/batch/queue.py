"""The transfer queue through batch mode (issue 12): options set after
connecting reach the transfer connections, warnings of a transfer
connection reach the output, queued jobs keep their local directory when
lcd runs, recursion has a total limit, hostile remote names become visible
escapes locally and never share a file with a partial download."""

import os
import re
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import servers


def data_cmd_before(err, retr, conn=False):
    """The data-connection command a transfer connection sent last before
    the line "[N] --> RETR ...retr" in a -v transcript (None if absent);
    with conn, the connection's number N too."""
    last = {}
    for line in err.splitlines():
        m = re.match(r"\[(\d+)\] --> (EPSV|PASV|EPRT|PORT)\b", line)
        if m:
            last[m.group(1)] = m.group(2)
            continue
        m = re.match(r"\[(\d+)\] --> RETR (.*)$", line)
        if m and m.group(2).endswith(retr):
            return (last.get(m.group(1)), m.group(1)) if conn else \
                last.get(m.group(1))
    return (None, None) if conn else None


def test_live_options(srv, label):
    """active, passive and epsv changed after open reach the queue's
    connections, a new one and an idle pooled one alike."""
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-v", "-c", "open %s; active; get a.txt; passive; "
                     "set epsv off; get b.txt; set epsv on; get c.txt" %
                     srv.url], cwd=d)
        is_(r.rc, 0, "%s: the gets work" % label)
        if r.rc:
            diag(r.err[-2000:])
        ok(data_cmd_before(r.err, "a.txt") in ("EPRT", "PORT"),
           "%s: active after open: the transfer connection is active (%s)"
           % (label, data_cmd_before(r.err, "a.txt")))
        is_(data_cmd_before(r.err, "b.txt"), "PASV",
            "%s: epsv off after open: PASV on the transfer connection"
            % label)
        is_(data_cmd_before(r.err, "c.txt"), "EPSV",
            "%s: epsv on again: EPSV" % label)
        is_(data_cmd_before(r.err, "b.txt", True)[1],
            data_cmd_before(r.err, "a.txt", True)[1],
            "%s: b.txt went over the idle pooled connection" % label)
        # keepalive changed while a transfer connection is idle: the new
        # interval starts at once (a NOOP re-arms it), on every connection.
        with tempfile.TemporaryDirectory() as d2:
            r = jangada(["-v", "-c", "open %s; get a.txt; set keepalive 5; "
                         "get b.txt" % srv.url], cwd=d2)
        ok(re.search(r"(?m)^\[\d+\] --> NOOP$", r.err) is not None,
           "%s: keepalive after open: re-armed on the idle transfer "
           "connection" % label)
        ok(re.search(r"(?m)^--> NOOP$", r.err) is not None,
           "%s: keepalive after open: re-armed on the browsing session"
           % label)


def test_live_timeout():
    """set timeout after open reaches the transfer connection: a RETR whose
    reply comes later than the new timeout fails with the new timeout's
    words, not after the old one."""
    from fakeftpd import FakeFTPD
    with FakeFTPD("BODY RETR slow\nDELAY RETR 4\n") as srv, \
            tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; set retries 0; set timeout 1; get f"
                     % srv.url], cwd=d, timeout=60)
        is_(r.rc, 1, "timeout after open: the get fails")
        like(r.err, r"within 1 second",
             "timeout after open: the transfer connection used the new "
             "timeout")


def test_warning():
    """A warning of a transfer connection reaches batch output: a server
    that sends more bytes than SIZE announced (the download is kept, the
    warning names both numbers), and one that refuses REST on a resume."""
    from fakeftpd import FakeFTPD
    case = ("BODY RETR 0123456789\n"
            "REPLY SIZE 213 3\n"
            "PRELIM RETR 150 Opening data connection\n")
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; get f" % srv.url], cwd=d)
        like(r.err, r"warning: /?f: 10 bytes arrived, more than the 3 "
             r"announced", "more bytes than announced: a warning in batch")
    case = ("BODY RETR 0123456789\n"
            "REPLY REST 502 no resume here\n")
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, ".f.part"), "wb") as f:
            f.write(b"01234")
        r = jangada(["-c", "open %s; set overwrite resume; get f" %
                     srv.url], cwd=d)
        like(r.err, r"warning: /?f: the server cannot resume; starting "
             r"again", "REST refused: a warning in batch")
        is_(open(os.path.join(d, "f"), "rb").read(), b"0123456789",
            "REST refused: the file is whole")
    # A server's error with an ESC in it: shown escaped exactly once
    # (the queue kept the engine's escaped words and escaped them again).
    case = "REPLY RETR 550 no\\esuch file\n"
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; get f" % srv.url], cwd=d)
        like(r.err, r"get: [^\n]*no\\x1bsuch file",
             "a job's error: the ESC escaped")
        ok("\\\\x1b" not in r.err and "\x1b" not in r.err,
           "a job's error: escaped once, never twice")


HOSTILE = {
    # remote name (bytes): (local name (bytes), content)
    b"csi\xc2\x9b2J.txt": (b"csi\\u009b2J.txt", b"c1\n"),
    b"rlo\xe2\x80\xaetxt.exe": (b"rlo\\u202etxt.exe", b"rlo\n"),
    b"lri\xe2\x81\xa6x\xe2\x81\xa9": (b"lri\\u2066x\\u2069", b"lri\n"),
    b"esc\x1b[2J": (b"esc\\x1b[2J", b"esc\n"),
    b"x": (b"x", b"the file x, whole\n" * 4000),
    b".x.part": (b"\\x2ex.part", b"a remote file named .x.part\n"),
    b"plain.txt": (b"plain.txt", b"plain\n"),
    b"caf\xc3\xa9": (b"caf\xc3\xa9", b"utf-8 kept\n"),
}


def test_hostile_tree(srv, root, label):
    """get -r of a tree whose names hold C1 controls, bidi overrides,
    invalid UTF-8, ESC, and a file .x.part beside x: every name becomes a
    visible escape (the screen's), the user is told, and .x.part and the
    partial download of x stay two files."""
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; get -r hostile" % srv.url], cwd=d)
        is_(r.rc, 0, "%s: get -r of hostile names works" % label)
        if r.rc:
            diag(r.err[-2000:])
        top = os.path.join(d.encode(), b"hostile")
        got = sorted(os.listdir(top)) if os.path.isdir(top) else []
        want = sorted([v[0] for v in HOSTILE.values()] +
                      [b"dir\\u0085"])
        is_(got, want, "%s: every local name is the escaped one" % label)
        for remote, (local, data) in sorted(HOSTILE.items()):
            p = os.path.join(top, local)
            ok(os.path.isfile(p) and open(p, "rb").read() == data,
               "%s: %r arrived whole as %r" % (label, remote, local))
        p = os.path.join(top, b"dir\\u0085", b"in.txt")
        ok(os.path.isfile(p), "%s: a directory with a C1 name" % label)
        like(r.err, r"warning: .*/csi(\\u009b|\\xc2\\x9b)2J\.txt saved "
             r"as csi\\u009b2J\.txt:", "%s: the user is told, escaped once"
             % label)
        like(r.err, r"warning: .*\.x\.part saved as \\x2ex\.part",
             "%s: .x.part is told too" % label)
        ok("x\n" not in r.err and "saved as x:" not in r.err,
           "%s: plain names are not reported" % label)


def test_invalid_utf8():
    """Invalid UTF-8 in a remote name (pyftpdlib cannot serve it back):
    the local name escapes each bad byte as the screen does."""
    from fakeftpd import FakeFTPD
    case = ('BODY LIST "/h" -rw-r--r--   1 ftp ftp   4 Jan 01  2024 '
            'bad\\xff\\xfe.bin\\r\\n'
            '-rw-r--r--   1 ftp ftp   4 Jan 01  2024 '
            'long%repeat[100 x \\x01]%\\r\\n\n'
            'BODY RETR bad\\n\n')
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; get -r /h" % srv.url], cwd=d)
        is_(r.rc, 0, "invalid UTF-8: get -r works")
        if r.rc:
            diag(r.err[-1500:])
        p = os.path.join(d.encode(), b"h", b"bad\\xff\\xfe.bin")
        ok(os.path.isfile(p) and open(p, "rb").read() == b"bad\n",
           "invalid UTF-8: each bad byte is \\xHH in the local name")
        like(r.err, r"saved as bad\\xff\\xfe\.bin:",
             "invalid UTF-8: the user is told")
        like(r.err, r"warning: /h/long(\\x01){100}: left out: too long for "
             r"a local file name", "a name too long once escaped: the user "
             "is told it was left out")


def test_tree_limits():
    """A server that invents ever more subdirectories (every listing shows
    two more and a file): get -r stops at max-dirs and at max-entries,
    with a clear message, instead of making directories without end."""
    from fakeftpd import FakeFTPD
    case = ("BODY LIST -rw-r--r--   1 ftp ftp   3 Jan 01  2024 f\\r\\n"
            "drwxr-xr-x   2 ftp ftp   0 Jan 01  2024 a\\r\\n"
            "drwxr-xr-x   2 ftp ftp   0 Jan 01  2024 b\\r\\n\n"
            "BODY RETR abc\n")

    def count(top):
        dirs = files = 0
        for _, ds, fs in os.walk(top):
            dirs += len(ds)
            files += len(fs)
        return dirs + 1, files

    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; set max-dirs 30; get -r /top" %
                     srv.url], cwd=d, timeout=60)
        is_(r.rc, 1, "max-dirs: the get fails (part of the tree is left)")
        like(r.err, r"/top: more than 30 directories in the tree; the rest "
             r"is left out \(set max-dirs\)", "max-dirs: a clear message")
        dirs, files = count(os.path.join(d, "top"))
        ok(dirs <= 30, "max-dirs: at most 30 directories made (%d)" % dirs)
        ok(files > 0, "max-dirs: the files before the limit arrived")
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; set max-entries 40; get -r /top" %
                     srv.url], cwd=d, timeout=60)
        is_(r.rc, 1, "max-entries: the get fails")
        like(r.err, r"/top: more than 40 entries in the tree; the rest is "
             r"left out \(set max-entries\)", "max-entries: a clear message")
        dirs, files = count(os.path.join(d, "top"))
        ok(dirs - 1 + files <= 40, "max-entries: at most 40 entries taken "
           "(%d)" % (dirs - 1 + files))
    r = jangada(["-c", "show max-dirs; show max-entries"])
    like(r.out, r"(?m)^max-dirs 100000$", "max-dirs: default 100000")
    like(r.out, r"(?m)^max-entries 1000000$", "max-entries: default "
         "1000000")


def main():
    root = servers.workdir("qroot-")
    for name in ("a.txt", "b.txt", "c.txt"):
        with open(os.path.join(root, name), "w") as f:
            f.write("file %s\n" % name)
    os.mkdir(os.path.join(root, "sub"))
    with open(os.path.join(root, "sub", "d.txt"), "w") as f:
        f.write("d\n")
    h = os.path.join(root.encode(), b"hostile")
    os.mkdir(h)
    for name, (local, data) in HOSTILE.items():
        with open(os.path.join(h, name), "wb") as f:
            f.write(data)
    os.mkdir(os.path.join(h, b"dir\xc2\x85"))
    with open(os.path.join(h, b"dir\xc2\x85", b"in.txt"), "wb") as f:
        f.write(b"in\n")
    test_live_timeout()
    test_warning()
    test_invalid_utf8()
    test_tree_limits()
    with tap.skipping(21, "pyftpdlib"):
        # Names as raw bytes both ways, invalid UTF-8 included.
        with servers.PyFtpd(root, handler={
                "unicode_errors": "surrogateescape"}) as srv:
            test_live_options(srv, "pyftpdlib")
            test_hostile_tree(srv, root, "pyftpdlib")


tap.main(main)
