"""FTPS through batch mode (issue 16): the trust model's messages and
options (a self-signed certificate refused with its fingerprint and the
option that trusts it, --tls-trust and set tls-trust, tls-ca-file),
ftpes:// and ftps:// URLs, status with the certificate, a recursive get on
4 TLS connections from vsftpd (require_ssl_reuse) and from proftpd
(mod_tls), uploads, and no reuse
of a transfer connection across TLS settings (curl's CVE-2023-27535);
the console's tcp connect --tls."""

import hashlib
import os
import re
import shutil
import tempfile

import tap
from tap import ok, is_, like, diag
import jrun


def jangada(args, **kw):
    """The default tls auto: these are the tests of TLS (jrun.py)."""
    kw.setdefault("tls", None)
    return jrun.jangada(args, **kw)
import sampletree
import servers
from testca import TestCA
from tlspeer import TlsPeer


def sha(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_trust(ca, root):
    fp = ca.fingerprint(ca.selfsigned[0])
    with servers.PyFtpd(root, tls=ca.selfsigned) as srv:
        url = "ftpes://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                               srv.port)
        r = jangada(["-c", "open %s; ls" % url])
        is_(r.rc, 1, "self-signed: batch refuses (exit 1)")
        like(r.err, r"self-signed.*%s.*'set tls-trust %s' \(or "
             r"--tls-trust %s\)" % (fp, fp, fp),
             "self-signed: the message names the fingerprint and the "
             "exact options")
        ok("jangada-secret" not in r.err + r.out,
           "self-signed: no password in the output")
        r = jangada(["--tls-trust", fp, "-c", "open %s; ls; status" % url])
        is_(r.rc, 0, "--tls-trust FP: accepted")
        like(r.out, r"TLS: TLSv1\.[23] \S+\.\n  Subject: CN ?= ?127\.0\.0\.1"
             r"\n  Issuer: .*\n  Valid from .* to .*\n  Fingerprint: " + fp,
             "status: TLS version, cipher and the certificate")
        r = jangada(["-c", "set tls-trust %s; open %s; ls" % (
            fp.upper().replace("SHA256:", "sha256:"), url)])
        is_(r.rc, 0, "set tls-trust (any case) accepted")
        r = jangada(["--tls-trust", "SHA256:12", "-c", "ls"])
        is_(r.rc, 2, "--tls-trust with a bad fingerprint: usage error")
    with servers.PyFtpd(root, tls=ca.good) as srv:
        url = "ftpes://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                               srv.port)
        r = jangada(["-c", "open %s; ls" % url])
        like(r.err, r"not a known authority",
             "test CA unknown: refused")
        d = tempfile.mkdtemp(prefix="jtls.")
        os.makedirs(os.path.join(d, "sub"))
        with open(os.path.join(d, "up.bin"), "wb") as f:
            f.write(os.urandom(777777))
        r = jangada(["-c", "set tls-ca-file %s; open %s; put up.bin; "
                     "lcd sub; get up.bin; status" % (ca.ca_pem, url)],
                    cwd=d)
        is_(r.rc, 0, "tls-ca-file: trusted by the test CA; put and get")
        like(r.out, r"Subject: CN ?= ?jangada test server good",
             "status shows the certificate's subject")
        r = jangada(["-c", "set tls-ca-file %s; open %s; diagnose" % (
            ca.ca_pem, url)], cwd=d)
        like(r.out, r"(?m)^AUTH TLS: works: the control connection is "
             r"encrypted \(TLS", "diagnose: AUTH TLS works, with the version")
        is_(sha(os.path.join(d, "sub", "up.bin")) if r.rc == 0 else None,
            sha(os.path.join(d, "up.bin")),
            "upload then download over TLS: SHA-256 equal")
        home = tempfile.mkdtemp(prefix="jhome.")
        plain = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                               srv.port)
        r = jangada(["-c", "set tls-ca-file %s; open %s; bookmark add b1; "
                     "bookmark add b2 ftps://h/" % (ca.ca_pem, plain)],
                    home=home)
        bm = open(os.path.join(home, ".config", "jangada",
                               "bookmarks")).read()
        like(bm, r"b1 ftpes://%s@127\.0\.0\.1:%d/" % (srv.user, srv.port),
             "bookmark of a connection upgraded by tls auto: ftpes:// "
             "(TLS required next time)")
        like(bm, r"b2 ftps://h/", "bookmark of an ftps:// URL kept")
        shutil.rmtree(home, True)
        shutil.rmtree(d, True)


