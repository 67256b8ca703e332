"""The Portuguese catalogue (issue 8): complete, checked, true to the code.

- msgfmt --check --statistics on po/pt_BR.po says "N translated messages."
  and nothing else (no fuzzy, no untranslated entries, formats that match);
- the strings of the sources in po/POTFILES.in (xgettext, as update-po
  runs it) are all translated in po/pt_BR.po, so a new message without a
  translation fails here before anyone runs update-po;
- every source under src/ that marks strings is in po/POTFILES.in;
- the usages of the command table keep what a user types: the command
  name, the options and the lowercase keywords (placeholders in capitals
  are translated);
- the --help lines keep their options and their description column.
"""

import os
import re
import shlex
import subprocess
import tempfile

import tap
from tap import ok, is_, like, diag, skip
from i18nlib import SRCDIR, PO, msgfmt

# Sources that mark strings but wait to be listed in po/POTFILES.in (the
# file's owner adds them; their translations are already in pt_BR.po as
# obsolete entries that update-po revives). Empty this once they are in.
PENDING = set()


def po_entries(path):
    """[(msgid, msgid_plural or None, [msgstr...], flags, line)], live only."""
    out = []
    cur = None
    key = None

    def unq(s):
        return bytes(s[1:-1], "utf-8").decode("unicode_escape").encode(
            "latin-1").decode("utf-8")

    def flush():
        if cur is not None and cur["msgid"] is not None:
            out.append((cur["msgid"], cur["plural"],
                        [cur["str"][i] for i in sorted(cur["str"])],
                        cur["flags"], cur["line"]))

    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            if not line.strip():
                flush()
                cur = None
                continue
            if line.startswith("#~"):
                continue
            if cur is None:
                cur = {"msgid": None, "plural": None, "str": {}, "flags": "",
                       "line": n}
            if line.startswith("#,"):
                cur["flags"] += line[2:]
            elif line.startswith("#"):
                continue
            elif line.startswith("msgid_plural "):
                key = ("plural", None)
                cur["plural"] = unq(line[13:])
            elif line.startswith("msgid "):
                key = ("msgid", None)
                cur["msgid"] = unq(line[6:])
            elif line.startswith("msgstr"):
                m = re.match(r"msgstr(?:\[(\d+)\])? (\".*\")$", line)
                i = int(m.group(1) or 0)
                key = ("str", i)
                cur["str"][i] = unq(m.group(2))
            elif line.startswith('"'):
                if key[0] == "str":
                    cur["str"][key[1]] += unq(line)
                else:
                    cur[key[0]] += unq(line)
    flush()
    return [e for e in out if e[0] != ""]


def potfiles():
    with open(os.path.join(SRCDIR, "po", "POTFILES.in")) as f:
        return [l.strip() for l in f
                if l.strip() and not l.lstrip().startswith("#")]


def test_msgfmt():
    r = subprocess.run([msgfmt(), "--check", "--statistics", "-o",
                        os.devnull, PO], capture_output=True, text=True)
    is_(r.returncode, 0, "msgfmt --check accepts po/pt_BR.po")
    if r.returncode:
        diag(r.stderr[-3000:])
    like(r.stderr.strip(), r"^\d+ translated messages?\.$",
         "msgfmt --statistics: every message translated, none fuzzy")
    diag(r.stderr.strip())
    entries = po_entries(PO)
    fuzzy = [e[0] for e in entries if "fuzzy" in e[3]]
    empty = [e[0] for e in entries if not all(e[2])]
    is_(fuzzy, [], "no fuzzy entries")
    is_(empty, [], "no untranslated entries")
    with open(PO, encoding="utf-8") as f:
        head = f.read(2000)
    like(head, r'"Plural-Forms: nplurals=2; plural=\(n > 1\);\\n"',
         "the plural forms of Brazilian Portuguese")
    like(head, r'"Content-Type: text/plain; charset=UTF-8\\n"',
         "the catalogue is UTF-8")
    return entries


SOURCE_ENTRIES = []


def test_sources_translated():
    xgettext = __import__("shutil").which("xgettext")
    msgcmp = __import__("shutil").which("msgcmp")
    if xgettext is None or msgcmp is None:
        skip("no xgettext or msgcmp here", 1)
        return
    with open(os.path.join(SRCDIR, "po", "Makevars")) as f:
        m = re.search(r"^XGETTEXT_OPTIONS\s*=\s*(.*)$", f.read(), re.M)
    opts = shlex.split(m.group(1)) if m else []
    with tempfile.TemporaryDirectory() as d:
        files = os.path.join(d, "POTFILES")
        with open(files, "w") as f:
            f.write("\n".join(potfiles()) + "\n")
        pot = os.path.join(d, "jangada.pot")
        r = subprocess.run([xgettext, "--default-domain=jangada",
                            "--directory=" + SRCDIR, "--files-from=" + files,
                            "-o", pot] + opts, capture_output=True, text=True)
        if not ok(r.returncode == 0, "xgettext reads po/POTFILES.in"):
            diag(r.stderr[-3000:])
            return
        # the messages of the sources, for test_plurals
        SOURCE_ENTRIES[:] = po_entries(pot)
        r = subprocess.run([msgcmp, PO, pot], capture_output=True,
                           text=True)
        errors = [l for l in r.stderr.splitlines()
                  if "warning" not in l and "fatal errors" not in l]
        ok(r.returncode == 0,
           "every string of the sources is translated in po/pt_BR.po "
           "(else: make -C po update-po, then translate)")
        if r.returncode:
            diag("\n".join(errors[:60]))


