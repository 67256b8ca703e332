"""The columns option and the permissions dialog (issue 19).

pyftpdlib serves a writable home (user jangada, MLSD with unix.mode and
unix.uid); the local directory holds a file of its own.
- `set columns +perm,+owner`: at 160x48 the rows show the permissions
  (-rw-r--r--) and the owner; at 80x24 they are dropped (a narrow pane
  keeps the name's room); no row is ever wider than the screen;
- `set columns time-exact,perm`: at 160x48 the time has its seconds
  (MLSD gives them), at 80x24 the size and the time go and the
  permissions stay; `show columns` says name,time-exact,perm;
- a bad list is refused with the words to give;
- m on the remote file opens the dialog (nine boxes, the octal value);
  600 and Enter run chmod (SITE CHMOD): the server's file is 0600 and the
  row shows -rw-------;
- m on the local file, Right Right Space (the owner's execute box) and
  Enter run lchmod: the file is 0744;
- the dialog names its keys as the help does (Space / Espaço).
At 80x24 and 160x48, in English and (when the locale is there)
Portuguese.
"""

import os
import re
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
import i18nlib
from tap import ok, diag
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, disp_width, languages

PT = "pt_BR.UTF-8"
WORDS = {
    "C.UTF-8": {"remote": "Remote permissions", "local": "Local permissions",
                "space": "Space: on/off", "help": "Space, Insert",
                "esc": "Esc: cancel"},
    PT: {"remote": "Permissões remotas", "local": "Permissões locais",
         "space": "Espaço: liga/desliga", "help": "Espaço, Insert",
         "esc": "Esc: cancela"},
}


def mode(path):
    return stat.S_IMODE(os.stat(path).st_mode)


def wait_mode(path, want, timeout=8.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if mode(path) == want:
            return True
        time.sleep(0.1)
    return False


def widths_ok(s, w):
    return all(disp_width(l) <= w for l in s.lines())


def run(w, h, lang):
    what = "%dx%d %s" % (w, h, lang)
    words = WORDS[lang]
    root = workdir("tui-cols-")
    home = workdir("tui-colsh-")
    rfile = os.path.join(home, "aaa-remote.txt")
    with open(rfile, "w") as f:
        f.write("remote\n")
    os.chmod(rfile, 0o644)
    dl = workdir("tui-colsl-")
    lfile = os.path.join(dl, "aaa-local.txt")
    with open(lfile, "w") as f:
        f.write("local\n")
    os.chmod(lfile, 0o644)
    with PyFtpd(root, write_dir=home) as srv, \
            Screen([], w, h, cwd=dl, lang=lang,
                   env=i18nlib.env() if lang == PT else None) as s:
        s.keys(":")
        s.text("open ftp://%s@127.0.0.1:%d/" % (srv.user, srv.port))
        s.keys("Enter")
        if not s.waits("%s@127.0.0.1" % srv.user, 10):
            ok(False, "%s: the password dialog" % what)
            diag(s.capture())
            return
        time.sleep(0.3)
        s.text(srv.password)
        s.keys("Enter")
        s.keys("Escape")
        if s.wait("aaa-remote.txt", "%s: the home is listed" % what,
                  15) is None:
            return
        # the columns
        s.command("set columns +perm,+owner")
        time.sleep(0.6)
        row = s.row("aaa-remote.txt") or ""
        if w >= 160:
            ok("-rw-r--r--" in row and re.search(r"-rw-r--r-- +\S+", row),
               "%s: +perm,+owner: the permissions and the owner show" %
               what)
        else:
            ok("-rw-r--r--" not in row,
               "%s: +perm,+owner: a narrow pane drops them" % what)
        ok(widths_ok(s, w), "%s: no row wider than the screen" % what)
        s.command("set columns time-exact,perm")
        time.sleep(0.6)
        row = s.row("aaa-remote.txt") or ""
        if w >= 160:
            ok(re.search(r"\d\d:\d\d:\d\d +-rw-r--r--", row),
               "%s: time-exact shows the seconds" % what)
        else:
            ok("-rw-r--r--" in row and "B " not in row,
               "%s: time-exact,perm: the permissions stay, the time goes"
               % what)
        if not ok(widths_ok(s, w), "%s: no row wider than the screen" %
                  what):
            diag(s.capture())
        s.command("show columns")
        s.wait("columns name,time-exact,perm", "%s: show columns" % what)
        s.command("set columns bogus")
        s.wait("time-exact, perm, owner", "%s: a bad list is refused" %
               what)
        s.command("set columns +perm")
        time.sleep(0.4)
        # the remote permissions dialog
        s.keys("Home", "m")
        if s.wait(words["remote"], "%s: m opens the remote dialog" %
                  what) is None:
            return
        screen = s.capture()
        ok("[x]" in screen and "[ ]" in screen and "644" in screen,
           "%s: the boxes and the octal value" % what)
        ok(words["space"] in screen,
           "%s: the dialog names Space as the help does" % what)
        ok(words["esc"] in screen, "%s: its key line is whole, not cut "
           "(%s)" % (what, words["esc"]))
        s.text("600")
        time.sleep(0.2)
        s.keys("Enter")
        ok(wait_mode(rfile, 0o600), "%s: chmod 600 ran (SITE CHMOD): the "
           "file is %o" % (what, mode(rfile)))
        if w >= 160:
            s.wait("-rw-------", "%s: the row shows -rw-------" % what)
        # the local one
        s.keys("Tab", "Home", "Down", "m")
        if s.wait(words["local"], "%s: m opens the local dialog" %
                  what) is None:
            return
        s.keys("Right", "Right", "Space")
        time.sleep(0.2)
        s.wait("744", "%s: the owner's execute box: 744" % what)
        s.keys("Enter")
        ok(wait_mode(lfile, 0o744), "%s: lchmod 744 ran: the file is %o"
           % (what, mode(lfile)))
        # the help names the key as the dialog did
        s.keys("?")
        seen = False
        for _ in range(8):
            if s.waits(words["help"], 1):
                seen = True
                break
            s.keys("PageDown")
        ok(seen, "%s: the help names Space alike" % what)
        s.keys("q")
        time.sleep(0.3)
        s.quit(what)


def main():
    need_jangada()
    langs = languages()
    for w, h in ((80, 24), (160, 48)):
        for lang, _ in langs:
            run(w, h, lang)


tap.main(main)
