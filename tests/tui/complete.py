"""Tab on the command line, as issue 14 asks: a command's options
(`get -<Tab>` lists them), set's option values (`set overwrite <Tab>`),
bookmarks (`open @<Tab>`), and the first Tab in a remote directory not
listed yet: it lists it and completes by itself when the listing arrives
(no second Tab). Then, on the fake server, names that are shown escaped
(a Latin-1 caf\\xe9.txt, an ESC): Tab puts the escaped form on the line,
and `get` of it sends the name's exact bytes in RETR.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import sampletree
from fakeftpd import FakeFTPD
from jrun import jangada
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada

CASE = r"""
FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM
BODY LIST <<END
-rw-r--r--    1 ftp      ftp            12 Jan 01  2024 caf\xe9.txt
-rw-r--r--    1 ftp      ftp            11 Jan 01  2024 e\x1bx.txt
-rw-r--r--    1 ftp      ftp             6 Jan 01  2024 plain.txt
END
BODY RETR "/caf\xe9.txt" latin-1 me\n
BODY RETR "/e\x1bx.txt" escape me\n
"""


def line_is(s, text, name):
    return s.wait(re.compile(r"jangada> %s\s*$" % re.escape(text), re.M),
                  name)


def real(srv, home, dl):
    env = {"HOME": home, "XDG_STATE_HOME": os.path.join(home, ".local",
                                                        "state"),
           "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    r = jangada(["-c", "bookmark add kernel ftp://127.0.0.1:%d/; "
                 "bookmark add kermit ftp://127.0.0.1:%d/pub/" %
                 (srv.port, srv.port)], home=home)
    is_(r.rc, 0, "two bookmarks saved")
    with Screen(["127.0.0.1", srv.port], 100, 30, env=env, cwd=dl) as s:
        if s.wait("connected anonymous@127.0.0.1", "connected", 15) is None:
            return
        s.keys(":")
        s.wait("jangada>", "the command line")
        s.text("get -")
        s.keys("Tab")
        s.wait(re.compile(r"-R\s+-a\s+-b\s+-c\s+-o\s+-r"),
               "get -<Tab> lists get's options")
        s.keys("C-u")
        s.text("mget -R")
        s.keys("Tab")
        line_is(s, "mget -R", "mget -R<Tab> completes the option")
        is_(s.cursor()[0], len("jangada> mget -R "), "and adds a space")

        s.keys("C-u")
        s.text("set overwrite ")
        s.keys("Tab")
        s.wait(re.compile(r"ask\s+overwrite\s+rename\s+resume\s+skip"),
               "set overwrite <Tab> lists the values")
        s.text("ren")
        s.keys("Tab")
        line_is(s, "set overwrite rename", "set overwrite ren<Tab>")
        s.keys("C-u")
        s.text("set passive o")
        s.keys("Tab")
        s.wait(re.compile(r"off\s+on"), "a boolean: on and off")
        s.keys("C-u")
        s.text("set type b")
        s.keys("Tab")
        line_is(s, "set type binary", "set type b<Tab>")

        s.keys("C-u")
        s.text("open @")
        s.keys("Tab")
        s.wait(re.compile(r"jangada> open @ker\s*$", re.M),
               "open @<Tab>: the common part of the bookmarks")
        s.wait(re.compile(r"@kermit\s+@kernel|@kernel\s+@kermit"),
               "and the list of them")
        s.text("n")
        s.keys("Tab")
        line_is(s, "open @kernel", "open @kern<Tab> completes")

        s.keys("C-u")
        s.text("queue ca")
        s.keys("Tab")
        line_is(s, "queue cancel", "queue ca<Tab>: a subcommand")

        # one Tab in a directory never listed: it completes by itself
        s.keys("C-u")
        s.text("get pub/docs/dos")
        s.keys("Tab")
        line_is(s, "get pub/docs/dos-readme.txt",
                "the first Tab in an unlisted directory completes when the "
                "listing arrives")
        s.keys("C-u")
        s.text("cd pub/linux/lo")
        s.keys("Tab")
        line_is(s, "cd pub/linux/logos/", "and a directory, with its /")

        # local names complete in the app's local directory (after lcd)
        os.makedirs(os.path.join(dl, "loc", "subdir"), exist_ok=True)
        open(os.path.join(dl, "loc", "subdir", "lonely.txt"), "w").close()
        s.keys("C-u")
        s.text("lcd loc")
        s.keys("Enter")
        s.text("lls sub")
        s.keys("Tab")
        line_is(s, "lls subdir/", "after lcd, a local directory completes "
                "in the app's local directory")
        s.text("lon")
        s.keys("Tab")
        line_is(s, "lls subdir/lonely.txt", "and a local file below it")
        s.keys("C-u", "Escape")
        s.quit("real server")


def escaped(dl):
    with FakeFTPD(CASE) as srv, \
            Screen(["127.0.0.1", srv.port], 100, 30, cwd=dl) as s:
        if s.wait("plain.txt", "the fake listing is shown", 15) is None:
            diag(srv.log())
            return
        s.keys(":")
        s.wait("jangada>", "the command line")
        s.text("get caf")
        s.keys("Tab")
        # The server offers no UTF8 and its names are not UTF-8: with
        # charset auto they are CP1252, shown as UTF-8 (issue 15), and go
        # back to the server in its own bytes.
        line_is(s, "get caf\u00e9.txt",
                "Tab puts a Latin-1 name on the line as it is shown")
        s.keys("Enter")
        s.text("get e")
        s.keys("Tab")
        line_is(s, "get e\\x1bx.txt", "and a name with an ESC")
        s.keys("Enter")
        deadline = time.time() + 10
        while time.time() < deadline:
            raw = srv.raw()
            if b"RETR /e\x1bx.txt\r\n" in raw or b"RETR e\x1bx.txt\r\n" in raw:
                break
            time.sleep(0.2)
        raw = srv.raw()
        ok(re.search(rb"RETR (/)?caf\xe9\.txt\r\n", raw) is not None,
           "RETR carries the Latin-1 name's exact bytes")
        ok(re.search(rb"RETR (/)?e\x1bx\.txt\r\n", raw) is not None,
           "RETR carries the ESC name's exact bytes")
        if not ok(b"caf\\xe9" not in raw and b"e\\x1b" not in raw,
                  "the escaped form never reaches the server"):
            diag(repr(raw[-600:]))
        s.keys("C-u", "Escape")
        s.quit("fake server")


def main():
    need_jangada()
    root = sampletree.shared()
    home = workdir("tui-comp-home-")
    dl = workdir("tui-comp-")
    with PyFtpd(root) as srv:
        real(srv, home, dl)
    escaped(workdir("tui-comp-esc-"))


tap.main(main)
