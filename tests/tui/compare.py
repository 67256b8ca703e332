"""compare in the panes and synchronized browsing (issue 17).

- = (the compare command) against pyftpdlib: every kind of difference
  gets its letter in both panes (+ only here, > newer here, < newer
  there, ! another size; the same file none), at 80x24 and 160x48, in
  English and in Portuguese, with colours and with NO_COLOR (the letter
  column alone tells them apart, and not one colour escape is sent).
- The differences are marked: F5 in the local pane then uploads exactly
  the files only here, newer here or of another size (seen on the
  server's disk), nothing else.
- While compared, a refresh compares again (a new file's letter, no
  mark; the marks stay); = again takes the letters off.
- With a filter, compare marks only what the filter shows.
- Ctrl-Y (set sync-browse on): lcd into a directory both sides have
  takes the remote pane there, cd the local one; Backspace and lcd ..
  bring both back; lcd into one
  the server lacks says so on the message line and browsing goes on;
  cd into one only the server has says the local side lacks it; lcd
  above the roots is said and not followed; Ctrl-Y again turns it off.
"""

import os
import re
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada
from fakeftpd import FakeFTPD

T = 1705312800          # 2024-01-15 10:00:00 UTC, a whole minute

COLOR = re.compile(r"\x1b\[(?:[0-9]+;)*(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])"
                   r"(?:;[0-9]+)*m")


def put(path, data, t):
    with open(path, "w") as f:
        f.write(data)
    os.utime(path, (t, t))


def tree(rdir, ldir):
    """Both sides: each kind of difference once, and the same file."""
    for d in (os.path.join(rdir, "common", "sub"), os.path.join(rdir, "rdir"),
              os.path.join(ldir, "common", "sub"), os.path.join(ldir, "ldir")):
        os.makedirs(d, exist_ok=True)
    put(os.path.join(ldir, "ldir", "inside.txt"), "in ldir\n", T)
    put(os.path.join(ldir, "only_local.txt"), "L\n", T)
    put(os.path.join(rdir, "only_remote.txt"), "R\n", T)
    put(os.path.join(ldir, "newer_local.txt"), "new local\n", T + 3600)
    put(os.path.join(rdir, "newer_local.txt"), "old remote\n", T)
    put(os.path.join(ldir, "newer_remote.txt"), "old local\n", T)
    put(os.path.join(rdir, "newer_remote.txt"), "new remote\n", T + 3600)
    put(os.path.join(ldir, "size.txt"), "short\n", T)
    put(os.path.join(rdir, "size.txt"), "much longer\n", T)
    put(os.path.join(ldir, "same.txt"), "same\n", T)
    put(os.path.join(rdir, "same.txt"), "same\n", T)


def read(path):
    try:
        with open(path) as f:
            return f.read()
    except OSError:
        return None


def start(srv, ldir, w, h, lang="C.UTF-8", env=None):
    url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password, srv.port)
    e = {"NO_COLOR": None}
    e.update(env or {})
    s = Screen([url], w, h, cwd=ldir, lang=lang, env=e)
    if s.wait(re.compile(r"(connected|conectado) %s@127\.0\.0\.1" %
                         srv.user), None, 15) is None or \
            s.wait("only_local.txt", None, 10) is None:
        s.close()
        return None
    for _ in range(20):
        s.command("cd c")
        if s.waits("only_remote.txt", 1):
            break
    return s


