"""A lost connection, and signals: the terminal always comes back.

A fake server closes the control connection with 421 after two idle
seconds: the status line says the connection is lost and why, the remote
listing stays on the screen, and (with set reconnect 0 in the config)
Enter in the remote pane reconnects (the server takes the new
connection); by default the session reconnects by itself and says so. Then SIGTERM, SIGHUP and SIGINT
from outside each end jangada cleanly: exit status 0, the terminal back
in cooked mode on the main screen, no sanitizer report.
"""

import os
import re
import signal
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from fakeftpd import FakeFTPD
from servers import workdir
from tuitest import Screen, need_jangada

CASE = r"""
FEATURES EPSV,PASV,SIZE,MDTM,UTF8
TIMEOUT421 2
BODY LIST <<END
drwxr-xr-x    2 ftp      ftp          4096 Jan 01  2024 pub
-rw-r--r--    1 ftp      ftp          1234 Mar 15  2023 README
END
"""


def jangada_pid(s):
    """The pid of jangada inside the pane (the wrapper's child)."""
    for pid in s._descendants(s.pane_pid):
        try:
            with open("/proc/%d/cmdline" % pid, "rb") as f:
                argv0 = f.read().split(b"\0")[0]
        except OSError:
            continue
        if argv0.endswith(b"jangada"):
            return pid
    return None


def lost():
    # no reconnection by itself: the user's Enter does it
    conf = workdir("tui-lost-conf-")
    os.makedirs(os.path.join(conf, "jangada"))
    with open(os.path.join(conf, "jangada", "config"), "w") as f:
        f.write("set reconnect 0\n")
    with FakeFTPD(CASE) as srv, \
            Screen(["127.0.0.1", srv.port], 80, 24,
                   env={"XDG_CONFIG_HOME": conf},
                   cwd=workdir("tui-lost-")) as s:
        if s.wait("README", "connected and listed", 15) is None:
            diag(srv.log())
            return
        s.wait(re.compile(r"connection lost: .*(Timeout|closed)"),
               "the status line says the connection is lost, and why", 15)
        screen = s.settle()
        ok(screen is not None and "Enter or :open reconnects" in screen,
           "and how to reconnect")
        ok(screen is not None and "README" in screen and "pub/" in screen,
           "the listing stays on the screen")
        s.show("connection lost")
        s.keys("Enter")
        s.wait(re.compile(r"connected anonymous@127\.0\.0\.1"),
               "Enter reconnects", 15)
        s.quit("lost")


def reconnects():
    """By default the session reconnects by itself and says so."""
    with FakeFTPD(CASE) as srv, \
            Screen(["127.0.0.1", srv.port], 80, 24,
                   cwd=workdir("tui-recon-")) as s:
        if s.wait("README", "reconnects: connected and listed", 15) is None:
            diag(srv.log())
            return
        s.wait(re.compile(r"Reconnected to 127\.0\.0\.1; back in /"),
               "the session reconnects by itself and says so", 15)
        ok(srv.commands().count("USER anonymous") >= 2,
           "the server took the new connection")
        s.quit("reconnects")


def by_signal(sig, name):
    with Screen([], 80, 24, cwd=workdir("tui-sig-")) as s:
        s.wait("not connected", "%s: the screen is up" % name)
        s.keys(":")
        s.text("half a command")
        time.sleep(0.3)
        pid = jangada_pid(s)
        ok(pid is not None, "%s: jangada's pid %r" % (name, pid))
        if pid is not None:
            os.kill(pid, sig)
        st = s.wait_exit(10)
        if sig == signal.SIGINT and st is None:
            # SIGINT is Ctrl-C: it cleared the line; once more quits
            os.kill(pid, sig)
            st = s.wait_exit(10)
        is_(st, 0, "%s: exits with status 0" % name)
        restored, why = s.terminal_restored()
        ok(restored, "%s: terminal restored %s" % (name, why))
        s.check_clean(name)


def main():
    need_jangada()
    lost()
    reconnects()
    by_signal(signal.SIGTERM, "SIGTERM")
    by_signal(signal.SIGHUP, "SIGHUP")
    by_signal(signal.SIGINT, "SIGINT")


tap.main(main)