def test_potfiles_complete():
    listed = set(potfiles())
    marking = []
    for d, dirs, files in os.walk(os.path.join(SRCDIR, "src")):
        for fn in sorted(files):
            if not fn.endswith(".c"):
                continue
            p = os.path.join(d, fn)
            with open(p, encoding="utf-8", errors="replace") as f:
                text = f.read()
            if re.search(r'\b(?:_|N_|ngettext)\(\s*"', text):
                marking.append(os.path.relpath(p, SRCDIR))
    missing = sorted(set(marking) - listed - PENDING)
    is_(missing, [], "every source under src/ that marks strings is in "
        "po/POTFILES.in")
    pending = sorted((set(marking) - listed) & PENDING)
    if pending:
        diag("still to be added to po/POTFILES.in: " + ", ".join(pending))
    gone = sorted(f for f in listed
                  if not os.path.exists(os.path.join(SRCDIR, f)))
    is_(gone, [], "po/POTFILES.in names only files that exist")


def table_usages():
    """{command name: usage msgid} from src/cmd/cmd_table.c's table."""
    with open(os.path.join(SRCDIR, "src", "cmd", "cmd_table.c"),
              encoding="utf-8") as f:
        text = f.read()
    out = {}
    for m in re.finditer(r'\{\s*"([a-z]+)",\s*A\([^)]*\),\s*N_\(((?:\s*"'
                         r'(?:[^"\\]|\\.)*")+)\s*\)', text):
        out[m.group(1)] = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"',
                                             m.group(2)))
    return out


def test_usages(entries):
    usages = table_usages()
    ok(len(usages) >= 30, "the command table's usages are found (%d)" %
       len(usages))
    tr = {e[0]: e[2][0] for e in entries if e[1] is None}
    bad = []
    for name, usage in sorted(usages.items()):
        t = tr.get(usage)
        if t is None:
            bad.append("%s: usage not in the catalogue" % name)
            continue
        # A subcommand's usage starts with its command: "queue cancel".
        first = usage.split(" ")[0]
        if not re.match(r"%s(?: |$)" % re.escape(first), t) or \
                not re.search(r"(?:^| )%s(?: |$|\])" % re.escape(name), t):
            bad.append("%s: %r does not start with the command" % (name, t))
        kept = lambda s: sorted(set(re.findall(
            r"(?<![A-Za-zÀ-ÿ])(?:--?[a-z][a-z-]*|[a-z][a-z0-9]*)"
            r"(?![A-Za-zÀ-ÿ])", s)))
        if kept(usage) != kept(t):
            bad.append("%s: keywords %s became %s" % (name, kept(usage),
                                                     kept(t)))
    is_(bad, [], "usages keep the command, its options and keywords")


def test_plain_usages(entries):
    """Usages the table gives without N_ ("binary"): were the word in the
    catalogue (another message's), help would show its translation."""
    with open(os.path.join(SRCDIR, "src", "cmd", "cmd_table.c"),
              encoding="utf-8") as f:
        text = f.read()
    tr = {e[0]: e[2][0] for e in entries if e[1] is None}
    bad = []
    n = 0
    for m in re.finditer(r'\{\s*"([a-z]+)",\s*A\([^)]*\),\s*"([^"]*)"',
                         text):
        n += 1
        name, usage = m.group(1), m.group(2)
        t = tr.get(usage)
        # a bare one (no space) is shown as it is (cmd_usage_text)
        if " " in usage and t is not None and \
                not re.match(r"%s(?: |$)" % re.escape(name), t):
            bad.append("%s: usage %r shown as %r" % (name, usage, t))
    ok(n >= 5, "the plain usages are found (%d)" % n)
    is_(bad, [], "help never translates a command name (help binary)")


