"""The saved queue's dialog at the screen's start (issue 18): after a
batch download killed with SIGKILL mid-file, the screen starts with a
dialog over the unfinished transfer: [g] goes on with it (queue resume:
the file arrives byte-exact), [v] reviews it (queue review: queued
paused, the transfers pane open on it; `queue resume all` then finishes
it), [d] drops it (queue drop: the journal empties, the .part stays), Esc
leaves it saved with the message line's hint. In Portuguese the dialog
shows its own keys ([e] Seguir) and they work."""

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


def home_env(home):
    return {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_STATE_HOME": os.path.join(home, ".local/state")}


def has_locale(name):
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True,
                             text=True, timeout=10).stdout
    except OSError:
        return False
    want = name.lower().replace("-", "").replace("utf8", "utf8")
    return any(l.lower().replace("-", "") == want for l in out.split())


def crash(srv, label):
    dl = workdir("tui-qd-dl-")
    home = workdir("tui-qd-home-")
    env = dict(os.environ)
    env.update(home_env(home))
    p = subprocess.Popen([JANGADA, "-c", "open %s; set rate-limit 100K; "
                          "get big.bin" % srv.url], cwd=dl, env=env,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    part = os.path.join(dl, ".big.bin.part")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (
            os.path.exists(part) and os.path.getsize(part) > 100000):
        time.sleep(0.02)
    p.send_signal(signal.SIGKILL)
    p.wait(10)
    ok(os.path.exists(part), "%s: killed mid-file" % label)
    return dl, home


def journal_jobs(home):
    try:
        with open(os.path.join(home, ".local/state/jangada/queue")) as f:
            return [l for l in f if l.startswith("job ")]
    except OSError:
        return []


DIALOG = re.compile(r"The last run left 1 unfinished transfer "
                    r"\(127\.0\.0\.1\)")
BUTTONS = "[g] Go on    [v] Review    [d] Drop"


def test_go_on(srv, big):
    dl, home = crash(srv, "go on")
    with Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl,
                env=home_env(home)) as s:
        s.wait(DIALOG, "go on: the dialog at start names the transfer", 15)
        s.wait(BUTTONS, "go on: with its three keys", 5)
        s.keys("g")
        ok(wait_file(os.path.join(dl, "big.bin"), os.path.getsize(big), 30),
           "go on: the file arrives")
        is_(sha256_file(os.path.join(dl, "big.bin")), sha256_file(big),
            "go on: byte-exact")
        s.quit("go on")


def test_review(srv, big):
    dl, home = crash(srv, "review")
    with Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl,
                env=home_env(home)) as s:
        s.wait(DIALOG, "review: the dialog", 15)
        s.keys("v")
        s.wait(re.compile(r"\u2193 big\.bin.*paused"), "review: the "
               "transfers pane shows the job paused", 15)
        s.wait("queued paused", "review: the message says how to go on", 5)
        time.sleep(0.5)
        ok(not os.path.exists(os.path.join(dl, "big.bin")),
           "review: nothing runs meanwhile")
        s.command("queue resume all")
        ok(wait_file(os.path.join(dl, "big.bin"), os.path.getsize(big), 30),
           "review: queue resume all finishes it")
        is_(sha256_file(os.path.join(dl, "big.bin")), sha256_file(big),
            "review: byte-exact")
        s.quit("review")


def test_drop_and_later(srv):
    dl, home = crash(srv, "drop")
    with Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl,
                env=home_env(home)) as s:
        s.wait(DIALOG, "later: the dialog", 15)
        s.keys("Escape")
        s.wait(re.compile(r"'queue resume' continues it"), "later: Esc "
               "leaves it saved, the message line says how to go on", 10)
        s.quit("later")
    with Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl,
                env=home_env(home)) as s:
        s.wait(DIALOG, "drop: the dialog again at the next start", 15)
        s.keys("d")
        s.wait("Dropped 1 saved transfer", "drop: dropped", 10)
        time.sleep(0.5)
        is_(journal_jobs(home), [], "drop: the journal holds no job")
        ok(os.path.exists(os.path.join(dl, ".big.bin.part")),
           "drop: the .part stays")
        s.quit("drop")


def test_pt(srv, big):
    if not has_locale("pt_BR.UTF-8"):
        tap.skip("the pt_BR.UTF-8 locale is missing here", 5)
        return
    dl, home = crash(srv, "pt_BR")
    with Screen(["127.0.0.1", srv.port], 160, 40, cwd=dl,
                env=home_env(home), lang="pt_BR.UTF-8") as s:
        s.wait(re.compile(r"A última execução deixou 1 transferência "
                          r"inacabada"), "pt_BR: the dialog in Portuguese",
               15)
        s.wait("[e] Seguir    [v] Rever    [d] Descartar", "pt_BR: with "
               "its own keys", 5)
        s.keys("e")
        ok(wait_file(os.path.join(dl, "big.bin"), os.path.getsize(big), 30),
           "pt_BR: [e] goes on, the file arrives")
        s.quit("pt_BR")


def main():
    need_jangada()
    root = workdir("tui-qd-root-")
    big = os.path.join(root, "big.bin")
    with open(big, "wb") as f:
        f.write(os.urandom(600 * 1000))
    with PyFtpd(root) as srv:
        test_go_on(srv, big)
        test_review(srv, big)
        test_drop_and_later(srv)
        test_pt(srv, big)


tap.main(main)
