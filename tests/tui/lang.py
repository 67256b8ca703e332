"""The screen in the C locale and in Portuguese.

LANG=C: the screen is in English and holds nothing but ASCII apart from
the frame lines (the terminal is not UTF-8, so a Japanese name is shown
as \\xHH escapes, and the ellipsis and arrows are ASCII). LANG=pt_BR.UTF-8
(when the system has the locale): the screen comes up, the names are
shown as they are, the help opens, q quits; the Portuguese words
themselves are checked where the translation is kept.
"""

import os
import re
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag, skip
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada

FRAME = set("\u2500\u2502\u250c\u2510\u2514\u2518\u251c\u2524\u252c\u2534"
            "\u253c")


def has_locale(name):
    try:
        out = subprocess.run(["locale", "-a"], capture_output=True,
                             text=True).stdout.lower()
    except OSError:
        return False
    return name.lower().replace("utf-8", "utf8") in out


def c_locale(srv):
    with Screen(["127.0.0.1", srv.port], 80, 24, lang="C",
                cwd=workdir("tui-langc-")) as s:
        if s.wait("connected anonymous@127.0.0.1", "C: connected", 15) \
                is None:
            return
        s.wait("[transfers]", "C: the English screen")
        screen = s.settle()
        ok(screen is not None and "protocol" in screen and "console" in
           screen and "? help" in screen, "C: English words")
        s.command("cd pub/docs")
        s.wait("\\xe6\\x97\\xa5", "C: a Japanese name is shown escaped")
        screen = s.settle()
        bad = sorted(set(ch for ch in (screen or "") if ord(ch) > 0x7e and
                         ch not in FRAME))
        is_(bad, [], "C: nothing but ASCII and frame lines on the screen")
        s.show("LANG=C")
        s.quit("C (Ctrl-C on an empty line)", keys=("C-c",))


def portuguese(srv):
    if not has_locale("pt_BR.UTF-8"):
        skip("the pt_BR.UTF-8 locale is missing here", 6)
        return
    with Screen(["127.0.0.1", srv.port], 80, 24, lang="pt_BR.UTF-8",
                cwd=workdir("tui-langpt-")) as s:
        if s.wait("anonymous@127.0.0.1", "pt_BR: connected", 15) is None:
            return
        s.command("cd pub/docs")
        s.wait("\u65e5\u672c\u8a9e/", "pt_BR: UTF-8 names as they are")
        s.keys("?")
        s.wait("F5", "pt_BR: the help opens")
        s.keys("q")
        s.show("LANG=pt_BR.UTF-8")
        s.quit("pt_BR")


def main():
    need_jangada()
    root = sampletree.shared()
    with PyFtpd(root) as srv:
        c_locale(srv)
        portuguese(srv)


tap.main(main)
