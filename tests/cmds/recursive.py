"""Recursive transfers the ncftp/lftp way in batch mode, against pyftpdlib
and vsftpd (writable): get -R (= get -r), put -R (= put -r), mget -r GLOB
(matching directories with their trees, and files), mput -r GLOB (local
directories and files), and mput without -r leaving a directory with a
word; each with its exit status."""

import os
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import sampletree
import servers


def make(root):
    for rel in ("d1/sub/a.txt", "d1/b.txt", "d2/c.txt", "f1.txt",
                "other/x.txt"):
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "w") as f:
            f.write(rel + "\n")


def files(root):
    out = []
    for d, dirs, fs in os.walk(root):
        for n in fs:
            out.append(os.path.relpath(os.path.join(d, n), root))
    return sorted(out)


def url_of(srv):
    return "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                   srv.port)


def run(srv, cmds, cwd, home):
    r = jangada(["-c", "open %s; %s" % (url_of(srv), cmds)], cwd=cwd,
                home=home, stdin="", timeout=60)
    if r.rc:
        diag(r.err[-1500:])
    return r


def test(srv, label):
    wd = srv.write_dir
    pw = getattr(srv, "pw", None)
    src = os.path.join(wd, "src")
    make(src)
    servers.chown_tree(wd, pw)
    with tempfile.TemporaryDirectory() as home:
        with tempfile.TemporaryDirectory() as d:
            r = run(srv, "get -R src", d, home)
            is_(r.rc, 0, "%s: get -R: exit 0" % label)
            is_(files(os.path.join(d, "src")), files(src),
                "%s: get -R: the whole tree" % label)

        with tempfile.TemporaryDirectory() as d:
            r = run(srv, "cd src; mget -r d* f*", d, home)
            is_(r.rc, 0, "%s: mget -r: exit 0" % label)
            is_(files(d), ["d1/b.txt", "d1/sub/a.txt", "d2/c.txt",
                           "f1.txt"],
                "%s: mget -r: matching directories with their trees, "
                "and files" % label)

        with tempfile.TemporaryDirectory() as d:
            r = run(srv, "mget -r src/d1", d, home)
            is_(r.rc, 0, "%s: mget -r DIR/GLOB: exit 0" % label)
            is_(files(d), ["d1/b.txt", "d1/sub/a.txt"],
                "%s: mget -r DIR/GLOB: the tree" % label)

        with tempfile.TemporaryDirectory() as d:
            r = run(srv, "cd src; mget -r zz*", d, home)
            is_(r.rc, 1, "%s: mget -r with no match: exit 1" % label)
            like(r.err, r"mget: no file matches zz\*",
                 "%s: mget -r with no match: said" % label)

        with tempfile.TemporaryDirectory() as d:
            make(d)
            r = run(srv, "mkdir up1; cd up1; put -R d1", d, home)
            is_(r.rc, 0, "%s: put -R: exit 0" % label)
            is_(files(os.path.join(wd, "up1")), ["d1/b.txt",
                                                  "d1/sub/a.txt"],
                "%s: put -R: the tree" % label)

            r = run(srv, "mkdir up2; cd up2; mput -r d* f*", d, home)
            is_(r.rc, 0, "%s: mput -r: exit 0" % label)
            is_(files(os.path.join(wd, "up2")),
                ["d1/b.txt", "d1/sub/a.txt", "d2/c.txt", "f1.txt"],
                "%s: mput -r: local directories with their trees, and "
                "files" % label)

            r = run(srv, "mkdir up3; cd up3; mput d* f*", d, home)
            is_(r.rc, 0, "%s: mput without -r: exit 0 (the files)" % label)
            is_(files(os.path.join(wd, "up3")), ["f1.txt"],
                "%s: mput without -r: only the files" % label)
            like(r.err, r"mput: d1 is a directory; skipped \(-r sends it\)",
                 "%s: mput without -r: a directory is left with a word"
                 % label)


def main():
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        label = cls.name
        with tap.skipping(15, label):
            with cls(root) as srv:
                test(srv, label)


tap.main(main)
