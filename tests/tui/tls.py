"""FTPS on the screen (issue 16): a certificate that does not verify is
shown in a dialog (subject, issuer, validity, SHA-256 fingerprint, why)
with once / always / no, in English and Portuguese, at 80x24 and 160x48;
always pins it (mode 0600) and the next start connects without asking; a
pinned host showing another certificate is refused without a dialog; a
password about to go in clear (tls auto, a server without TLS) is asked
about: n sends nothing, y logs in, anonymous is never asked; the status line shows TLS version and
cipher, shortened at 80 columns, and nothing on plain FTP."""

import os
import re
import shutil
import stat
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag, skip
import sampletree
from servers import PyFtpd, workdir
from testca import TestCA
from tuitest import Screen, need_jangada

# JANGADA_SHOTS=DIR: save the dialog's screens there (the closing note)
SHOTS = os.environ.get("JANGADA_SHOTS")
PT = "pt_BR.UTF-8"


def home_env(home):
    for d in (".config/jangada", ".local/share", ".local/state"):
        os.makedirs(os.path.join(home, d), exist_ok=True)
    return {"HOME": home,
            "XDG_CONFIG_HOME": os.path.join(home, ".config"),
            "XDG_DATA_HOME": os.path.join(home, ".local/share"),
            "XDG_STATE_HOME": os.path.join(home, ".local/state")}


def pins(home):
    return os.path.join(home, ".local/share/jangada/certificates")


def url(srv, scheme="ftpes"):
    return "%s://%s:%s@127.0.0.1:%d/" % (scheme, srv.user, srv.password,
                                         srv.port)


def save_shot(name, s):
    if not SHOTS:
        return
    try:
        os.makedirs(SHOTS, exist_ok=True)
        with open(os.path.join(SHOTS, name), "w") as f:
            f.write(s.capture())
    except OSError as e:
        diag("cannot save %s: %s" % (name, e))


def cert_once(ca, root, lang, tag, key, title, shot):
    """once: connected, TLS on the status line, nothing pinned."""
    fp = ca.fingerprint(ca.selfsigned[0])[7:]
    home = workdir("tui-tls-")
    with PyFtpd(root, tls=ca.selfsigned) as srv, \
            Screen([url(srv)], 80, 24, env=home_env(home), cwd=home,
                   lang=lang, tls=None) as s:
        scr = s.wait(title, "%s: the certificate dialog opens" % tag, 20)
        if scr is None or not s.waits(re.compile(r"\[n\] N"), 5):
            return
        time.sleep(0.3)
        scr = s.capture()
        if shot:
            save_shot(shot, s)
        ok(fp[:32] in scr and fp[32:] in scr,
           "%s: it shows the SHA-256 fingerprint" % tag)
        like(scr, r"CN ?= ?127\.0\.0\.1", "%s: it shows the subject" % tag)
        like(scr, r"(Valid from|de) .*20\d\d.*(to|a|até) .*20\d\d|"
             r"20\d\d.*20\d\d", "%s: it shows the validity" % tag)
        like(scr, r"self.signed|autoassinado|self signed",
             "%s: it says why (self-signed)" % tag)
        s.keys(key)
        scr = s.wait(re.compile(r"@127\.0\.0\.1  TLS1\.[23] \S+"),
                     "%s: once: connected, TLS on the status line" % tag, 20)
        if scr is not None:
            ok("TLS_AES" not in scr.splitlines()[-2] if len(
               scr.splitlines()) > 1 else True,
               "%s: at 80 columns the cipher is shortened" % tag)
        ok(not os.path.exists(pins(home)), "%s: once pins nothing" % tag)
        s.quit(tag, answer="y")


