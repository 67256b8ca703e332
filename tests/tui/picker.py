"""The site picker (issue 19): started with no host and a bookmark, the
screen opens the picker at once and says how to close it; typing
filters the list (case ignored); Enter connects to the bookmark (the
`open @NAME` command); a server connected to shows up next time as a
recent server (kept in $XDG_STATE_HOME/jangada/recent, mode 0600, never
with a password); Esc closes the picker, Ctrl-\\ and o open it again.

Against pyftpdlib serving the sample tree, at 80x24 and 160x48, in
English and Portuguese.
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
from tap import ok, is_, diag
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, languages

PT = "pt_BR.UTF-8"
WORDS = {
    "C.UTF-8": {"title": "Sites: bookmarks and recent servers",
                "close": "Esc: close", "recent": "(recent)",
                "nothing": "Nothing matches.", "connected": "connected",
                "delete": "Delete the bookmark %s?",
                "edit": "Edit a bookmark"},
    PT: {"title": "Sites: favoritos e servidores recentes",
         "close": "Esc: fecha", "recent": "(recente)",
         "nothing": "Nada confere.", "connected": "conectado",
         "delete": "Apagar o favorito %s?", "edit": "Editar um favorito"},
}


def home_with_bookmarks(port):
    home = workdir("tui-picker-home-")
    conf = os.path.join(home, ".config", "jangada")
    os.makedirs(conf)
    with open(os.path.join(conf, "bookmarks"), "wb") as f:
        f.write(b"PenguinPics ftp://127.0.0.1:%d/pub/linux/logos/\n" % port)
        f.write(b"elsewhere ftp://192.0.2.1:21/\n")
        # a name that is not UTF-8: drawn escaped
        f.write(b"odd\xff\x9b ftp://192.0.2.2/\n")
    os.chmod(os.path.join(conf, "bookmarks"), 0o600)
    return home


def env_for(home, lang_env):
    e = dict(lang_env or {})
    e.update({"HOME": home,
              "XDG_CONFIG_HOME": os.path.join(home, ".config"),
              "XDG_STATE_HOME": os.path.join(home, ".state")})
    return e


def run(w, h, lang, lang_env, srv):
    words = WORDS[lang]
    what = "%dx%d %s" % (w, h, lang)
    home = home_with_bookmarks(srv.port)
    env = env_for(home, lang_env)
    recent = os.path.join(home, ".state", "jangada", "recent")
    bmfile = os.path.join(home, ".config", "jangada", "bookmarks")
    with Screen([], w, h, lang=lang, env=env,
                cwd=workdir("tui-picker-")) as s:
        s.wait(words["title"], "%s: no host: the picker opens at once" % what)
        s.wait(words["close"], "%s: ... and says how to close it" % what)
        s.wait("PenguinPics", "%s: the bookmarks are listed" % what)
        s.wait("elsewhere", None)
        s.wait("odd\\xff\\x9b", "%s: a name from the file is drawn "
               "escaped" % what)
        s.text("PENG")
        ok(s.wait_gone("elsewhere", 5),
           "%s: typing filters the list (case ignored)" % what)
        s.wait("PenguinPics", None)
        s.text("zzz")
        s.wait(words["nothing"], "%s: a filter nothing matches" % what)
        s.keys("BSpace", "BSpace", "BSpace")
        s.wait("PenguinPics", "%s: Backspace widens the filter" % what)
        s.keys("Enter")
        ok(s.wait_gone(words["title"], 5), "%s: Enter closes it" % what)
        s.wait("%s anonymous@127.0.0.1" % words["connected"],
               "%s: Enter connects to the bookmark" % what, 15)
        s.wait("pictures/", "%s: in the bookmark's directory" % what)
        s.keys("C-\\")
        s.wait(words["title"], "%s: Ctrl-\\ opens the picker" % what)
        s.keys("Escape")
        ok(s.wait_gone(words["title"], 5), "%s: Esc closes it" % what)
        s.keys("o")
        s.wait(words["title"], "%s: o opens it too" % what)
        # Delete: asked, then bookmark del
        s.text("elsew")
        ok(s.wait_gone("PenguinPics", 5), None)
        s.keys("DC")
        s.wait(words["delete"] % "elsewhere",
               "%s: Delete asks first" % what)
        s.keys("y")
        s.wait(words["nothing"], "%s: the bookmark is gone" % what)
        ok("elsewhere" not in open(bmfile, errors="replace").read(),
           "%s: ... from the file too (bookmark del)" % what)
        # F4: the URL to edit, then bookmark add
        s.keys("C-u")
        s.wait("PenguinPics", None)
        s.text("Peng")
        s.keys("F4")
        s.wait(words["edit"], "%s: F4 edits the bookmark" % what)
        s.keys("C-u")
        s.text("ftp://127.0.0.1:%d/pub/" % srv.port)
        s.keys("Enter")
        s.wait(re.compile(r"PenguinPics\s+ftp://127\.0\.0\.1:%d/pub/\s"
                          % srv.port), "%s: the new URL is listed" % what)
        ok(re.search(r"(?m)^PenguinPics ftp://127\.0\.0\.1:%d/pub/$"
                     % srv.port, open(bmfile, errors="replace").read()) is not None,
           "%s: ... and saved (bookmark add)" % what)
        s.keys("Escape")
        ok(s.wait_gone(words["title"], 5), "%s: and closes again" % what)
        s.quit(what)
    ok(os.path.exists(recent), "%s: the recent servers file" % what)
    if os.path.exists(recent):
        is_(stat.S_IMODE(os.stat(recent).st_mode), 0o600,
            "%s: ... of mode 0600" % what)
        is_(open(recent).read(), "ftp://127.0.0.1:%d\n" % srv.port,
            "%s: ... names the server" % what)
    # the next start: the recent server is offered; Enter connects to it
    with Screen([], w, h, lang=lang, env=env,
                cwd=workdir("tui-picker-")) as s:
        s.wait(words["title"], None)
        s.wait(words["recent"], "%s: a recent server is offered" % what)
        s.wait(re.compile(r"ftp://127\.0\.0\.1:%d\s" % srv.port), None)
        s.text("%d" % srv.port)
        s.keys("End", "Enter")
        s.wait("%s anonymous@127.0.0.1" % words["connected"],
               "%s: Enter on it connects" % what, 15)
        s.wait("pub", None)
        s.quit(what)


def password_never_kept(srv):
    """A login with a password: the recent file names the user only."""
    home = home_with_bookmarks(srv.port)
    env = env_for(home, None)
    url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password, srv.port)
    with Screen([url], 80, 24, env=env, cwd=workdir("tui-picker-")) as s:
        s.wait("connected %s@127.0.0.1" % srv.user, "login with a password",
               15)
        s.quit("password")
    text = open(os.path.join(home, ".state", "jangada", "recent")).read()
    is_(text, "ftp://%s@127.0.0.1:%d\n" % (srv.user, srv.port),
        "the recent file names the user, never the password")
    ok(srv.password not in text, "no password in it")


def main():
    need_jangada()
    langs = languages()
    root = sampletree.shared()
    with PyFtpd(root) as srv:
        for w, h in ((80, 24), (160, 48)):
            for lang, e in langs:
                run(w, h, lang, e, srv)
        password_never_kept(srv)


tap.main(main)
