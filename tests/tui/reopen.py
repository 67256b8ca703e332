"""A failed open to another server drops the old listing (issue 19).

Connected to pyftpdlib in pub/, README marked, `:open` to a port where
nothing listens fails: the remote pane, titled with the new server's
URL, no longer shows the old listing nor its mark (nor "1 marked"). At
80x24 and 160x48, in English and (when the locale is there) Portuguese.
"""

import os
import re
import socket
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


def dead_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def run(srv, w, h, lang):
    what = "%dx%d %s" % (w, h, lang)
    with Screen(["127.0.0.1", srv.port], w, h, lang=lang,
                env=i18nlib.env() if lang.startswith("pt") else None,
                cwd=workdir("tui-reopen-")) as s:
        if s.wait(re.compile(r"pub/\s"), "%s: connected" % what, 15) is None:
            return
        s.command("cd pub")
        if not s.waits("00index.txt", 10):
            ok(False, "%s: in pub" % what)
            return
        s.settle()
        s.keys("End", "Space")
        s.waits(re.compile(r"1 (marked|marcad)"), 5)
        port = dead_port()
        s.command("open 127.0.0.1 %d" % port)
        s.waits(":%d" % port, 10)
        time.sleep(1.5)
        screen = s.capture()
        top = "\n".join(s.lines()[:h // 2])
        ok(":%d" % port in screen, "%s: the title names the new server"
           % what)
        cells = "".join(l.split("\u2502")[1] for l in top.split("\n")
                        if l.count("\u2502") >= 2)
        ok("00index.txt" not in top and "README" not in top and
           "*" not in cells,
           "%s: the old listing and its mark are gone" % what)
        ok(not re.search(r"1 (marked|marcad)", screen),
           "%s: no marks counted" % what)
        if "00index.txt" in top:
            diag(screen)
        s.keys("Enter")
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
                skip("no pt_BR.UTF-8 locale", 7)


tap.main(main)
