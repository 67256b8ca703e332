"""FTPS in the engine (issue 16): explicit TLS (AUTH TLS, PBSZ 0, PROT P)
and implicit TLS on loopback against pyftpdlib's TLS_FTPHandler, vsftpd
(ssl_enable, require_ssl_reuse, force_local_logins_ssl), proftpd (mod_tls,
TLSRequired, session reuse required by default) and a small
Python TLS peer; certificates from a test CA made here (tests/lib/
testca.py); the TLS bugs of curl in RELIABILITY.md section F; faults."""

import hashlib
import os
import shutil
import tempfile

import tap
from tap import ok, is_, like, diag
from drive import drive
from fakeftpd import FakeFTPD as _FakeFTPD, Case
import servers
from testca import TestCA
from tlspeer import TlsPeer

FAST = ["set timeout reply 3000", "set timeout data-connect 2000",
        "set timeout data-idle 2000", "set timeout final 2000"]
BIG = 3 * 1024 * 1024 + 17


def sha(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def clean(r):
    if "ERROR: AddressSanitizer" in r.err or "runtime error:" in r.err:
        diag(r.err[-3000:])
        return False
    return True


def trust(ca):
    return ["set tls-ca-file %s" % ca.ca_pem]


def roundtrip(label, srv, ca, extra=()):
    """put, ls, get twice (SHA-256), resume, over TLS with a user."""
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "src.bin")
        with open(src, "wb") as f:
            f.write(os.urandom(BIG))
        half = os.path.join(d, ".resumed.bin.part")
        with open(src, "rb") as f, open(half, "wb") as g:
            g.write(f.read(BIG // 3))
        r = drive(FAST + ["set tls require"] + trust(ca) + list(extra) +
                  ["open 127.0.0.1 %d %s %s" % (srv.port, srv.user,
                                               srv.password),
                   "put %s up.bin" % src, "ls",
                   "get up.bin %s a.bin" % d, "get up.bin %s b.bin" % d,
                   "get up.bin %s resumed.bin resume" % d, "quit"],
                  timeout=60)
        ok(r.ok("open"), "%s: login under TLS" % label)
        like(r.err, r"> AUTH TLS\n< 234[^\n]*\n< \*\*\* TLS on: TLSv1\.[23] ",
             "%s: AUTH TLS, 234, the upgrade marked in the transcript" %
             label)
        ok(r.err.index("AUTH TLS") < r.err.index("> USER"),
           "%s: USER only after TLS" % label)
        like(r.err, r"> PBSZ 0\n< 2\d\d[^\n]*\n> PROT P\n< 2\d\d",
             "%s: PBSZ 0 and PROT P" % label)
        ok(r.ok("put"), "%s: upload over TLS" % label)
        ok(r.ok("ls") and "up.bin" in " ".join(r.entries()),
           "%s: listing over TLS" % label)
        ok(r.ok("get", 0) and r.ok("get", 1),
           "%s: two downloads (each data connection resumes)" % label)
        is_(sha(os.path.join(d, "a.bin")) if r.ok("get", 0) else None,
            sha(src), "%s: download SHA-256 equal" % label)
        is_(sha(os.path.join(d, "b.bin")) if r.ok("get", 1) else None,
            sha(src), "%s: second download SHA-256 equal" % label)
        like(r.result("get", 2), r"^ok get bytes=%d offset=%d" %
             (BIG - BIG // 3, BIG // 3), "%s: resume over TLS" % label)
        is_(sha(os.path.join(d, "resumed.bin")) if r.ok("get", 2)
            else None, sha(src), "%s: resumed file SHA-256 equal" % label)
        ok(clean(r) and r.rc == 0, "%s: exit 0, sanitizers quiet" % label)
        if r.rc != 0:
            diag(r.text, r.err[-3000:])
        return r


def test_pyftpdlib(ca, root):
    with tap.skipping(12, "pyftpdlib TLS"):
        try:
            import OpenSSL  # noqa: F401 (pyftpdlib's TLS needs it)
        except ImportError:
            raise servers.Skip("python3-openssl is not installed")
        with servers.PyFtpd(root, tls=ca.good) as srv:
            roundtrip("pyftpdlib", srv, ca)


def vsftpd_tls(root, ca, **more):
    cert, key = ca.good
    os.chmod(ca.dir, 0o755)
    extra = {"ssl_enable": "YES", "rsa_cert_file": cert,
             "rsa_private_key_file": key, "require_ssl_reuse": "YES",
             "force_local_logins_ssl": "YES", "force_local_data_ssl": "YES",
             "allow_anon_ssl": "YES"}
    extra.update(more)
    return servers.Vsftpd(root, extra=extra)


def test_vsftpd(ca, root):
    with tap.skipping(12, "vsftpd TLS"):
        with vsftpd_tls(root, ca) as srv:
            roundtrip("vsftpd", srv, ca)
    with tap.skipping(2, "vsftpd active mode TLS"):
        with vsftpd_tls(root, ca) as srv, \
                tempfile.TemporaryDirectory() as d:
            r = drive(FAST + ["set tls require", "set active"] + trust(ca) +
                      ["open 127.0.0.1 %d" % srv.port,
                       "get pub/f.bin %s f.bin" % d, "quit"], timeout=30)
            ok(r.ok("get"), "vsftpd: anonymous, active mode, over TLS")
            is_(sha(os.path.join(d, "f.bin")) if r.ok("get") else None,
                sha(os.path.join(root, "pub", "f.bin")),
                "vsftpd: active download SHA-256 equal")
    with tap.skipping(2, "vsftpd force_local_logins_ssl"):
        with vsftpd_tls(root, ca) as srv:
            r = drive(FAST + ["set tls off",
                              "open 127.0.0.1 %d %s %s" % (
                                  srv.port, srv.user, srv.password),
                              "quit"])
            ok(not r.ok("open"), "vsftpd force_local_logins_ssl: a clear "
               "login is refused by the server")
            r = drive(FAST + ["set tls auto"] + trust(ca) +
                      ["open 127.0.0.1 %d %s %s" % (srv.port, srv.user,
                                                   srv.password), "ls",
                       "quit"])
            ok(r.ok("open") and r.ok("ls") and "AUTH TLS" in r.err,
               "vsftpd: tls auto upgrades a login with a password")
    with tap.skipping(1, "vsftpd five uploads"), \
            vsftpd_tls(root, ca) as srv, tempfile.TemporaryDirectory() as d:
        # require_ssl_reuse: each data connection resumes, the fifth too.
        src = os.path.join(d, "src.bin")
        with open(src, "wb") as f:
            f.write(os.urandom(300000))
        r = drive(FAST + ["set tls require"] + trust(ca) +
                  ["open 127.0.0.1 %d %s %s" % (srv.port, srv.user,
                                               srv.password)] +
                  ["put %s u%d.bin" % (src, i) for i in range(5)] +
                  ["ls", "quit"], timeout=60)
        if not ok(all(r.ok("put", i) for i in range(5)) and r.ok("ls") and
                  "< 522" not in r.err and "< 425" not in r.err,
                  "vsftpd: five uploads in a row, then a listing, every "
                  "data connection resumed"):
            diag(r.text, r.err[-3000:])


def proftpd_tls(root, ca, implicit=False, **more):
    os.chmod(ca.dir, 0o755)
    return servers.Proftpd(root, tls=ca.good, tls_extra=more,
                           implicit=implicit)


def test_proftpd(ca, root):
    """proftpd's mod_tls with its defaults: TLSRequired on, and every data
    connection must resume the control connection's session (no
    NoSessionReuseRequired)."""
    with tap.skipping(14, "proftpd TLS"):
        with proftpd_tls(root, ca) as srv:
            r = roundtrip("proftpd", srv, ca)
            log = srv.tls_log()
            ok(log.count("client reused TLS session for data connection")
               >= 5, "proftpd: the data connections resumed the control "
               "connection's session")
            if not ok("did not reuse TLS session" not in log and
                      "unable to accept TLS data connection" not in log,
                      "proftpd: no data connection refused"):
                diag(log[-3000:])
            if r.rc != 0:
                diag(srv.xferlog())
    # Five uploads in a row, then a listing and a download, on one
    # connection. TLS 1.2: session ids, reusable. TLS 1.3: the login's full
    # handshake brings two tickets and a resumed upload's data connection
    # none, so the third upload offers a ticket already offered: proftpd
    # (stateless tickets) resumes it, but OpenSSL's client marks a TLS 1.3
    # session it resumed not resumable and offered nothing, and got 425
    # (curl 7.88 still does; lftp 4.9.2 on GnuTLS offers the control's
    # ticket every time).
    for proto, label in (("TLSv1.2", "TLS 1.2"), ("TLSv1.3", "TLS 1.3")):
        with tap.skipping(3, "proftpd %s" % label), \
                proftpd_tls(root, ca, TLSProtocol=proto) as srv, \
                tempfile.TemporaryDirectory() as d:
            src = os.path.join(d, "src.bin")
            with open(src, "wb") as f:
                f.write(os.urandom(300000))
            r = drive(FAST + ["set tls require"] + trust(ca) +
                      ["open 127.0.0.1 %d %s %s" % (srv.port, srv.user,
                                                   srv.password)] +
                      ["put %s u%d.bin" % (src, i) for i in range(5)] +
                      ["ls", "get u4.bin %s back.bin" % d, "quit"],
                      timeout=60)
            ok(all(r.ok("put", i) for i in range(5)) and r.ok("ls"),
               "proftpd %s: five uploads in a row, then a listing" % label)
            log = srv.tls_log()
            if not ok(r.err.count("*** TLS on: %s " % proto) >= 1 and
                      log.count("client reused TLS session for data "
                                "connection") >= 7 and
                      "did not reuse TLS session" not in log,
                      "proftpd %s: every data connection resumed, none "
                      "refused" % label):
                diag(r.text, log[-3000:])
            is_(sha(os.path.join(d, "back.bin")) if r.ok("get") else None,
                sha(src), "proftpd %s: ... and the download after them" %
                label)


def test_proftpd_implicit(ca, root):
    """proftpd's implicit TLS (TLSOptions UseImplicitSSL): TLS before the
    greeting, no AUTH; a listing and a download."""
    with tap.skipping(3, "proftpd implicit TLS"), \
            tempfile.TemporaryDirectory() as d:
        with proftpd_tls(root, ca, implicit=True) as srv:
            r = drive(FAST + trust(ca) +
                      ["opens 127.0.0.1 %d" % srv.port, "ls pub",
                       "get pub/f.bin %s f.bin" % d, "quit"], timeout=60)
            ok(r.ok("open") and "> AUTH" not in r.err,
               "proftpd implicit TLS: anonymous login, no AUTH")
            ok(r.ok("ls") and "f.bin" in " ".join(r.entries()),
               "proftpd implicit TLS: listing")
            is_(sha(os.path.join(d, "f.bin")) if r.ok("get") else None,
                sha(os.path.join(root, "pub", "f.bin")),
                "proftpd implicit TLS: download SHA-256 equal")
            if r.rc != 0:
                diag(r.text, r.err[-2000:], srv.tls_log()[-2000:])


def test_certificates(ca, root):
    cases = [("self-signed", ca.selfsigned, r"self-signed"),
             ("wrong name", ca.wrong, r"another host name"),
             ("expired", ca.expired, r"expired")]
    for label, pair, why in cases:
        with tap.skipping(3, "pyftpdlib TLS"):
            with servers.PyFtpd(root, tls=pair) as srv:
                fp = ca.fingerprint(pair[0])
                r = drive(FAST + ["set tls require"] + trust(ca) +
                          ["open 127.0.0.1 %d %s %s" % (
                              srv.port, srv.user, srv.password), "quit"])
                ok(not r.ok("open") and "> USER" not in r.err,
                   "%s: refused before USER" % label)
                like(r.result("open"), why + r".*" + fp +
                     r".*'set tls-trust " + fp + r"' \(or --tls-trust",
                     "%s: the message names why, the fingerprint and the "
                     "option" % label)
                r = drive(FAST + ["set tls require",
                                  "set tls-trust %s" % fp.upper()] +
                          ["open 127.0.0.1 %d %s %s" % (
                              srv.port, srv.user, srv.password), "ls",
                           "quit"])
                ok(r.ok("open") and r.ok("ls"),
                   "%s: accepted with tls-trust naming it" % label)
    with tap.skipping(2, "pyftpdlib TLS"):
        with servers.PyFtpd(root, tls=ca.good) as srv:
            r = drive(FAST + ["set tls require", "open 127.0.0.1 %d %s %s" %
                              (srv.port, srv.user, srv.password), "quit"])
            like(r.result("open"), r"not a known authority",
                 "CA-signed, CA not given: refused (unknown issuer)")
            r = drive(FAST + ["set tls require",
                              "set tls-trust SHA256:" + "ab" * 32] +
                      ["open 127.0.0.1 %d %s %s" % (srv.port, srv.user,
                                                   srv.password), "quit"])
            ok(not r.ok("open"), "a tls-trust naming another certificate "
               "does not trust this one")


def FakeFTPD(case):
    return _FakeFTPD(Case.parse(case))


def fake(case, ops, timeout=20):
    srv = FakeFTPD(case)
    srv.__enter__()
    try:
        r = drive(FAST + ops + ["open 127.0.0.1 %d u secret" % srv.port,
                                "quit"], timeout=timeout)
        srv.wait_closed(5)
    finally:
        srv.__exit__(None, None, None)
    return r, srv


def test_curl_bugs(ca):
    # tls require against a server without AUTH TLS: no USER (R F)
    r, srv = fake("", ["set tls require"])
    ok(not r.ok("open"), "require, no AUTH TLS: the login fails")
    is_(srv.commands(), ["AUTH TLS"], "require, no AUTH TLS: nothing but "
        "AUTH TLS was sent (no USER, no password)")
    # CVE-2021-22946: a 230 greeting does not skip the required TLS
    r, srv = fake("GREETING 230 already logged in\n", ["set tls require"])
    ok(not r.ok("open"), "CVE-2021-22946: a 230 greeting fails the login")
    ok("PASS secret" not in srv.commands() and
       "USER u" not in srv.commands(),
       "CVE-2021-22946: no USER/PASS after a 230 greeting")
    # CVE-2021-22947: replies pipelined in clear after 234 are refused
    r, srv = fake("REPLYRAW AUTH 234 go\\r\\n230 in\\r\\n\n",
                  ["set tls require"])
    like(r.result("open"), r"in clear after agreeing to TLS",
         "CVE-2021-22947: bytes in clear after 234 refused")
    ok("USER u" not in srv.commands(),
       "CVE-2021-22947: nothing sent after it")
    # auto: a server without AUTH TLS: the password is not sent in clear
    r, srv = fake("", ["set tls auto"])
    ok(not r.ok("open") and srv.commands()[:2] == ["AUTH TLS", "USER u"]
       and not any(c.startswith("PASS") for c in srv.commands()),
       "auto: AUTH TLS refused, USER but no PASS: the login fails")
    like(r.result("open"), r"does not take TLS.*not sent",
         "auto: the refusal says the password was not sent")
    # ... unless the user said so (the screen's yes: clear_ok)
    r, srv = fake("", ["set tls auto", "set clear-ok on"])
    ok(r.ok("open") and srv.commands()[:3] == ["AUTH TLS", "USER u",
                                               "PASS secret"],
       "auto, clear_ok: the login goes on in clear (warned)")
    like(r.out[0] if r.out else "", r"clear text",
         "auto: the clear password is said before it is sent")
    # off: no AUTH at all, the wire as before
    r, srv = fake("", ["set tls off"])
    is_(srv.commands()[:1], ["USER u"], "off: USER first, as before")


def test_faults(ca):
    # a handshake that stalls: the reply timer ends it
    r, srv = fake("REPLY AUTH 234 go\nSLEEP AUTH 6\n",
                  ["set tls require", "set timeout reply 1000"])
    like(r.result("open"), r"no reply to TLS .* within 1 second\b",
         "a stalled handshake times out")
    # garbage instead of a TLS record
    r, srv = fake("REPLY AUTH 234 go\nSLEEP AUTH 0.3\n"
                  "REPLYRAW AUTH HTTP/1.0 400 garbage\\r\\n\\r\\n\n",
                  ["set tls require"])
    like(r.result("open"), r"TLS handshake failed",
         "garbage instead of a TLS record: the handshake fails")
    ok(clean(r), "faults: sanitizers quiet")
    body = os.urandom(200000)
    for mode, want in (("clean", True), ("noclose", True), ("short", False)):
        with TlsPeer(ca.good[0], ca.good[1], body=body, mode=mode) as p, \
                tempfile.TemporaryDirectory() as d:
            r = drive(FAST + ["set tls require"] + trust(ca) +
                      ["open 127.0.0.1 %d u pw" % p.port,
                       "get f.bin %s f.bin" % d, "quit"], timeout=30)
            got = os.path.join(d, "f.bin")
            part = os.path.join(d, ".f.bin.part")
            if want:
                ok(r.ok("get") and open(got, "rb").read() == body,
                   "data %s: every byte, accepted" % (
                       "with close_notify" if mode == "clean" else
                       "without close_notify"))
            else:
                ok(not r.ok("get") and not os.path.exists(got),
                   "data without close_notify, bytes missing: failed")
                is_(os.path.getsize(part) if os.path.exists(part) else None,
                    len(body) // 2, "... and the .part keeps what came")
    with TlsPeer(ca.good[0], ca.good[1], body=body, implicit=True) as p, \
            tempfile.TemporaryDirectory() as d:
        r = drive(FAST + trust(ca) +
                  ["opens 127.0.0.1 %d u pw" % p.port,
                   "get f.bin %s f.bin" % d, "quit"], timeout=30)
        ok(r.ok("open") and "AUTH" not in " ".join(p.commands),
           "implicit TLS: login without AUTH")
        ok(r.ok("get") and open(os.path.join(d, "f.bin"), "rb").read() ==
           body, "implicit TLS: download equal")


def main():
    ca = TestCA()
    root = tempfile.mkdtemp(prefix="jtlsroot.")
    os.chmod(root, 0o755)
    os.makedirs(os.path.join(root, "pub"))
    with open(os.path.join(root, "pub", "f.bin"), "wb") as f:
        f.write(os.urandom(300000))
    os.chmod(os.path.join(root, "pub"), 0o755)
    os.chmod(os.path.join(root, "pub", "f.bin"), 0o644)
    try:
        test_curl_bugs(ca)
        test_faults(ca)
        test_certificates(ca, root)
        test_pyftpdlib(ca, root)
        test_vsftpd(ca, root)
        test_proftpd(ca, root)
        test_proftpd_implicit(ca, root)
    finally:
        shutil.rmtree(root, True)


tap.main(main)
