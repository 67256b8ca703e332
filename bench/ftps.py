"""ftps.py: bench.py's FTPS rows (issue 16), a module of their own.

    8a  1 GiB binary download over explicit TLS (AUTH TLS, PROT P) from
        vsftpd (ssl_enable, require_ssl_reuse, anonymous forced to TLS)
    8b  the same from proftpd with mod_tls (TLSRequired on; data sessions
        must resume the control's, mod_tls's default)

jangada, curl (--ssl-reqd) and lftp (ftp:ssl-force) side by side in the
same rounds, to a file on /dev/shm; each verifies the server's certificate
against the test CA of tests/lib/testca.py (made once per run): curl
--cacert, lftp ssl:ca-file; jangada trusts it by its fingerprint
(--tls-trust, a batch run has no CA option), which costs it nothing more.
--quick downloads a 256 MiB file (pub/tls-quick.bin) instead.  The TLS
servers are instances of their own beside the plain ones (the plain rows
do not change), started and killed here; proftpd's mod_tls comes from
_build/servers/proftpd-mod-crypto (setup_test_system) or
$JANGADA_PROFTPD_TLS.

The targets: jangada >= 1.0x the fastest peer, and the least CPU per GiB.

bench.py calls rows(B) and verdicts(B, groups) with itself as B (it runs
as __main__, so this module takes its helpers from there).
"""

import os
import shutil
import subprocess
import sys

ROWS = ("8a", "8b")
QUICK_SIZE = 256 << 20


def _testca(B):
    sys.path.insert(0, os.path.join(B.OPT.srcdir, "tests", "lib"))
    try:
        from testca import TestCA
    finally:
        sys.path.pop(0)
    ca = TestCA()
    os.chmod(ca.dir, 0o755)     # the servers' workers read the key as root
    return ca


def _classes(B):
    class VsftpdTls(B.Vsftpd):
        name = "vsftpd+TLS"

        def __init__(self, ca):
            self.ca = ca
            super().__init__()

        def argv(self):
            argv = super().argv()
            cert, key = self.ca.good
            with open(argv[-1], "a") as f:
                f.write("ssl_enable=YES\nrsa_cert_file=%s\n"
                        "rsa_private_key_file=%s\nrequire_ssl_reuse=YES\n"
                        "allow_anon_ssl=YES\nforce_anon_logins_ssl=YES\n"
                        "force_anon_data_ssl=YES\n" % (cert, key))
            return argv

    class ProftpdTls(B.Proftpd):
        name = "proftpd+TLS"

        def __init__(self, ca):
            self.ca = ca
            super().__init__()
            sbin = os.path.dirname(self.bin)
            self.mod = os.environ.get("JANGADA_PROFTPD_TLS") or \
                os.path.join(sbin, "..", "..", "..", "proftpd-mod-crypto",
                             "usr", "lib", "proftpd", "mod_tls.so")

        def available(self):
            return super().available() and os.path.isfile(self.mod)

        def argv(self):
            argv = super().argv()
            cert, key = self.ca.good
            with open(argv[-1], "a") as f:
                f.write("<IfModule mod_dso.c>\n  ModulePath %s\n"
                        "  LoadModule mod_tls.c\n</IfModule>\n"
                        "<IfModule mod_tls.c>\n  TLSEngine on\n"
                        "  TLSLog %s/tls.log\n"
                        "  TLSProtocol TLSv1.2 TLSv1.3\n"
                        "  TLSECCertificateFile %s\n"
                        "  TLSECCertificateKeyFile %s\n"
                        "  TLSVerifyClient off\n  TLSRequired on\n"
                        "  TLSRenegotiate none\n</IfModule>\n" % (
                            os.path.dirname(os.path.abspath(self.mod)),
                            self.dir, cert, key))
            return argv

    return {"8a": VsftpdTls, "8b": ProftpdTls}


def _file(B):
    """The file downloaded: the 1 GiB one, or a 256 MiB one (--quick)."""
    if not B.OPT.quick:
        return "big.bin", B.BIG_SIZE
    path = os.path.join(B.P["root"], "pub", "tls-quick.bin")
    if not (os.path.isfile(path) and os.path.getsize(path) == QUICK_SIZE):
        with open(os.path.join(B.P["root"], "pub", "big.bin"), "rb") as r, \
                open(path + ".tmp", "wb") as w:
            left = QUICK_SIZE
            while left:
                b = r.read(min(left, 8 << 20))
                w.write(b)
                left -= len(b)
        os.chmod(path + ".tmp", 0o644)
        os.rename(path + ".tmp", path)
    with open(path, "rb") as r:         # into the page cache
        while r.read(8 << 20):
            pass
    return "tls-quick.bin", QUICK_SIZE


