"""Colours: 256, 8/16, and none.

On xterm-256color the theme uses the 256-colour palette; on xterm (8
colours) the 16-colour table; with NO_COLOR set, or --no-color, not one
colour escape reaches the terminal, and the cursor row and the marks are
still told apart (reverse video, bold, the '*').
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada

# SGR colours (30-37, 38;..., 40-47, 48;..., 90-97, 100-107), not the
# default-colour resets (39, 49) tmux writes between cells
COLOR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])"
                   r"(?:;[0-9]+)*m")


def run(srv, name, env=None, extra=None, want256=None, mono=False,
        term=None):
    with Screen(["127.0.0.1", srv.port], 80, 24, env=env, extra=extra,
                term=term, cwd=workdir("tui-color-")) as s:
        if s.wait("connected anonymous@127.0.0.1", "%s: connected" % name,
                  15) is None:
            return
        s.wait("pub/")
        s.keys("Down", "Space", "Up")
        time.sleep(0.5)
        raw = s.capture(escapes=True)
        if mono:
            codes = COLOR.findall(raw)
            is_(codes, [], "%s: no colour escape at all" % name)
            ok("\x1b[7m" in raw, "%s: the cursor row in reverse video" %
               name)
            ok(s.row("*.message") is not None, "%s: the mark shows" % name)
        elif want256:
            ok("38;5;" in raw, "%s: 256-colour escapes" % name)
        else:
            ok(COLOR.search(raw) is not None and "38;5;" not in raw,
               "%s: 8/16-colour escapes only" % name)
        s.keys("Escape")
        s.quit(name)


def main():
    need_jangada()
    root = sampletree.shared()
    with PyFtpd(root) as srv:
        run(srv, "256 colours", want256=True)
        run(srv, "8 colours", term="xterm", want256=False)
        run(srv, "NO_COLOR", env={"NO_COLOR": "1"}, mono=True)
        run(srv, "--no-color", extra=["--no-color"], mono=True)


tap.main(main)
