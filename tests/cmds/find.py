"""find and du (issue 14) in batch mode against pyftpdlib and vsftpd: each
predicate of find, du, du -s, du -s -h, usage errors, exit statuses."""

import calendar
import os
import re
import signal
import subprocess
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA, TLS_OFF
import sampletree
import servers

OLD = calendar.timegm((2001, 1, 1, 12, 0, 0))
NEW = calendar.timegm((2020, 6, 1, 12, 0, 0))


def make(wd, pw):
    files = {"w/a.txt": 10, "w/b.png": 5000, "w/sub/c.png": 20000,
             "w/sub/deep/d.txt": 100, "w/.hid": 1}
    for rel, size in files.items():
        p = os.path.join(wd, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(b"x" * size)
        os.utime(p, (OLD, NEW if rel == "w/sub/c.png" else OLD))
    if pw is not None:
        for d, dirs, fs in os.walk(os.path.join(wd, "w")):
            for n in dirs + fs + [""]:
                os.lchown(os.path.join(d, n), pw.pw_uid, pw.pw_gid)


def run(srv, cmds):
    url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                  srv.port)
    return jangada(["-c", "open %s; %s" % (url, cmds)], stdin="",
                   timeout=60)


def lines(r):
    return sorted(l for l in r.out.splitlines() if l)


def test(srv, label):
    make(srv.write_dir, getattr(srv, "pw", None))
    r = run(srv, "find w -name *.png")
    is_(r.rc, 0, "%s: find -name: exit 0" % label)
    is_(lines(r), ["w/b.png", "w/sub/c.png"], "%s: find -name GLOB" % label)
    r = run(srv, "find w -type d")
    is_(lines(r), ["w/sub", "w/sub/deep"], "%s: find -type d" % label)
    r = run(srv, "find w -type f")
    is_(lines(r), ["w/.hid", "w/a.txt", "w/b.png", "w/sub/c.png",
                   "w/sub/deep/d.txt"],
        "%s: find -type f (hidden files too)" % label)
    r = run(srv, "find w -size +10k")
    is_(lines(r), ["w/sub/c.png"], "%s: find -size +10k" % label)
    r = run(srv, "find w -size -11 -type f")
    is_(lines(r), ["w/.hid", "w/a.txt"], "%s: find -size -11" % label)
    r = run(srv, "find w -newer 2010-01-01 -type f")
    is_(lines(r), ["w/sub/c.png"], "%s: find -newer DATE" % label)
    r = run(srv, "cd w; find -name d.txt")
    is_(lines(r), ["./sub/deep/d.txt"], "%s: find without DIR: ./" % label)
    r = run(srv, "find w -type x")
    is_(r.rc, 2, "%s: find -type x: usage, exit 2" % label)
    r = run(srv, "find w -newer someday")
    is_(r.rc, 2, "%s: find -newer of no date: exit 2" % label)
    like(r.err, r"not a date", "%s: ... says why" % label)

    r = run(srv, "du -s w")
    is_(r.rc, 0, "%s: du -s: exit 0" % label)
    is_(r.out, "25111\tw\n", "%s: du -s: the total in bytes" % label)
    r = run(srv, "du -s -h w")
    like(r.out, r"^2[45](\.\d)? KiB\tw\n$", "%s: du -s -h: human" % label)
    r = run(srv, "du -sh w")
    like(r.out, r"^2[45](\.\d)? KiB\tw\n$", "%s: du -sh: joined" % label)
    r = run(srv, "du w")
    is_(r.out.splitlines(), ["100\tw/sub/deep", "20100\tw/sub",
                             "25111\tw"],
        "%s: du: every directory, children first" % label)
    r = run(srv, "du -x w")
    is_(r.rc, 2, "%s: du -x: usage, exit 2" % label)

    # Ctrl-C while find walks 2000 directories: it stops at once
    many = os.path.join(srv.write_dir, "many")
    for i in range(1000):
        os.makedirs(os.path.join(many, "d%03d" % i, "sub"))
    url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                  srv.port)
    p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; find many; !echo after"
                          % url], stdin=subprocess.DEVNULL,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True)
    first = p.stdout.readline()         # the walk is under way
    p.send_signal(signal.SIGINT)
    t0 = time.monotonic()
    try:
        out, err = p.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    ok(time.monotonic() - t0 < 5, "%s: Ctrl-C stops find at once" % label)
    is_(p.returncode, 1, "%s: ... exit 1" % label)
    n = out.count("\n") + 1
    ok(first and "after" not in out and "Sanitizer" not in err and n < 2000,
       "%s: ... part of the tree printed (%d), no sanitizer report"
       % (label, n))
    if "Sanitizer" in err:
        diag(err[-3000:])
    import shutil
    shutil.rmtree(many, ignore_errors=True)


def main():
    r = jangada(["-c", "find"])
    is_(r.rc, 1, "find without a connection: exit 1")
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(20, cls.name):
            with cls(root) as srv:
                test(srv, cls.name)


tap.main(main)