def _row(B, row, srv, ca, name, size):
    dest = os.path.join(B.P["shm"], "tls.bin")
    url = "ftp://127.0.0.1:%d/pub/%s" % (srv.port, name)
    size_ok = B.expect_size(dest, size)

    def clean():
        B.rm(dest)
    J = B.OPT.jangada
    cases = [B.Case("jangada", [
        J, "-q", "--tls-trust", ca.fingerprint(ca.good[0]), "-o", dest,
        "ftpes://127.0.0.1:%d/pub/%s" % (srv.port, name)],
        kind="jangada", before=clean, check=size_ok)]
    if B.have("curl"):
        cases.append(B.Case("curl", [
            "curl", "-s", "-S", "--ssl-reqd", "--cacert", ca.ca_pem, "-o",
            dest, url], before=clean, check=size_ok))
    if B.have("lftp"):
        cases.append(B.Case("lftp", [
            "lftp", "-c", "set ftp:ssl-force true; set ftp:ssl-protect-data "
            "true; set ftp:ssl-allow-anonymous true; set ssl:ca-file %s; "
            "set xfer:clobber on; open ftp://127.0.0.1:%d; get pub/%s -o %s"
            % (ca.ca_pem, srv.port, name, dest)],
            before=clean, check=size_ok))
    B.measure({"row": row, "what": "FTPS (explicit TLS) %d MiB -> /dev/shm "
               "file" % (size >> 20), "server": srv.name, "bytes": size,
               "dest": "shm"}, cases)
    B.rm(dest)


def rows(B):
    """Run the FTPS rows asked for (--rows 8, 8a, 8b)."""
    want = [r for r in ROWS if r in B.OPT.rows]
    if not want:
        return
    try:
        ca = _testca(B)
    except (OSError, RuntimeError, subprocess.SubprocessError) as e:
        B.say("FTPS rows skipped: no test CA (%s)" % e)
        return
    name, size = _file(B)
    classes = _classes(B)
    for row in want:
        srv = classes[row](ca)
        if not srv.available():
            B.say("row %s: %s is not there (scripts/lib.sh "
                  "setup_test_system unpacks it); skipped" % (row, srv.name))
            continue
        if not srv.start():
            B.say("row %s: %s did not start; skipped:\n%s" % (
                row, srv.name, srv.tail()))
            continue
        try:
            B.say("%s on port %d" % (srv.name, srv.port))
            _row(B, row, srv, ca, name, size)
        finally:
            srv.stop()
    if shutil.which("lftp") is None:
        B.say("lftp is missing: the FTPS rows lack a peer")


def verdicts(B, groups):
    """Issue 16's targets for each FTPS row: jangada >= 1.0x the fastest
    peer, and the least CPU per GiB (every client's figure given)."""
    out = []
    for g in groups:
        if g["row"] not in ROWS:
            continue
        st = {c.client: B.stats(c) for c in g["cases"] if c.runs}
        j = st.pop("jangada", None)
        if not j or not st:
            continue
        gib = g["bytes"] / float(1 << 30)
        best = min(st.items(), key=lambda kv: kv[1]["wall"])
        ratio = best[1]["wall"] / j["wall"]
        out.append({"target": "FTPS %s (issue 16): jangada >= 1.0x the "
                    "fastest peer" % g["server"], "met": ratio >= 1.0,
                    "server": g["server"],
                    "figure": "jangada %s MiB/s, fastest peer %s %s MiB/s: "
                    "%.2fx (load %.1f)" % (
                        B.fmt_mibs(g["bytes"], j["wall"]), best[0],
                        B.fmt_mibs(g["bytes"], best[1]["wall"]), ratio,
                        g.get("load") or 0)})
        cpu = dict((k, v["cpu"] / gib) for k, v in st.items())
        least = min(cpu.values())
        out.append({"target": "FTPS %s (issue 16): jangada the least CPU "
                    "per GiB" % g["server"], "met": j["cpu"] / gib <= least,
                    "server": g["server"],
                    "figure": "CPU s/GiB: jangada %.2f, %s" % (
                        j["cpu"] / gib, ", ".join(
                            "%s %.2f" % kv for kv in sorted(cpu.items())))})
    return out
