"""compare in batch mode (issue 17), against pyftpdlib (MLSD) and vsftpd
(LIST, minute grain): one line per difference seen from the local side,
in name order (+ only local, - only remote, > newer local, < newer
remote, ! the same time but another size; a directory ends in /), the
same file and a directory on both sides not at all, then the counts on
stderr; a local time within the listing's minute is the same time."""

import os
import tempfile
import time

import tap
from tap import ok, is_, diag
from jrun import jangada
import servers

# a recent time (LIST shows the time of day, not a year), a whole minute
T = (int(time.time()) - 3 * 86400) // 60 * 60


def put(path, data, t):
    with open(path, "w") as f:
        f.write(data)
    os.utime(path, (t, t))


def tree(rdir, ldir):
    for d in (os.path.join(rdir, "common"), os.path.join(rdir, "rdir"),
              os.path.join(ldir, "common"), os.path.join(ldir, "ldir")):
        os.makedirs(d, exist_ok=True)
    put(os.path.join(ldir, "only_local.txt"), "L\n", T)
    put(os.path.join(rdir, "only_remote.txt"), "R\n", T)
    put(os.path.join(ldir, "newer_local.txt"), "new local\n", T + 3600)
    put(os.path.join(rdir, "newer_local.txt"), "old remote\n", T)
    put(os.path.join(ldir, "newer_remote.txt"), "old local\n", T)
    put(os.path.join(rdir, "newer_remote.txt"), "new remote\n", T + 3600)
    put(os.path.join(ldir, "size.txt"), "short\n", T)
    put(os.path.join(rdir, "size.txt"), "much longer\n", T)
    put(os.path.join(ldir, "same.txt"), "same\n", T)
    put(os.path.join(rdir, "same.txt"), "same\n", T)
    # within the listing's minute: the same time to a minute-grained LIST
    put(os.path.join(ldir, "grain.txt"), "g\n", T + 59)
    put(os.path.join(rdir, "grain.txt"), "g\n", T)


def chown_tree(root, srv):
    pw = getattr(srv, "pw", None)
    if pw is None:
        return
    for d, dirs, files in os.walk(root):
        for n in dirs + files + [""]:
            os.lchown(os.path.join(d, n), pw.pw_uid, pw.pw_gid)


def run(cls, label):
    root = tempfile.mkdtemp(prefix="cmp-root-")
    with cls(root) as srv, tempfile.TemporaryDirectory() as ldir, \
            tempfile.TemporaryDirectory() as home:
        rdir = os.path.join(srv.write_dir, "c")
        tree(rdir, ldir)
        chown_tree(rdir, srv)
        url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                      srv.port)
        r = jangada(["-c", "open %s; cd c; compare" % url], cwd=ldir,
                    home=home, stdin="", timeout=30)
        is_(r.rc, 0, "%s: compare exits 0" % label)
        is_(r.out.splitlines(), ["+ ldir/", "> newer_local.txt",
                                 "< newer_remote.txt", "+ only_local.txt",
                                 "- only_remote.txt", "- rdir/",
                                 "! size.txt"],
            "%s: a line per difference, letter and name" % label)
        ok("compare: only local 2, only remote 2, newer local 1, newer "
           "remote 1, another size 1, the same 3" in r.err,
           "%s: the counts" % label) or diag(r.err)
        r = jangada(["-c", "compare"], cwd=ldir, home=home, stdin="",
                    timeout=30)
        ok(r.rc != 0 and "not connected" in r.err,
           "%s: not connected: it fails and says so" % label)


def main():
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(4, cls.name):
            run(cls, cls.name)


tap.main(main)
