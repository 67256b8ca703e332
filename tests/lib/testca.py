"""testca.py: a private test CA and server certificates, made by the tests
with the openssl command (Debian package openssl), in a temporary dir.

    from testca import TestCA
    ca = TestCA()                 # made once per process, removed at exit
    ca.ca_pem                     # the CA certificate (for tls-ca-file)
    ca.good    -> (cert, key)     # signed by the CA, 127.0.0.1 + localhost
    ca.wrong   -> (cert, key)     # signed by the CA, for another name only
    ca.expired -> (cert, key)     # signed by the CA, valid until yesterday
    ca.selfsigned -> (cert, key)  # its own issuer
    ca.fingerprint(cert) -> "SHA256:hex" (lower case, as jangada prints)
"""

import atexit
import hashlib
import os
import shutil
import ssl
import subprocess
import tempfile

_made = None


def _run(args, cwd):
    subprocess.run(["openssl"] + args, cwd=cwd, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=60)


class TestCA:
    def __new__(cls):
        global _made
        if _made is None:
            _made = super().__new__(cls)
            _made._make()
        return _made

    def _make(self):
        if shutil.which("openssl") is None:
            raise RuntimeError("openssl not found (apt-get install openssl)")
        self.dir = d = tempfile.mkdtemp(prefix="jtestca.")
        atexit.register(shutil.rmtree, d, True)
        _run(["req", "-x509", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
              "-subj", "/CN=jangada test CA", "-keyout", "ca.key",
              "-out", "ca.pem",
              "-addext", "basicConstraints=critical,CA:TRUE",
              "-addext", "keyUsage=critical,keyCertSign,cRLSign"], d)
        self.ca_pem = os.path.join(d, "ca.pem")
        self.good = self._leaf("good", "IP:127.0.0.1,IP:::1,DNS:localhost")
        self.wrong = self._leaf("wrong", "DNS:ftp.example.org")
        self.expired = self._leaf("expired",
                                  "IP:127.0.0.1,DNS:localhost",
                                  expired=True)
        key = os.path.join(d, "self.key")
        cert = os.path.join(d, "self.pem")
        _run(["req", "-x509", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:prime256v1", "-nodes", "-days", "30",
              "-subj", "/CN=127.0.0.1", "-keyout", key, "-out", cert,
              "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"], d)
        self.selfsigned = (cert, key)

    def _leaf(self, name, san, expired=False):
        d = self.dir
        key, csr, cert = name + ".key", name + ".csr", name + ".pem"
        ext = name + ".ext"
        with open(os.path.join(d, ext), "w") as f:
            f.write("subjectAltName=%s\nextendedKeyUsage=serverAuth\n" % san)
        _run(["req", "-newkey", "ec", "-pkeyopt",
              "ec_paramgen_curve:prime256v1", "-nodes", "-subj",
              "/CN=jangada test server " + name, "-keyout", key,
              "-out", csr], d)
        args = ["x509", "-req", "-in", csr, "-CA", "ca.pem", "-CAkey",
                "ca.key", "-CAcreateserial", "-out", cert, "-extfile", ext]
        if expired:
            # openssl 3.0 x509 has no -not_after: a CA-signed cert whose
            # validity ended, through the ca command's explicit dates.
            return self._expired(name, san)
        _run(args + ["-days", "30"], d)
        return (os.path.join(d, cert), os.path.join(d, key))

    def _expired(self, name, san):
        d = self.dir
        os.makedirs(os.path.join(d, "db"), exist_ok=True)
        open(os.path.join(d, "db", "index.txt"), "w").close()
        with open(os.path.join(d, "db", "serial"), "w") as f:
            f.write("1000\n")
        with open(os.path.join(d, "ca.cnf"), "w") as f:
            f.write("[ca]\ndefault_ca=c\n[c]\ndir=db\ndatabase=db/index.txt\n"
                    "new_certs_dir=db\nserial=db/serial\n"
                    "default_md=sha256\npolicy=p\ncopy_extensions=copy\n"
                    "[p]\ncommonName=supplied\n"
                    "[x]\nsubjectAltName=%s\n" % san)
        _run(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem",
              "-keyfile", "ca.key", "-in", name + ".csr", "-out",
              name + ".pem", "-startdate", "20200101000000Z",
              "-enddate", "20200201000000Z", "-extensions", "x",
              "-notext"], d)
        return (os.path.join(d, name + ".pem"), os.path.join(d, name + ".key"))

    @staticmethod
    def fingerprint(cert):
        with open(cert) as f:
            der = ssl.PEM_cert_to_DER_cert(f.read())
        return "SHA256:" + hashlib.sha256(der).hexdigest()
