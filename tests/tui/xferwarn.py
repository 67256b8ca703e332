"""A warning of a transfer connection shows in the transfer's row
(issue 12): the fake server announces 3 bytes (SIZE) and sends 10; `:get
f` on the screen, and the transfers pane shows the row with the warning
that names both numbers."""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, diag
from fakeftpd import FakeFTPD
from servers import workdir
from tuitest import Screen, need_jangada


def main():
    need_jangada()
    dl = workdir("tui-warn-")
    case = ("BODY RETR 0123456789\n"
            "REPLY SIZE 213 3\n"
            "PRELIM RETR 150 Opening data connection\n")
    with FakeFTPD(case) as srv, \
            Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl) as s:
        if s.wait("connected anonymous@127.0.0.1", "connected", 15) is None:
            return
        s.command("get f")
        s.wait(re.compile(r"\u2193 f +\(/f: 10 bytes arrived, more than "
                          r"the 3 announced\).*done"), "the transfer's row "
                          "shows the warning", 15)
        ok(os.path.exists(os.path.join(dl, "f")), "the file arrived")
        s.show("the screen with the warning")
        s.keys("Escape")
        s.quit("xferwarn")


tap.main(main)
