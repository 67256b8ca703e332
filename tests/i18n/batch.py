"""jangada in Portuguese and in English, in batch mode (issue 8).

With LANG=pt_BR.UTF-8 (skipped when the system lacks the locale) and the
catalogue compiled from po/pt_BR.po: --help, a command that fails (exit 1),
an unknown command and a bad option (exit 2), help with its families and
one-line helps, "help get"; against pyftpdlib, ls prints Portuguese month
names and the transfer summary a decimal comma. With LANG=C the same are
in English, with a decimal point.
"""

import os
import re
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA
from i18nlib import PT, need_locale, env
import servers

FAMILIES_PT = ["Conexão", "Arquivos remotos", "Arquivos locais",
               "Transferências", "Favoritos", "Ferramentas de rede",
               "Outros"]
FAMILIES_C = ["Connection", "Remote files", "Local files", "Transfers",
              "Bookmarks", "Network tools", "Other"]


def run(args, lang, **kw):
    return jangada(args, lang=lang, env=env(), **kw)


def test_help_option():
    r = run(["--help"], PT)
    is_(r.rc, 0, "pt_BR: --help exits 0")
    like(r.out, r"^Uso: jangada \[OPÇÃO\]\.\.\. \[URL \| \[USUÁRIO@\]HOST"
         r"\[:PORTA\] \[PORTA\]\]",
         "pt_BR: --help starts with Uso:")
    like(r.out, r"(?m)^Opções:$", "pt_BR: --help: Opções:")
    like(r.out, r"(?m)^  -c, --commands=CMDS  executa comandos",
         "pt_BR: --help: an option line, aligned, its option as typed")
    like(r.out, r"Status de saída: 0", "pt_BR: --help: the exit status")
    ok("Usage" not in r.out and "Options" not in r.out and
       "Exit status" not in r.out, "pt_BR: --help holds no English heading")
    r = run(["--help"], "C")
    like(r.out, r"^Usage: jangada \[OPTION\]", "C: --help starts with Usage:")
    like(r.out, r"(?m)^Options:$", "C: --help: Options:")
    ok("Uso:" not in r.out, "C: --help holds no Portuguese")
    r = run(["--frob"], PT)
    is_(r.rc, 2, "pt_BR: a bad option exits 2")
    like(r.err, r"Tente 'jangada --help' para mais informações",
         "pt_BR: a bad option says so in Portuguese")
    r = run(["--frob"], "C")
    like(r.err, r"Try 'jangada --help' for more information",
         "C: a bad option says so in English")


def test_errors():
    r = run(["-c", "pwd"], PT)
    is_(r.rc, 1, "pt_BR: pwd without a connection exits 1")
    like(r.err, r"pwd: não conectado \(use open\)",
         "pt_BR: pwd: não conectado (use open)")
    r = run(["-c", "pwd"], "C")
    is_(r.rc, 1, "C: pwd without a connection exits 1")
    like(r.err, r"pwd: not connected \(use open\)",
         "C: pwd: not connected (use open)")
    r = run(["-c", "frobnicate"], PT)
    is_(r.rc, 2, "pt_BR: an unknown command exits 2")
    like(r.err, r"comando desconhecido: frobnicate \(tente 'help'\)",
         "pt_BR: comando desconhecido")
    r = run(["-c", "frobnicate"], "C")
    is_(r.rc, 2, "C: an unknown command exits 2")
    like(r.err, r"unknown command: frobnicate \(try 'help'\)",
         "C: unknown command")
    r = run(["-c", "set parallel 99"], PT)
    like(r.err, r"parallel: informe um número de 1 a 10",
         "pt_BR: a bad option value, with its numbers")
    r = run(["ftp://127.0.0.1:0/x"], PT)
    is_(r.rc, 2, "pt_BR: a bad URL exits 2")
    like(r.err, r"porta inválida na URL", "pt_BR: a bad URL says why")