def test_plurals(entries):
    with open(PO, encoding="utf-8") as f:
        head = f.read(4000)
    like(head, r"Plural-Forms: nplurals=2; plural=\(n > 1\);",
         "the header has Plural-Forms")
    bad = [e[0] for e in entries if e[1] is not None and
           (len(e[2]) != 2 or not all(e[2]))]
    is_(bad, [], "every plural entry has both forms")
    # "%u active" -> "%u ativas": the English word does not agree with
    # the count, the Portuguese one does (and is wrong for 1)
    num = r"%(?:u|d|zu|lu|llu) ([A-Za-z\u00e0-\u00fa]+)"
    agree = []
    for e in entries:
        if e[1] is not None or not e[2][0]:
            continue
        en, pt = re.findall(num, e[0]), re.findall(num, e[2][0])
        if len(en) == len(pt) and any(a in COUNTERS and b.endswith("s")
                                      for a, b in zip(en, pt)):
            agree.append(e[2][0])
    is_(agree, [], "no count before a plural word outside ngettext")
    # "%d files", "%llu bytes", "file(s)": a count the user sees takes
    # ngettext, so "1 byte" and "1 arquivo" are said right
    nouns = ("bytes|files|entries|directories|seconds|minutes|hours|days|"
             "lines|replies|errors|jobs|transfers|connections|items|"
             "segments|matches|tries|retries|sessions|clients|commands|"
             "names|bookmarks|dirs|times")
    count = re.compile(r"%%(?:z|l|ll|j)?[dui] (?:%s)\b|\w\(s\)" % nouns)
    if not SOURCE_ENTRIES:
        skip("no xgettext: the sources' messages are unknown", 1)
        return
    bare = [e[0] for e in SOURCE_ENTRIES
            if e[1] is None and count.search(e[0])]
    is_(bare, [], "every count before a plural noun uses ngettext")


# the screen's counters: invariant in English, agreeing in Portuguese
COUNTERS = {"active", "queued", "done", "failed", "marked", "running",
            "selected", "skipped", "waiting", "open"}


def button_letters(s):
    return [c.lower() for c in re.findall(r"\[([A-Za-z])\]", s)]


def test_dialog_keys(entries):
    tr = {e[0]: e[2][0] for e in entries if e[1] is None}
    yn = "[y] Yes    [n] No"
    ow = "[o] Overwrite  [s] Skip  [r] Rename  [c] Resume"
    for lang, a, b in (("en", yn, ow), ("pt_BR", tr.get(yn, ""),
                                        tr.get(ow, ""))):
        ya, oa = button_letters(a), button_letters(b)
        is_(len(ya), 2, "%s: the yes/no buttons show two keys" % lang)
        is_(len(oa), 4, "%s: the overwrite dialog shows four keys" % lang)
        is_(sorted(set(ya) & set(oa)), [], "%s: no key of the yes/no "
            "dialogs answers the overwrite dialog (%s / %s)" % (lang, ya,
                                                               oa))
        is_(len(set(oa)), 4, "%s: the overwrite keys differ" % lang)
    # the saved queue's dialog at start (issue 18)
    qs = "[g] Go on    [v] Review    [d] Drop    Esc: later"
    for lang, a, b, q in (("en", yn, ow, qs),
                          ("pt_BR", tr.get(yn, ""), tr.get(ow, ""),
                           tr.get(qs, ""))):
        ya, oa, qa = button_letters(a), button_letters(b), button_letters(q)
        is_(len(set(qa)), 3, "%s: the saved-queue dialog shows three "
            "different keys" % lang)
        is_(sorted(set(qa) & (set(ya) | set(oa) | {"a"})), [],
            "%s: no key of the saved-queue dialog answers another dialog "
            "(%s)" % (lang, qa))
    cd = "[y] Yes, once    [a] Always    [n] No"
    for lang, a, b in (("en", yn, cd), ("pt_BR", tr.get(yn, ""),
                                        tr.get(cd, ""))):
        ya, ca = button_letters(a), button_letters(b)
        is_(len(set(ca)), 3, "%s: the certificate dialog shows three "
            "different keys" % lang)
        ok(len(ca) == 3 and len(ya) == 2 and ca[0] == ya[0] and
           ca[2] == ya[1], "%s: its once is the yes/no dialogs' yes, its "
           "no their no (%s / %s)" % (lang, ya, ca))


def test_help_columns(entries):
    bad = []
    n = 0
    for e in entries:
        msgid, t = e[0], e[2][0]
        m = re.match(r"^( +-\S*(?:, --\S+)?)( +)\S", msgid)
        if e[1] is not None or not m or not msgid.endswith("\n"):
            continue
        n += 1
        col = len(m.group(1)) + len(m.group(2))
        opt = m.group(1).split("=")[0]
        if not t.startswith(opt) or t[col - 1] != " " or t[col] == " ":
            bad.append(t)
    ok(n >= 10, "the --help option lines are found (%d)" % n)
    is_(bad, [], "--help lines keep their option and description column")


def main():
    if msgfmt() is None:
        tap.skip_all("no msgfmt (gettext) here")
    entries = test_msgfmt()
    test_sources_translated()
    test_potfiles_complete()
    test_usages(entries)
    test_plain_usages(entries)
    test_plurals(entries)
    test_dialog_keys(entries)
    test_help_columns(entries)


tap.main(main)
