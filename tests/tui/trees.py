"""rm -r from the screen (issue 14): the counted total is asked once in a
dialog; n removes nothing, y removes the tree. F8 on a directory that is
not empty runs the same command (rm -r in the remote pane, lrm -r in the
local one), so it asks the same counted question."""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def main():
    need_jangada()
    root = sampletree.shared()
    home = workdir("tui-home-")
    env = {"HOME": home, "XDG_STATE_HOME": os.path.join(home, ".state"),
           "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    with PyFtpd(root) as srv:
        t = os.path.join(srv.write_dir, "t")
        os.makedirs(os.path.join(t, "a", "b"))
        for rel in ("a/b/c.txt", "a/d.txt", "e.txt"):
            open(os.path.join(t, rel), "w").close()
        url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                             srv.port)
        with Screen([url], 80, 24, env=env, cwd=workdir("tui-trees-")) as s:
            if s.wait("connected %s@127.0.0.1" % srv.user, "connected",
                      15) is None:
                return
            s.keys(":")
            s.text("rm -r t")
            s.keys("Enter")
            s.wait("Remove 3 files and 3 directories on the server?",
                   "rm -r: the counted total is asked")
            s.keys("n")
            time.sleep(0.5)
            ok(os.path.exists(os.path.join(t, "a", "b", "c.txt")),
               "n: nothing removed")
            s.text("rm -r t")       # the command line is still open
            s.keys("Enter")
            s.wait("Remove 3 files and 3 directories on the server?",
                   "asked again")
            s.keys("y")
            deadline = time.monotonic() + 10
            while os.path.exists(t) and time.monotonic() < deadline:
                time.sleep(0.1)
            ok(not os.path.exists(t), "y: the tree is removed")
            s.wait("(empty)", "the remote pane is listed again")
            s.keys("Escape")
            s.quit("trees")
        f8(srv, env)


def wait_gone_path(path, timeout=10):
    deadline = time.monotonic() + timeout
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.1)
    return not os.path.exists(path)


def f8(srv, env):
    """F8 on a non-empty directory, remote then local: the counted
    question of rm -r / lrm -r; n keeps it, y removes it."""
    rt = os.path.join(srv.write_dir, "rtree")
    os.makedirs(os.path.join(rt, "sub"))
    for rel in ("sub/x.txt", "y.txt"):
        open(os.path.join(rt, rel), "w").close()
    ldir = workdir("tui-trees-f8-")
    lt = os.path.join(ldir, "ltree")
    os.makedirs(os.path.join(lt, "in", "deeper"))
    for rel in ("in/deeper/p.txt", "in/q.txt", "r.txt"):
        open(os.path.join(lt, rel), "w").close()
    url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password, srv.port)
    with Screen([url], 80, 24, env=env, cwd=ldir) as s:
        if s.wait("rtree", "F8: the remote tree is listed", 15) is None:
            return
        s.keys("Home", "Down")          # .., rtree
        s.keys("F8")
        s.wait("Remove 2 files and 2 directories on the server?",
               "F8 remote: rm -r's counted question")
        s.keys("n")
        time.sleep(0.5)
        ok(os.path.exists(os.path.join(rt, "sub", "x.txt")),
           "F8 remote, n: nothing removed")
        s.keys("Escape")
        s.keys("F8")
        s.wait("Remove 2 files and 2 directories on the server?",
               "F8 remote: asked again")
        s.keys("y")
        ok(wait_gone_path(rt), "F8 remote, y: the tree is removed")
        s.wait("(empty)", "F8 remote: the pane is listed again")
        s.keys("Escape")
        s.keys("Tab")
        s.wait("ltree", "F8: the local tree is listed")
        s.keys("Home", "Down")          # .., ltree
        s.keys("F8")
        s.wait("Remove 3 files and 3 directories on this machine?",
               "F8 local: lrm -r's counted question")
        s.keys("n")
        time.sleep(0.5)
        ok(os.path.exists(os.path.join(lt, "in", "deeper", "p.txt")),
           "F8 local, n: nothing removed")
        s.keys("Escape")
        s.keys("F8")
        s.wait("Remove 3 files and 3 directories on this machine?",
               "F8 local: asked again")
        s.keys("y")
        ok(wait_gone_path(lt), "F8 local, y: the tree is removed")
        s.keys("Escape")
        s.quit("F8 trees")


tap.main(main)