def cert_always(ca, root, lang, tag, key, title):
    """always: pinned 0600, the next start asks nothing; another
    certificate for that host:port is refused without a dialog."""
    fp = ca.fingerprint(ca.selfsigned[0])
    home = workdir("tui-tls-")
    with PyFtpd(root, tls=ca.selfsigned) as srv:
        with Screen([url(srv)], 160, 48, env=home_env(home), cwd=home,
                    lang=lang, tls=None) as s:
            if s.wait(title, "%s: 160x48: the dialog opens" % tag,
                      20) is None:
                return
            s.keys(key)
            scr = s.wait(re.compile(r"TLS1\.[23] TLS_AES_\d+_GCM_SHA\d+"),
                         "%s: always: connected; at 160 columns the "
                         "whole cipher" % tag, 20)
            s.quit(tag, answer="y")
        text = open(pins(home)).read() if os.path.exists(pins(home)) else ""
        ok(("127.0.0.1:%d %s" % (srv.port, fp)) in text,
           "%s: always: pinned for host:port" % tag)
        ok(os.path.exists(pins(home)) and
           stat.S_IMODE(os.stat(pins(home)).st_mode) == 0o600,
           "%s: the certificates file is mode 0600" % tag)
        with Screen([url(srv)], 80, 24, env=home_env(home), cwd=home,
                    lang=lang, tls=None) as s:
            scr = s.wait(re.compile(r"@127\.0\.0\.1  TLS1"),
                         "%s: pinned: the next start connects" % tag, 20)
            ok(scr is not None and title not in scr,
               "%s: ... without asking" % tag)
            s.quit(tag, answer="y")
        with open(pins(home), "a") as f:
            f.write("127.0.0.1:%d SHA256:%s\n" % (srv.port, "ab" * 32))
        with Screen([url(srv)], 80, 24, env=home_env(home), cwd=home,
                    lang=lang, tls=None) as s:
            s.wait(re.compile(r"CHANGED|MUDOU|MUDADO"), "%s: a pinned host "
                   "with another certificate: refused loudly" % tag, 20)
            time.sleep(1)
            ok(title not in s.capture(), "%s: ... with no dialog" % tag)
            s.keys("Enter")         # the refusal's message
            time.sleep(0.3)
            s.quit(tag)


def dialog_text(scr):
    """The text inside the box of the dialog that holds "SHA256:", its
    lines joined without their blanks."""
    rows = scr.splitlines()
    for row in rows:
        i = row.find("SHA256:")
        if i < 0:
            continue
        a, b = row.rfind("\u2502", 0, i), row.find("\u2502", i)
        if a < 0 or b < 0:
            return ""
        return "".join(r[a + 1:b].replace(" ", "") for r in rows
                       if len(r) > b and r[a] == "\u2502" and
                       r[b] == "\u2502")
    return ""


def cert_no(ca, root, tag, lang, title, cafile, cert, why):
    home = workdir("tui-tls-")
    env = home_env(home)
    if cafile:
        with open(os.path.join(home, ".config/jangada/config"), "w") as f:
            f.write("set tls-ca-file %s\n" % ca.ca_pem)
    with PyFtpd(root, tls=cert) as srv, \
            Screen([url(srv)], 80, 24, env=env, cwd=home, lang=lang,
                   tls=None) as s:
        scr = s.wait(title, "%s: the dialog opens" % tag, 20)
        if scr is None:
            return
        # the title can be on the screen before the rest of the box
        scr = s.settle(0.3) if s.waits(re.compile(why), 5) else s.capture()
        like(scr, why, "%s: it says why" % tag)
        # the loop runs on under the dialog: a resize redraws it
        s.resize(100, 30)
        ok(s.waits(re.compile(r"^.{18}\u250c\u2500 " + re.escape(title),
                              re.M), 5),
           "%s: the screen follows a resize while the dialog waits "
           "(re-centred)" % tag)
        s.keys("n")
        s.wait_gone(title, 10)
        scr = s.wait(re.compile(r"SHA256:[0-9a-f]{16}"), "%s: no: the "
                     "refusal names the fingerprint" % tag, 10)
        ok(ca.fingerprint(cert[0]) in dialog_text(scr or ""), "%s: no: the "
           "whole fingerprint, broken across the dialog's lines" % tag) \
            or diag(scr)
        s.keys("Enter")
        time.sleep(0.5)
        scr = s.capture()
        ok(not re.search(r"@127\.0\.0\.1  TLS", scr),
           "%s: no: not connected" % tag)
        ok(not os.path.exists(pins(home)), "%s: no: nothing pinned" % tag)
        s.quit(tag)


