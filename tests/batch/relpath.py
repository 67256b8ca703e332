#!/usr/bin/env python3
"""Paths as the server understands them (issue 15): a fake server that
knows only names relative to its current directory (RELATIVEONLY: any
argument with "/" but CWD's gets 550, as many embedded, VMS, MVS and
AS/400 servers). ls, get, get -r, put, rename and rm work end to end;
jangada CWDs into a directory once per change and sends bare names, with
no extra round trip per file; a CWD the server refuses fails the command
with the server's words; a relative cd after the engine went elsewhere
still starts from the user's directory."""

import os
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD, Case

CASE = r'''RELATIVEONLY
BODY LIST "/pub" <<END
-rw-r--r--   1 ftp ftp   6 Jan 01  2024 a.txt
drwxr-xr-x   2 ftp ftp   0 Jan 01  2024 docs
END
BODY LIST "/pub/docs" <<END
-rw-r--r--   1 ftp ftp   6 Jan 01  2024 b.txt
-rw-r--r--   1 ftp ftp   6 Jan 01  2024 b2.txt
drwxr-xr-x   2 ftp ftp   0 Jan 01  2024 sub
END
BODY LIST "/pub/docs/sub" <<END
-rw-r--r--   1 ftp ftp   6 Jan 01  2024 c.txt
END
BODY RETR "/pub/a.txt" aaaaa\n
BODY RETR "/pub/docs/b.txt" bbbbb\n
BODY RETR "/pub/docs/b2.txt" BBBBB\n
BODY RETR "/pub/docs/sub/c.txt" ccccc\n
REPLY CWD "/pub/nodir" 550 /pub/nodir: No such directory here.
'''

PATH_VERBS = ("RETR", "STOR", "APPE", "SIZE", "MDTM", "DELE", "RNFR",
              "RNTO", "LIST", "NLST", "MLSD", "MKD", "RMD", "MFMT")


def read(p):
    with open(p, "rb") as f:
        return f.read()


def main():
    with FakeFTPD(Case.parse(CASE)) as srv, \
            tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "up.txt"), "w") as f:
            f.write("up\n")
        # set verify off: the browsing session's own listings (the check
        # of each download before its commit) would interleave with the
        # transfer connection's commands this test counts.
        r = jangada(["-c", "set timeout 5; set parallel 1; set verify off; "
                     "open %s; cd pub; "
                     "ls; get a.txt; get -r docs; put up.txt; "
                     "rename a.txt z.txt; rm z.txt; ls docs; cd docs; pwd"
                     % srv.url], cwd=d)
        is_(r.rc, 0, "relative-only server: every command works")
        if r.rc:
            diag(r.err[-2000:])
        like(r.out, r"a\.txt[\s\S]*docs", "ls lists the directory")
        like(r.out, r"b2\.txt", "ls docs lists the other directory")
        like(r.out, r"/pub/docs\s*$", "cd docs after the engine went "
             "elsewhere starts from the user's directory")
        is_(read(os.path.join(d, "a.txt")), b"aaaaa\n", "get: the file")
        ok(read(os.path.join(d, "docs", "b.txt")) == b"bbbbb\n" and
           read(os.path.join(d, "docs", "b2.txt")) == b"BBBBB\n" and
           read(os.path.join(d, "docs", "sub", "c.txt")) == b"ccccc\n",
           "get -r: the whole tree")
        like(r.err, r"3 files, .* 0 failed", "get -r: 3 files, 0 failed")
        ups = [u for u in srv.uploads if u.cmd == "STOR"]
        ok(len(ups) == 1 and ups[0].arg == "up.txt" and
           ups[0].data == b"up\n", "put: STOR of the bare name, every byte")
        cmds = srv.commands()
        ok("RNFR a.txt" in cmds and "RNTO z.txt" in cmds,
           "rename: RNFR and RNTO with bare names")
        ok("DELE z.txt" in cmds, "rm: DELE of the bare name")
        slashed = [c for c in cmds if c.split(" ")[0] in PATH_VERBS and
                   "/" in c]
        is_(slashed, [], "no path with '/' but in CWD")
        # The recursive download: one CWD per directory change.
        first = cmds.index("CWD /pub/docs")
        last = max(i for i, c in enumerate(cmds) if c == "RETR c.txt")
        seg = cmds[first:last + 1]
        is_([c for c in seg if c.startswith("CWD")],
            ["CWD /pub/docs", "CWD /pub/docs/sub", "CWD /pub/docs",
             "CWD /pub/docs/sub"],
            "get -r: one CWD per directory change (listed, then fetched)")
        b1, b2 = seg.index("RETR b.txt"), seg.index("RETR b2.txt")
        is_([c for c in seg[b1:b2] if c.startswith(("CWD", "PWD"))], [],
            "get -r: no round trip between two files of one directory")
        diag("transcript of get -r:\n" + "\n".join(seg))

    # A directory the server refuses to enter: its words, a failure.
    with FakeFTPD(Case.parse(CASE)) as srv, \
            tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; open %s; get /pub/nodir/x.txt"
                     % srv.url], cwd=d)
        is_(r.rc, 1, "CWD refused: the get fails")
        like(r.err, r"No such directory here", "CWD refused: the server's "
             "words")
        ok(not [c for c in srv.commands() if c.startswith("RETR")],
           "CWD refused: no RETR sent")


    # A listing that is only ls's error is no empty directory (BSD ftpd
    # answered "LIST -a /dir with spaces" so): counted as failed.
    case = r'''BODY LIST "/e" <<END
-rw-r--r--   1 ftp ftp   3 Jan 01  2024 ok.txt
drwxr-xr-x   2 ftp ftp   0 Jan 01  2024 bad
END
BODY LIST "/e/bad" <<END
/e/bad/Guia: No such file or directory
END
BODY RETR "/e/ok.txt" ok\n
'''
    with FakeFTPD(Case.parse(case)) as srv, \
            tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; open %s; get -r /e" % srv.url],
                    cwd=d)
        is_(r.rc, 1, "a listing of errors: the tree fails")
        like(r.err, r"/e/bad: the listing holds an error: "
             r"/e/bad/Guia: No such file or directory",
             "a listing of errors: said, with the server's line")
        like(r.err, r"[1-9]\d* failed", "a listing of errors: counted")
        is_(read(os.path.join(d, "e", "ok.txt")), b"ok\n",
            "a listing of errors: the rest still fetched")


tap.main(main)
