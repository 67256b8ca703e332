"""screen.py: Ctrl-C on the screen during a command that waits for a
late reply (issue 12: ":size f", Ctrl-C, then the server's late 213
crashed it; the same for ":ls" and a late listing). The command ends
once, "interrupted"; the late replies are dropped; the next command
works; quitting finds no sanitizer report.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.environ.get("TOP_SRCDIR", "."),
                                "tests", "tui"))

import tap                                              # noqa: E402
from tap import ok                                      # noqa: E402
from fakeftpd import FakeFTPD                           # noqa: E402
from servers import workdir                             # noqa: E402
from tuitest import Screen, need_jangada                # noqa: E402

CASE = """BODYRANDOM RETR "/f.bin" 1000 1
BODY LIST -rw-r--r-- 1 ftp ftp 1000 Jan 01  2024 f.bin\\r\\n
DELAY SIZE 2
DELAY LIST#2 2
"""


def one(cmd, what):
    with FakeFTPD(CASE, lifetime=60) as srv, \
            Screen(["127.0.0.1", srv.port], 100, 30,
                   cwd=workdir("chaos-screen-")) as s:
        if s.wait("f.bin", "%s: connected and listed" % what, 15) is None:
            return
        s.command(cmd)
        time.sleep(0.5)
        s.keys("C-c")
        s.wait(re.compile(r"interrupted"), "%s: Ctrl-C says interrupted"
               % what, 5)
        time.sleep(2.5)                 # the late reply comes, dropped
        s.command("mkdir after-%s" % what)
        deadline = time.monotonic() + 8
        while time.monotonic() < deadline and not any(
                c == "MKD after-%s" % what for c in srv.commands()):
            time.sleep(0.1)
        ok(any(c == "MKD after-%s" % what for c in srv.commands()),
           "%s: the next command works (MKD reached the server)" % what)
        s.quit(what)


def main():
    need_jangada()
    one("size f.bin", "size")
    one("ls", "ls")


tap.main(main)
