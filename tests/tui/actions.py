"""Every screen action runs a command (issue 13): F3 and v run "view",
r runs "refresh", and what they show is what the command gives.

pyftpdlib serves a small directory. With --log, jangada's debug log names
each command it runs ("command: view README"), so the test sees the
command behind each key as well as the screen:
- v views the README (view README), q closes it;
- F3 views the remote file under the cursor (view NAME);
- F3 in the local pane views a local file (view -l NAME);
- a file added on the server shows after r (refresh);
- with "set autolist off" in the config, the screen does not list by
  itself (it says to press r) and r lists.
At 80x24 and 160x48.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, diag
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def logged(path, what, timeout=5.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open(path, errors="replace") as f:
                if what in f.read():
                    return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def run(w, h):
    what = "%dx%d" % (w, h)
    fix = workdir("tui-act-")
    with open(os.path.join(fix, "README"), "w") as f:
        f.write("the readme of the fixture\n")
    with open(os.path.join(fix, "notes.txt"), "w") as f:
        f.write("remote notes, line one\n")
    dl = workdir("tui-actdl-")
    with open(os.path.join(dl, "local.txt"), "w") as f:
        f.write("a local file, viewed with F3\n")
    log = os.path.join(workdir("tui-actlog-"), "debug.log")
    with PyFtpd(fix) as srv, \
            Screen(["127.0.0.1", srv.port], w, h, cwd=dl,
                   extra=["--log", log]) as s:
        if s.wait("notes.txt", "%s: listed" % what, 15) is None:
            return
        s.keys("v")
        s.wait("the readme of the fixture", "%s: v shows the README" % what)
        ok(logged(log, "command: view README"),
           "%s: v ran the view command" % what)
        s.keys("q")
        s.wait_gone("the readme of the fixture", 5)
        s.keys("Home", "Down")
        s.keys("F3")
        s.wait("remote notes, line one", "%s: F3 shows the remote file" %
               what)
        ok(logged(log, "command: view notes.txt"),
           "%s: F3 ran the view command" % what)
        s.keys("q")
        s.wait_gone("remote notes", 5)
        s.keys("Tab", "Home", "Down")
        s.keys("F3")
        s.wait("a local file, viewed with F3",
               "%s: F3 shows the local file" % what)
        ok(logged(log, "command: view -l local.txt"),
           "%s: F3 in the local pane ran view -l" % what)
        s.keys("q")
        s.wait_gone("a local file", 5)
        with open(os.path.join(fix, "added-later.txt"), "w") as f:
            f.write("x\n")
        s.keys("BTab", "r")
        s.wait("added-later.txt", "%s: r shows the new file" % what)
        ok(logged(log, "command: refresh"),
           "%s: r ran the refresh command" % what)
        s.quit(what)


def autolist_off():
    fix = workdir("tui-act2-")
    with open(os.path.join(fix, "only.txt"), "w") as f:
        f.write("x\n")
    home = workdir("tui-act2home-")
    conf = os.path.join(home, ".config", "jangada")
    os.makedirs(conf)
    with open(os.path.join(conf, "config"), "w") as f:
        f.write("set autolist off\n")
    env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    with PyFtpd(fix) as srv, \
            Screen(["127.0.0.1", srv.port], 80, 24, env=env,
                   cwd=workdir("tui-act2dl-")) as s:
        s.wait("connected anonymous@", "autolist off: connected", 15)
        time.sleep(1.0)
        ok("only.txt" not in s.capture(),
           "autolist off: the screen does not list by itself")
        s.wait("press r", "autolist off: the pane says to press r")
        s.keys("r")
        s.wait("only.txt", "autolist off: r lists")
        s.quit("autolist off")


def main():
    need_jangada()
    for w, h in ((80, 24), (160, 48)):
        run(w, h)
    autolist_off()


tap.main(main)