def letters(srv, ldir, name, w, h, lang, env=None, mono=False, copy=False,
            refresh=False):
    s = start(srv, ldir, w, h, lang, env)
    if s is None:
        ok(False, "%s: connected" % name)
        return
    with s:
        s.keys("=")
        s.wait("s\u00f3 local 2" if lang.startswith("pt") else
               "only local 2", "%s: compare says the counts" % name)
        screen = s.settle(0.5)
        for token, what in (("*+only_local.txt", "only local: + in the local pane, marked"),
                            ("*+only_remote.txt", "only remote: + in the remote pane, "
                             "marked"),
                            ("*+ldir/", "a directory only local, marked"),
                            ("*+rdir/", "a directory only remote, marked"),
                            ("*>newer_local.txt", "newer local: > in the local pane, "
                             "marked"),
                            (" <newer_local.txt", "... < in the remote pane, unmarked"),
                            ("*>newer_remote.txt", "newer remote: > in the remote pane, "
                             "marked"),
                            (" <newer_remote.txt", "... < in the local pane, unmarked"),
                            ("*!size.txt", "another size: !, marked")):
            ok(token in screen, "%s: %s (%r)" % (name, what, token))
        is_(screen.count("*!size.txt"), 2,
            "%s: another size: ! in both panes" % name)
        ok(re.search(r"[*+<>!]same\.txt", screen) is None and
           "  same.txt" in screen, "%s: the same file: no letter, no mark"
           % name)
        ok(re.search(r"[*+<>!]common/", screen) is None,
           "%s: a directory on both sides: no letter" % name)
        raw = s.capture(escapes=True)
        if mono:
            is_(COLOR.findall(raw), [], "%s: no colour escape at all" %
                name)
        else:
            ok(re.search(r"\x1b\[[0-9;]*38;5;203[0-9;]*m!", raw) or
               re.search(r"38;5;203m[^\x1b]*!", raw),
               "%s: ! in the colour of another size" % name)
        if refresh:
            # a new local file, the local pane refreshed: compared again,
            # its letter without a mark (the marks stay the user's)
            put(os.path.join(ldir, "fresh.txt"), "f\n", T)
            s.keys("Tab")
            time.sleep(0.3)
            s.keys("r")
            s.wait(" +fresh.txt", "%s: a refresh compares again: the "
                   "new file gets + and no mark" % name)
            ok("*+only_local.txt" in s.capture(),
               "%s: the marks stay" % name)
            s.keys("=")
            s.wait("Compara\u00e7\u00e3o desligada" if lang.startswith("pt")
                   else "Compare off", "%s: = again: off" % name)
            screen = s.settle(0.3)
            ok(re.search(r"[+<>!](only_local|newer_local|size)", screen)
               is None and "*only_local.txt" in screen,
               "%s: the letters go, the marks stay" % name)
        if copy:
            s.command("set overwrite overwrite")
            # the remote pane has the focus: Tab to the local one, F5
            s.keys("Tab")
            time.sleep(0.3)
            s.keys("F5")
            rdir = os.path.join(srv.write_dir, "c")
            deadline = time.time() + 15
            while time.time() < deadline and not (
                    read(os.path.join(rdir, "only_local.txt")) == "L\n" and
                    read(os.path.join(rdir, "size.txt")) == "short\n" and
                    read(os.path.join(rdir, "newer_local.txt")) ==
                    "new local\n" and
                    read(os.path.join(rdir, "ldir", "inside.txt")) ==
                    "in ldir\n"):
                time.sleep(0.2)
            is_([read(os.path.join(rdir, n)) for n in
                 ("only_local.txt", "newer_local.txt", "size.txt",
                  "ldir/inside.txt")],
                ["L\n", "new local\n", "short\n", "in ldir\n"],
                "%s: F5 uploaded what is only here, newer here, of "
                "another size" % name)
            is_([read(os.path.join(rdir, n)) for n in
                 ("newer_remote.txt", "same.txt", "only_remote.txt")],
                ["new remote\n", "same\n", "R\n"],
                "%s: and nothing else" % name)
            is_(int(os.stat(os.path.join(rdir, "same.txt")).st_mtime), T,
                "%s: the same file was not sent again" % name)
        s.quit(name)


