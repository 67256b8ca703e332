"""tuitest.py: what the screen tests of tests/tui share.

    from tuitest import Screen, JANGADA, need_jangada, disp_width

    need_jangada()                           # skip_all without a binary
    with Screen([host, port], 80, 24, cwd=dl) as s:
        s.wait("connected anonymous@")       # an ok() point, or a failure
        s.keys("Down", "F5"); s.text(":cd pub")
        s.row("tux.png")                     # the screen line holding it
        s.quit()                             # q, exit 0, terminal back,
                                             # no sanitizer report

Screen is tui.TUI with jangada's sanitizers pointed at files of the
test's own directory (ASAN_OPTIONS/UBSAN_OPTIONS log_path), so a report
fails the test instead of scribbling on the screen; quit() and
check_clean() look for those files.  Every wait is bounded and, on a
timeout, prints the screen it last saw.
"""

import glob
import os
import re
import time
import unicodedata

import tap
from tap import ok, diag
from tui import TUI

JANGADA = os.environ.get("JANGADA") or os.path.join(
    os.environ.get("TOP_BUILDDIR", "."), "src", "jangada")


def need_jangada():
    """Skip the whole test when there is no binary to run."""
    if not os.access(JANGADA, os.X_OK):
        tap.skip_all("no jangada binary at %s" % JANGADA)


def languages():
    """[(locale, env)] a screen test runs in: C.UTF-8, and Portuguese when
    the system has it (said, not failed, when it lacks it; scripts/check
    makes it)."""
    langs = [("C.UTF-8", None)]
    try:
        from i18nlib import need_locale, env, PT
        need_locale(PT)
        langs.append((PT, env()))
    except tap.Skip as e:
        diag("no Portuguese: %s" % e)
    return langs


def disp_width(text):
    """Display columns of text, as a terminal counts them."""
    w = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        w += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return w


class Screen(TUI):
    """jangada in a private tmux, sanitizer reports kept in files."""

    def __init__(self, args, width=80, height=24, env=None, cwd=None,
                 lang="C.UTF-8", extra=None, term=None, tls="off"):
        # tmux gives the pane its own TERM: another one goes through env
        prefix = ["env", "TERM=%s" % term] if term else []
        # plain test servers: the user chose plain FTP (jrun.py says why)
        tlsarg = ["--tls", tls] if tls is not None else []
        super().__init__(prefix + [JANGADA] + tlsarg +
                         [str(a) for a in (extra or [])] +
                         [str(a) for a in args], width, height, env=env,
                         cwd=cwd, lang=lang, start=False)
        self.san_dir = os.path.join(self.dir, "sanitizers")
        os.makedirs(self.san_dir, exist_ok=True)
        self.env["ASAN_OPTIONS"] = (
            "detect_leaks=1:abort_on_error=1:log_path=%s/asan"
            % self.san_dir)
        self.env["UBSAN_OPTIONS"] = (
            "print_stacktrace=1:halt_on_error=1:log_path=%s/ubsan"
            % self.san_dir)
        self.start()

    # -- keys
    def keys(self, *keys):
        self.send_keys(*keys)

    def text(self, text):
        self.send_text(text)

    def command(self, line):
        """Type a command on the command line and run it (then Esc)."""
        self.send_keys(":")
        self.send_text(line)
        self.send_keys("Enter")
        self.send_keys("Escape")

    # -- screen
    def wait(self, what, name=None, timeout=10.0):
        """An ok() point: what (str or regex) shows within timeout."""
        try:
            screen = self.wait_for(what, timeout)
            if name:
                ok(True, name)
            return screen
        except TimeoutError as e:
            ok(False, name or "screen shows %r" % (
                what if isinstance(what, str) else what.pattern))
            diag(str(e))
            return None

    def waits(self, what, timeout=10.0):
        """True when what shows within timeout (no test point)."""
        try:
            self.wait_for(what, timeout)
            return True
        except TimeoutError:
            return False

    def settle(self, pause=0.3):
        """The screen once a redraw had time to finish."""
        time.sleep(pause)
        return self.capture()

    def row(self, text):
        """The first screen line holding text, or None."""
        for line in self.lines():
            if text in line:
                return line
        return None

    def row_index(self, text):
        for i, line in enumerate(self.lines()):
            if text in line:
                return i
        return None

    def show(self, title):
        """The screen as diagnostics (for the closing note)."""
        diag("---- %s (%dx%d) ----" % (title, self.width, self.height))
        diag(self.capture().rstrip("\n"))

    # -- the end
    def sanitizer_reports(self):
        out = []
        for path in sorted(glob.glob(os.path.join(self.san_dir, "*"))):
            with open(path, errors="replace") as f:
                out.append("%s:\n%s" % (path, f.read()[:4000]))
        return out

    def check_clean(self, what):
        reps = self.sanitizer_reports()
        for r in reps:
            diag(r)
        return ok(not reps, "%s: no ASan/UBSan report" % what)

    def quit(self, what="jangada", keys=("q",), answer=None):
        """Quit with keys (and answer a question); status 0, the terminal
        given back, no sanitizer report."""
        self.send_keys(*keys)
        if answer is not None:
            time.sleep(0.3)
            self.send_keys(answer)
        st = self.wait_exit(15)
        if st is None:
            diag(self.capture())
        ok(st == 0, "%s: exits with status 0 (got %r)" % (what, st))
        restored, why = self.terminal_restored()
        ok(restored, "%s: terminal restored %s" % (what, why))
        self.check_clean(what)
        return st


def wait_file(path, size=None, timeout=15.0):
    """Wait for a file to exist (with that size); True if it did."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if size is None or os.path.getsize(path) == size:
                return True
        except OSError:
            pass
        time.sleep(0.05)
    return False


def column_of(line, text):
    """The display column where text starts in a screen line."""
    i = line.find(text)
    return None if i < 0 else disp_width(line[:i])


_ROW = re.compile(r"[\u2502|]")
