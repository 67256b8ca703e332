"""diagnose (issue 15): on vsftpd everything works; fake servers that
refuse EPSV, whose PASV port is unreachable, whose PASV reply names
another address, that refuse EPRT and PORT: each line says the right
thing, in English and in Portuguese, the set lines at the end suit the
server, and the session's data options are put back afterwards."""

import os
import signal
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA, TLS_OFF
from fakeftpd import FakeFTPD
from i18nlib import PT, need_locale, env
import servers

LISTING = ("BODY LIST -rw-r--r--   1 ftp ftp   12 Jan 01  2024 README\\r\\n\n"
           "BODY RETR \"README\" hello world\\n\n")


def run(url, lang="C", before=""):
    kw = {"env": env()} if lang != "C" else {}
    return jangada(["-c", "open %s; %sdiagnose; ls" % (url, before)],
                   lang=lang, timeout=60, **kw)


def fake(case, lang="C", before=""):
    with FakeFTPD(case + "\n" + LISTING) as srv:
        r = run(srv.url, lang, before)
        cmds = srv.commands()
    if r.rc:
        diag(r.err[-1500:])
    return r, cmds


def last_mode(cmds):
    """The data command sent before the last LIST."""
    last = max(i for i, c in enumerate(cmds) if c.startswith("LIST"))
    for c in reversed(cmds[:last]):
        verb = c.split(" ")[0]
        if verb in ("EPSV", "PASV", "EPRT", "PORT"):
            return verb
    return None


def test_vsftpd():
    root = servers.workdir("diag-")
    with open(os.path.join(root, "a.txt"), "w") as f:
        f.write("hello\n")
    with servers.Vsftpd(root) as srv:
        r = run(srv.url)
        is_(r.rc, 0, "vsftpd: diagnose exits 0")
        like(r.out, r"(?m)^EPSV \(passive\): works", "vsftpd: EPSV works")
        like(r.out, r"(?m)^PASV \(passive\): works\.$", "vsftpd: PASV works")
        like(r.out, r"(?m)^EPRT \(active\): works",
             "vsftpd: active mode works")
        like(r.out, r"(?m)^SIZE: works \(a\.txt: ", "vsftpd: SIZE tried")
        like(r.out, r"(?m)^MDTM: works \(a\.txt\)", "vsftpd: MDTM tried")
        like(r.out, r"(?m)^MLSD: not offered", "vsftpd: no MLSD")
        like(r.out, r"(?m)^REST: offered", "vsftpd: REST")
        like(r.out, r"(?m)^AUTH TLS: not offered: the password and the "
             r"files travel in clear", "vsftpd without TLS: AUTH TLS not "
             "offered")
        like(r.out, r"(?m)^listing of /: 1 entry, every line understood",
             "vsftpd: the listing")
        like(r.out, r"Best settings for this server:\n  set passive on\n"
             r"  set epsv on\n", "vsftpd: passive with EPSV is best")
        like(r.out, r"(?m)^-rw-r--r-- .* a\.txt$", "vsftpd: ls afterwards")
        r = run(srv.url, PT)
        like(r.out, r"(?m)^EPSV \(passivo\): funciona", "vsftpd pt_BR: EPSV")
        like(r.out, r"(?m)^EPRT \(ativo\): funciona: o servidor consegue",
             "vsftpd pt_BR: active")
        like(r.out, r"Melhores ajustes para este servidor:",
             "vsftpd pt_BR: the settings")


def test_auth_offered():
    case = "REPLY FEAT 211-Features:\\n AUTH TLS;TLS-C\\n EPSV\\n211 End"
    r, _ = fake(case)
    like(r.out, r"(?m)^AUTH TLS: offered, not used by this login "
         r"\(anonymous", "FEAT offers AUTH TLS, anonymous: offered, not used")
    r, _ = fake(case, PT)
    like(r.out, r"(?m)^AUTH TLS: oferecido, não usado neste login",
         "the same in pt_BR")


def test_epsv_refused():
    case = "REPLY EPSV 502 EPSV not implemented"
    r, cmds = fake(case, before="active; ")
    is_(r.rc, 0, "EPSV refused: exits 0")
    like(r.out, r"(?m)^EPSV \(passive\): refused by the server \(502\): "
         r"an older server", "EPSV refused: said, with the code")
    like(r.out, r"(?m)^PASV \(passive\): works\.$", "EPSV refused: PASV works")
    like(r.out, r"  set passive on\n  set epsv off\n",
         "EPSV refused: set epsv off advised")
    is_(last_mode(cmds), "EPRT", "EPSV refused: the options are put back "
        "(active mode, as set before diagnose)")
    r, _ = fake(case, PT)
    like(r.out, r"(?m)^EPSV \(passivo\): recusado pelo servidor \(502\): "
         r"um servidor antigo", "EPSV refused pt_BR")


def test_pasv_unreachable():
    r, cmds = fake("PASVREFUSE")
    is_(r.rc, 0, "PASV port unreachable: exits 0")
    like(r.out, r"(?m)^EPSV \(passive\): works", "PASV unreachable: EPSV ok")
    like(r.out, r"(?m)^PASV \(passive\): the server gave a port but it "
         r"cannot be reached \(.*Connection refused\): a firewall",
         "PASV unreachable: said, with the reason")
    like(r.out, r"  set passive on\n  set epsv on\n",
         "PASV unreachable: EPSV advised")
    is_(last_mode(cmds), "EPSV", "PASV unreachable: ls afterwards uses EPSV")
    r, _ = fake("PASVREFUSE", PT)
    like(r.out, r"(?m)^PASV \(passivo\): o servidor deu uma porta, mas ela "
         r"não pode ser alcançada", "PASV unreachable pt_BR")


