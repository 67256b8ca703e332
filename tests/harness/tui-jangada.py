"""The tmux helper (tests/lib/tui.py) reads a real jangada screen.

jangada runs at 80x24 inside a private tmux against the fake server: the
remote pane's title names ftp://127.0.0.1:PORT/, the status line on the
row above the last says "connected anonymous@127.0.0.1"; the protocol
pane (key p; Tab to it, Home for its first lines) shows the greeting
lines prefixed "< "; a greeting holding
ESC[2J and an OSC 52 clipboard write is shown escaped (R43) and clears
nothing; a resize moves the status line; q quits with status 0 and the
terminal is restored (cooked mode, main screen, cursor visible).
"""

import os
import re

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD
from tui import TUI

JANGADA = os.environ.get("JANGADA") or os.path.join(
    os.environ.get("TOP_BUILDDIR", "."), "src", "jangada")

CASE = r"""
GREETING <<END
220-Welcome to the jangada test archive.
220-evil: \e[2J\e[H\e]52;c;aGVsbG8=\a<-
220 ready.
END
"""


def main():
    if not os.access(JANGADA, os.X_OK):
        tap.skip_all("no jangada binary at %s" % JANGADA)
    with FakeFTPD(CASE) as srv, \
            TUI([JANGADA, "127.0.0.1", str(srv.port)], 80, 24) as t:
        status = re.compile(r"connected anonymous@127\.0\.0\.1")
        try:
            t.wait_for(status, 15)
            # the protocol pane, focused, scrolled to its first line
            t.send_keys("p", "Tab", "Tab", "Home")
            t.wait_for("< 220 ready.", 10)
        except TimeoutError as e:
            ok(False, "jangada shows the connection")
            diag(str(e))
            diag(srv.log())
            t.send_keys("q")
            return
        ok(True, "jangada connected to the fake server")
        lines = t.lines()
        is_(len(lines), 24, "the pane is 24 lines")
        like(lines[0], r"ftp://127\.0\.0\.1:%d/" % srv.port, "title line")
        like(lines[22], status, "status line above the command line")
        text = [l.strip("\u2502 ") for l in lines]
        ok("< 220-Welcome to the jangada test archive." in text,
           "greeting line prefixed '< '")
        is_(sum(1 for l in text if l.startswith("< 220")), 3,
            "all three greeting lines")
        evil = [l for l in text if l.startswith("< 220-evil")]
        is_(evil[:1], ["< 220-evil: \\x1b[2J\\x1b[H\\x1b]52;c;aGVsbG8=\\x07<-"],
            "ESC[2J and OSC 52 shown escaped, once (R43)")
        ok(lines[0].strip() != "", "ESC[2J did not clear the screen")
        colour = t.capture(escapes=True)
        ok("\x1b]52" not in colour and "\x1b[2J" not in colour,
           "no raw escape reached the terminal")
        t.resize(100, 30)
        try:
            t.wait_for(lambda_re(status, 28, t), 5)
            ok(True, "after a resize to 100x30 the status is on row 29")
        except TimeoutError as e:
            ok(False, "after a resize to 100x30 the status is on row 29")
            diag(str(e))
        ok(t.is_alive(), "still running")
        t.send_keys("q")
        is_(t.wait_exit(10), 0, "q quits with status 0")
        restored, why = t.terminal_restored()
        ok(restored, "terminal restored after exit %s" % why)
        ok("ready." not in t.capture(), "the screen is given back")
        ok(srv.wait_closed(5), "the control connection is closed")
        diag("jangada sent: %r" % srv.commands())


class lambda_re:
    """A 'regex' for wait_for: status on the given row of the screen."""

    def __init__(self, rx, row, t):
        self.rx, self.row, self.t = rx, row, t
        self.pattern = "%s on row %d" % (rx.pattern, row + 1)

    def search(self, screen):
        ls = screen.split("\n")
        return len(ls) > self.row and self.rx.search(ls[self.row])


tap.main(main)
