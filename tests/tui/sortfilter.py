"""One meaning for the sort arrow, the reverse flag per key, the filter
and globs ignoring case for every letter (issue 19).

The local pane lists five files of known sizes. The arrow means the same
for every key: up ascending (A to Z, smallest first), down descending:
s sorts by size, [size↓] with the largest first; S: [size↑], smallest
first; s, s: back by name, not reversed (the flag is the key's, not
sticky); S: [name↓] lists Z to A. The filter /ÜNÏ finds ünï-code.txt
and the glob *.txt finds ZETA.TXT too. At 80x24 and 160x48, in English
and (when the locale is there) Portuguese (the key word translated).
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
from tuitest import Screen, need_jangada

FILES = (("b-big.txt", 3000), ("a-small.txt", 10), ("c-mid.txt", 500),
         ("\u00fcn\u00efcode.txt", 200), ("ZETA.TXT", 100))


def order(s):
    """The names in the local pane, top to bottom."""
    out = []
    for line in s.lines()[1:]:
        parts = line.split("\u2502")
        if len(parts) < 4 or "-rw-" in line:
            continue
        m = re.match(r"\s*\*?(\S+)", parts[2])
        if m and m.group(1) in [f[0] for f in FILES]:
            out.append(m.group(1))
    return out


def run(w, h, lang, words):
    what = "%dx%d %s" % (w, h, lang)
    d = workdir("tui-sort-")
    for name, size in FILES:
        with open(os.path.join(d, name), "wb") as f:
            f.write(b"x" * size)
    with Screen([], w, h, lang=lang,
                env=i18nlib.env() if lang.startswith("pt") else None,
                cwd=d) as s:
        if not s.waits("c-mid.txt", 10):
            ok(False, "%s: listed" % what)
            diag(s.capture())
            return
        s.keys("Tab")
        time.sleep(0.3)
        s.keys("s")
        s.waits("[%s\u2193]" % words["size"], 5)
        o = order(s)
        ok("[%s\u2193]" % words["size"] in s.capture() and o[:1] ==
           ["b-big.txt"] or diag(s.capture()), "%s: [size\u2193] lists the largest first: %r"
           % (what, o))
        s.keys("S")
        s.waits("[%s\u2191]" % words["size"], 5)
        o = order(s)
        ok("[%s\u2191]" % words["size"] in s.capture() and o[:1] ==
           ["a-small.txt"], "%s: [size\u2191] lists the smallest first: %r"
           % (what, o))
        s.keys("s")
        time.sleep(0.3)
        ok("\u2191]" not in s.capture(), "%s: the next key starts "
           "unreversed" % what)
        s.keys("s")
        time.sleep(0.3)
        o = order(s)
        names = sorted(f[0] for f in FILES)
        ok("[%s" % words["name"] not in s.capture() and o == names,
           "%s: by name, A to Z, no arrow: %r" % (what, o))
        s.keys("S")
        s.waits("[%s\u2193]" % words["name"], 5)
        o = order(s)
        ok("[%s\u2193]" % words["name"] in s.capture() and o ==
           names[::-1], "%s: [name\u2193] lists Z to A: %r" % (what, o))
        s.keys("/")
        s.text("\u00dcN\u00cf")
        s.keys("Enter")
        time.sleep(0.5)
        o = order(s)
        ok(o == ["\u00fcn\u00efcode.txt"], "%s: /\u00dcN\u00cf finds "
           "\u00fcn\u00efcode.txt: %r" % (what, o))
        s.keys("Escape")
        s.keys("/")
        s.text("*.txt")
        s.keys("Enter")
        time.sleep(0.5)
        o = order(s)
        ok("ZETA.TXT" in o and len(o) == 5,
           "%s: the glob *.txt ignores case: %r" % (what, o))
        s.keys("Escape")
        s.quit(what)


def main():
    need_jangada()
    pt = has_locale("pt_BR.UTF-8")
    for w, h in ((80, 24), (160, 48)):
        run(w, h, "C.UTF-8", {"size": "size", "name": "name"})
        if pt:
            run(w, h, "pt_BR.UTF-8", {"size": "tamanho", "name": "nome"})
        else:
            skip("no pt_BR.UTF-8 locale", 10)


tap.main(main)
