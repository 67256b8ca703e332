"""The commands behind the screen's F3, v and r, in batch mode: `view`
prints the start of a remote file (and, with -l, of a local one) as cat
does, `view -n 1` stops at 1 KiB and says so, `refresh` lists the
directory again and counts its entries; usage errors are usage errors."""

import os

import tap
from tap import ok, is_, like
from jrun import jangada
from servers import PyFtpd, workdir


def main():
    fix = workdir("view-fix-")
    with open(os.path.join(fix, "notes.txt"), "w") as f:
        f.write("first line\nsecond line\n")
    with open(os.path.join(fix, "big.txt"), "w") as f:
        f.write("x" * 5000 + "\n")
    os.mkdir(os.path.join(fix, "sub"))
    loc = workdir("view-loc-")
    with open(os.path.join(loc, "mine.txt"), "w") as f:
        f.write("a local line\n")
    with PyFtpd(fix) as srv:
        url = "ftp://127.0.0.1:%d/" % srv.port
        r = jangada(["-c", "open %s; view notes.txt" % url], cwd=loc)
        is_(r.rc, 0, "view of a remote file: status 0")
        ok("first line\nsecond line\n" in r.out,
           "view prints the remote file: %r" % r.out[-200:])
        r = jangada(["-c", "view -l mine.txt"], cwd=loc)
        is_(r.rc, 0, "view -l without a connection: status 0")
        ok("a local line" in r.out, "view -l prints the local file")
        r = jangada(["-c", "open %s; view -n 1 big.txt" % url], cwd=loc)
        is_(r.rc, 0, "view -n 1: status 0")
        is_(r.out.count("x"), 1024, "view -n 1 prints the first KiB")
        like(r.err, r"only the first 1 KiB", "and says it was cut")
        r = jangada(["-c", "view notes.txt"], cwd=loc)
        ok(r.rc != 0 and "not connected" in r.err,
           "view of a remote file without a connection fails")
        r = jangada(["-c", "view"], cwd=loc)
        is_(r.rc, 2, "view without a path is a usage error")
        r = jangada(["-c", "view -l nothing-here"], cwd=loc)
        ok(r.rc == 1 and "nothing-here" in r.err,
           "view -l of a missing file fails and names it")
        r = jangada(["-c", "open %s; refresh" % url], cwd=loc)
        is_(r.rc, 0, "refresh: status 0")
        like(r.err, r"\b3 entries", "refresh counts the entries")
        r = jangada(["-c", "open %s; refresh /nonexistent" % url], cwd=loc)
        is_(r.rc, 1, "refresh of a missing directory fails")
        r = jangada(["-c", "open %s; refresh a b" % url], cwd=loc)
        is_(r.rc, 2, "refresh with two paths is a usage error")


tap.main(main)
