"""Reordering the queue with keys (issue 18): in the transfers pane, with
one connection busy on a rate-limited file and three files waiting, the
cursor on the last one: K moves it up, T to the top, B to the bottom, J
down, + raises its priority; each key runs its command (queue move,
queue priority) and the pane and `queue list` show the new order."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def order(s, names):
    """The names in the order of their rows in the transfers pane."""
    screen = s.settle(0.5)
    rows = {}
    for i, line in enumerate(screen.split("\n")):
        for n in names:
            if re.search(r"\u2193 %s\b" % re.escape(n), line) and n not in rows:
                rows[n] = i
    return sorted(rows, key=rows.get)


def main():
    need_jangada()
    root = workdir("tui-qk-root-")
    with open(os.path.join(root, "a.bin"), "wb") as f:
        f.write(os.urandom(2000 * 1000))
    for n in ("b", "c", "d"):
        with open(os.path.join(root, n + ".txt"), "wb") as f:
            f.write(n.encode() * 1000)
    dl = workdir("tui-qk-dl-")
    names = ["b.txt", "c.txt", "d.txt"]
    with PyFtpd(root) as srv, \
            Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl) as s:
        if s.wait("connected anonymous@127.0.0.1", "connected", 15) is None:
            return
        s.command("set parallel 1")
        s.command("set rate-limit 20K")
        for n in ["a.bin"] + names:
            s.command("get %s" % n)
        s.wait(re.compile(r"\u2193 d\.txt"), "the transfers pane shows "
               "the four jobs", 10)
        s.settle(0.5)       # an Esc just before a Tab reads as Alt-Tab
        s.keys("BTab")      # remote -> the bottom pane
        s.keys("Down", "Down", "Down")  # the cursor on d.txt
        is_(order(s, names), ["b.txt", "c.txt", "d.txt"], "queued in order")
        s.keys("K")
        is_(order(s, names), ["b.txt", "d.txt", "c.txt"],
            "K: the job under the cursor moves up")
        s.keys("T")
        is_(order(s, names), ["d.txt", "b.txt", "c.txt"],
            "T: to the top")
        s.keys("B")
        is_(order(s, names), ["b.txt", "c.txt", "d.txt"],
            "B: to the bottom")
        s.keys("K", "K", "J")
        is_(order(s, names), ["b.txt", "d.txt", "c.txt"],
            "K K J: up twice, down once (the cursor follows the job)")
        s.keys("+")
        is_(order(s, names), ["d.txt", "b.txt", "c.txt"],
            "+: priority 1, first in the pane")
        s.keys("Escape")
        s.command("queue list")
        screen = s.settle(1.0)
        lines = [ln for ln in screen.split("\n")
                 if re.search(r"[bcd]\.txt", ln) and "queued" in ln]
        got = [re.search(r"([bcd]\.txt)", ln).group(1) for ln in lines]
        ok(got[-3:] == ["d.txt", "b.txt", "c.txt"] or
           got[:3] == ["d.txt", "b.txt", "c.txt"],
           "+: priority 1 first; queue list shows the same order") or \
            diag(screen)
        s.command("queue cancel all")
        s.quit("qkeys")


tap.main(main)