def filtered(srv, ldir):
    """With a filter in the local pane, compare marks only what it shows."""
    name = "filtered"
    s = start(srv, ldir, 120, 30)
    if s is None:
        ok(False, "%s: connected" % name)
        return
    with s:
        s.keys("Tab")
        s.keys("/")
        s.text("newer")
        s.keys("Enter")
        s.wait("/newer", None)
        s.keys("=")
        s.wait("only local 2", "%s: compared" % name)
        s.keys("Escape")            # the filter goes, the marks stay
        s.wait(" +only_local.txt", "%s: a difference the filter hid: "
               "its letter, no mark" % name)
        screen = s.capture()
        ok("*>newer_local.txt" in screen and "*+only_remote.txt" in screen,
           "%s: what it showed is marked, and the other pane's" % name)
        s.quit(name)


def zone():
    """The listing three hours ahead of MDTM (UTC): zoned.txt has the
    MDTM's time here, sized.txt that time and another size."""
    name = "zone"
    # recent: a LIST time of day (its year is guessed: this one)
    t = (int(time.time()) - 3 * 86400) // 60 * 60 + 17
    lst = time.strftime("%b %d %H:%M", time.gmtime(t + 3 * 3600))
    case = ("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM\n"
            "MDTMTIME %s\n" % time.strftime("%Y%m%d%H%M%S", time.gmtime(t)) +
            "BODY RETR \"/zoned.txt\" 0123456789\n"
            "BODY RETR \"/sized.txt\" 01234\n"
            "BODY LIST -rw-r--r-- 1 u g 10 %s zoned.txt\\r\\n"
            "-rw-r--r-- 1 u g 5 %s sized.txt\\r\\n"
            "lrwxrwxrwx 1 u g 9 %s rlink.txt -> zoned.txt\\r\\n\n"
            % (lst, lst, lst))
    ldir = workdir("tui-compare-zone-")
    put(os.path.join(ldir, "zoned.txt"), "0123456789", t)
    put(os.path.join(ldir, "sized.txt"), "0123456", t)
    os.symlink("zoned.txt", os.path.join(ldir, "llink.txt"))
    with FakeFTPD(case) as srv:
        s = Screen(["ftp://u:p@127.0.0.1:%d/" % srv.port], 100, 30,
                   cwd=ldir, env={"NO_COLOR": "1"})
        with s:
            if s.wait(re.compile(r"connected u@127\.0\.0\.1"), None,
                      15) is None or s.wait("zoned.txt", None, 10) is None:
                ok(False, "%s: connected" % name)
                return
            s.keys("=")
            s.wait("another size 1, the same 1",
                   "%s: compare's counts: zoned.txt the same" % name)
            screen = s.settle(0.5)
            ok(re.search(r"[<>]zoned\.txt", screen) is None and
               screen.count("  zoned.txt") == 2,
               "%s: zoned.txt: no letter in either pane" % name) or \
                diag(screen)
            is_(screen.count("*!sized.txt"), 2,
                "%s: sized.txt: another size, marked" % name)
            ok(" @llink.txt" in screen and " @rlink.txt" in screen,
               "%s: a link on either side: @, not marked" % name)
            s.keys("r")
            time.sleep(1)
            screen = s.settle(0.5)
            ok(re.search(r"[<>]zoned\.txt", screen) is None and
               screen.count("!sized.txt") == 2,
               "%s: a refresh compares again with the zone" % name) or \
                diag(screen)
            s.quit(name)
        cmds = srv.commands()
        is_(len([c for c in cmds if c.startswith("MDTM")]), 1,
            "%s: one MDTM" % name)
        ok(len([c for c in cmds if c.startswith("LIST")]) >= 2,
           "%s: the refresh listed again" % name)


WORDS = {
    "en": {"on": "Synchronized browsing on", "off": "Synchronized browsing off",
           "remote": "remote", "rno": "the remote side has no ldir",
           "lno": "the local side has no rdir",
           "out": "outside where it started; the other side stays"},
    "pt": {"on": "Navega\u00e7\u00e3o sincronizada ligada",
           "off": "Navega\u00e7\u00e3o sincronizada desligada",
           "remote": "remoto", "rno": "o lado remoto n\u00e3o tem ldir",
           "lno": "o lado local n\u00e3o tem rdir",
           "out": "fora de onde come\u00e7ou; o outro lado fica"},
}


