#!/usr/bin/env python3
"""chmod and lchmod take chmod(1)'s symbolic modes (chmod +x f,
u+rw,go-w, a=r,u+w, a+rX) besides octal: lchmod from each local file's
own mode, chmod from the permissions of the path's entry in a listing of
its directory (pyftpdlib from MLSD, vsftpd from ls -l; SITE CHMOD; the
served files' modes checked with os.stat). A listing with no modes (DOS) fails that path with a
message naming the octal form, and the other paths go on (fake server);
a bad mode is refused before anything is sent."""

import os
import stat
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD, Case
import servers


def mode(p):
    return stat.S_IMODE(os.stat(p).st_mode)


def make(d, name, m, is_dir=False):
    p = os.path.join(d, name)
    if is_dir:
        os.mkdir(p)
    else:
        with open(p, "w") as f:
            f.write("x\n")
    os.chmod(p, m)
    return p


def tree(d):
    make(d, "run.sh", 0o644)
    make(d, "notes.txt", 0o466)
    make(d, "f", 0o777)
    make(d, "d", 0o700, True)
    make(d, "plain", 0o600)
    make(d, "exe", 0o700)
    make(d, "oct.txt", 0o600)
    make(d, "sg", 0o2775, True)


def check(d, label):
    want = {"run.sh": 0o755, "notes.txt": 0o644, "f": 0o644,
            "d": 0o755, "plain": 0o644, "exe": 0o744, "oct.txt": 0o640,
            "sg": 0o775}
    got = {n: mode(os.path.join(d, n)) for n in want}
    is_(oct(got["run.sh"]), oct(want["run.sh"]), "%s: +x" % label)
    is_(oct(got["notes.txt"]), oct(want["notes.txt"]),
        "%s: u+rw,go-w" % label)
    is_(oct(got["f"]), oct(want["f"]), "%s: a=r,u+w" % label)
    is_(oct(got["d"]), oct(want["d"]), "%s: a+rX on a directory: x"
        % label)
    is_(oct(got["plain"]), oct(want["plain"]), "%s: a+rX on a plain "
        "file: no x" % label)
    is_(oct(got["exe"]), oct(want["exe"]), "%s: go+r,go-x (a mode "
        "that starts with -, after a first clause)" % label)
    is_(oct(got["oct.txt"]), oct(want["oct.txt"]), "%s: octal as before"
        % label)


CMDS = ("{c} +x run.sh; {c} u+rw,go-w notes.txt; {c} a=r,u+w f; "
        "{c} a+rX d plain; {c} go+r,go-x exe; {c} 640 oct.txt")


def test_local():
    d = tempfile.mkdtemp(prefix="jchmod.")
    tree(d)
    r = jangada(["-c", CMDS.format(c="lchmod") + "; lchmod g-s sg"], cwd=d)
    is_(r.rc, 0, "lchmod: every symbolic mode works")
    if r.rc:
        diag(r.err[-1500:])
    check(d, "lchmod")
    is_(oct(mode(os.path.join(d, "sg"))), oct(0o775), "lchmod: g-s")
    # A mode that starts with -: a mode, not an option.
    r = jangada(["-c", "lchmod -w run.sh"], cwd=d)
    is_(r.rc, 0, "lchmod -w: a mode, not an option")
    is_(oct(mode(os.path.join(d, "run.sh"))), oct(0o555), "lchmod -w")
    # A missing file fails alone; the next one is changed.
    r = jangada(["-c", "lchmod u+w nosuch run.sh"], cwd=d)
    is_(r.rc, 1, "lchmod: a missing file fails the command")
    like(r.err, r"nosuch: No such file", "lchmod: says which, and why")
    is_(oct(mode(os.path.join(d, "run.sh"))), oct(0o755),
        "lchmod: the other path is changed")
    for bad, why in (("u+q", r"'q' is not a permission"),
                     ("+", r"nothing after '\+'"),
                     ("8", r"octal mode is 1 to 4 digits"),
                     ("u", r"no operator")):
        r = jangada(["-c", "lchmod %s run.sh" % bad], cwd=d)
        ok(r.rc != 0, "lchmod %s: refused" % bad)
        like(r.err, r"bad mode: %s: .*%s" % (bad.replace("+", r"\+"), why),
             "lchmod %s: says why" % bad)
    is_(oct(mode(os.path.join(d, "run.sh"))), oct(0o755),
        "lchmod: a bad mode changes nothing")


