"""Errors of the command line are seen at once (issue 19).

While the ":" line stays open, the error of a command typed there shows
just above the prompt: ":cd /nonexistent", an unknown command, a usage
error, the hint of a completion that must list first ("the names come when
it arrives").
The message stays until the next key, which gives the row back to the
status line. At 80x24 and 160x48, in English and in Portuguese.
"""

import os
import re
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "i18n"))

import tap
from tap import ok, diag, skip
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def typed(s, line):
    s.keys(":")
    s.text(line)
    s.keys("Enter")


def above_prompt(s, what, pattern, name, timeout=10.0):
    """pattern shows on the row just above the open prompt."""
    deadline = time.monotonic() + timeout
    lines = []
    while time.monotonic() < deadline:
        lines = s.lines()
        for i, l in enumerate(lines):
            if l.startswith("jangada>") and i > 0 and \
                    re.search(pattern, lines[i - 1]):
                ok(True, "%s: %s" % (what, name))
                return True
        time.sleep(0.05)
    ok(False, "%s: %s" % (what, name))
    diag("\n".join(lines))
    return False


def busy(s, what, words):
    """A line typed while a command runs is refused, and that is said."""
    lis = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lis.bind(("127.0.0.1", 0))
    lis.listen(5)
    try:
        # probe waits 1.5 s for a silent peer's first line
        typed(s, "probe 127.0.0.1 %d" % lis.getsockname()[1])
        s.text("pwd")
        s.keys("Enter")
        above_prompt(s, what, words["busy"] + ".*probe",
                     "a busy refusal is said", 5)
        s.keys("Escape")
        # let probe end by itself (quitting while it runs is h1's case)
        time.sleep(2.0)
    finally:
        lis.close()


def quit_during_probe(s, what):
    """q while probe still waits for a silent peer's first line: the
    probe ends with the program and nothing leaks (LeakSanitizer found
    the probe's tool when the quit did not end the running command)."""
    lis = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    lis.bind(("127.0.0.1", 0))
    lis.listen(5)
    try:
        typed(s, "probe 127.0.0.1 %d" % lis.getsockname()[1])
        time.sleep(0.3)
        s.keys("Escape")
        s.quit(what + ", probe running")
    finally:
        lis.close()


def run(srv, w, h, lang, env, words):
    what = "%dx%d %s" % (w, h, lang)
    with Screen(["127.0.0.1", srv.port], w, h, lang=lang, env=env,
                cwd=workdir("tui-fb-")) as s:
        if s.wait("anonymous@127.0.0.1", "%s: connected" % what,
                  15) is None:
            return
        s.wait("pub/")
        typed(s, "cd /nonexistent")
        above_prompt(s, what, r"cd: .*nonexistent",
                     "the error of cd /nonexistent shows")
        s.text("x")
        time.sleep(0.4)
        ok("nonexistent" not in "\n".join(
            l for l in s.lines() if not l.startswith("jangada>")),
           "%s: the next key takes the message away" % what)
        s.keys("BSpace")
        s.keys("Escape")
        typed(s, "frobnicate")
        above_prompt(s, what, words["unknown"] + ".*frobnicate",
                     "an unknown command is said")
        s.keys("Escape")
        typed(s, "rename onlyone")
        above_prompt(s, what, words["usage"] + ".*rename",
                     "a usage error is said")
        s.keys("Escape")
        s.keys(":")
        s.text("get pub/docs/")
        s.keys("Tab")
        # the hint, or already the names: the listing completes by itself
        above_prompt(s, what, words["tab"] + r"|dos-readme\.txt",
                     "the Tab hint is said (or the names come)")
        s.keys("Escape")
        busy(s, what, words)
        s.show(what)
        quit_during_probe(s, what)


EN = {"unknown": "unknown command", "usage": "usage",
      "tab": "the names come when", "busy": "Busy with"}
PTW = {"unknown": "comando desconhecido", "usage": "uso",
       "tab": "os nomes vêm quando", "busy": "Ocupado com"}


def main():
    need_jangada()
    root = sampletree.shared()
    with PyFtpd(root) as srv:
        for w, h in ((80, 24), (160, 48)):
            run(srv, w, h, "C.UTF-8", None, EN)
        try:
            import i18nlib
            i18nlib.need_locale(i18nlib.PT)
            env = i18nlib.env()
        except tap.Skip as e:
            skip(str(e), 9)
            return
        run(srv, 80, 24, i18nlib.PT, env, PTW)


tap.main(main)