def test_pasv_rewritten():
    r, _ = fake("REPLY EPSV 500 no\nPASVBADIP 10.1.2.3")
    like(r.out, r"(?m)^PASV \(passive\): works, but the reply names the "
         r"address 10\.1\.2\.3, not the server's 127\.0\.0\.1: the server "
         r"is behind NAT", "PASV address rewritten: said")
    r, _ = fake("REPLY EPSV 500 no\nPASVBADIP 10.1.2.3", PT)
    like(r.out, r"(?m)^PASV \(passivo\): funciona, mas a resposta indica o "
         r"endereço 10\.1\.2\.3", "PASV address rewritten pt_BR")


def test_port_refused():
    case = "REPLY EPRT 500 not allowed\nREPLY PORT 500 not allowed"
    r, cmds = fake(case)
    is_(r.rc, 0, "PORT refused: exits 0")
    like(r.out, r"(?m)^EPRT and PORT \(active\): refused by the server "
         r"\(500\): it does not allow active mode", "PORT refused: said")
    ok("PORT 127," in " ".join(cmds), "PORT refused: PORT was tried after "
       "EPRT")
    r, _ = fake(case, PT)
    like(r.out, r"(?m)^EPRT e PORT \(ativo\): recusados pelo servidor "
         r"\(500\): ele não permite o modo ativo", "PORT refused pt_BR")


def test_nothing_works():
    case = ("REPLY EPSV 500 no\nREPLY PASV 500 no\nREPLY EPRT 500 no\n"
            "REPLY PORT 500 no")
    r, _ = fake(case)
    is_(r.rc, 1, "no data mode works: exits 1")
    like(r.out, r"(?m)^PASV \(passive\): refused by the server \(500\): "
         r"passive mode is off", "no mode: PASV refused said")
    like(r.out, r"No data connection works", "no mode: said at the end")


def test_interrupt():
    """Ctrl-C while a step waits (the first LIST never starts): the
    command ends at once, says so, exit 1, no sanitizer report."""
    with FakeFTPD("DELAY LIST#1 30\n" + LISTING) as srv:
        p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; diagnose; !echo after"
                              % srv.url], stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        first = p.stdout.readline()
        time.sleep(0.3)
        p.send_signal(signal.SIGINT)
        t0 = time.monotonic()
        try:
            out, err = p.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
    like(first, r"^diagnose: 127\.0\.0\.1", "Ctrl-C: diagnose had started")
    ok(time.monotonic() - t0 < 5, "Ctrl-C: diagnose stops at once")
    is_(p.returncode, 1, "Ctrl-C: exit 1")
    like(err, r"diagnose: interrupted", "Ctrl-C: said once")
    ok("Sanitizer" not in err and "after" not in out,
       "Ctrl-C: no sanitizer report, the script stops")
    if "Sanitizer" in err:
        diag(err[-3000:])


def test_host():
    """diagnose HOST [PORT]: opens it first (anonymous, or -u USER,PASS),
    runs the steps, and stays connected."""
    root = servers.workdir("diag-host-")
    with open(os.path.join(root, "a.txt"), "w") as f:
        f.write("hello\n")
    with servers.PyFtpd(root) as srv:
        r = jangada(["-c", "diagnose %s %d; pwd; ls" % (srv.host, srv.port)],
                    timeout=60)
        is_(r.rc, 0, "diagnose HOST PORT: exits 0 without an open before")
        if r.rc:
            diag(r.err[-1500:])
        like(r.err + r.out, r"Logged in to .* as anonymous",
             "diagnose HOST: logs in anonymously")
        like(r.out, r"(?m)^EPSV \(passive\): works",
             "diagnose HOST: the steps run on it")
        like(r.out, r"a\.txt", "diagnose HOST: stays connected (ls after)")
        r = jangada(["-c", "diagnose -u %s,%s %s:%d" % (
            srv.user or "jangada", srv.password, srv.host, srv.port)],
            timeout=60)
        is_(r.rc, 0, "diagnose -u USER,PASS HOST:PORT: exits 0")
        like(r.err + r.out, r"Logged in to .* as %s" % (srv.user or
             "jangada"), "diagnose -u: logs in as the user")
        ok(srv.password not in r.err + r.out,
           "diagnose -u: the password is not shown")
    r = jangada(["-c", "diagnose"], timeout=20)
    ok(r.rc != 0 and "not connected" in r.err,
       "diagnose alone, not connected: says so")
    r = jangada(["-c", "diagnose 127.0.0.1 1"], timeout=30)
    ok(r.rc != 0 and "EPSV" not in r.out,
       "diagnose HOST that refuses the connection: fails, no steps")


def main():
    need_locale(PT)
    test_host()
    with tap.skipping(15, "vsftpd"):
        test_vsftpd()
    test_auth_offered()
    test_epsv_refused()
    test_pasv_unreachable()
    test_pasv_rewritten()
    test_port_refused()
    test_nothing_works()
    test_interrupt()


tap.main(main)