def test_pins(ca, root):
    """tls-trust pins the certificate for host:port (0600); the pinned one
    is accepted without the option; another one is refused loudly, even
    a valid one."""
    fp = ca.fingerprint(ca.selfsigned[0])
    home = tempfile.mkdtemp(prefix="jhome.")
    pins = os.path.join(home, ".local", "share", "jangada", "certificates")
    with servers.PyFtpd(root, tls=ca.selfsigned) as srv:
        url = "ftpes://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                               srv.port)
        r = jangada(["--tls-trust", fp, "-c", "open %s; ls" % url],
                    home=home)
        ok(r.rc == 0 and os.path.exists(pins) and
           "127.0.0.1:%d %s\n" % (srv.port, fp) in open(pins).read(),
           "tls-trust: the certificate is pinned for host:port")
        is_(oct(os.stat(pins).st_mode & 0o777) if os.path.exists(pins)
            else None, "0o600", "the certificates file is mode 0600")
        r = jangada(["-c", "open %s; ls" % url], home=home)
        is_(r.rc, 0, "pinned: accepted without the option")
    with servers.PyFtpd(root, tls=ca.good) as srv:
        with open(pins, "a") as f:
            f.write("127.0.0.1:%d %s\n" % (srv.port, fp))
        url = "ftpes://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                               srv.port)
        r = jangada(["-c", "set tls-ca-file %s; open %s; ls" % (
            ca.ca_pem, url)], home=home)
        ok(r.rc == 1 and re.search(r"WARNING: the certificate of 127\.0\.0"
                                   r"\.1:%d has CHANGED: %s was pinned, the "
                                   r"server shows %s" % (
                                       srv.port, fp,
                                       ca.fingerprint(ca.good[0])),
                                   r.err) is not None,
           "pinned, another certificate (even a valid one): refused "
           "loudly")
    shutil.rmtree(home, True)


def test_implicit(ca):
    body = os.urandom(100000)
    with TlsPeer(ca.good[0], ca.good[1], body=body, implicit=True) as p:
        d = tempfile.mkdtemp(prefix="jtls.")
        r = jangada(["-c", "set tls-ca-file %s; open ftps://u:pw@127.0.0.1:"
                     "%d/; get f.bin" % (ca.ca_pem, p.port)], cwd=d)
        is_(r.rc, 0, "ftps:// (implicit): login and get")
        ok(os.path.exists(os.path.join(d, "f.bin")) and
           open(os.path.join(d, "f.bin"), "rb").read() == body,
           "ftps://: the file is equal")
        ok(not any(c.startswith("AUTH") for c in p.commands),
           "ftps://: no AUTH on an implicit connection")
        shutil.rmtree(d, True)


def test_require_plain():
    root = tempfile.mkdtemp(prefix="jplain.")
    os.chmod(root, 0o755)
    with servers.PyFtpd(root) as srv:
        r = jangada(["-v", "-c", "set tls require; open ftp://%s:%s@127.0.0."
                     "1:%d/" % (srv.user, srv.password, srv.port)])
        is_(r.rc, 1, "tls require, server without TLS: refused")
        ok("USER" not in r.err and "PASS" not in r.err,
           "tls require: nothing of the login was sent")
        r = jangada(["-c", "open ftpes://%s:%s@127.0.0.1:%d/" % (
            srv.user, srv.password, srv.port)])
        like(r.err, r"refused TLS", "ftpes:// against a plain server: "
             "refused")
    shutil.rmtree(root, True)


