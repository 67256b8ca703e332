"""Transfer rows (issue 19): they name the local file chosen, a tree's
files by their path in the tree, keep the percent in one column, and the
ETA in its cell.

Against pyftpdlib in pub/linux/logos/pictures/, with tux.png already
here and overwrite set to rename: `get tux.png` lands in tux.png.1 and
its row says tux.png.1; `get -o mytux.png tux-small.png`: the row says
mytux.png; `get -r pictures` from logos/: the rows of its files read
pictures/tux.png, and the directory row's 100% stands in the files'
column. With rate-limit 1 a long file's ETA (hours) shows whole
(h:mm:ss, Nh, >99h). At 80x24 and 160x48, in English and (when the locale
is there) Portuguese; the queue's note on the tabs row agrees with
its counts (1 concluída) and is not cut at 80 columns; at 40x12 no row is wider than the screen.
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
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, disp_width


def run(srv, w, h, lang):
    what = "%dx%d %s" % (w, h, lang)
    dl = workdir("tui-xrows-")
    with open(os.path.join(dl, "tux.png"), "wb") as f:
        f.write(b"old")
    with Screen(["127.0.0.1", srv.port], w, h, lang=lang,
                env=i18nlib.env() if lang.startswith("pt") else None,
                cwd=dl) as s:
        if s.wait(re.compile(r"pub/\s"), "%s: connected" % what, 15) is None:
            return
        s.command("set overwrite rename")
        s.command("cd pub/linux/logos/pictures")
        s.waits("tux-small.png", 10)
        s.keys("t")
        s.command("get tux.png")
        ok(s.waits("\u2193 tux.png.1", 10), "%s: the row names the renamed local "
           "file tux.png.1" % what)
        s.waits(re.compile("\\s1 (done|conclu\u00edda) \u2500"), 5)
        tabs = s.row("\u251c\u2500[") or ""
        ok(re.search(r"\s1 (done|conclu\u00edda)\s", tabs) is not None and
           "\u2026" not in tabs, "%s: the queue's note agrees with 1 and "
           "is not cut: %r" % (what, tabs))
        s.command("get -o mytux.png tux-small.png")
        ok(s.waits("\u2193 mytux.png", 10), "%s: the row names get -o's file"
           % what)
        s.command("cd ..")
        s.waits(re.compile(r"pictures/\s"), 10)
        s.command("get -r pictures")
        ok(s.waits(re.compile("\u2193 pictures/(tux|noise|logos|INDEX|"
                              "README)"),
                   10),
           "%s: a tree's file shows its path in the tree" % what)
        time.sleep(1.5)
        cols = set()
        for line in s.lines():
            if "100%" in line and ("tux" in line or "pictures/" in line):
                cols.add(disp_width(line[:line.index("100%")]))
        ok(len(cols) == 1, "%s: every 100%% in one column (%r)" %
           (what, sorted(cols)))
        if len(cols) != 1:
            diag(s.capture())
        s.command("set rate-limit 1")
        s.command("get /pub/docs/long-text.txt")
        ok(s.waits(re.compile(r"ETA (\d:\d\d:\d\d|\d+h|>99h)\s"), 10) or
           w < 90,
           "%s: an ETA over an hour shows whole (h:mm:ss)" % what) or \
            diag(s.capture())
        if w == 160:
            s.resize(40, 12)
            time.sleep(0.8)
            ok(all(disp_width(l) <= 40 for l in s.lines()),
               "40x12: no row wider than the screen")
            s.resize(w, h)
            time.sleep(0.5)
        s.quit(what, answer="y")


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
                skip("no pt_BR.UTF-8 locale", 10)


tap.main(main)
