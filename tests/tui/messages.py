"""Messages that say what happened, and go when their cause ends
(issue 19).

- `:type auto` says which type: "Transfer type set to auto.";
- v in a directory without README, 00index.txt or .message says so;
- `:cat` of a binary file says it is binary instead of dumping \\xNN;
- "Reading README..." is gone once the viewer has the file and is
  closed; "2 transfers queued" is gone once both are done (well before
  the message line's own timeout of 8 s).
At 80x24 and 160x48, in English and (when the locale is there)
Portuguese.
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
from tuitest import Screen, need_jangada

EN = {"type": "Transfer type set to auto", "noreadme": "No README",
      "binary": "binary file", "reading": "Reading", "queued":
      "transfers queued"}
PT = {"type": "definido como auto", "noreadme": "README",
      "binary": "arquivo bin\u00e1rio", "reading": "Lendo", "queued":
      "na fila"}


def msgline(s):
    """The last two rows (the message line and the key hints)."""
    return "\n".join(s.lines()[-2:])


def run(srv, w, h, lang, words):
    what = "%dx%d %s" % (w, h, lang)
    with Screen(["127.0.0.1", srv.port], w, h, lang=lang,
                env=i18nlib.env() if lang.startswith("pt") else None,
                cwd=workdir("tui-msg-")) as s:
        if s.wait(re.compile(r"pub/\s"), "%s: connected" % what, 15) is None:
            return
        s.command("type auto")
        ok(s.waits(words["type"], 5), "%s: the type set is named" % what)
        s.command("cd pub/linux/logos")
        s.waits("pictures/", 10)
        s.settle()
        s.keys("v")
        ok(s.waits(words["noreadme"], 5) and s.waits(".message", 1),
           "%s: v without a README says so" % what)
        s.command("cat pictures/noise-4096.dat")
        ok(s.waits(words["binary"], 10), "%s: cat of a binary file says "
           "it is binary" % what)
        ok("\\x" not in s.capture(), "%s: and dumps no \\xNN" % what)
        # Reading README... goes with the command
        s.command("cd pictures")
        s.waits("tux-small.png", 10)
        s.settle()
        s.keys("v")
        s.waits("Tux was drawn", 10)
        s.keys("q")
        time.sleep(1.0)
        ok(words["reading"] not in msgline(s), "%s: no stale Reading "
           "message" % what)
        # 2 transfers queued goes when they are done
        s.command("get tux.png tux-small.png")
        s.waits(words["queued"], 5)
        time.sleep(2.5)
        ok(words["queued"] not in msgline(s),
           "%s: no stale 'transfers queued' once done" % what)
        if words["queued"] in msgline(s):
            diag(s.capture())
        s.quit(what)


def main():
    need_jangada()
    root = sampletree.shared()
    pt = has_locale("pt_BR.UTF-8")
    with PyFtpd(root) as srv:
        for w, h in ((80, 24), (160, 48)):
            run(srv, w, h, "C.UTF-8", EN)
            if pt:
                run(srv, w, h, "pt_BR.UTF-8", PT)
            else:
                skip("no pt_BR.UTF-8 locale", 9)


tap.main(main)
