"""The mouse (issue 19): ncurses mouse, SGR sequences sent by tmux.

pyftpdlib serves a directory with a subdirectory; the local directory
holds many files. With SGR mouse reports (ESC [ < b ; x ; y M/m):
- a double click on the remote "sub" row opens it;
- a right click on a local row marks it (the row's *, "1 marked");
- the wheel scrolls the local pane;
- a click on the protocol tab shows the transcript;
- a click on a dialog's "Enter: OK" answers it (F7: the directory is
  made);
- with `set mouse off` a click on a tab does nothing.
At 80x24 and 160x48, in English and in Portuguese.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
from tap import ok, diag
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, languages

PT = "pt_BR.UTF-8"
WORDS = {
    "C.UTF-8": {"protocol": "protocol", "marked": "1 marked",
                "transfers": "[transfers]", "ok": "Enter: OK"},
    PT: {"protocol": "protocolo", "marked": "1 marcado",
         "transfers": "[transferências]", "ok": "Enter: OK"},
}


def at(s, text, after=0):
    """(x, y), 1-based, of the first screen line holding text."""
    for y, line in enumerate(s.lines()):
        i = line.find(text, after)
        if i >= 0:
            return i + 1, y + 1
    return None


def click(s, x, y, button=0, double=False):
    seq = "\x1b[<%d;%d;%dM\x1b[<%d;%d;%dm" % (button, x, y, button, x, y)
    s.send_text(seq + (seq if double else ""))


def wheel(s, x, y, down=True):
    s.send_text("\x1b[<%d;%d;%dM" % (65 if down else 64, x, y))


def wait_dir(path, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.isdir(path):
            return True
        time.sleep(0.05)
    return False


def run(w, h, lang, env):
    words = WORDS[lang]
    what = "%dx%d %s" % (w, h, lang)
    srvdir = workdir("tui-mouse-")
    os.makedirs(os.path.join(srvdir, "sub"))
    with open(os.path.join(srvdir, "sub", "inner.txt"), "w") as f:
        f.write("inner\n")
    with open(os.path.join(srvdir, "top.txt"), "w") as f:
        f.write("top\n")
    dl = workdir("tui-mousedl-")
    for i in range(120):
        with open(os.path.join(dl, "file%03d.txt" % i), "w") as f:
            f.write("x\n")
    with PyFtpd(srvdir) as srv, \
            Screen(["127.0.0.1", srv.port], w, h, cwd=dl, lang=lang,
                   env=env) as s:
        if s.wait("top.txt", "%s: listed" % what, 15) is None:
            return
        s.settle()
        # The row of the remote pane, never a title: under distcheck the
        # local pane's title holds ".../_build/sub/tests/...".
        p = at(s, "\u2502 sub/") or at(s, "\u2502 sub ")
        if p is None:
            ok(False, "%s: the sub row is shown" % what)
            s.show("no sub")
            return
        click(s, p[0] + 3, p[1], double=True)
        s.wait("inner.txt", "%s: a double click opens a directory" % what)
        # right click marks a local file
        p = at(s, "file001.txt")
        click(s, p[0] + 1, p[1], button=2)
        s.wait(words["marked"], "%s: a right click marks" % what)
        row = s.row("file001.txt")
        ok(row is not None and re.search(r"\*\s*file001\.txt", row),
           "%s: the marked row shows its *" % what)
        # the wheel scrolls the local pane
        p = at(s, "file005.txt")
        for _ in range(45):
            wheel(s, p[0] + 1, p[1])
        ok(s.waits("file119.txt") and s.row("file002.txt") is None,
           "%s: the wheel scrolls the pane" % what)
        # the protocol tab
        p = at(s, words["protocol"])
        click(s, p[0] + 1, p[1])
        s.wait(re.compile(r"[<>] (EPSV|PASV|CWD|MLSD|LIST)"),
               "%s: a click on a tab shows its view" % what)
        # a dialog's button
        p = at(s, "file119.txt")
        click(s, p[0] + 1, p[1])
        s.keys("F7")
        s.wait(words["ok"], None)
        s.text("newdir")
        p = at(s, words["ok"])
        click(s, p[0] + 1, p[1])
        made = wait_dir(os.path.join(dl, "newdir"))
        if not ok(made and s.wait_gone(words["ok"], 5),
                  "%s: a click on a dialog's button answers it" % what):
            s.show("dialog")
        # set mouse off
        s.command("set mouse off")
        p = at(s, words["transfers"].strip("[]"))
        click(s, p[0] + 1, p[1])
        time.sleep(0.5)
        if not ok(s.row(words["transfers"]) is None,
                  "%s: set mouse off: a click does nothing" % what):
            s.show("mouse off")
        s.quit(what)


def main():
    need_jangada()
    langs = languages()
    for w, h in ((80, 24), (160, 48)):
        for lang, e in langs:
            run(w, h, lang, e)


tap.main(main)