def sync(srv, ldir, w, h, lang):
    name = "sync-browse %dx%d %s" % (w, h, lang[:5])
    words = WORDS["pt" if lang.startswith("pt") else "en"]
    s = start(srv, ldir, w, h, lang)
    if s is None:
        ok(False, "%s: connected" % name)
        return
    with s:
        s.keys("C-y")
        s.wait(words["on"], "%s: Ctrl-Y turns it on" % name)
        s.wait("PASV  SYNC", "%s: the status line says SYNC" % name)
        s.command("lcd common")
        s.wait(re.compile(r"/c/common\b"),
               "%s: lcd common: the remote pane follows" % name)
        s.command("cd sub")
        s.wait(re.compile(r"/common/sub \u2500*\u2510"),
               "%s: cd sub: the local pane follows" % name)
        s.keys("Tab")
        time.sleep(0.3)
        s.keys("BSpace")
        s.wait(re.compile(words["remote"] + r": \S*/c/common "),
               "%s: Backspace in the local pane: the remote pane goes up "
               "too" % name)
        s.command("lcd ..")
        s.wait(re.compile(words["remote"] + r": \S*/c "),
               "%s: back at the roots" % name)
        s.command("lcd ldir")
        s.wait(words["rno"],
               "%s: a directory the server lacks is said" % name)
        ok(s.waits(re.compile(r"/ldir \u2500*\u2510"), 2),
           "%s: and browsing goes on" % name)
        s.command("lcd ..")
        time.sleep(0.5)
        s.command("cd rdir")
        s.wait(words["lno"],
               "%s: a directory only the server has is said" % name)
        # (no Esc after it: the message comes at once, Esc would clear it)
        s.keys(":")
        s.text("lcd ..")
        s.keys("Enter")
        s.wait(words["out"],
               "%s: lcd out of the roots: said, nothing follows" % name)
        ok(s.waits(re.compile(words["remote"] + r": \S*/c/rdir "), 2),
           "%s: the remote pane stays where it was" % name)
        s.keys("Escape")
        s.keys("C-y")
        s.wait(words["off"], "%s: Ctrl-Y again: off" % name)
        ok(s.wait_gone("PASV  SYNC", 5),
           "%s: SYNC leaves the status line" % name)
        s.quit(name)


def main():
    need_jangada()
    zone()
    root = workdir("tui-compare-root-")
    with PyFtpd(root) as srv:
        rdir = os.path.join(srv.write_dir, "c")
        for i, (w, h, lang, env, mono, copy) in enumerate((
                (80, 24, "C.UTF-8", None, False, True),
                (160, 48, "C.UTF-8", {"NO_COLOR": "1"}, True, False),
                (80, 24, "pt_BR.UTF-8", {"NO_COLOR": "1"}, True, False),
                (160, 48, "pt_BR.UTF-8", None, False, False))):
            ldir = workdir("tui-compare-%d-" % i)
            if os.path.isdir(rdir):
                shutil.rmtree(rdir)
            tree(rdir, ldir)
            letters(srv, ldir, "%dx%d %s%s" % (w, h, lang[:5],
                    " NO_COLOR" if mono else ""), w, h, lang, env, mono,
                    copy, refresh=i == 3)
        ldir = workdir("tui-compare-filter-")
        shutil.rmtree(rdir)
        tree(rdir, ldir)
        filtered(srv, ldir)
        for w, h, lang in ((120, 30, "C.UTF-8"), (160, 48, "pt_BR.UTF-8")):
            ldir = workdir("tui-compare-sync-")
            shutil.rmtree(rdir)
            tree(rdir, ldir)
            sync(srv, ldir, w, h, lang)


if __name__ == "__main__":
    tap.main(main)
