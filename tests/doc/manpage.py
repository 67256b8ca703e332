"""The manual page is complete and clean: every command of the command
table (as 'help' lists it), every alias and every option of a command's
usage line is in doc/jangada.1, every
option of --help is there, and groff -ww and mandoc -T lint find
nothing."""

import os
import re
import shutil
import subprocess

import tap
from tap import ok, is_, diag
from jrun import jangada
from manopts import missing_options

SRC = os.environ.get("TOP_SRCDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
MAN = os.path.join(SRC, "doc", "jangada.1")


def main():
    page = open(MAN, encoding="utf-8").read()
    # The names the page documents: words in bold (.B/.BR, \fB...\fR).
    plain = page.replace("\\-", "-")
    bold = set(re.findall(r"^\.B[RI]?\s+([\w?.-]+)", plain, re.M))
    bold |= set(re.findall(r"\\fB([\w?.-]+)", plain))
    for l in re.findall(r"^\.B[RI]?\s+(.*)$", plain, re.M):
        bold |= set(re.findall(r"[\w?-]+", l))

    r = jangada(["-c", "help"])
    is_(r.rc, 0, "jangada -c help runs")
    cmds = re.findall(r"^  (\S+)\s", r.out, re.M)
    ok(len(cmds) >= 40, "help lists the commands (%d)" % len(cmds))
    missing = [c for c in cmds if c not in bold]
    is_(missing, [], "every command of the table is in the man page")
    aliases = []
    for c in cmds:
        h = jangada(["-c", "help %s" % c])
        m = re.search(r"also: (.*)", h.out)
        if m:
            aliases += [a.strip() for a in m.group(1).split(",")]
    missing = [a for a in aliases if a not in bold]
    is_(missing, [], "every alias is in the man page (%d)" % len(aliases))
    is_(missing_options(page, cmds, jangada), [],
        "every option of every command's usage is in its entry")

    h = jangada(["--help"])
    opts = re.findall(r"(--[a-z-]+)", h.out)
    missing = [o for o in set(opts) if o not in plain]
    is_(missing, [], "every option of --help is in the man page")

    show = jangada(["-n", "-c", "show"])
    names = re.findall(r"^(\S+)\s", show.out, re.M)
    missing = [n for n in names if n not in bold]
    is_(missing, [], "every option of set is in the man page")

    if shutil.which("groff"):
        g = subprocess.run(["groff", "-ww", "-man", "-Tutf8", MAN],
                           capture_output=True, text=True)
        is_(g.stderr.strip(), "", "groff -ww: no warning")
    else:
        tap.skip("groff missing")
    if shutil.which("mandoc"):
        m = subprocess.run(["mandoc", "-T", "lint", "-W", "warning", MAN],
                           capture_output=True, text=True)
        is_((m.stdout + m.stderr).strip(), "", "mandoc -T lint: clean")
    else:
        tap.skip("mandoc missing")


tap.main(main)
