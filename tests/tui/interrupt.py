"""Interruption and quitting on the screen (issue 12).

A fake server lists a small root holding "many/", whose listing comes
one byte per write (minutes long). Enter on many/ starts the load; Ctrl-C
stops it: the screen says "interrupted", the program stays, and the next
command works (Backspace lists the root again). Esc does the same. At
80x24 and 160x48, in English and in Portuguese.

Quitting asks when something would be lost: the typed ":quit" with a
transfer running (a download the fake server stalls), and "q" and ":quit"
with a console session open; "n" keeps the program, "y" quits cleanly.
"""

import os
import re
import socket
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "i18n"))

import tap
from tap import ok, diag, skip
from fakeftpd import FakeFTPD
from servers import workdir
from tuitest import Screen, need_jangada

MANY = 3000


def case_text():
    d = workdir("tui-intr-")
    root = os.path.join(d, "root.txt")
    with open(root, "w") as f:
        f.write("drwxr-xr-x    2 ftp      ftp         4096 Jan 01  2024 "
                "many\r\n")
        f.write("-rw-r--r--    1 ftp      ftp           10 Jan 01  2024 "
                "small.txt\r\n")
    many = os.path.join(d, "many.txt")
    with open(many, "w") as f:
        for i in range(MANY):
            f.write("-rw-r--r--    1 ftp      ftp     %8d Jan 01  2024 "
                    "entry-%06d.dat\r\n" % (i, i))
    return ("FEATURES EPSV,PASV,SIZE,MDTM,UTF8\n"
            "SLOWDOWNDATA 0.004\n"
            "BODYFILE LIST %s\n"
            "BODYFILE LIST \"/many\" %s\n"
            "BODYFILE LIST \"many\" %s\n" % (root, many, many))


def still_running(s, what):
    time.sleep(0.8)
    ok(s.wait_exit(0.1) is None, "%s: the program is still running" % what)


def stop_load(srv, w, h, lang, env, words):
    what = "%dx%d %s" % (w, h, lang)
    with Screen(["127.0.0.1", srv.port], w, h, lang=lang, env=env,
                cwd=workdir("tui-intrdl-")) as s:
        if s.wait("small.txt", "%s: the root is listed" % what, 20) is None:
            diag(srv.log())
            return
        for key in ("C-c", "Escape"):
            s.keys("Home", "Enter")
            if s.wait(words["loading"], "%s: many/ is loading" % what,
                      10) is None:
                continue
            time.sleep(0.5)
            s.keys(key)
            s.wait(words["interrupted"],
                   "%s: %s says the load was interrupted" % (what, key))
            still_running(s, "%s: after %s" % (what, key))
            s.keys("BSpace")
            s.wait(re.compile(r"many/.*\n(.*\n)*.*small\.txt"),
                   "%s: after %s the next command works (the root is "
                   "listed again)" % (what, key), 15)
        s.quit(what)


class Listener:
    """A TCP port that accepts and stays silent."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.port = self.sock.getsockname()[1]

    def close(self):
        self.sock.close()


def quit_console(w, h, lang, env, words):
    what = "%dx%d %s" % (w, h, lang)
    lis = Listener()
    try:
        with Screen([], w, h, lang=lang, env=env,
                    cwd=workdir("tui-intrcon-")) as s:
            s.wait(words["notconn"], "%s: started" % what)
            s.command("tcp connect 127.0.0.1 %d" % lis.port)
            s.wait("[console]", "%s: a console session is open" % what)
            s.keys("Escape", "Tab")
            time.sleep(0.3)
            s.keys("q")
            s.wait(words["console"], "%s: q asks with a console session "
                   "open" % what)
            s.keys("n")
            still_running(s, "%s: q, n" % what)
            s.keys(":")
            s.text("quit")
            s.keys("Enter")
            s.wait(words["console"], "%s: :quit asks with a console "
                   "session open" % what)
            s.quit(what, keys=("y",))
    finally:
        lis.close()


def quit_transfer(w, h):
    what = "%dx%d" % (w, h)
    case = ("FEATURES EPSV,PASV,SIZE,MDTM,UTF8\n"
            "BODY LIST -rw-r--r--    1 ftp  ftp  1000000 Jan 01  2024 "
            "big.bin\\r\\n\n"
            "BODYRANDOM RETR 1000000 7\n"
            "STALL RETR 1000\n")
    dl = workdir("tui-intrq-")
    with FakeFTPD(case) as srv, \
            Screen(["127.0.0.1", srv.port], w, h, cwd=dl) as s:
        if s.wait("big.bin", "%s: listed" % what, 15) is None:
            diag(srv.log())
            return
        s.keys("Home", "Enter")
        s.wait(re.compile(r"1 active"), "%s: the download runs" % what, 15)
        s.keys(":")
        s.text("quit")
        s.keys("Enter")
        s.wait("Quit and stop it?", "%s: :quit asks while a transfer "
               "runs" % what)
        s.keys("n")
        still_running(s, "%s: :quit, n" % what)
        s.keys("Escape")
        s.quit(what, keys=("F10",), answer="y")
        ok(not os.path.exists(os.path.join(dl, "big.bin")),
           "%s: the unfinished file was not put in place" % what)


EN = {"loading": "loading...", "interrupted": "interrupted",
      "console": "Quit and close it?", "notconn": "not connected"}
PTW = {"loading": "carregando...", "interrupted": "interrompido",
       "console": "Sair e fech", "notconn": "conectado"}


def main():
    need_jangada()
    with FakeFTPD(case_text()) as srv:
        for w, h in ((80, 24), (160, 48)):
            stop_load(srv, w, h, "C.UTF-8", None, EN)
        try:
            import i18nlib
            i18nlib.need_locale(i18nlib.PT)
            env = i18nlib.env()
        except tap.Skip as e:
            skip(str(e), 9)
            env = None
        if env is not None:
            stop_load(srv, 80, 24, i18nlib.PT, env, PTW)
    for w, h in ((80, 24), (160, 48)):
        quit_console(w, h, "C.UTF-8", None, EN)
    if env is not None:
        quit_console(80, 24, i18nlib.PT, env, PTW)
    quit_transfer(80, 24)
    quit_transfer(160, 48)


tap.main(main)
