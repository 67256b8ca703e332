"""Type-ahead (issue 19): keys typed while a command runs wait and are
applied in order when it ends.

In pub/linux/logos/pictures/, Backspace twice in one burst (one tmux
send-keys) goes up two levels to pub/linux/, with the cursor on logos/
(the directory just left, not ".."); then Enter Down Enter in one burst
opens logos/ and then pictures/ (the listing that came, not the one
before); nothing says "Busy". At 80x24 and 160x48, in English and (when
the locale is there) Portuguese.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
import i18nlib
from i18nlib import has_locale
from tap import ok, is_, diag, skip
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def cursor_name(s):
    """The entry under the cursor: the row drawn in reverse video."""
    for line in s.capture(escapes=True).split("\n"):
        if "\x1b[48;5;110m" in line or "\x1b[7m" in line:
            text = re.sub(r"\x1b\[[0-9;]*m", "", line)
            parts = text.split("\u2502")
            if len(parts) >= 2:
                return parts[1].strip().lstrip("*").split("  ")[0].strip()
    return None


def title_has(s, path, timeout=10):
    """The remote pane's title shows path (and settles)."""
    end = time.time() + timeout
    pat = re.compile(r"%s\s" % re.escape(path))
    while time.time() < end:
        if pat.search(s.lines()[0]) or pat.search(s.lines()[1]):
            return True
        time.sleep(0.1)
    return False


def run(srv, w, h, lang):
    what = "%dx%d %s" % (w, h, lang)
    with Screen(["127.0.0.1", srv.port], w, h, lang=lang,
                env=i18nlib.env() if lang.startswith("pt") else None,
                cwd=workdir("tui-ahead-")) as s:
        if s.wait(re.compile(r"pub/\s"), "%s: connected, root listed" %
                  what, 15) is None:
            return
        s.command("cd pub/linux/logos/pictures")
        if not s.waits("tux-small.png", 15):
            ok(False, "%s: in pictures" % what)
            diag(s.capture())
            return
        s.settle()
        s.keys("BSpace", "BSpace")
        s.waits(re.compile(r"logos/\s"), 10)
        time.sleep(1.0)
        screen = s.capture()
        ok(title_has(s, "/pub/linux", 5) and "INDEX" in screen and
           "tux-small.png" not in screen,
           "%s: two quick Backspaces go up two levels" % what)
        ok("Busy" not in screen and "Ocupado" not in screen,
           "%s: no busy refusal" % what)
        is_(cursor_name(s), "logos/", "%s: the cursor is on the directory "
            "just left" % what)
        if "tux-small.png" in screen or "Busy" in screen:
            diag(screen)
        s.keys("Enter", "Down", "Enter")
        ok(s.waits("tux-small.png", 10),
           "%s: Enter Down Enter opens logos/ then pictures/" % what)
        time.sleep(0.5)
        screen = s.capture()
        ok("Busy" not in screen and "Ocupado" not in screen,
           "%s: no busy refusal after Enter Down Enter" % what)
        s.quit(what)


def main():
    need_jangada()
    root = sampletree.shared()
    pt = has_locale("pt_BR.UTF-8")
    with PyFtpd(root) as srv:
        for w, h in ((80, 24), (160, 48)):
            run(srv, w, h, "C.UTF-8")
            if pt:
                run(srv, w, h, "pt_BR.UTF-8")
            else:
                skip("no pt_BR.UTF-8 locale", 8)


tap.main(main)
