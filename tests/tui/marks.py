"""mc keys of a file pane (issue 19): + and - ask a pattern to mark and
unmark, * inverts the marks, Right enters a directory and Left goes up,
Ctrl-O opens a shell (the ! command) and exit comes back.

No server: the local pane (Tab) of a directory with a.txt, b.txt, c.log
and sub/. At 80x24 and 160x48, in English and in Portuguese.
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
from servers import workdir
from tuitest import Screen, need_jangada, languages

PT = "pt_BR.UTF-8"
WORDS = {
    "C.UTF-8": {"marked": "%d marked", "mark": "Mark the files",
                "unmark": "Unmark the files", "msg": "2 files marked.",
                "rename": "New name"},
    PT: {"marked": "%d marcado", "mark": "Marcar os arquivos",
         "unmark": "Desmarcar os arquivos", "msg": "2 arquivos marcados.",
         "rename": "Nome novo"},
}


def wait_path(path, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if os.path.exists(path):
            return True
        time.sleep(0.05)
    return False


def run(w, h, lang, env):
    words = WORDS[lang]
    what = "%dx%d %s" % (w, h, lang)
    d = workdir("tui-marks-")
    for n in ("a.txt", "b.txt", "c.log"):
        with open(os.path.join(d, n), "w") as f:
            f.write(n + "\n")
    os.makedirs(os.path.join(d, "sub"))
    with open(os.path.join(d, "sub", "inner.dat"), "w") as f:
        f.write("x\n")
    e = dict(env or {})
    e["SHELL"] = "/bin/sh"
    e["PS1"] = "SHELL-PROMPT$ "
    with Screen([], w, h, cwd=d, lang=lang, env=e) as s:
        s.wait("c.log", None, 10)
        s.keys("Tab")
        s.keys("+")
        s.wait(words["mark"], "%s: + asks a pattern" % what)
        s.text("*.txt")
        s.keys("Enter")
        s.wait(words["marked"] % 2, "%s: + *.txt marks two files" % what)
        s.wait(words["msg"], "%s: and says how many" % what)
        s.wait(re.compile(words["marked"] % 2 + r"s?, 12 B"),
               "%s: the title says the marks' total size" % what)
        ok(re.search(r"\*\s*a\.txt", s.row("a.txt") or "") and
           not re.search(r"\*\s*c\.log", s.row("c.log") or ""),
           "%s: the .txt rows are marked, c.log not" % what)
        s.keys("*")
        s.wait(words["marked"] % 1, "%s: * inverts the marks" % what)
        ok(re.search(r"\*\s*c\.log", s.row("c.log") or "") is not None,
           "%s: c.log is marked now" % what)
        s.keys("-")
        s.wait(words["unmark"], "%s: - asks a pattern" % what)
        s.text("*")
        s.keys("Enter")
        ok(s.wait_gone(words["marked"] % 1, 5),
           "%s: - * unmarks everything" % what)
        # Right on sub enters it; Left goes back up
        # the cursor on sub/: ".." first, then the directories
        s.keys("Home", "Down")
        s.keys("Right")
        s.wait("inner.dat", "%s: Right enters the directory" % what)
        s.keys("Left")
        s.wait("c.log", "%s: Left goes up" % what)
        # F6: rename on the local side (lrename), and move into sub/
        s.keys("Home", "Down", "Down")
        s.keys("F6")
        s.wait(words["rename"], "%s: F6 asks the new name" % what)
        s.wait("a.txt", None)
        s.keys("C-u")
        s.text("z.txt")
        s.keys("Enter")
        ok(wait_path(os.path.join(d, "z.txt")) and
           not os.path.exists(os.path.join(d, "a.txt")),
           "%s: F6 renames the file" % what)
        s.wait("z.txt", None)
        s.keys("Home", "Down", "Down")
        s.keys("F6")
        s.wait(words["rename"], None)
        s.keys("C-u")
        s.text("sub")
        s.keys("Enter")
        ok(wait_path(os.path.join(d, "sub", "b.txt")),
           "%s: F6 to a directory moves the file into it" % what)
        # Ctrl-O: a shell, exit comes back
        s.keys("C-o")
        if s.waits("SHELL-PROMPT$", 10):
            ok(True, "%s: Ctrl-O opens a shell" % what)
            s.text("exit")
            s.keys("Enter")
            s.wait("c.log", "%s: exit comes back to the screen" % what)
        else:
            ok(False, "%s: Ctrl-O opens a shell" % what)
            s.show("no shell")
        s.quit(what)


def main():
    need_jangada()
    langs = languages()
    for w, h in ((80, 24), (160, 48)):
        for lang, e in langs:
            run(w, h, lang, e)


tap.main(main)