def test_pyftpdlib():
    root = servers.workdir("chmodr-")
    with servers.PyFtpd(root) as srv:
        wd = srv.write_dir
        tree(wd)
        url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                             srv.port)
        r = jangada(["-c", "open %s; ls; " % url + CMDS.format(c="chmod")])
        is_(r.rc, 0, "pyftpdlib: chmod with symbolic modes works")
        if r.rc:
            diag(r.err[-1500:])
        check(wd, "pyftpdlib chmod")
        # One path the listing does not hold: it fails, the next goes on.
        r = jangada(["-c", "open %s; chmod -x nosuch run.sh" % url])
        is_(r.rc, 1, "pyftpdlib: a path not listed fails the command")
        like(r.err, r"nosuch: not in the listing .*octal",
             "pyftpdlib: says the mode is unknown, names octal")
        is_(oct(mode(os.path.join(wd, "run.sh"))), oct(0o644),
            "pyftpdlib: the other path is changed (-x)")
        r = jangada(["-c", "open %s; chmod u+q run.sh" % url])
        ok(r.rc != 0, "pyftpdlib: chmod u+q fails")
        like(r.err, r"bad mode: u\+q: 'q' is not a permission",
             "pyftpdlib: chmod u+q refused, says why")


def test_vsftpd():
    """vsftpd: no MLSD, the modes from its ls -l listing."""
    root = servers.workdir("chmodv-")
    with servers.Vsftpd(root) as srv:
        wd = srv.write_dir
        tree(wd)
        for n in os.listdir(wd):
            os.chown(os.path.join(wd, n), srv.pw.pw_uid, srv.pw.pw_gid)
        url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, servers.PASSWORD,
                                             srv.port)
        r = jangada(["-c", "open %s; " % url + CMDS.format(c="chmod")])
        is_(r.rc, 0, "vsftpd: chmod with symbolic modes works")
        if r.rc:
            diag(r.err[-1500:])
        check(wd, "vsftpd chmod")


DOS = r'''BODY LIST "/" <<END
01-01-24  10:00AM                    6 a.txt
01-01-24  10:00AM       <DIR>          sub
END
BODY LIST "/u" <<END
-rw-r--r--   1 ftp ftp   6 Jan 01  2024 b.sh
-rw-------   1 ftp ftp   6 Jan 01  2024 c.sh
drwx------   2 ftp ftp   0 Jan 01  2024 dd
END
'''


def test_nomode():
    with FakeFTPD(Case.parse(DOS)) as srv:
        r = jangada(["-c", "set timeout 5; open %s; chmod +x a.txt "
                     "/u/b.sh /u/c.sh" % srv.url])
        is_(r.rc, 1, "no modes listed: the command fails")
        like(r.err, r"a\.txt: the server's listing gives no permissions"
             r".*octal \(such as 644\)",
             "no modes listed: says so, names the octal form")
        if r.rc != 1:
            diag(r.err[-1500:])
        lists = [c for c in srv.commands() if c.startswith(("LIST", "MLSD"))]
        is_(len(lists), 2, "one listing a directory, not one a path "
            "(%s)" % lists)
        r = jangada(["-c", "set timeout 5; open %s; chmod go+X /u/dd; "
                     "chmod 644 a.txt; chmod u+w sub/x" % srv.url])
        is_(r.rc, 1, "an entry not listed fails")
        like(r.err, r"sub/x: not in the listing of its directory.*octal",
             "an entry not listed: says so, names the octal form")
        sites = [c for c in srv.commands() if c.startswith("SITE")]
        is_(sites, ["SITE CHMOD 755 /u/b.sh", "SITE CHMOD 711 /u/c.sh",
                    "SITE CHMOD 711 /u/dd",
                    "SITE CHMOD 644 a.txt"],
            "the listed paths get their computed modes; octal as before")


def main():
    test_local()
    with tap.skipping(10, "pyftpdlib"):
        test_pyftpdlib()
    with tap.skipping(8, "vsftpd"):
        test_vsftpd()
    test_nomode()


tap.main(main)