def test_clear_password():
    """tls auto against a plain server: the password is never sent in
    clear silently; batch refuses unless tls off; anonymous not asked."""
    root = tempfile.mkdtemp(prefix="jplain.")
    os.chmod(root, 0o755)
    with servers.PyFtpd(root) as srv:
        url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                             srv.port)
        r = jangada(["-v", "-c", "open %s; ls" % url])
        is_(r.rc, 1, "tls auto, no TLS, a password: batch refuses (exit 1)")
        like(r.err, r"127\.0\.0\.1:%d does not take TLS.*password of "
             r"%s.*not sent.*'set tls off' \(or --tls off\)" % (srv.port,
                                                               srv.user),
             "the refusal names the host, the user and the option")
        ok("> PASS" not in r.err and "jangada-secret" not in r.err +
           r.out, "the transcript shows no PASS (nor the password)")
        srv.wait_sessions_gone()
        ok("logged in" not in srv.log(tail=1 << 20),
           "pyftpdlib logged nobody in")
        r = jangada(["-v", "-c", "set tls off; open %s; ls" % url])
        ok(r.rc == 0 and "> PASS" in r.err and "clear text" in r.err,
           "set tls off: logged in, warned of the clear password")
        r = jangada(["-c", "open %s; ls" % url], tls="off")
        is_(r.rc, 0, "--tls off: logged in")
        r = jangada(["-c", "open ftp://127.0.0.1:%d/; ls" % srv.port])
        ok(r.rc == 0 and "does not take TLS" not in r.err,
           "anonymous: never asked nor refused")
        r = jangada(["--tls", "sometimes", "-c", "ls"])
        is_(r.rc, 2, "--tls with a bad value: usage error")
    shutil.rmtree(root, True)


def test_vsftpd_tree(ca):
    root = tempfile.mkdtemp(prefix="jvroot.")
    os.chmod(root, 0o755)
    cert, key = ca.good
    os.chmod(ca.dir, 0o755)
    extra = {"ssl_enable": "YES", "rsa_cert_file": cert,
             "rsa_private_key_file": key, "require_ssl_reuse": "YES",
             "force_local_logins_ssl": "YES", "force_local_data_ssl": "YES",
             "allow_anon_ssl": "YES", "force_anon_logins_ssl": "YES",
             "force_anon_data_ssl": "YES"}
    servers.make_tree(os.path.join(root, "tree"))
    with servers.Vsftpd(root, extra=extra) as srv:
        d = tempfile.mkdtemp(prefix="jtls.")
        r = jangada(["-v", "-c", "set tls require; set tls-ca-file %s; "
                     "set parallel 4; open ftp://127.0.0.1:%d/; get -r tree"
                     % (ca.ca_pem, srv.port)], cwd=d, timeout=120)
        is_(r.rc, 0, "vsftpd: get -r on 4 TLS connections")
        if r.rc:
            diag(r.err[-3000:])
        is_(servers.tree_sums(os.path.join(d, "tree")),
            servers.tree_sums(os.path.join(root, "tree")),
            "vsftpd: the tree arrived, every SHA-256 equal")
        conns = set(re.findall(r"(?m)^\[(\d+)\] --> AUTH TLS$", r.err))
        ok(len(conns) >= 2, "vsftpd: the transfer connections are TLS "
           "too (%d)" % len(conns))
        if not ok("session reuse required" not in r.err,
                  "vsftpd: every data connection resumed (no 522)"):
            i = r.err.find("session reuse required")
            diag(r.err[max(0, i - 3000):i + 200])
        shutil.rmtree(d, True)
    shutil.rmtree(root, True)


def test_proftpd_tree(ca):
    """get -r on 4 connections from proftpd's mod_tls (TLSRequired on, its
    default of data sessions that must resume the control's)."""
    root = tempfile.mkdtemp(prefix="jproot.")
    os.chmod(root, 0o755)
    os.chmod(ca.dir, 0o755)
    servers.make_tree(os.path.join(root, "tree"))
    with servers.Proftpd(root, tls=ca.good) as srv:
        d = tempfile.mkdtemp(prefix="jtls.")
        r = jangada(["-v", "-c", "set tls require; set tls-ca-file %s; "
                     "set parallel 4; open ftp://127.0.0.1:%d/; get -r tree"
                     % (ca.ca_pem, srv.port)], cwd=d, timeout=120)
        is_(r.rc, 0, "proftpd: get -r on 4 TLS connections")
        if r.rc:
            diag(r.err[-3000:], srv.tls_log()[-2000:])
        is_(servers.tree_sums(os.path.join(d, "tree")),
            servers.tree_sums(os.path.join(root, "tree")),
            "proftpd: the tree arrived, every SHA-256 equal")
        conns = set(re.findall(r"(?m)^\[(\d+)\] --> AUTH TLS$", r.err))
        ok(len(conns) >= 2, "proftpd: the transfer connections are TLS "
           "too (%d)" % len(conns))
        log = srv.tls_log()
        if not ok("client reused TLS session for data connection" in log
                  and "did not reuse" not in log,
                  "proftpd: every data connection resumed its session"):
            diag(log[-3000:])
        shutil.rmtree(d, True)
    shutil.rmtree(root, True)


