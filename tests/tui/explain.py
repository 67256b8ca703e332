"""The protocol pane that teaches (issue 19): with explain on, a line of
meaning in the user's language under each command and reply.

pyftpdlib serves a small directory.
- batch: `set explain on; debug on; ls` puts the meaning under the
  transcript lines on stderr (USER, PASS, PASV/EPSV with the port of its
  reply, LIST, 150, 226), in English and in Portuguese; off, none;
- screen: p shows the protocol pane, e turns explain on (it runs
  `set explain on`), r lists again and the pane explains the new lines;
  e again stops it. At 80x24 and 160x48, in English and in Portuguese;
  the closing note shows the main screen with explain on at 160x48.
"""

import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
from tap import ok, like, diag
from servers import PyFtpd, workdir
from jrun import jangada
from tuitest import Screen, need_jangada, languages

PT = "pt_BR.UTF-8"
WORDS = {
    "C": {"list": "(LIST|MLSD): the directory listing",
          "150": "(150: the server opens the data connection|125: the "
                 "data connection is open already)",
          "226": "226: the transfer is complete",
          "port": r"(227: the server opened port (\d+) for the data; "
                  r"jangada connects there|229: the server opened port "
                  r"(\d+) for the data)",
          "user": "USER: the user name for the login"},
    PT: {"list": "(LIST|MLSD): a listagem do diretório",
         "150": "(150: o servidor abre a conexão de dados|125: a conexão "
                "de dados já está aberta)",
         "226": "226: a transferência terminou",
         "port": r"(227: o servidor abriu a porta (\d+) para os dados; "
                 r"o jangada conecta lá|229: o servidor abriu a porta "
                 r"(\d+) para os dados)",
         "user": "USER: o nome de usuário para o login"},
}


def reply_port(err):
    """The port of the 227 or 229 reply in a transcript."""
    m = re.search(r"<-+ 227 .*\((\d+),(\d+),(\d+),(\d+),(\d+),(\d+)\)", err)
    if m:
        return int(m.group(5)) * 256 + int(m.group(6))
    m = re.search(r"<-+ 229 .*\(\|\|\|(\d+)\|\)", err)
    return int(m.group(1)) if m else None


def batch(srv, lang, env):
    w = WORDS["C" if lang == "C" else PT]
    url = "ftp://127.0.0.1:%d/" % srv.port
    r = jangada(["-c", "set explain on; debug on; open %s; ls; close" % url],
                lang=lang, env=env)
    ok(r.rc == 0, "batch %s: runs" % lang)
    for k in ("user", "list", "150", "226"):
        like(r.err, w[k], "batch %s: %s explained" % (lang, k))
    m = re.search(w["port"], r.err)
    port = reply_port(r.err)
    ok(m is not None and port is not None and
       int(m.group(2) or m.group(3)) == port,
       "batch %s: the port said is the reply's (%r)" % (lang, port))
    if m is None:
        diag(r.err[-1500:])
    r = jangada(["-c", "debug on; open %s; ls; close" % url], lang=lang,
                env=env)
    ok(re.search(w["list"], r.err) is None and "--->" in r.err,
       "batch %s: explain off: none" %
           lang)


def screen(srv, wd, hg, lang, env):
    w = WORDS["C" if lang.startswith("C") else PT]
    what = "%dx%d %s" % (wd, hg, lang)
    with Screen(["127.0.0.1", srv.port], wd, hg, lang=lang, env=env,
                cwd=workdir("tui-explain-dl-")) as s:
        if s.wait("notes.txt", "%s: listed" % what, 15) is None:
            return
        s.keys("p")
        s.keys("Tab", "Tab")
        s.keys("e")
        s.keys("Tab")
        s.keys("r")
        s.wait(re.compile(w["list"]), "%s: e: the listing command is "
               "explained" % what)
        s.wait(re.compile(w["150"]), "%s: 150/125 is explained" % what)
        s.wait(w["226"], "%s: 226 is explained" % what)
        if wd == 160 and lang.startswith("C"):
            s.show("the main screen with explain on")
        s.keys("Tab", "Tab")
        s.keys("e")
        s.keys("End")
        s.keys("Tab")
        scr = s.settle(0.5)
        n = len(re.findall(w["list"], scr))
        s.keys("r")
        s.wait("notes.txt")
        scr = s.settle(1.0)
        ok(len(re.findall(w["list"], scr)) <= n,
           "%s: e again: no more explanations" % what)
        s.quit(what)


def main():
    need_jangada()
    d = workdir("tui-explain-")
    with open(os.path.join(d, "notes.txt"), "w") as f:
        f.write("notes\n")
    langs = languages()
    with PyFtpd(d) as srv:
        batch(srv, "C", None)
        if len(langs) > 1:
            batch(srv, PT, langs[1][1])
        for wd, hg in ((80, 24), (160, 48)):
            for lang, e in langs:
                screen(srv, wd, hg, lang, e)


tap.main(main)