def clear_password(root, lang, tag, yes, title):
    home = workdir("tui-clear-")
    with PyFtpd(root) as srv:
        with Screen([url(srv, "ftp")], 80, 24, env=home_env(home),
                    cwd=home, lang=lang, tls=None) as s:
            scr = s.wait(title, "%s: the clear-password dialog opens" % tag,
                         20)
            if scr is None:
                return
            ok(srv.user in scr and "127.0.0.1" in scr,
               "%s: it names the user and the host" % tag)
            s.keys("n")
            s.wait_gone(title, 10)
            s.wait("set tls off", "%s: n: the refusal names 'set tls off'" %
                   tag, 10)
            s.keys("Enter")
            time.sleep(0.5)
            ok("connected jangada@" not in s.capture(),
               "%s: n: not logged in" % tag)
            srv.wait_sessions_gone()
            ok("logged in" not in srv.log(tail=1 << 20),
               "%s: n: the password never reached the server" % tag)
            s.keys(":")             # no Escape after: it would answer
            s.text("open")
            s.keys("Enter")
            s.wait(title, "%s: asked again on the next open" % tag, 20)
            s.keys(yes)
            time.sleep(2)
            s.keys("Escape")        # the command line hides the status
            scr = s.wait(re.compile(r"(connected|conectado) jangada@127\.0\.0\.1  BIN"),
                         "%s: %s: logged in (no TLS on the status line)" %
                         (tag, yes), 20)
            s.quit(tag, answer="y")


def anonymous_not_asked(root):
    home = workdir("tui-clear-")
    with PyFtpd(root) as srv, \
            Screen(["127.0.0.1", srv.port], 80, 24, env=home_env(home),
                   cwd=home, tls=None) as s:
        scr = s.wait("connected anonymous@127.0.0.1", "anonymous, tls "
                     "auto, a plain server: logged in", 20)
        ok(scr is not None and "Password in clear" not in scr,
           "anonymous: never asked")
        s.quit("anonymous", answer="y")


def escaped(root):
    """The certificate's values are server data: a bidi override and an
    ESC in its subject show escaped in the dialog, never raw."""
    import subprocess
    d = workdir("tui-tlsevil-")
    cert, key = os.path.join(d, "c.pem"), os.path.join(d, "k.pem")
    subj = "/CN=127.0.0.1/O=evil\u202egpj.exe\x1b[31mred"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
                    "-utf8", "-subj", subj, "-keyout", key, "-out", cert],
                   check=True, capture_output=True)
    home = workdir("tui-tls-")
    with PyFtpd(root, tls=(cert, key)) as srv, \
            Screen([url(srv)], 80, 24, env=home_env(home), cwd=home,
                   tls=None) as s:
        if s.wait("Untrusted certificate", "a hostile subject: the dialog "
                  "opens", 20) is None or not s.waits(
                      re.compile(r"\[n\] No"), 5):
            return
        time.sleep(0.3)
        scr = s.capture()
        raw = s.capture(escapes=True)
        ok("\u202e" not in scr and "\x1b[31m" not in raw,
           "no raw bidi override nor ESC from the certificate")
        like(scr, r"evil\\u202[eE]gpj\.exe\\+1B\[31mred",
             "both shown escaped")
        s.keys("n")
        s.wait_gone("Untrusted certificate", 10)
        s.keys("Enter")
        time.sleep(0.3)
        s.quit("hostile subject")


def main():
    need_jangada()
    try:
        ca = TestCA()
    except RuntimeError as e:
        tap.skip_all(str(e))
    root = sampletree.shared()
    cert_once(ca, root, "C.UTF-8", "en", "y", "Untrusted certificate",
              "certdlg-en.txt")
    cert_always(ca, root, "C.UTF-8", "en", "a", "Untrusted certificate")
    cert_no(ca, root, "en: wrong name", "C.UTF-8", "Untrusted certificate",
            True, ca.wrong, r"name|nome")
    cert_no(ca, root, "en: expired", "C.UTF-8", "Untrusted certificate",
            True, ca.expired, r"expired")
    clear_password(root, "C.UTF-8", "en", "y", "Password in clear")
    anonymous_not_asked(root)
    escaped(root)
    cert_once(ca, root, PT, "pt", "s", "Certificado não confiável",
              "certdlg-pt.txt")
    cert_always(ca, root, PT, "pt", "a", "Certificado não confiável")
    cert_no(ca, root, "pt: unknown CA", PT, "Certificado não confiável",
            False, ca.good, r"autoridade|authority")
    clear_password(root, PT, "pt", "s", "Senha em claro")


tap.main(main)
