"""Key names alike everywhere (issue 19): one function names a key for
display, in the user's language, and the help overlay, the viewer's
hint line and the dialogs all use it.

In Portuguese the help names Space "Espaço" (the file pane's mark and
the viewer's page down) and so do the viewer's hint line and a dialog
(the permissions dialog, m); in English all say "Space". The man pages
and --dump-keys keep the table's English names. At 80x24 and 160x48.
"""

import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
import i18nlib
from tap import ok, diag
from servers import workdir
from tuitest import Screen, need_jangada, languages

PT = "pt_BR.UTF-8"
NAME = {"C.UTF-8": "Space", PT: "Espaço"}


def help_has(s, text):
    s.keys("?")
    for _ in range(10):
        if s.waits(text, 0.8):
            s.keys("q")
            time.sleep(0.3)
            return True
        s.keys("PageDown")
    s.keys("q")
    time.sleep(0.3)
    return False


def run(w, h, lang):
    what = "%dx%d %s" % (w, h, lang)
    key = NAME[lang]
    d = workdir("tui-keyn-")
    with open(os.path.join(d, "notes.txt"), "w") as f:
        f.write("".join("line %d of the notes\n" % i for i in range(200)))
    with Screen([], w, h, cwd=d, lang=lang,
                env=i18nlib.env() if lang == PT else None) as s:
        if not s.waits("notes.txt", 10):
            ok(False, "%s: the local pane lists the file" % what)
            diag(s.capture())
            return
        s.keys("Tab")
        ok(help_has(s, "%s, Insert" % key),
           "%s: the help names Space %r (the file pane)" % (what, key))
        ok(help_has(s, "%s, b" % key),
           "%s: the help names Space %r (the viewer)" % (what, key))
        s.keys("Home", "Down", "F3")
        s.wait("line 1 of the notes", "%s: the viewer opens" % what)
        row = s.lines()[-3:] + s.lines()
        hint = [l for l in row if "/ " in l and " q " in l]
        ok(hint and key in hint[0],
           "%s: the viewer's hint line names Space %r" % (what, key))
        if not hint:
            diag(s.capture())
        s.keys("q")
        time.sleep(0.3)
        s.keys("m")
        s.wait("%s:" % key, "%s: the dialog names Space %r" % (what, key))
        s.keys("Escape")
        time.sleep(0.3)
        s.quit(what)


def main():
    need_jangada()
    langs = languages()
    for w, h in ((80, 24), (160, 48)):
        for lang, _ in langs:
            run(w, h, lang)


tap.main(main)
