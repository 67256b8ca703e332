"""The transfer queue on the screen (issue 12).

- A warning of a transfer connection shows in the transfer's row: the
  fake server announces 3 bytes (SIZE) and sends 10; `:get f`, and the
  transfers pane shows the row with the warning naming both numbers.
- A queued job keeps its places: `:set parallel 1`, a rate-limited
  `:get one.bin`, `:get two.txt`, then `:lcd B` and `:cd sub` while
  one.bin runs: two.txt is still /two.txt and lands where it was
  queued, not in B.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from fakeftpd import FakeFTPD
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, wait_file


def test_warning():
    dl = workdir("tui-warn-")
    case = ("BODY RETR 0123456789\n"
            "REPLY SIZE 213 3\n"
            "PRELIM RETR 150 Opening data connection\n")
    with FakeFTPD(case) as srv, \
            Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl) as s:
        if s.wait("connected anonymous@127.0.0.1", "warning: connected",
                  15) is None:
            return
        s.command("get f")
        s.wait(re.compile(r"\u2193 f +\(/f: 10 bytes arrived, more than "
                          r"the 3 announced\).*done"), "the transfer's row "
                          "shows the warning", 15)
        ok(os.path.exists(os.path.join(dl, "f")), "warning: the file "
           "arrived")
        s.show("the screen with the warning")
        s.keys("Escape")
        s.quit("warning")


def test_lcd():
    root = workdir("tui-lcd-root-")
    with open(os.path.join(root, "one.bin"), "wb") as f:
        f.write(os.urandom(400 * 1000))
    with open(os.path.join(root, "two.txt"), "wb") as f:
        f.write(b"two\n")
    os.mkdir(os.path.join(root, "sub"))
    with open(os.path.join(root, "sub", "two.txt"), "wb") as f:
        f.write(b"not this one\n")
    a = workdir("tui-lcd-a-")
    b = workdir("tui-lcd-b-")
    with PyFtpd(root) as srv, \
            Screen(["127.0.0.1", srv.port], 160, 40, cwd=a) as s:
        if s.wait("connected anonymous@127.0.0.1", "lcd: connected",
                  15) is None:
            return
        s.command("set parallel 1")
        s.command("set rate-limit 100K")
        s.command("get one.bin")
        s.command("get two.txt")
        s.command("lcd %s" % b)
        s.command("cd sub")
        ok(wait_file(os.path.join(a, "two.txt"), 4, 30),
           "lcd: the queued job lands where it was queued")
        p = os.path.join(a, "two.txt")
        ok(os.path.exists(p) and open(p, "rb").read() == b"two\n",
           "cd: the queued job took the remote file it named")
        is_(sorted(f for f in os.listdir(b)), [],
            "lcd: nothing lands in the new local directory")
        s.keys("Escape")
        s.quit("lcd")


def main():
    need_jangada()
    test_warning()
    test_lcd()


tap.main(main)
