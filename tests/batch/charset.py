#!/usr/bin/env python3
"""The server's character set (issue 15): a fake server with CP1252 names
(relatório.txt as 0xF3) and no UTF8 in FEAT. With charset auto, ls shows
relatório.txt, get saves it under its UTF-8 name and sends RETR with the
server's own byte, put sends STOR in CP1252, a name CP1252 cannot convert
(0x81) stays escaped and still round-trips, and the guess is said once.
With charset utf-8 nothing is converted (the name shown escaped, still
fetched byte-exact); set charset latin1 converts without guessing."""

import os
import subprocess
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
    try:
        with open(p, "rb") as f:
            return f.read()
    except OSError:
        return None


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

    latin1_locale()


def make_locale():
    """pt_BR.ISO-8859-1 compiled into a private LOCPATH, or None."""
    loc = tempfile.mkdtemp(prefix="jloc.")
    try:
        subprocess.run(["localedef", "-i", "pt_BR", "-f", "ISO-8859-1",
                        os.path.join(loc, "pt_BR.ISO-8859-1")],
                       capture_output=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if not os.path.isdir(os.path.join(loc, "pt_BR.ISO-8859-1")):
        return None
    return loc


def latin1_locale():
    """Under an ISO-8859-1 locale names are shown and saved in Latin-1:
    relatório.txt from the CP1252 server is the byte 0xF3 on the screen and
    in the local name; a typed Latin-1 name goes back in CP1252; a name
    from a UTF-8 server is converted to Latin-1 too."""
    loc = make_locale()
    if loc is None:
        skip("no localedef to make pt_BR.ISO-8859-1", 11)
        return
    env = {"LOCPATH": loc}
    with FakeFTPD(case()) as srv, tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d.encode(), b"novo \xe9.txt"), "w") as f:
            f.write("up\n")
        r = jangada(["-c", "set timeout 5; open %s; ls; "
                     "get relat\udcf3rio.txt; put 'novo \udce9.txt'"
                     % srv.url], cwd=d, lang="pt_BR.ISO-8859-1", env=env)
        is_(r.rc, 0, "ISO-8859-1 locale: ls, get, put work")
        if r.rc:
            diag(r.err[-1500:])
        like(r.out, "relat\udcf3rio\\.txt",
             "ISO-8859-1 locale: ls shows relatório.txt in Latin-1 (0xF3)")
        ok("\\xf3" not in r.out and "\u00f3" not in r.out,
           "ISO-8859-1 locale: the name is not escaped")
        is_(read(os.path.join(d.encode(), b"relat\xf3rio.txt")),
            b"dados\n", "ISO-8859-1 locale: saved as relat\\xf3rio.txt "
            "(Latin-1 bytes)")
        ok(not os.path.exists(os.path.join(d, "relatório.txt")),
           "ISO-8859-1 locale: no UTF-8 name saved")
        raw = srv.raw()
        ok(b"RETR relat\xf3rio.txt\r\n" in raw,
           "ISO-8859-1 locale: RETR with the server's byte")
        ok(b"STOR novo \xe9.txt\r\n" in raw,
           "ISO-8859-1 locale: put: STOR in CP1252 (0xE9)")
        ok(b"\xc3" not in raw, "ISO-8859-1 locale: no UTF-8 byte sent")
        like(r.err, "CP1252", "ISO-8859-1 locale: the guess is said")

    # A UTF-8 server (UTF8 in FEAT): its names are converted to Latin-1.
    c = Case.parse("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM,UTF8\n")
    c.body("LIST", "/", "-rw-r--r--   1 ftp ftp   6 Jan 01  2024 "
           "ação.txt\r\n".encode())
    c.body("RETR", "/ação.txt", b"acao\n")
    with FakeFTPD(c) as srv, tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "set timeout 5; open %s; ls; get a\udce7\udce3o.txt"
                     % srv.url], cwd=d, lang="pt_BR.ISO-8859-1", env=env)
        is_(r.rc, 0, "ISO-8859-1 locale, UTF-8 server: ls and get work")
        if r.rc:
            diag(r.err[-1500:])
        is_(read(os.path.join(d.encode(), b"a\xe7\xe3o.txt")), b"acao\n",
            "ISO-8859-1 locale, UTF-8 server: saved in Latin-1")
        ok("RETR ação.txt\r\n".encode() in srv.raw(),
           "ISO-8859-1 locale, UTF-8 server: RETR in UTF-8")


tap.main(main)