def test_help_command():
    pt = run(["-c", "help"], PT)
    c = run(["-c", "help"], "C")
    is_(pt.rc, 0, "pt_BR: help exits 0")
    for fam_pt, fam_c in zip(FAMILIES_PT, FAMILIES_C):
        # (?:\\x0a)?: help's blank line before a family comes out
        # escaped for now (src/cmd/cmd.c hands "\n" to the sanitizer)
        like(pt.out, r"(?m)^(?:\\x0a)?%s:$" % re.escape(fam_pt),
             "pt_BR: help: family %s" % fam_pt)
        like(c.out, r"(?m)^(?:\\x0a)?%s:$" % re.escape(fam_c),
             "C: help: family %s" % fam_c)
    like(pt.out, r"(?m)^  cd +muda o diretório remoto$",
         "pt_BR: help: cd's one-line help")
    like(pt.out, r"(?m)^  get +baixa arquivos",
         "pt_BR: help: get's one-line help")
    like(c.out, r"(?m)^  cd +change the remote directory$",
         "C: help: cd's one-line help")
    names = lambda out: re.findall(r"(?m)^  ([a-z]+) ", out)
    is_(names(pt.out), names(c.out),
        "the command names are the same in both languages")
    same = sorted(set(l.strip() for l in pt.out.splitlines()) &
                  set(l.strip() for l in c.out.splitlines()) -
                  {"", "\\x0a"})
    same = [l for l in same if not re.match(r"^\S*$", l)]
    is_(same, [], "pt_BR: no line of help is left in English")
    like(pt.out, r"Digite 'help COMANDO'", "pt_BR: help's last line")
    r = run(["-c", "help get"], PT)
    like(r.out, r"uso: get \[-a\|-b\] \[-c\] \[-r\|-R\] \[-o LOCAL\] REMOTO\.\.\.",
         "pt_BR: help get: the usage keeps the command and its options")
    like(r.out, r"também: recv", "pt_BR: help get: the alias")
    r = run(["-c", "help get"], "C")
    like(r.out, r"usage: get \[-a\|-b\]", "C: help get")
    # a bare usage is the command itself, never another message's word
    for name in ("binary", "active"):
        r = run(["-c", "help " + name], PT)
        like(r.out, r"uso: %s\n" % name,
             "pt_BR: help %s: the usage is the command (issue 19)" % name)


def make_tree():
    root = servers.workdir("i18n-tree-")
    p = os.path.join(root, "fev.dat")
    with open(p, "wb") as f:
        f.write(b"x" * 4200)
    t = time.mktime((2020, 2, 14, 12, 0, 0, 0, 0, -1))
    os.utime(p, (t, t))
    os.chmod(p, 0o644)
    return root


def test_server():
    root = make_tree()
    with servers.PyFtpd(root) as srv:
        url = "ftp://127.0.0.1:%d/" % srv.port
        for lang, month, summary in (
                (PT, "fev", r"1 arquivo, 4,1 KiB em \d+,\d s \(.*/s\), "
                 r"0 com falha"),
                ("C", "Feb", r"1 file, 4\.1 KiB in \d+\.\d s \(.*/s\), "
                 r"0 failed")):
            with tempfile.TemporaryDirectory() as d:
                r = run(["-c", "open %s; ls; get fev.dat; status" % url],
                        lang, cwd=d)
                is_(r.rc, 0, "%s: open, ls, get, status" % lang)
                if r.rc:
                    diag(r.err[-2000:])
                like(r.out, r"(?m)^-\S{9} +4200 %s 14  2020 fev\.dat$" %
                     month, "%s: ls: the month is %s" % (lang, month))
                like(r.err, summary, "%s: the summary's numbers" % lang)
                ok(os.path.getsize(os.path.join(d, "fev.dat")) == 4200,
                   "%s: the file arrived" % lang)
                if lang == PT:
                    like(r.out, r"Conectado a 127\.0\.0\.1 porta %d como "
                         r"anonymous\." % srv.port,
                         "pt_BR: status in Portuguese")
                    like(r.out, r"Fila: ativas: 0; aguardando: 0; "
                         r"concluídas: 1; com falha: 0\.",
                         "pt_BR: status: the queue")


def test_build_tree_catalogue():
    """A build not installed speaks Portuguese by itself (issue 19): with
    no JANGADA_LOCALEDIR, src/jangada finds ../locale that make built from
    po/pt_BR.gmo (./scripts/demo, a developer's build)."""
    r = jangada(["-c", "help get"], lang=PT,
                env={"JANGADA_LOCALEDIR": ""})
    like(r.out, r"uso: get ",
         "pt_BR: the build tree's catalogue is found without "
         "JANGADA_LOCALEDIR")


def main():
    if not os.access(JANGADA, os.X_OK):
        tap.skip_all("no jangada binary at %s" % JANGADA)
    need_locale(PT)
    test_help_option()
    test_errors()
    test_help_command()
    test_build_tree_catalogue()
    with tap.skipping(9, "the server tests"):
        test_server()


tap.main(main)
