#!/usr/bin/env python3
"""Legacy servers end to end (issue 15): a VMS-style fake server (LIST
answers VMS lines, file names carry their version ";1", a directory is
"NAME.DIR;1") and an AS/400-style one (QSYS/QPGMR lines with *DIR,
*FILE, *STMF objects), both knowing only names relative to their current
directory (RELATIVEONLY). ls, get, get -r, put, rename and rm work in
batch; every verb but CWD carries a bare name."""

import os
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD, Case

VMS = r'''RELATIVEONLY
BODY LIST "/pub" <<END
README.TXT;1  5/6  23-NOV-2020 10:00:00 [GROUP,OWNER] (RWED,RWED,RE,)
SUB.DIR;1  1/3  23-NOV-2020 10:00:00 [GROUP,OWNER] (RWE,RWE,RE,RE)
END
BODY LIST "/pub/SUB" <<END
A.DAT;1  1/3  24-NOV-2020 11:30:00 [GROUP,OWNER] (RWED,RWED,RE,)
B.DAT;2  1/3  24-NOV-2020 11:31:00 [GROUP,OWNER] (RWED,RWED,RE,)
END
BODY RETR "/pub/README.TXT;1" readme\n
BODY RETR "/pub/SUB/A.DAT;1" aaaaa\n
BODY RETR "/pub/SUB/B.DAT;2" bbbbb\n
'''

AS400 = r'''RELATIVEONLY
BODY LIST "/pub" <<END
QSYS           77824 02/23/00 15:09:55 *DIR       QOPENSYS/
QPGMR              7 18.09.06 14:21:26 *STMF      NOTES.TXT
END
BODY LIST "/pub/QOPENSYS" <<END
QPGMR          36864 18.09.06 14:21:26 *FILE      DATA.FILE
QPGMR              6 18.09.06 14:21:26 *STMF      LOG.TXT
END
BODY RETR "/pub/NOTES.TXT" notes\n
BODY RETR "/pub/QOPENSYS/DATA.FILE" datafile\n
BODY RETR "/pub/QOPENSYS/LOG.TXT" logs\n
'''

PATH_VERBS = ("RETR", "STOR", "APPE", "SIZE", "MDTM", "DELE", "RNFR",
              "RNTO", "LIST", "NLST", "MLSD", "MKD", "RMD", "MFMT")


def read(p):
    try:
        with open(p, "rb") as f:
            return f.read()
    except OSError:
        return None


def scenario(label, case, onefile, body, tree, subdir, renamed):
    with FakeFTPD(Case.parse(case)) as srv, \
            tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "up.txt"), "w") as f:
            f.write("up\n")
        r = jangada(["-c", "set timeout 5; set parallel 1; open %s; cd pub; "
                     "ls; get '%s'; get -r %s; put up.txt; "
                     "rename '%s' '%s'; rm '%s'; ls %s"
                     % (srv.url, onefile, subdir, onefile, renamed, renamed,
                        subdir)], cwd=d)
        is_(r.rc, 0, "%s: every command works" % label)
        if r.rc:
            diag(r.err[-2000:])
        ok(onefile in r.out and subdir in r.out,
           "%s: ls lists the directory" % label)
        like(r.out, tree[-1][0].replace(".", r"\."),
             "%s: ls %s lists the subdirectory" % (label, subdir))
        is_(read(os.path.join(d, onefile)), body, "%s: get: the file"
            % label)
        ok(all(read(os.path.join(d, subdir, n)) == b for n, b in tree),
           "%s: get -r: the whole tree" % label)
        like(r.err, r"%d files, .* 0 failed" % len(tree),
             "%s: get -r: %d files, 0 failed" % (label, len(tree)))
        ups = [u for u in srv.uploads if u.cmd == "STOR"]
        ok(len(ups) == 1 and ups[0].arg == "up.txt" and
           ups[0].data == b"up\n", "%s: put: STOR of the bare name" % label)
        cmds = srv.commands()
        ok("RNFR %s" % onefile in cmds and "RNTO %s" % renamed in cmds,
           "%s: rename: RNFR and RNTO with bare names" % label)
        ok("DELE %s" % renamed in cmds, "%s: rm: DELE of the bare name"
           % label)
        slashed = [c for c in cmds if c.split(" ")[0] in PATH_VERBS and
                   "/" in c]
        is_(slashed, [], "%s: no path with '/' but in CWD" % label)
        if r.rc:
            diag("\n".join(cmds))


def versions_unquoted():
    """A VMS name with its version needs no quotes: ';' and digits that
    end a word are part of it; a ';' after a blank or before a letter still
    separates commands."""
    with FakeFTPD(Case.parse(VMS)) as srv, \
            tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; open %s; cd pub; "
                     "get README.TXT;1; cd SUB;pwd ;get B.DAT;2;lpwd"
                     % srv.url], cwd=d)
        is_(r.rc, 0, "VMS: get README.TXT;1 unquoted works")
        if r.rc:
            diag(r.err[-2000:])
        is_(read(os.path.join(d, "README.TXT;1")), b"readme\n",
            "VMS: get README.TXT;1: the file, version and all")
        is_(read(os.path.join(d, "B.DAT;2")), b"bbbbb\n",
            "VMS: get B.DAT;2 then ;lpwd: the file, and lpwd ran")
        cmds = srv.commands()
        ok("RETR README.TXT;1" in cmds and "RETR B.DAT;2" in cmds,
           "VMS: RETR of the names with their versions")
        ok("CWD SUB" in cmds and "PWD" in cmds,
           "VMS: 'cd SUB;pwd ;get' still separates three commands")
        like(r.out, r"(?m)^" + d.replace("\\", "/") + "$",
             "VMS: the last command (lpwd) ran")


def main():
    versions_unquoted()
    scenario("VMS", VMS, "README.TXT;1", b"readme\n",
             [("A.DAT;1", b"aaaaa\n"), ("B.DAT;2", b"bbbbb\n")], "SUB",
             "OLD.TXT;1")
    scenario("AS/400", AS400, "NOTES.TXT", b"notes\n",
             [("DATA.FILE", b"datafile\n"), ("LOG.TXT", b"logs\n")],
             "QOPENSYS", "OLD.TXT")


tap.main(main)
