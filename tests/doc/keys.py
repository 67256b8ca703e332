"""The key table is the one list of keys: both man pages and the README
list exactly its entries (`jangada --dump-keys` prints the table the
screen dispatches from and the help overlay shows), and the help overlay
shows every entry."""

import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "tui"))

import tap
from tap import ok, is_, diag
from jrun import jangada

SRC = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))


def man_keys(path, section):
    """The .TP tags of the key section of a man page."""
    text = open(path, encoding="utf-8").read().replace("\\-", "-")
    text = text.replace("\\e", "\\")
    m = re.search(r"^\.SS %s\n(.*?)^\.SH" % section, text, re.M | re.S)
    if m is None:
        return None
    return re.findall(r"^\.TP.*\n\.B (.*)$", m.group(1), re.M)


def readme_keys():
    text = open(os.path.join(SRC, "README"), encoding="utf-8").read()
    m = re.search(r"^The key map\n-+\n(.*?)\n\n\S", text, re.M | re.S)
    if m is None:
        return None
    out = []
    for line in m.group(1).split("\n"):
        if not line.startswith("    ") or line[4] == " ":
            continue
        out.append(re.split(r"\s{2,}", line.strip())[0])
    return out


def compare(what, found, table):
    if found is None:
        ok(False, "%s: the key section is there" % what)
        return
    is_(sorted(set(table) - set(found)), [],
        "%s: every entry of the key table is listed" % what)
    is_(sorted(set(found) - set(table)), [],
        "%s: nothing is listed that the table lacks" % what)


def help_overlay(entries):
    try:
        from tuitest import Screen
    except Exception as e:  # noqa: BLE001
        tap.skip("no screen harness: %s" % e)
        return
    from servers import workdir
    try:
        s = Screen([], 160, 48, cwd=workdir("keys-help-"))
    except tap.Skip as e:
        tap.skip(str(e))
        return
    with s:
        s.wait("not connected")
        s.keys("?")
        s.wait("jangada help")
        seen = ""
        for _ in range(12):
            seen += s.settle(0.3)
            s.keys("PageDown")
        missing = [k for k, h in entries
                   if not re.search(r"%s\s+%s" % (re.escape(k),
                                                  re.escape(h[:30])), seen)]
        is_(missing, [], "the help overlay shows every entry of the table")
        s.keys("q")
        s.quit("help")


def bind_actions():
    """Every action of the key table has a name for bind KEY ACTION
    (src/ui/bind.c), and both man pages list exactly those names."""
    enum = open(os.path.join(SRC, "src", "ui", "keymap.h")).read()
    body = re.search(r"enum ui_act \{(.*?)\};", enum, re.S).group(1)
    acts = set(re.findall(r"\b(KA_[A-Z0-9_]+)", body)) - {"KA_LINE"}
    bind = open(os.path.join(SRC, "src", "ui", "bind.c")).read()
    named = dict((a, n) for n, a in
                 re.findall(r'\{ "([a-z-]+)", (KA_[A-Z0-9_]+) \}', bind))
    is_(sorted(acts - set(named)), [],
        "bind: every action of the key table has a name")
    for page, word in (("jangada.1", "ACTION"),
                       (os.path.join("pt_BR", "jangada.1"), "AÇÃO")):
        text = open(os.path.join(SRC, "doc", page),
                    encoding="utf-8").read().replace("\\-", "-")
        m = re.search(r"^\.I %s\n\S+ (?:one of|uma de): (.*?)\.\n" % word,
                      text, re.M | re.S)
        listed = (set(re.split(r",\s*", m.group(1).replace("\n", " ")))
                  if m else set())
        is_(sorted(set(named.values()) ^ listed), [],
            "doc/%s lists exactly the action names of bind" % page)


def main():
    bind_actions()
    r = jangada(["--dump-keys"])
    is_(r.rc, 0, "jangada --dump-keys runs")
    rows = [l.split("\t") for l in r.out.strip().split("\n")]
    ok(len(rows) > 30 and all(len(x) == 3 for x in rows),
       "the table has its entries (%d)" % len(rows))
    table = [x[1] for x in rows]
    compare("doc/jangada.1",
            man_keys(os.path.join(SRC, "doc", "jangada.1"), "Keys"), table)
    compare("doc/pt_BR/jangada.1",
            man_keys(os.path.join(SRC, "doc", "pt_BR", "jangada.1"),
                     "Teclas"), table)
    compare("README", readme_keys(), table)
    help_overlay([(x[1], x[2]) for x in rows])


tap.main(main)
