"""rm -r from the screen (issue 14): the counted total is asked once in a
dialog; n removes nothing, y removes the tree."""

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
            s.wait("Remove 3 remote files and 3 directories?",
                   "rm -r: the counted total is asked")
            s.keys("n")
            time.sleep(0.5)
            ok(os.path.exists(os.path.join(t, "a", "b", "c.txt")),
               "n: nothing removed")
            s.text("rm -r t")       # the command line is still open
            s.keys("Enter")
            s.wait("Remove 3 remote files and 3 directories?",
                   "asked again")
            s.keys("y")
            deadline = time.monotonic() + 10
            while os.path.exists(t) and time.monotonic() < deadline:
                time.sleep(0.1)
            ok(not os.path.exists(t), "y: the tree is removed")
            s.wait("(empty)", "the remote pane is listed again")
            s.keys("Escape")
            s.quit("trees")


tap.main(main)
