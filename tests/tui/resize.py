"""Resizing keeps the cursor, the marks and the scroll.

At 160x48 in pub/mirrors/big/ (2,000 entries) the cursor goes a few
pages down and marks an entry; resized to 70x20 the layout is stacked
(the local pane under the remote one) and the entry under the cursor,
the mark and the place in the listing are still there; back at 160x48,
side by side again, the same. Below 40x12 the screen says it is too
small, and it comes back when the terminal grows. SIGWINCH reaches the
loop at once (tmux resizes the pane).
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def cursor_name(s):
    """The entry under the cursor: the row drawn in reverse video."""
    for line in s.capture(escapes=True).split("\n"):
        # the focused cursor row is the only one with the cursor colour
        if "\x1b[48;5;110m" in line or "\x1b[7m" in line:
            text = re.sub(r"\x1b\[[0-9;]*m", "", line)
            parts = text.split("\u2502")
            if len(parts) >= 2:
                return parts[1].strip().lstrip("*").split("  ")[0].strip()
    return None


def main():
    need_jangada()
    root = sampletree.shared()
    dl = workdir("tui-resize-")
    with PyFtpd(root) as srv, \
            Screen(["127.0.0.1", srv.port], 160, 48, cwd=dl) as s:
        if s.wait("connected anonymous@127.0.0.1", "connected", 15) is None:
            return
        s.command("cd pub/mirrors/big")
        s.wait(re.compile(r"big\s"), "in pub/mirrors/big", 15)
        s.wait("IMG-", "the 2,000 entries are listed", 15)
        s.keys("PageDown", "PageDown", "PageDown", "Down", "Down")
        time.sleep(0.3)
        before = cursor_name(s)
        ok(before is not None, "the cursor is on %r" % before)
        s.keys("Space", "Up")
        time.sleep(0.3)
        marked_line = s.row("*%s" % before) if before else None
        ok(marked_line is not None, "the entry is marked")
        top160 = s.lines()[1]

        s.resize(70, 20)
        # The local pane's title: "local: PATH", the path alone when the
        # label does not fit, or only the end of a long path.
        screen = s.wait(re.compile(r"^\u251c\u2500 (local: |\u2026|/)",
                                   re.M),
                        "70x20: stacked, the local pane below the remote")
        ok(screen is not None and screen.split("\n")[0].startswith(
            "\u250c\u2500 "), "70x20: the remote pane on top")
        is_(cursor_name(s), before, "70x20: the cursor is on the same entry")
        ok(s.row("*%s" % before) is not None, "70x20: the mark is kept")
        ok(s.row("1 marked") is not None, "70x20: the title counts it")
        s.show("70x20")

        s.resize(160, 48)
        s.wait(re.compile(r"\u252c\u2500 (local: |\u2026|/)"),
               "160x48: side by side again")
        is_(cursor_name(s), before, "160x48: the cursor is on the same "
            "entry")
        ok(s.row("*%s" % before) is not None, "160x48: the mark is kept")
        is_(s.lines()[1], top160, "160x48: the same first row as before")

        s.resize(30, 10)
        s.wait("terminal too small", "30x10: terminal too small")
        s.resize(40, 12)
        s.wait("1 marked", "40x12: the smallest screen is drawn")
        s.resize(80, 24)
        s.wait(re.compile(r"^\u250c[^\n]*\u252c", re.M),
               "80x24: side by side again")
        is_(cursor_name(s), before, "80x24: the cursor is on the same "
            "entry")
        s.keys("Escape")
        s.quit("resize")


tap.main(main)
