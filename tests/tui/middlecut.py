"""Long names are cut in the middle; the mini-status line (issue 19).

The local pane lists a directory holding a long ASCII name and a long
name of wide (CJK) characters. The rows cut them in the middle, the end
kept (IMG-long…-77081.tar.gz), never a wide character in half (every
row is exactly as wide as the screen); the last row of the pane, the
mini-status line, shows the name under the cursor, and for a short name
its size and permissions (-rw-r-----), the time too when it fits. At 80x24 and 160x48, in
English and (when the locale is there) Portuguese.
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
from tap import ok, diag, skip
from servers import workdir
from tuitest import Screen, need_jangada, disp_width

LONG = "IMG-" + "long" * 14 + "-20240101-77081.tar.gz"
WIDE = "\u65e5\u672c\u8a9e" * 12 + "-\u6700\u5f8c.txt"
SHORT = "a-short.txt"


def run(w, h, lang):
    what = "%dx%d %s" % (w, h, lang)
    d = workdir("tui-cut-")
    for name, size in ((LONG, 77081), (WIDE, 10), (SHORT, 1234)):
        with open(os.path.join(d, name), "wb") as f:
            f.write(b"x" * size)
    os.chmod(os.path.join(d, SHORT), 0o640)
    with Screen([], w, h, lang=lang,
                env=i18nlib.env() if lang.startswith("pt") else None,
                cwd=d) as s:
        if not s.waits("a-short.txt", 10):
            ok(False, "%s: the local pane lists the names" % what)
            diag(s.capture())
            return
        s.keys("Tab")
        time.sleep(0.5)
        screen = s.capture()
        lines = s.lines()
        row = [l for l in lines if "IMG-long" in l and "\u2026" in l]
        ok(row and "77081.tar.gz" in row[0],
           "%s: the long name is cut in the middle, its end kept" % what)
        wide = [l for l in lines if "\u65e5\u672c" in l and "\u2026" in
                l and "txt" in l]
        ok(bool(wide), "%s: the wide name is cut in the middle" % what)
        ok(all(disp_width(l) <= w for l in lines),
           "%s: no row is wider than the screen" % what)
        if not row or not wide:
            diag(screen)
        # the cursor on the short name: the mini-status line
        for _ in range(6):
            s.keys("Down")
            time.sleep(0.2)
            if s.waits("-rw-r-----", 1):
                break
        st = s.row("-rw-r-----")
        ok(st is not None and SHORT in st and "KiB" in st and
           (w < 160 or re.search(r"\d{4}-\d\d-\d\d", st) is not None),
           "%s: the mini-status shows the name, size, (time,) permissions"
           % what)
        if st is None:
            diag(s.capture())
        s.quit(what)


def main():
    need_jangada()
    pt = has_locale("pt_BR.UTF-8")
    for w, h in ((80, 24), (160, 48)):
        run(w, h, "C.UTF-8")
        if pt:
            run(w, h, "pt_BR.UTF-8")
        else:
            skip("no pt_BR.UTF-8 locale", 7)


tap.main(main)
