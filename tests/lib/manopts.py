"""manopts.py: is every option of every command's usage in a man page?

    from manopts import missing_options
    missing_options(page_text, cmds, jangada)  # ["ls -t", ...]

A command's options are read from `help CMD` (its usage line: -x and
--long words); the page's entry of a command is every .B/.BR line that
names it first or after a ", " (as "mkdir ..., rmdir ..." does), and each
option must be on one of those lines.
"""

import re


def _entries(page):
    """{command: text of the .B/.BR lines that document it}."""
    plain = page.replace("\\-", "-")
    out = {}
    for line in re.findall(r"^\.BR?\s+(.*)$", plain, re.M):
        words = re.sub(r"\\f[BIRP]", "", line)
        names = re.findall(r'(?:^|, "\s*)"?([a-z][\w-]*)', words)
        for n in names:
            out[n] = out.get(n, "") + " " + words
    return out


def missing_options(page, cmds, jangada):
    entries = _entries(page)
    missing = []
    for c in cmds:
        usage = jangada(["-c", "help %s" % c]).out.split("\n", 1)[0]
        opts = set(re.findall(r"(?<![\w-])(--?[A-Za-z0-9][\w-]*)", usage))
        text = entries.get(c, "")
        for o in sorted(opts):
            if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(o), text):
                missing.append("%s %s" % (c, o))
    return missing
