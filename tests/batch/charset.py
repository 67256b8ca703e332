#!/usr/bin/env python3
"""The server's character set (issue 15): a fake server with CP1252 names
(relatório.txt as 0xF3) and no UTF8 in FEAT. With charset auto, ls shows
relatório.txt, get saves it under its UTF-8 name and sends RETR with the
server's own byte, put sends STOR in CP1252, a name CP1252 cannot convert
(0x81) stays escaped and still round-trips, and the guess is said once.
With charset utf-8 nothing is converted (the name shown escaped, still
fetched byte-exact); set charset latin1 converts without guessing."""

import os
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD, Case

LISTING = (b"-rw-r--r--   1 ftp ftp   6 Jan 01  2024 relat\xf3rio.txt\r\n"
           b"-rw-r--r--   1 ftp ftp   6 Jan 01  2024 odd\x81.txt\r\n")


def case():
    c = Case.parse("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM\n")
    c.body("LIST", "/", LISTING)
    c.body("RETR", "/relat\udcf3rio.txt", b"dados\n")
    c.body("RETR", "/odd\udc81.txt", b"odd!!\n")
    return c


def read(p):
    with open(p, "rb") as f:
        return f.read()


def main():
    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "novo é.txt"), "w") as f:
            f.write("up\n")
        r = jangada(["-c", "set timeout 5; open %s; ls; get relatório.txt; "
                     "get odd\\x81.txt; put 'novo é.txt'" % srv.url],
                    cwd=d, lang="C.UTF-8")
        is_(r.rc, 0, "CP1252 server: ls, get, put work")
        if r.rc:
            diag(r.err[-1500:])
        like(r.out, r"relatório\.txt", "ls shows relatório.txt")
        like(r.out, r"odd\\x81\.txt", "a byte CP1252 lacks stays escaped")
        is_(r.err.count("taking them as CP1252"), 1,
            "the guess is said once")
        raw = srv.raw()
        ok(b"RETR relat\xf3rio.txt\r\n" in raw,
           "RETR with the server's own byte (0xF3)")
        ok(b"RETR odd\x81.txt\r\n" in raw, "the escaped name round-trips")
        ok(b"STOR novo \xe9.txt\r\n" in raw, "put: STOR in CP1252 (0xE9)")
        ok(b"\xc3" not in raw, "no UTF-8 byte reached the server")
        is_(read(os.path.join(d, "relatório.txt")), b"dados\n",
            "get: saved under its UTF-8 name")
        is_(read(os.path.join(d, "odd\\x81.txt")), b"odd!!\n",
            "get: the unconvertible name saved escaped")

    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; set charset utf-8; open %s; ls; "
                     "get relat\\xf3rio.txt" % srv.url], cwd=d,
                    lang="C.UTF-8")
        is_(r.rc, 0, "charset utf-8: works")
        like(r.out, r"relat\\xf3rio\.txt", "charset utf-8: shown escaped")
        ok("CP1252" not in r.err, "charset utf-8: no guess")
        ok(b"RETR relat\xf3rio.txt\r\n" in srv.raw(),
           "charset utf-8: the bytes as they came")

    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; set charset latin1; open %s; "
                     "get relatório.txt" % srv.url], cwd=d, lang="C.UTF-8")
        is_(r.rc, 0, "charset latin1: get works without a listing")
        ok(b"RETR relat\xf3rio.txt\r\n" in srv.raw(),
           "charset latin1: RETR in Latin-1")
        r = jangada(["-c", "set charset koi9"], cwd=d)
        ok(r.rc != 0 and "cannot convert that character set; give auto, "
           "utf-8" in r.err,
           "an unknown charset is refused, saying which are known")

    # Any name iconv knows: ISO-8859-2 (0xB9 is "š" there, "¹" in Latin-1).
    c = Case.parse("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM\n")
    c.body("LIST", "/", b"-rw-r--r--   1 ftp ftp   6 Jan 01  2024 "
           b"\xb9koda.txt\r\n")
    c.body("RETR", "/\udcb9koda.txt", b"skoda\n")
    with FakeFTPD(c) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; set charset ISO-8859-2; "
                     "show charset; open %s; ls; get škoda.txt" % srv.url],
                    cwd=d, lang="C.UTF-8")
        is_(r.rc, 0, "charset ISO-8859-2: accepted, ls and get work")
        if r.rc:
            diag(r.err[-1500:])
        like(r.out, r"charset\s+ISO-8859-2", "show charset: the iconv name")
        like(r.out, r"škoda\.txt", "ls shows the Latin-2 name converted")
        ok(b"RETR \xb9koda.txt\r\n" in srv.raw(),
           "RETR in the server's Latin-2 byte")
        is_(read(os.path.join(d, "škoda.txt")), b"skoda\n",
            "get: saved under its UTF-8 name")


tap.main(main)