def test_no_reuse(ca):
    """A transfer connection made with tls off is not used once tls is
    required (CVE-2023-27535)."""
    root = tempfile.mkdtemp(prefix="jroot.")
    os.chmod(root, 0o755)
    for n in ("a.txt", "b.txt"):
        with open(os.path.join(root, n), "w") as f:
            f.write(n)
    with servers.PyFtpd(root, tls=ca.good) as srv:
        d = tempfile.mkdtemp(prefix="jtls.")
        r = jangada(["-v", "-c", "set tls off; set tls-ca-file %s; open "
                     "ftp://127.0.0.1:%d/; get a.txt; set tls require; "
                     "get b.txt" % (ca.ca_pem, srv.port)], cwd=d)
        is_(r.rc, 0, "tls off then require: both gets work")
        m = re.search(r"(?m)^\[(\d+)\] --> RETR (\S*)b\.txt$", r.err)
        conn = m.group(1) if m else None
        text = r.err[:m.start()] if m else ""
        ok(conn is not None and re.search(r"(?m)^\[%s\] --> AUTH TLS$" %
                                          conn, text) is not None,
           "CVE-2023-27535: b.txt went over a TLS connection, not the "
           "plain one")
        shutil.rmtree(d, True)
    shutil.rmtree(root, True)


def test_console(ca):
    """tcp connect --tls shows the chain and parameters, then the bytes."""
    import socket
    import ssl
    import threading
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(*ca.good)
    ls = socket.socket()
    ls.bind(("127.0.0.1", 0))
    ls.listen(1)
    ls.settimeout(20)

    def serve():
        try:
            c, _ = ls.accept()
            s = ctx.wrap_socket(c, server_side=True)
            s.sendall(b"hello over tls\n")
            s.unwrap()
            s.close()
        except (OSError, ssl.SSLError):
            pass
    threading.Thread(target=serve, daemon=True).start()
    d = tempfile.mkdtemp(prefix="jtls.")
    r = jangada(["-c", "tcp connect --tls --save got.txt 127.0.0.1 %d" %
                 ls.getsockname()[1]], cwd=d, timeout=30)
    ls.close()
    is_(r.rc, 0, "tcp connect --tls: exit 0")
    like(r.out, r"TLS: TLSv1\.[23] .*\n.*certificate chain:\n.* 0 s:CN ?= ?"
         r"jangada test server good\n.*i:CN ?= ?jangada test CA\n.*"
         r"fingerprint: %s\n.*not verified: .*not a known authority" %
         ca.fingerprint(ca.good[0]),
         "tcp connect --tls: the chain, the parameters, the verdict")
    path = os.path.join(d, "got.txt")
    is_(open(path, "rb").read() if os.path.exists(path) else None,
        b"hello over tls\n", "tcp connect --tls --save: the decrypted bytes")
    shutil.rmtree(d, True)


def main():
    ca = TestCA()
    root = tempfile.mkdtemp(prefix="jtlsroot.")
    os.chmod(root, 0o755)
    try:
        with tap.skipping(14, "pyftpdlib TLS"):
            test_trust(ca, root)
        with tap.skipping(4, "pyftpdlib TLS"):
            test_pins(ca, root)
        test_implicit(ca)
        with tap.skipping(3, "pyftpdlib"):
            test_require_plain()
        with tap.skipping(8, "pyftpdlib"):
            test_clear_password()
        with tap.skipping(4, "vsftpd TLS"):
            test_vsftpd_tree(ca)
        with tap.skipping(4, "proftpd TLS"):
            test_proftpd_tree(ca)
        with tap.skipping(2, "pyftpdlib TLS"):
            test_no_reuse(ca)
        test_console(ca)
    finally:
        shutil.rmtree(root, True)


tap.main(main)
