"""The Portuguese manual page (doc/pt_BR/jangada.1) keeps up with the
English one and with the code: every command of the command table, every
alias, every option of a command's usage line, every option of --help and every option of set is in it, it has
the English page's sections and version, and groff -ww (through preconv,
as man runs it) and mandoc -T lint find nothing."""

import os
import re
import shutil
import subprocess

import tap
from tap import ok, is_, diag, skip
from jrun import jangada, JANGADA
from i18nlib import SRCDIR
from manopts import missing_options

MAN = os.path.join(SRCDIR, "doc", "pt_BR", "jangada.1")
EN = os.path.join(SRCDIR, "doc", "jangada.1")


def bold_words(page):
    plain = page.replace("\\-", "-")
    bold = set(re.findall(r"^\.B[RI]?\s+([\w?.-]+)", plain, re.M))
    bold |= set(re.findall(r"\\fB([\w?.-]+)", plain))
    for l in re.findall(r"^\.B[RI]?\s+(.*)$", plain, re.M):
        bold |= set(re.findall(r"[\w?-]+", l))
    return plain, bold


def main():
    if not os.access(JANGADA, os.X_OK):
        tap.skip_all("no jangada binary at %s" % JANGADA)
    page = open(MAN, encoding="utf-8").read()
    en = open(EN, encoding="utf-8").read()
    plain, bold = bold_words(page)

    r = jangada(["-c", "help"])
    cmds = re.findall(r"^  (\S+)\s", r.out, re.M)
    ok(len(cmds) >= 40, "help lists the commands (%d)" % len(cmds))
    is_([c for c in cmds if c not in bold], [],
        "every command of the table is in the Portuguese page")
    aliases = []
    for c in cmds:
        m = re.search(r"also: (.*)", jangada(["-c", "help %s" % c]).out)
        if m:
            aliases += [a.strip() for a in m.group(1).split(",")]
    is_([a for a in aliases if a not in bold], [],
        "every alias is in the Portuguese page (%d)" % len(aliases))
    is_(missing_options(page, cmds, jangada), [],
        "every option of every command's usage is in its entry")
    opts = set(re.findall(r"(--[a-z-]+)", jangada(["--help"]).out))
    is_(sorted(o for o in opts if o not in plain), [],
        "every option of --help is in the Portuguese page")
    names = re.findall(r"^(\S+)\s", jangada(["-n", "-c", "show"]).out, re.M)
    is_([n for n in names if n not in bold], [],
        "every option of set is in the Portuguese page")

    th = lambda p: re.search(r'^\.TH JANGADA 1 \S+ "([^"]*)"', p, re.M)
    is_(th(page).group(1) if th(page) else None,
        th(en).group(1) if th(en) else None,
        "the same version as the English page")
    sh = lambda p: len(re.findall(r"^\.S[HS] ", p, re.M))
    is_(sh(page), sh(en), "as many sections and subsections as the "
        "English page")
    ok(re.search(r"coding: UTF-8", page.split("\n", 1)[0]),
       "the first line names the encoding (preconv, man-db)")

    if shutil.which("groff") and shutil.which("preconv"):
        g = subprocess.run("preconv '%s' | groff -ww -man -Tutf8" % MAN,
                           shell=True, capture_output=True, text=True)
        is_(g.stderr.strip(), "", "preconv | groff -ww: no warning")
    else:
        skip("groff or preconv missing")
    if shutil.which("mandoc"):
        m = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", MAN],
                           capture_output=True, text=True)
        is_((m.stdout + m.stderr).strip(), "", "mandoc -T lint: clean")
    else:
        skip("mandoc missing")


tap.main(main)
