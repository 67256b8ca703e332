"""The command line: readline's history across two runs, Ctrl-R, Tab.

Two runs share a HOME and an XDG_STATE_HOME in a temp directory, the
first at 80x24, the second at 160x48. The first types commands (one with a password in its URL); the second finds
them with Up and with Ctrl-R, and the history file (mode 0600) holds every
line but the one with the password. Tab completes a command name, an
option name, a remote name from the cached listing (a name with spaces
comes back quoted) and a local path, and shows the list when it is
ambiguous. The
cursor stands after the wide characters of a line.
"""

import os
import re
import stat
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, disp_width


def last_line(s):
    return s.lines()[-1].rstrip()


def main():
    need_jangada()
    root = sampletree.shared()
    home = workdir("tui-home-")
    state = os.path.join(home, ".local", "state")
    env = {"HOME": home, "XDG_STATE_HOME": state,
           "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    hist = os.path.join(state, "jangada", "history")
    dl = workdir("tui-cmd-")
    with PyFtpd(root) as srv:
        # -- the first run: type a few commands
        with Screen(["127.0.0.1", srv.port], 80, 24, env=env, cwd=dl) as s:
            if s.wait("connected anonymous@127.0.0.1", "run 1: connected",
                      15) is None:
                return
            s.keys(":")
            s.wait("jangada>", "run 1: ':' opens the command line")
            for line in ("cd pub/linux", "show timeout",
                         "open ftp://someone:sw0rdf1sh@127.0.0.1:1/"):
                s.text(line)
                s.keys("Enter")
                time.sleep(0.5)
            s.wait(re.compile(r"Cannot connect|refused|failed", re.I),
                   "run 1: the bad open fails with a message")
            s.keys("Enter")         # the error dialog
            s.keys("Escape")
            s.quit("run 1")
        ok(os.path.exists(hist), "the history file exists")
        if os.path.exists(hist):
            mode = stat.S_IMODE(os.stat(hist).st_mode)
            is_(mode & 0o077, 0, "the history file is private (%o)" % mode)
            text = open(hist).read()
            ok("cd pub/linux" in text and "show timeout" in text,
               "the history file holds the commands")
            ok("sw0rdf1sh" not in text, "but not the line with a password")

        # -- the second run, at the other size: Up, Ctrl-R, Tab
        with Screen(["127.0.0.1", srv.port], 160, 48, env=env,
                    cwd=dl) as s:
            if s.wait("connected anonymous@127.0.0.1", "run 2: connected",
                      15) is None:
                return
            s.keys(":", "Up")
            s.wait(re.compile(r"jangada> show timeout\s*$", re.M),
                   "run 2: Up brings back the last command of run 1")
            s.keys("Up")
            s.wait(re.compile(r"jangada> cd pub/linux\s*$", re.M),
                   "run 2: Up again, the one before")
            s.keys("Escape", ":", "C-r")
            s.text("pub/l")
            s.wait("(reverse-i-search)`pub/l': cd pub/linux",
                   "run 2: Ctrl-R finds it")
            s.keys("Enter")
            s.wait(re.compile(r"/pub/linux\s"), "run 2: and runs it")
            # Tab: a command name
            s.keys("C-u")
            s.text("mkd")
            s.keys("Tab")
            s.wait(re.compile(r"jangada> mkdir\s*$", re.M),
                   "Tab completes a command name")
            is_(s.cursor()[0], len("jangada> mkdir "), "and adds a space")
            s.keys("C-u")
            s.text("set rate-")
            s.keys("Tab")
            s.wait(re.compile(r"jangada> set rate-limit\s*$", re.M),
                   "Tab completes an option name")
            # a remote name from the cached listing
            s.keys("C-u")
            s.text("get RE")
            s.keys("Tab")
            s.wait(re.compile(r"jangada> get README\s*$", re.M),
                   "Tab completes a remote name")
            is_(s.cursor()[0], len("jangada> get README "),
                "and adds a space after a file")
            s.keys("C-u")
            s.text("cd lo")
            s.keys("Tab")
            s.wait(re.compile(r"jangada> cd logos/\s*$", re.M),
                   "Tab completes a remote directory with its /")
            is_(s.cursor()[0], len("jangada> cd logos/"),
                "and no space after a directory")
            s.keys("C-u")
            s.text("cd ../docs/G")
            s.keys("Tab")
            if not s.waits("Usu\u00e1rio/", 3):
                s.keys("Tab")       # the listing had to load first
            s.wait("jangada> cd ../docs/Guia\\ do\\ Usu\u00e1rio/",
                   "a name with spaces comes back quoted")
            x, y = s.cursor()
            line = last_line(s)
            is_(x, disp_width(line), "the cursor stands after the text "
                "(wide characters counted)")
            # local paths
            os.makedirs(os.path.join(dl, "local dir", "inner"),
                        exist_ok=True)
            open(os.path.join(dl, "local dir", "a file.txt"), "w").close()
            s.keys("C-u")
            s.text("lcd loc")
            s.keys("Tab")
            s.wait(re.compile(r"jangada> lcd local\\ dir/\s*$", re.M),
                   "Tab completes a local directory, quoted")
            s.keys("Tab")
            s.wait(re.compile(r"a file\.txt\s+inner/"),
                   "and lists what is in it")
            s.keys("C-u")
            s.text("get ../")
            s.keys("Tab")
            if not s.waits("docs/", 3):
                s.keys("Tab")       # the listing had to load first
            screen = s.wait(re.compile(r"docs/\s+.*linux/|linux/\s+.*docs/"),
                            "an ambiguous Tab shows the list")
            s.keys("C-u", "Escape")
            s.quit("run 2")


tap.main(main)
