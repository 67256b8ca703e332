"""The user's keys (issue 19): `bind KEY ACTION` lines of the config file
remap keys, each bad line reported as FILE:LINE: message while the rest
still loads; the help overlay and `jangada --dump-keys` show the key as
bound. `set arrow-nav off` leaves Right and Left to nothing in a file
pane; on, Right enters a directory and Left goes up.

No server: the local pane of a directory with sub/. At 80x24 and 160x48,
in English and in Portuguese.
"""

import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from servers import workdir
from tuitest import Screen, need_jangada, languages

PT = "pt_BR.UTF-8"
CLEANUP = []
WORDS = {
    "C.UTF-8": {"picker": "Sites: bookmarks and recent servers",
                "badkey": "unknown key name: Hyper-Q",
                "badact": "unknown action: teleport",
                "help": "jangada help",
                "pickhelp": "the site picker"},
    PT: {"picker": "Sites: favoritos e servidores recentes",
         "badkey": "nome de tecla desconhecido: Hyper-Q",
         "badact": "ação desconhecida: teleport",
         "help": "ajuda do jangada",
         "pickhelp": "o seletor de sites"},
}

CONFIG = ("# keys\n"
          "bind F12 picker\n"
          "bind Hyper-Q help\n"
          "bind F5 teleport\n"
          "set arrow-nav off\n")


def home_with_config():
    """A home, and a config directory of a short path (the messages
    that name it fit in the protocol pane at 80 columns)."""
    home = workdir("tui-bind-home-")
    xdg = tempfile.mkdtemp(prefix="jkb", dir="/tmp")
    CLEANUP.append(xdg)
    os.makedirs(os.path.join(xdg, "jangada"))
    path = os.path.join(xdg, "jangada", "config")
    with open(path, "w") as f:
        f.write(CONFIG)
    return home, xdg, path


def run(w, h, lang, lang_env):
    words = WORDS[lang]
    what = "%dx%d %s" % (w, h, lang)
    home, xdg, conf = home_with_config()
    d = workdir("tui-bind-")
    os.makedirs(os.path.join(d, "sub"))
    with open(os.path.join(d, "sub", "inner.dat"), "w") as f:
        f.write("x\n")
    env = dict(lang_env or {})
    env.update({"HOME": home, "XDG_CONFIG_HOME": xdg})
    with Screen([], w, h, lang=lang, env=env, cwd=d) as s:
        s.wait("sub/", None)
        s.keys("p")
        s.wait("%s:3: %s" % (conf, words["badkey"]),
               "%s: a bad key name, with file and line" % what)
        s.wait("%s:4: %s" % (conf, words["badact"]),
               "%s: an unknown action, with file and line" % what)
        s.keys("F12")
        s.wait(words["picker"], "%s: the good binding works (F12)" % what)
        s.keys("Escape")
        ok(s.wait_gone(words["picker"], 5), "%s: Esc closes the picker" % what)
        s.keys("?")
        s.wait(words["help"], None)
        s.wait(re.compile(r"Ctrl-\\, o, F12\s+%s" % words["pickhelp"]),
               "%s: the help shows the user's key" % what)
        s.keys("q")
        ok(s.wait_gone(words["help"], 5), "%s: q closes the help" % what)
        # arrow-nav off: Right on sub/ does nothing
        s.keys("Tab", "Home", "Down", "Right")
        time.sleep(0.8)
        ok("inner.dat" not in s.capture(),
           "%s: arrow-nav off: Right does not enter" % what)
        s.command("set arrow-nav on")
        s.keys("Home", "Down", "Right")
        s.wait("inner.dat", "%s: arrow-nav on: Right enters" % what)
        s.keys("Left")
        ok(s.wait_gone("inner.dat", 5), "%s: ... and Left goes up" % what)
        s.quit(what)


def dump_keys():
    home, xdg, conf = home_with_config()
    r = jangada(["--dump-keys"], home=home, env={"XDG_CONFIG_HOME": xdg})
    is_(r.rc, 0, "--dump-keys with a config runs")
    like(r.out, re.compile(r"^panes\tCtrl-\\, o, F12\t", re.M),
         "--dump-keys shows the user's binding")
    like(r.err, re.compile(r"config:3: unknown key name: Hyper-Q"),
         "--dump-keys reports the bad key with file:line")
    like(r.err, re.compile(r"config:4: unknown action: teleport"),
         "--dump-keys reports the bad action with file:line")
    r = jangada(["-n", "--dump-keys"], home=home,
                env={"XDG_CONFIG_HOME": xdg})
    ok(r.rc == 0 and "F12" not in r.out and r.err == "",
       "-n --dump-keys: the table alone")


def main():
    need_jangada()
    try:
        dump_keys()
    finally:
        for d in CLEANUP:
            shutil.rmtree(d, ignore_errors=True)
    langs = languages()
    try:
        for w, h in ((80, 24), (160, 48)):
            for lang, e in langs:
                run(w, h, lang, e)
    finally:
        for d in CLEANUP:
            shutil.rmtree(d, ignore_errors=True)


tap.main(main)
