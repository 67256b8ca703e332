"""Symbolic links in get -r (issue 15), against pyftpdlib with a tree
holding a link to a file, a link to a directory, a dangling link, a loop
(.) and one above the tree (..), one escaping the tree and an absolute
one: set symlinks follow (the default), skip and keep. A link left out
is said and counted in the summary, never silently dropped; keep makes
the links here with their targets as strings and refuses the ones that
would lead out of the tree."""

import os

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import servers
from linktree import make_tree


def get(srv, mode):
    d = servers.workdir("symlinks-%s-" % (mode or "default"))
    script = "open %s; %sget -r tree" % (
        srv.url, "set symlinks %s; " % mode if mode else "")
    r = jangada(["-c", script], cwd=d, timeout=60)
    if r.rc:
        diag(r.err[-2000:])
    return r, os.path.join(d, "tree")


def left(r, name, why):
    like(r.err, r"(?m)^warning: /tree/%s: symbolic link left out: %s" %
         (name, why), "%s left out: %s" % (name, why.replace("\\", "")))


def test_follow(srv):
    r, t = get(srv, None)
    is_(r.rc, 0, "follow (default): exit 0")
    is_(open(os.path.join(t, "good")).read(), "a\n",
        "follow: a link to a file is downloaded as the file")
    is_(open(os.path.join(t, "gooddir", "b.txt")).read(), "b\n",
        "follow: a link to a directory is walked")
    ok(not os.path.islink(os.path.join(t, "good")), "follow: no link made")
    left(r, "loop", r"it points to a directory above it \(a loop\)")
    left(r, "up", r"it points to a directory above it \(a loop\)")
    left(r, "dangling", r"it points to nothing usable \(dangling\)")
    ok(not os.path.exists(os.path.join(t, "loop")),
       "follow: the loop is not walked")
    like(r.err, r"(?m)^warning: \d+ symbolic links left out \(said above; "
         r"set symlinks\)$", "follow: counted in the summary")


def test_skip(srv):
    r, t = get(srv, "skip")
    is_(r.rc, 0, "skip: exit 0")
    is_(sorted(os.listdir(t)), ["a.txt", "sub"], "skip: only the real entries")
    is_(sorted(os.listdir(os.path.join(t, "sub"))), ["b.txt"],
        "skip: in the subdirectory too")
    like(r.err, r"(?m)^warning: 9 symbolic links left out \(said above; "
         r"set symlinks\)$", "skip: all 9 counted in the summary")
    left(r, "good", "set symlinks skip")
    left(r, "sub/back", "set symlinks skip")


def test_keep(srv):
    r, t = get(srv, "keep")
    is_(r.rc, 0, "keep: exit 0")
    for name, target in (("good", "a.txt"), ("gooddir", "sub"),
                         ("dangling", "nothere"), ("loop", "."),
                         ("sub/back", "../a.txt")):
        p = os.path.join(t, name)
        ok(os.path.islink(p) and os.readlink(p) == target,
           "keep: %s -> %s made as a link" % (name, target))
    for name in ("up", "escape", "abs", "sub/trick"):
        ok(not os.path.lexists(os.path.join(t, name)),
           "keep: %s refused" % name)
    left(r, "abs", r"its target is an absolute path")
    left(r, "escape", r"its target leads out of the tree")
    left(r, "up", r"its target leads out of the tree")
    left(r, "sub/trick", r"its target leads out of the tree")
    like(r.err, r"5 symbolic links made as links", "keep: made, counted")
    like(r.err, r"4 symbolic links left out", "keep: refused, counted")
    is_(open(os.path.join(t, "sub", "b.txt")).read(), "b\n",
        "keep: the files are downloaded")


def main():
    root = servers.workdir("symlinks-")
    make_tree(root)
    with tap.skipping(40, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_follow(srv)
            test_skip(srv)
            test_keep(srv)


tap.main(main)
