"""OPTS MLST (issue 15): at login jangada asks for the MLST facts the
server offers (pyftpdlib offers unix.mode but does not send it unless
asked), so an MLSD listing shows real permissions, not ?????????."""

import os
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import servers


def test_pyftpdlib():
    root = servers.workdir("mlst-")
    with open(os.path.join(root, "secret.txt"), "w") as f:
        f.write("x\n")
    os.chmod(os.path.join(root, "secret.txt"), 0o640)
    os.mkdir(os.path.join(root, "sub"))
    os.chmod(os.path.join(root, "sub"), 0o750)
    os.chmod(root, 0o755)
    with servers.PyFtpd(root) as srv:
        log = os.path.join(tempfile.mkdtemp(prefix="jlog."), "j.log")
        r = jangada(["--log", log, "-c", "open %s; ls" % srv.url])
        is_(r.rc, 0, "pyftpdlib: ls exits 0")
        like(r.out, r"(?m)^-rw-r----- .*secret\.txt$",
             "pyftpdlib: ls shows a file's permissions from MLSD")
        like(r.out, r"(?m)^drwxr-x--- .*sub$",
             "pyftpdlib: ls shows a directory's permissions")
        ok("?????????" not in r.out, "pyftpdlib: no ????????? left")
        with open(log, errors="replace") as f:
            text = f.read()
        like(text, r"OPTS MLST type;size;modify;perm;unix\.mode;",
             "pyftpdlib: OPTS MLST asks for the facts it offers")
        if r.rc:
            diag(r.err[-1500:])


def test_vsftpd_not_asked():
    """vsftpd has no MLST: nothing is asked."""
    root = servers.workdir("mlstv-")
    with open(os.path.join(root, "a.txt"), "w") as f:
        f.write("x\n")
    with servers.Vsftpd(root) as srv:
        log = os.path.join(tempfile.mkdtemp(prefix="jlog."), "j.log")
        r = jangada(["--log", log, "-c", "open %s; ls" % srv.url])
        is_(r.rc, 0, "vsftpd: ls exits 0")
        with open(log, errors="replace") as f:
            ok("OPTS MLST" not in f.read(), "vsftpd: no OPTS MLST sent")


def main():
    with tap.skipping(5, "pyftpdlib"):
        test_pyftpdlib()
    with tap.skipping(2, "vsftpd"):
        test_vsftpd_not_asked()


tap.main(main)
