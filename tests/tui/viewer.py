"""The viewer (issue 19): search, hex mode, wrap, go to, follow, and
clean margins.

jangada with no server, a local directory of files viewed with
`view -l`:
- / finds a word (the match highlighted), n the next one, N back;
- : goes to a line (the position says so);
- w wraps a long line (its end shows), w again cuts it;
- a binary file opens in hex mode: offset column, 16 bytes a row at 80
  columns, its characters; x switches to text and back;
- F follows a growing file: lines appended show without a key;
- the two columns beside the overlay are blank (no pane shows through).
At 80x24 and 160x48, in English and in Portuguese (the words shown).
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

WORDS = {
    "C.UTF-8": {"hex": "[hex]", "wrap": "[wrap]", "follow": "[follow]",
          "lines": "lines 150-", "hint": "q close", "notfound":
          "not found: zzzz", "search": "Search", "goto": "Go to"},
    "pt_BR.UTF-8": {"hex": "[hex]", "wrap": "[quebra]",
                    "follow": "[seguindo]", "lines": "linhas 150-",
                    "hint": "q fecha", "notfound":
                    "não encontrado: zzzz", "search": "Procurar",
                    "goto": "Ir para"},
}


def fixture():
    d = workdir("tui-viewer-")
    with open(os.path.join(d, "text.txt"), "w") as f:
        for i in range(1, 301):
            word = " needle" if i in (40, 120) else ""
            f.write("line %04d%s\n" % (i, word))
        f.write("long " + "x" * 290 + " TAILEND\n")
    with open(os.path.join(d, "bin.dat"), "wb") as f:
        f.write(bytes(range(256)) * 4)
    with open(os.path.join(d, "grow.log"), "w") as f:
        f.write("first line of the log\n")
    return d


def view(s, name):
    s.keys(":")
    s.text("view -l %s" % name)
    s.keys("Enter")


def highlighted(s, word):
    """Is word drawn with another attribute than the text around it?"""
    scr = s.capture(escapes=True)
    return re.search(r"\x1b\[[0-9;]*m%s" % re.escape(word), scr) is not None


def margins_clean(s, w, h):
    lines = s.lines()
    bad = [i for i in range(2, h - 3)
           if i < len(lines) and (lines[i][:2].strip() or
                                  lines[i][w - 2:].strip())]
    return bad


def dialog_margins_clean(s):
    """The columns beside the dialog's box are blank on every row."""
    time.sleep(0.3)
    lines = s.lines()
    top = None
    for y, line in enumerate(lines):
        i = line.find("\u250c\u2500", 1)
        if i > 0 and line.find("\u2510", i) > 0:
            top, x0, x1 = y, i, line.find("\u2510", i)
    if top is None:
        diag("no dialog box seen")
        return False
    bad = []
    for y in range(top, len(lines)):
        line = lines[y]
        if len(line) <= x0 or line[x0] not in "\u250c\u2502\u2514":
            break
        if line[x0 - 1] != " " or (x1 + 1 < len(line) and
                                   line[x1 + 1] != " "):
            bad.append(line)
    for line in bad:
        diag("margin: %r" % line)
    return not bad


def run(w, h, lang, env):
    words = WORDS[lang]
    what = "%dx%d %s" % (w, h, lang)
    d = fixture()
    with Screen([], w, h, cwd=d, lang=lang, env=env) as s:
        s.wait(re.compile("not connected|não conectado"), None, 10)
        view(s, "text.txt")
        if s.wait("line 0001", "%s: the viewer opens" % what) is None:
            return
        s.settle()
        bad = margins_clean(s, w, h)
        ok(not bad, "%s: the margins beside the viewer are blank" % what)
        if bad:
            s.show("margins")
        ok(s.row(words["hint"]) is not None,
           "%s: the viewer's keys are shown" % what)
        # search
        s.keys("/")
        s.wait(words["search"], "%s: / asks what to search" % what)
        s.text("needle")
        s.keys("Enter")
        s.wait("line 0040 needle", "%s: / finds the first match" % what)
        s.settle()
        ok(highlighted(s, "needle"), "%s: the match is highlighted" % what)
        s.keys("n")
        s.wait("line 0120 needle", "%s: n finds the next match" % what)
        s.keys("N")
        s.wait("line 0040 needle", "%s: N goes back" % what)
        s.keys("/")
        s.text("zzzz")
        s.keys("Enter")
        s.wait(words["notfound"], "%s: a missing word is said" % what)
        # go to
        s.keys(":")
        s.wait(words["goto"], "%s: : asks where to go" % what)
        s.text("150")
        s.keys("Enter")
        s.wait(words["lines"], "%s: : goes to line 150" % what)
        s.wait("line 0150", None)
        # wrap
        s.keys("G")
        s.settle()
        ok("TAILEND" not in s.capture(),
           "%s: a long line is cut, not wrapped" % what)
        s.keys("w")
        s.keys("G")
        s.wait("TAILEND", "%s: w wraps the long line" % what)
        ok(s.row(words["wrap"]) is not None, "%s: [wrap] is shown" % what)
        s.keys("w")
        s.keys("q")
        s.wait_gone("line 0", 5)
        s.keys("Escape")
        # hex
        view(s, "bin.dat")
        s.wait("00000000 00 01 02 03",
               "%s: a binary file opens in hex mode" % what)
        s.wait("00000010 10 11 12 13 14 15 16 17 18 19 1a 1b 1c 1d 1e 1f",
               "%s: 16 bytes a row, the offset column" % what)
        ok(s.row(words["hex"]) is not None, "%s: [hex] is shown" % what)
        ok(s.row(" !\"#$%&'()*+,-./") is not None,
           "%s: the characters column" % what)
        bad = margins_clean(s, w, h)
        ok(not bad, "%s: hex mode: the margins are blank" % what)
        if w == 80 and lang == "C":
            s.show("the viewer's hex mode")
        s.keys(":")
        s.text("0x200")
        s.keys("Enter")
        s.wait("00000200 00 01 02", "%s: : goes to an offset" % what)
        s.keys("x")
        s.wait_gone("00000200", 5)
        ok(s.row("00000000") is None and s.row(words["hex"]) is None,
           "%s: x leaves hex mode" % what)
        s.keys("x")
        s.wait("00000000 00 01", "%s: x goes back to hex" % what)
        s.keys("q")
        s.keys("Escape")
        # follow
        view(s, "grow.log")
        s.wait("first line of the log", "%s: the log opens" % what)
        s.keys("F")
        s.wait(words["follow"], "%s: F follows" % what)
        with open(os.path.join(d, "grow.log"), "a") as f:
            for i in range(60):
                f.write("appended %02d\n" % i)
        s.wait("appended 59", "%s: lines appended show by themselves" %
               what)
        with open(os.path.join(d, "grow.log"), "a") as f:
            f.write("and one more\n")
        s.wait("and one more", "%s: and go on showing" % what)
        s.keys("F")
        s.wait_gone(words["follow"], 5)
        s.keys("q")
        s.keys("Escape")
        # a dialog over the panes: a blank column each side of its box
        s.keys("Tab")
        s.keys("F7")
        ok(s.waits("\u2518") and dialog_margins_clean(s),
           "%s: a dialog's margins are blank" % what)
        s.keys("Escape")
        s.quit(what)


def main():
    need_jangada()
    langs = languages()
    for w, h in ((80, 24), (160, 48)):
        for loc, e in langs:
            run(w, h, loc, e)


tap.main(main)
