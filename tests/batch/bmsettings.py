#!/usr/bin/env python3
"""A bookmark's own settings (issues 15 and 16): `bookmark add -c CHARSET
-t TLS NAME URL` keeps charset=NAME and tls=WORD on the bookmark's line,
checked as set checks them; `open @NAME` applies them to that connection
only (the next open of another place goes back to the options).

A fake server with a Latin-2 name (0xB9 is "š" there; charset auto takes
such a server for CP1252, "¹"); pyftpdlib without TLS for tls=require.
"""

import os
import shutil
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD, Case
import servers


def case():
    c = Case.parse("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM\n")
    c.body("LIST", "/", b"-rw-r--r--   1 ftp ftp   6 Jan 01  2024 "
           b"\xb9koda.txt\r\n")
    c.body("RETR", "/\udcb9koda.txt", b"skoda\n")
    return c


def test_charset(home):
    bmfile = os.path.join(home, ".config", "jangada", "bookmarks")
    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; bookmark add -c ISO-8859-2 leg "
                     "%s; bookmark list; open @leg; ls; get škoda.txt; "
                     "show charset" % srv.url], cwd=d, home=home,
                    lang="C.UTF-8")
        is_(r.rc, 0, "open @NAME with charset=ISO-8859-2: ls and get work")
        if r.rc:
            diag(r.err[-1500:])
        like(r.out, r"leg\s+\S+\s+charset=ISO-8859-2",
             "bookmark list shows the bookmark's charset")
        like(r.out, r"škoda\.txt", "ls: the name in the bookmark's charset")
        ok("CP1252" not in r.err, "no guess: the bookmark said which")
        ok(b"RETR \xb9koda.txt\r\n" in srv.raw(),
           "RETR in the server's Latin-2 byte")
        like(r.out, r"charset\s+auto",
             "the option itself is left as it was")
        ok(os.path.exists(os.path.join(d, "škoda.txt")),
           "get: saved under its UTF-8 name")
        text = open(bmfile).read()
        like(text, r"(?m)^leg ftp://\S+ charset=ISO-8859-2$",
             "the bookmarks file keeps charset=NAME on the line")
    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; bookmark add leg %s; open @leg; "
                     "close; open %s; ls" % (srv.url, srv.url)], cwd=d,
                    home=home, lang="C.UTF-8")
        like(open(bmfile).read(), r"(?m)^leg \S+ charset=ISO-8859-2$",
             "bookmark add again without -c keeps the charset")
        is_(r.rc, 0, "then another place")
        like(r.out, r"\xb9koda\.txt",
             "another place: the options again (auto took it for CP1252)")
    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; bookmark add leg %s; open @leg; "
                     "set charset utf-8; ls" % srv.url], cwd=d, home=home,
                    lang="C.UTF-8")
        like(r.out, r"\\xb9koda\.txt",
             "set charset wins over the bookmark's for the connection")
    r = jangada(["-c", "bookmark add -c koi9 bad ftp://127.0.0.1/"],
                home=home)
    ok(r.rc != 0 and "cannot convert that character set" in r.err,
       "bookmark add -c: an unknown charset is refused")
    with open(bmfile, "a") as f:
        f.write("hand ftp://127.0.0.1:1/ charset=koi9\n")
        f.write("junk ftp://127.0.0.1:1/ colour=blue\n")
    r = jangada(["-c", "open @hand"], home=home)
    ok(r.rc != 0 and "bookmark hand: charset: this system cannot convert"
       in r.err, "a bad charset= written by hand: open @NAME says so")
    r = jangada(["-c", "bookmark list"], home=home)
    ok("junk" not in r.out and "hand" in r.out,
       "an unknown setting: the line is skipped, the others load")
    like(r.err, r"bookmarks:\d+: a bookmark line is NAME URL "
         r"\[charset=NAME\] \[tls=off\|auto\|require\]",
         "... and reported with file and line")


def test_tls(home):
    root = tempfile.mkdtemp(prefix="jbmtls.")
    os.chmod(root, 0o755)
    try:
        with servers.PyFtpd(root) as srv:
            url = "ftp://127.0.0.1:%d/" % srv.port
            r = jangada(["-v", "-c", "bookmark add -t require sec %s; "
                         "open -u %s,%s @sec" % (url, srv.user,
                                                  srv.password)],
                        home=home)
            is_(r.rc, 1, "tls=require on the bookmark, no TLS: refused")
            ok("USER" not in r.err and "PASS" not in r.err,
               "nothing of the login was sent")
            like(open(os.path.join(home, ".config", "jangada",
                                   "bookmarks")).read(),
                 r"(?m)^sec ftp://\S+ tls=require$",
                 "the bookmarks file keeps tls=require")
            r = jangada(["-c", "open -u %s,%s %s; pwd" % (
                srv.user, srv.password, url)], home=home)
            is_(r.rc, 0, "another place: the tls option again (auto)")
            r = jangada(["-c", "bookmark add -t maybe x %s" % url],
                        home=home)
            ok(r.rc != 0 and "tls: give one of: off, auto, require"
               in r.err, "bookmark add -t: a bad value is refused")
    finally:
        shutil.rmtree(root, True)


def main():
    home = tempfile.mkdtemp(prefix="jbmhome.")
    try:
        test_charset(home)
        test_tls(home)
    finally:
        shutil.rmtree(home, True)


tap.main(main)
