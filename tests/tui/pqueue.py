"""The saved queue on the screen (issue 18): a batch download killed with
SIGKILL mid-file; the next start of the screen says "1 unfinished
transfer from the last run (127.0.0.1)" with the commands that continue,
show and forget it (again after the login); `:queue resume` finishes it
byte-exact (the start's dialog is left with Esc: later)."""

import os
import re
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from servers import PyFtpd, workdir, sha256_file
from tuitest import Screen, need_jangada, wait_file, JANGADA
from jrun import TLS_OFF


def home_env(home):
    return {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_STATE_HOME": os.path.join(home, ".local/state")}


def test_restart(root):
    dl = workdir("tui-pq-dl-")
    home = workdir("tui-pq-home-")
    big = os.path.join(root, "big.bin")
    with PyFtpd(root) as srv:
        env = dict(os.environ)
        env.update(home_env(home))
        p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; set rate-limit "
                              "100K; get big.bin" % srv.url], cwd=dl,
                             env=env, stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        part = os.path.join(dl, ".big.bin.part")
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and not (
                os.path.exists(part) and os.path.getsize(part) > 100000):
            time.sleep(0.02)
        ok(os.path.exists(part), "crash: the download runs")
        p.send_signal(signal.SIGKILL)
        p.wait(10)
        with Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl,
                    env=home_env(home)) as s:
            # the dialog first (tests/tui/qdialog.py); Esc: later
            s.wait("Unfinished transfers", None, 15)
            s.keys("Escape")
            s.wait(re.compile(r"1 unfinished transfer from the last run "
                              r"\(127\.0\.0\.1\): 'queue resume' "
                              r"continues it"), "restart: the screen offers "
                   "to resume it", 15)
            s.command("queue resume")
            ok(wait_file(os.path.join(dl, "big.bin"),
                         os.path.getsize(big), 30),
               "resume: the file arrives")
            is_(sha256_file(os.path.join(dl, "big.bin")), sha256_file(big),
                "resume: byte-exact")
            s.quit("resume")


def main():
    need_jangada()
    root = workdir("tui-pq-root-")
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(os.urandom(600 * 1000))
    test_restart(root)


tap.main(main)
