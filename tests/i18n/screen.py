"""The screen in Portuguese and in English (issue 8).

jangada in a private tmux (tests/lib/tui.py through tests/tui/tuitest.py)
against pyftpdlib serving the sample tree. With LANG=pt_BR.UTF-8 and the
catalogue compiled from po/pt_BR.po: the status line, the tabs and the
empty transfers pane, a command-line error, a size with a decimal comma,
and the help overlay (?) with its headings, key helps and command helps.
With LANG=C the same places are in English, with a decimal point.
(tests/tui/lang.py checks that the screen works in both locales; this
test checks the words.)
"""

import os
import re
import sys

import tap
from tap import ok, like, diag
from i18nlib import PT, SRCDIR, need_locale, env
import sampletree
from servers import PyFtpd, workdir

sys.path.insert(0, os.path.join(SRCDIR, "tests", "tui"))
from tuitest import Screen, need_jangada  # noqa: E402

WORDS = {
    PT: {
        "connected": "conectado anonymous@127.0.0.1",
        "hint": "? ajuda",
        "tabs": "[transferências]",
        "tab2": "protocolo",
        "empty": "Nenhuma transferência. Marque arquivos com Espaço",
        "unknown": "comando desconhecido: frobnicate",
        "size": r"README +1,4 KiB",
        "help": "ajuda do jangada",
        "keys": "Teclas",
        "key help": "passa de um painel a outro",
        "footer": "q fecha",
        "command help": "muda o diretório remoto",
        "english": ("? help", "[transfers]", "No transfers", "Keys",
                    "move between the panes", "jangada help"),
    },
    "C": {
        "connected": "connected anonymous@127.0.0.1",
        "hint": "? help",
        "tabs": "[transfers]",
        "tab2": "protocol",
        "empty": "No transfers. Mark files with Space",
        "unknown": "unknown command: frobnicate",
        "size": r"README +1\.4 KiB",
        "help": "jangada help",
        "keys": "Keys",
        "key help": "move between the panes",
        "footer": "q close",
        "command help": "change the remote directory",
        "english": (),
    },
}


def screen_in(srv, lang):
    w = WORDS[lang]
    with Screen(["127.0.0.1", srv.port], 80, 24, lang=lang, env=env(),
                cwd=workdir("i18n-tui-")) as s:
        if s.wait(w["connected"], "%s: the status line: %s" %
                  (lang, w["connected"]), 15) is None:
            s.show(lang)
            return
        screen = s.settle()
        status = s.lines()[-2] if len(s.lines()) >= 2 else ""
        ok(w["hint"] in screen, "%s: the key hint %r" % (lang, w["hint"]))
        ok(w["tabs"] in screen and w["tab2"] in screen,
           "%s: the bottom tabs %s %s" % (lang, w["tabs"], w["tab2"]))
        ok(w["empty"] in screen, "%s: the empty transfers pane" % lang)
        bad = [e for e in w["english"] if e in screen]
        ok(not bad, "%s: no English on the first screen %s" % (lang, bad))
        if bad or w["hint"] not in screen:
            diag("status line: %r" % status)
        s.command("frobnicate")
        s.wait(w["unknown"], "%s: a command-line error: %s" %
               (lang, w["unknown"]))
        s.command("cd pub/linux")
        s.wait("INDEX", "%s: cd pub/linux" % lang)

        s.wait(re.compile(w["size"]), "%s: a size: %s" % (lang, w["size"]))
        s.keys("?")
        if s.wait(w["help"], "%s: ? opens %r" % (lang, w["help"])) is None:
            s.show(lang)
            return
        screen = s.settle()
        ok(w["keys"] in screen and w["key help"] in screen,
           "%s: the help overlay: %r, %r" % (lang, w["keys"], w["key help"]))
        ok(w["footer"] in screen, "%s: the overlay's footer: %r" %
           (lang, w["footer"]))
        bad = [e for e in w["english"] if e in screen]
        ok(not bad, "%s: no English in the help overlay %s" % (lang, bad))
        # the key table comes first, by context: a few pages down
        for _ in range(8):
            if w["command help"] in s.capture():
                break
            s.keys("PageDown")
            s.settle()
        ok(w["command help"] in s.capture(),
           "%s: the overlay's command helps: %r" % (lang, w["command help"]))
        s.keys("q")
        s.wait_gone(w["help"])
        s.show(lang)
        s.quit(lang)


def main():
    need_jangada()
    need_locale(PT)
    root = sampletree.shared()
    with PyFtpd(root) as srv:
        screen_in(srv, PT)
        screen_in(srv, "C")


tap.main(main)
