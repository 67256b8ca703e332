"""Hostile and wide names on the screen.

A fake server lists names holding ESC[2J, an OSC 52 clipboard write, BEL,
a C1 CSI and a right-to-left override: each is shown escaped (\\x1b,
\\x07, \\u009b, \\u202e), nothing reaches the terminal raw (the screen is
not cleared, no OSC 52 in the pane), and the columns after each name stay
in place. A long name is cut in the middle with an ellipsis, never wrapped (at 80x24
and 160x48). Then, on
pyftpdlib serving the sample tree, pub/docs/ holds a Japanese name
(wide characters): its size column lines up with the others, at 80x24
and 160x48.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
import sampletree
from fakeftpd import FakeFTPD
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, column_of

LONG = "a-very-long-name-" + "x" * 150 + ".tar.gz"

CASE = r"""
FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM,UTF8
BODY LIST <<END
-rw-r--r--    1 ftp      ftp          1111 Jan 01  2024 \e[2Jclear
-rw-r--r--    1 ftp      ftp          2222 Jan 01  2024 osc\e]52;c;aGVsbG8=\a52
-rw-r--r--    1 ftp      ftp          3333 Jan 01  2024 bel\aname
-rw-r--r--    1 ftp      ftp          4444 Jan 01  2024 \xc2\x9bcsi
-rw-r--r--    1 ftp      ftp          5555 Jan 01  2024 rtl\xe2\x80\xaeevil.txt
-rw-r--r--    1 ftp      ftp          6666 Jan 01  2024 plain.txt
-rw-r--r--    1 ftp      ftp          7777 Jan 01  2024 %s
END
""" % LONG

SHOWN = [
    ("\\x1b[2Jclear", "1.1 KiB"),
    ("osc\\x1b]52;c;aGVsbG8=\\x0752", "2.2 KiB"),
    ("bel\\x07name", "3.3 KiB"),
    ("\\u009bcsi", "4.3 KiB"),
    ("rtl\\u202eevil.txt", "5.4 KiB"),
    ("plain.txt", "6.5 KiB"),
]


def hostile(w, h):
    dl = workdir("tui-names-")
    with FakeFTPD(CASE) as srv, \
            Screen(["127.0.0.1", srv.port], w, h, cwd=dl) as s:
        diag("---- %dx%d ----" % (w, h))
        screen = s.wait("plain.txt", "the fake listing is shown", 15)
        if screen is None:
            diag(srv.log())
            return
        ends = set()
        for name, size in SHOWN:
            line = s.row(name)
            ok(line is not None, "shown escaped: %s" % name)
            if line is not None:
                col = column_of(line, size)
                ok(col is not None, "%s: its size is on the row" % name)
                if col is not None:
                    ends.add(col + len(size))
        is_(len(ends), 1, "every size column ends at the same column")
        raw = s.capture(escapes=True)
        ok("\x1b]52" not in raw and "\x1b[2J" not in raw and "\x07" not in
           raw and "\u202e" not in raw and "\u009b" not in raw,
           "no raw escape reached the terminal")
        ok(s.lines()[0].strip() != "", "ESC[2J cleared nothing")
        line = s.row("a-very-lo")
        ok(line is not None and "\u2026" in line and ".tar.gz" in line,
           "a long name is cut in the middle, its end kept")
        ok(not any(l.startswith("\u2502 xxxx") or "xxx" in l.split(
            "\u2502")[0] for l in s.lines()), "and not wrapped")
        s.quit("hostile names %dx%d" % (w, h))


def wide(w, h):
    root = sampletree.shared()
    dl = workdir("tui-wide-")
    with PyFtpd(root) as srv, \
            Screen(["127.0.0.1", srv.port], w, h, cwd=dl) as s:
        what = "%dx%d" % (w, h)
        if s.wait("connected anonymous@127.0.0.1", "%s: connected" % what,
                  15) is None:
            return
        s.command("cd pub/docs")
        s.wait("\u65e5\u672c\u8a9e/", "%s: the Japanese name is shown" %
               what)
        rows = {}
        for name in ("\u65e5\u672c\u8a9e/", "Guia do Usu\u00e1rio/"):
            line = s.row(name)
            rows[name] = column_of(line, "<DIR>") if line else None
        ok(None not in rows.values() and len(set(rows.values())) == 1,
           "%s: <DIR> lines up after wide characters: %r" % (what, rows))
        line = s.row("dos-readme.txt")
        line2 = s.row("\u65e5\u672c\u8a9e/")
        if line and line2:
            a = column_of(line2, "<DIR>") + len("<DIR>")
            b = column_of(line, "47 B") + len("47 B")
            is_(a, b, "%s: the size column ends at the same place" % what)
        # inside: two names made only of wide characters
        s.command("cd \u65e5\u672c\u8a9e")
        s.wait("\u306f\u3058\u3081\u306b.txt", "%s: wide file names" % what)
        ends = set()
        for name in ("\u306f\u3058\u3081\u306b.txt",
                     "\u8aac\u660e\u66f8.txt"):
            line = s.row(name)
            m = re.search(r"(\d+ B)", line or "")
            if m:
                ends.add(column_of(line, m.group(1)) + len(m.group(1)))
        is_(len(ends), 1, "%s: their sizes end at the same column" % what)
        s.show("wide names")
        s.quit("wide names %s" % what)


def main():
    need_jangada()
    hostile(80, 24)
    hostile(160, 48)
    wide(80, 24)
    wide(160, 48)


tap.main(main)
