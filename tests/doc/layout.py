"""The layout of src/ is what doc/architecture.md says it is.

Four rules, each a test point per file that breaks it:

  - no file under src/ is over MAX_LINES lines (ALLOW below lists the
    files that still are, until they are split);
  - includes point down the layers only: a directory includes its own
    headers and those of lower layers, never a higher one or one of its
    own rank (ftp and console stand side by side; so do local and net);
  - only src/ui includes curses or readline;
  - inside a directory, calls go one way: no file names a function of
    another that (directly or through others) names one of its own. A
    lower file reports upward only through a callback the upper one set
    (a function pointer it holds), which this check does not follow.

The layers, from the includes as they are:

    base <- ev <- local, net <- ftp, console <- xfer <- cmd <- ui <- main.c

console (the raw sessions and the network tools) stands on net and local
and is used by cmd only; xfer does not use it but may.
"""

import os
import re
import shutil
import tempfile

import tap
from tap import ok, is_, diag

SRC = os.environ.get("TOP_SRCDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))

MAX_LINES = 800

# The rank of each directory of src/: a file may include the headers of
# its own directory and of directories of a lower rank.
RANK = {
    "base": 0,
    "ev": 1,
    "local": 2, "net": 2,
    "ftp": 3, "console": 3,
    "xfer": 4,
    "cmd": 5,
    "ui": 6,
    "": 7,          # src/main.c wires them all
}

# Files allowed over MAX_LINES: none. Do not add to this set: split the
# file by concern instead.
ALLOW = set()

CURSES = re.compile(r'^\s*#\s*include\s*[<"]((n?cursesw?/)?n?curses(w)?\.h|'
                    r'(ncursesw/)?(panel|term|menu|form)\.h|'
                    r'readline/[a-z]+\.h)[>"]', re.M)
OURS = re.compile(r'^\s*#\s*include\s*"([a-z_0-9]+)/[^"]+"', re.M)

# Circles allowed, each by its files and why (nothing else may be added:
# move the function to the file of its concern instead).
CIRCLES_ALLOWED = {
    # The table names the alias command, which refuses a text that holds
    # a password; secret.c tells that by finding each word's command in
    # the table (a unique prefix of any name or alias).
    "src/cmd: cmd_alias.c cmd_table.c secret.c call each other",
}

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
STRING = re.compile(r'"(\\.|[^"\\\n])*"|\'(\\.|[^\'\\\n])*\'')
DEFINITION = re.compile(r'^([a-z_][a-z0-9_]*)\(', re.M)
WORD = re.compile(r'\b[A-Za-z_][A-Za-z0-9_]*\b')


def calls(texts):
    """The call graph of one directory's .c files (name -> text): for each
    file, the files whose non-static functions it names."""
    code, defs, statics = {}, {}, {}
    for f, text in texts.items():
        c = STRING.sub('""', COMMENT.sub(" ", text))
        code[f] = c
        for m in DEFINITION.finditer(c):
            line = c.rfind("\n", 0, m.start() - 1)
            if c[line + 1:m.start()].startswith("static"):
                statics.setdefault(f, set()).add(m.group(1))
            else:
                defs.setdefault(m.group(1), f)
    graph = {f: set() for f in texts}
    for f, c in code.items():
        for w in set(WORD.findall(c)):
            g = defs.get(w)
            if g is not None and g != f and w not in statics.get(f, ()):
                graph[f].add(g)
    return graph


def cycles(graph):
    """The groups of files that reach each other (Tarjan), sorted."""
    index, low, stack, on, out = {}, {}, [], set(), []

    def visit(v):
        index[v] = low[v] = len(index)
        stack.append(v)
        on.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(out)


def sources(top):
    """Every .c and .h under top/src, as paths relative to top."""
    out = []
    for root, dirs, files in os.walk(os.path.join(top, "src")):
        dirs.sort()
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                out.append(os.path.relpath(os.path.join(root, f), top))
    return out


def layer(rel):
    """The directory of src/ a file is in ("" for src/main.c)."""
    parts = rel.split(os.sep)
    return parts[1] if len(parts) > 2 else ""


def check(top, allow, circles_allowed=frozenset()):
    """The files of top/src that break each rule, and notes."""
    files = sources(top)
    r = {"files": files, "big": [], "up": [], "unknown": [], "curses": [],
         "circles": [], "notes": []}
    bydir, seen = {}, set()
    for rel in files:
        text = open(os.path.join(top, rel), encoding="utf-8",
                    errors="replace").read()
        n = text.count("\n")
        if n > MAX_LINES and rel not in allow:
            r["big"].append("%s (%d lines)" % (rel, n))
        elif rel in allow and n <= MAX_LINES:
            r["notes"].append("%s is %d lines now: take it off ALLOW" %
                              (rel, n))
        elif rel in allow:
            r["notes"].append("allowed for now: %s (%d lines)" % (rel, n))
        me = layer(rel)
        if me not in RANK:
            r["unknown"].append(rel)
            continue
        for d in sorted(set(OURS.findall(text))):
            if d not in RANK:
                r["unknown"].append("%s includes %s/" % (rel, d))
            elif d != me and RANK[d] >= RANK[me]:
                r["up"].append("%s includes %s/ (%s is not below %s)" %
                               (rel, d, d, me or "main"))
        if me != "ui" and CURSES.search(text):
            r["curses"].append(rel)
        if rel.endswith(".c") and me:
            bydir.setdefault(me, {})[os.path.basename(rel)] = text
    for d in sorted(bydir):
        for group in cycles(calls(bydir[d])):
            line = "src/%s: %s call each other" % (d, " ".join(group))
            if line in circles_allowed:
                r["notes"].append("allowed: " + line)
                seen.add(line)
            else:
                r["circles"].append(line)
    for line in sorted(set(circles_allowed) - seen):
        r["notes"].append("gone: take it off CIRCLES_ALLOWED: " + line)
    for a in sorted(allow):
        if a not in files:
            r["notes"].append("%s is gone: take it off ALLOW" % a)
    return r


def planted():
    """A small tree that breaks every rule once: the check must see it."""
    top = tempfile.mkdtemp(prefix="layout.")
    tree = {
        "src/net/ok.c": '#include "base/str.h"\n#include "net/net.h"\n',
        "src/net/up.c": '#include "ftp/session.h"\n',
        "src/ftp/side.c": '#include "console/console.h"\n',
        "src/cmd/tui.c": "#include <ncursesw/curses.h>\n",
        "src/xfer/rl.c": "#include <readline/readline.h>\n",
        "src/ui/fine.c": "#include <curses.h>\n#include \"cmd/app.h\"\n",
        "src/base/long.c": "x\n" * (MAX_LINES + 1),
        "src/base/edge.c": "x\n" * MAX_LINES,
        "src/odd/x.c": "",
        # a.c and b.c call each other; c.c calls a.c one way; d.c has a
        # static b_go of its own, which is no call into b.c.
        "src/xfer/a.c": "int\na_go(void)\n{\n\treturn b_go();\n}\n",
        "src/xfer/b.c": "int\nb_go(void)\n{\n\treturn a_go();\n}\n",
        "src/xfer/c.c": "int\nc_go(void)\n{\n\treturn a_go();\n}\n",
        "src/xfer/d.c": "static int\nb_go(void)\n{\n\treturn c_go();\n}"
                        "\n/* a_go() in a comment */\nint\nd_go(void)\n{\n"
                        "\treturn b_go();\n}\n",
    }
    for rel, text in tree.items():
        os.makedirs(os.path.join(top, os.path.dirname(rel)), exist_ok=True)
        with open(os.path.join(top, rel), "w") as f:
            f.write(text)
    return top


def main():
    # The check itself, on a planted tree.
    top = planted()
    try:
        r = check(top, set())
    finally:
        shutil.rmtree(top)
    is_(r["big"], ["src/base/long.c (%d lines)" % (MAX_LINES + 1)],
        "planted: a file over %d lines is caught (%d is not)" %
        (MAX_LINES, MAX_LINES))
    is_(sorted(x.split()[0] for x in r["up"]),
        ["src/ftp/side.c", "src/net/up.c"],
        "planted: an include from a higher layer, or of the same rank, "
        "is caught")
    is_(r["curses"], ["src/cmd/tui.c", "src/xfer/rl.c"],
        "planted: curses or readline outside src/ui is caught")
    is_(r["unknown"], ["src/odd/x.c"], "planted: an unknown directory is "
        "caught")
    is_(r["circles"], ["src/xfer: a.c b.c call each other"],
        "planted: two files that call each other are caught (not a "
        "one-way call, a static of the same name, a comment)")

    # The real tree.
    r = check(SRC, ALLOW, CIRCLES_ALLOWED)
    ok(len(r["files"]) > 50, "src/ has its sources (%d files)" %
       len(r["files"]))
    for n in r["notes"]:
        diag(n)
    is_(r["big"], [], "no file under src/ is over %d lines" % MAX_LINES)
    is_(r["unknown"], [], "every directory of src/ has a place in the "
        "layers")
    is_(r["up"], [], "includes point down the layers only")
    is_(r["curses"], [], "only src/ui includes curses or readline")
    is_(r["circles"], [], "inside each directory, calls go one way")


if __name__ == "__main__":
    tap.main(main)
