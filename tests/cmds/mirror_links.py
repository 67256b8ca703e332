"""mirror --symlinks follow|skip|keep (issue 17), against pyftpdlib with
the tree of tests/batch/symlinks.py (a link to a file, to a directory, a
dangling one, loops, one escaping the tree, an absolute one): follow
(set symlinks' default) copies what a link points to, leaves out loops
and dangling links; skip leaves every link out; keep makes the safe ones
here as links and refuses any that would lead outside the target tree.
What is left out is said and counted in the plan and in the summary; a
second mirror of the unchanged tree sends no RETR. "queue list" shows
the mirror as one tree line with its totals, not its file jobs."""

import os
import re

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import servers
from linktree import make_tree


def mirror(srv, d, opts, log=None):
    args = ["--log=" + log] if log else []
    r = jangada(args + ["-c", "open %s; mirror %s tree" % (srv.url, opts)],
                cwd=d, timeout=60)
    if r.rc:
        diag(r.err[-2000:])
    return r


def left(r, name, why, label):
    like(r.err, r"(?m)^warning: mirror: /tree/%s: symbolic link left out: "
         r"%s" % (name, why), "%s: %s left out: %s" %
         (label, name, why.replace("\\", "")))


def test_follow(srv):
    d = servers.workdir("mlinks-follow-")
    log = os.path.join(d, "..", os.path.basename(d) + ".log")
    r = mirror(srv, d, "", log)
    t = os.path.join(d, "tree")
    is_(r.rc, 0, "follow (default): exit 0")
    is_(open(os.path.join(t, "good")).read(), "a\n",
        "follow: a link to a file is copied as the file")
    is_(open(os.path.join(t, "gooddir", "b.txt")).read(), "b\n",
        "follow: a link to a directory is walked")
    is_(open(os.path.join(t, "sub", "back")).read(), "a\n",
        "follow: a link in a subdirectory")
    ok(not os.path.islink(os.path.join(t, "good")), "follow: no link made")
    left(r, "loop", r"it points to a directory above it \(a loop\)",
         "follow")
    left(r, "sub/trick", r"it points to a directory above it \(a loop\)",
         "follow")
    left(r, "dangling", r"dangling", "follow")
    ok(not os.path.exists(os.path.join(t, "loop")) and
       not os.path.exists(os.path.join(t, "dangling")),
       "follow: neither the loop nor the dangling link is made")
    left(r, "gooddir/trick", r"it points to a directory above it "
         r"\(a loop\)", "follow")
    is_(open(os.path.join(t, "gooddir", "back")).read(), "a\n",
        "follow: a link inside a followed directory")
    # followed: good gooddir sub/back gooddir/back; left out: loop up
    # sub/trick gooddir/trick abs escape dangling
    like(r.err, r"mirror: symbolic links: followed 4, to keep as links 0, "
         r"left out 7", "follow: counted in the plan")
    like(r.err, r"mirror: symbolic links: followed 4, kept as links 0, "
         r"left out 7", "follow: counted in the summary")
    os.unlink(log)
    r = mirror(srv, d, "", log)
    with open(log, errors="replace") as f:
        retr = re.findall(r"> RETR ", f.read())
    is_(r.rc, 0, "follow: a second mirror: exit 0")
    is_(len(retr), 0, "follow: a second mirror of the unchanged tree sends "
        "no RETR")
    like(r.err, r"plan: 0 to get, 0 to update", "follow: second plan: "
         "nothing to do")


def test_skip(srv):
    d = servers.workdir("mlinks-skip-")
    r = mirror(srv, d, "--symlinks skip")
    t = os.path.join(d, "tree")
    is_(r.rc, 0, "skip: exit 0")
    is_(sorted(os.listdir(t)), ["a.txt", "sub"], "skip: only the real "
        "entries")
    is_(sorted(os.listdir(os.path.join(t, "sub"))), ["b.txt"],
        "skip: in the subdirectory too")
    left(r, "good", "--symlinks skip", "skip")
    like(r.err, r"symbolic links: followed 0, kept as links 0, left out 9",
         "skip: all 9 counted in the summary")


def test_keep(srv):
    d = servers.workdir("mlinks-keep-")
    t = os.path.join(d, "tree")
    r = mirror(srv, d, "--symlinks keep")
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
    left(r, "abs", r"its target is an absolute path", "keep")
    left(r, "escape", r"its target leads out of the tree", "keep")
    left(r, "sub/trick", r"its target leads out of the tree", "keep")
    like(r.err, r"symbolic links: followed 0, to keep as links 5, left "
         r"out 4", "keep: counted in the plan")
    like(r.err, r"symbolic links: followed 0, kept as links 5, left out 4",
         "keep: counted in the summary")
    is_(open(os.path.join(t, "sub", "b.txt")).read(), "b\n",
        "keep: the files are copied")
    r = mirror(srv, d, "--symlinks keep")
    is_(r.rc, 0, "keep: again: exit 0 (the links there are the same)")
    r = jangada(["-c", "open %s; mirror --symlinks sideways tree" %
                 srv.url], cwd=d, timeout=30)
    ok(r.rc != 0 and "--symlinks takes follow, skip or keep" in r.err,
       "--symlinks with another word: usage")


def test_queue_list(srv):
    d = servers.workdir("mlinks-queue-")
    r = jangada(["-c", "open %s; mirror --symlinks skip tree; queue" %
                 srv.url], cwd=d, timeout=60)
    is_(r.rc, 0, "queue list after a mirror: exit 0")
    like(r.out, r"(?m)^ +\d+ done +<- mirror /tree: files 2, 4 B of 4 B, "
         r"done 2, skipped 0, deleted 0, failed 0$",
         "queue list: the mirror as one tree line with its totals")
    ok("/tree/a.txt" not in r.out and "/tree/sub/b.txt" not in r.out,
       "queue list: not its file jobs one by one")


def main():
    root = servers.workdir("mlinks-")
    make_tree(root)
    with tap.skipping(41, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_follow(srv)
            test_skip(srv)
            test_keep(srv)
            test_queue_list(srv)


tap.main(main)
