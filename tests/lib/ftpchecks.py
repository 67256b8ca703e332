"""ftpchecks.py: checks that a real server fixture works, with ftplib.

Shared by the harness tests of servers.py (pyftpdlib, vsftpd) and usable by
later integration tests as a smoke check of their fixture:

    check_anonymous(srv, sums)   # greets, lists the sample tree, RETR
                                 # matches SHA-256, anonymous STOR refused
    check_user(srv)              # user login, STOR/MKD/RNFR/DELE land on
                                 # disk in srv.write_dir, bad password 530
    check_ascii(srv, path, data) # TYPE A RETR turns LF into CRLF
    check_stopped(srv)           # stop(): the process group is gone, the
                                 # port refuses connections
    check_killed_with_test(kind, how)  # a test process that dies (exception,
                                 # SIGTERM, SIGKILL) takes its server along
"""

import ftplib
import hashlib
import io
import os
import shutil
import signal
import socket
import subprocess
import sys
import time

import sampletree

from tap import ok, is_, like, diag

PICS = "pub/linux/logos/pictures"


def _ftp(srv, user=None, password=None):
    f = ftplib.FTP(timeout=20)
    f.encoding = "utf-8"
    f.connect(srv.host, srv.port)
    if user is None:
        f.login()
    else:
        f.login(user, password)
    return f


def _retr(f, path, ascii=False):
    f.voidcmd("TYPE A" if ascii else "TYPE I")
    out = bytearray()
    with f.transfercmd("RETR " + path) as c:
        while True:
            b = c.recv(65536)
            if not b:
                break
            out += b
    f.voidresp()
    return bytes(out)


def check_anonymous(srv, sums, tag):
    like(srv.banner, rb"^220[ -]", "%s: greets with 220" % tag)
    f = _ftp(srv)
    ok(True, "%s: anonymous login" % tag)
    names = f.nlst(PICS)
    ok(any(n.endswith("tux.png") for n in names),
       "%s: lists %s" % (tag, PICS))
    lines = []
    f.retrlines("LIST " + PICS, lines.append)
    like("\n".join(lines), r"tux-latest\.png -> tux\.png",
         "%s: LIST shows the symlink" % tag)
    big = f.nlst("pub/mirrors/big")
    is_(len(big), sampletree.BIG_COUNT, "%s: %d names in pub/mirrors/big" %
        (tag, sampletree.BIG_COUNT))
    for p in (PICS + "/tux.png", PICS + "/logos.tar.gz",
              "pub/docs/Guia do Usu\u00e1rio/Cap\u00edtulo 1 \u2014 "
              "Introdu\u00e7\u00e3o.txt"):
        data = _retr(f, p)
        is_(hashlib.sha256(data).hexdigest(), sums[p],
            "%s: RETR %s, SHA-256 equal" % (tag, p))
    try:
        f.storbinary("STOR pub/intruder.txt", io.BytesIO(b"x"))
        ok(False, "%s: anonymous STOR refused" % tag)
    except ftplib.error_perm as e:
        ok(True, "%s: anonymous STOR refused (%s)" % (tag, str(e)[:40]))
    f.quit()


def check_user(srv, tag):
    f = _ftp(srv, srv.user, srv.password)
    ok(True, "%s: login as %s" % (tag, srv.user))
    payload = os.urandom(300000)
    f.storbinary("STOR upload.bin", io.BytesIO(payload))
    path = os.path.join(srv.write_dir, "upload.bin")
    ok(os.path.isfile(path) and open(path, "rb").read() == payload,
       "%s: STOR as the user lands on disk, byte-exact" % tag)
    f.mkd("new dir")
    ok(os.path.isdir(os.path.join(srv.write_dir, "new dir")),
       "%s: MKD" % tag)
    f.rename("upload.bin", "new dir/renamed.bin")
    ok(os.path.isfile(os.path.join(srv.write_dir, "new dir", "renamed.bin")),
       "%s: RNFR/RNTO" % tag)
    f.delete("new dir/renamed.bin")
    ok(not os.path.exists(os.path.join(srv.write_dir, "new dir",
                                       "renamed.bin")), "%s: DELE" % tag)
    f.quit()
    try:
        _ftp(srv, srv.user, "wrong-password").quit()
        ok(False, "%s: a wrong password is refused" % tag)
    except ftplib.error_perm as e:
        like(str(e), r"^530", "%s: a wrong password is refused" % tag)


def check_ascii(srv, path, data, tag):
    f = _ftp(srv)
    got = _retr(f, path, ascii=True)
    is_(got, data.replace(b"\n", b"\r\n"),
        "%s: TYPE A RETR sends CRLF for LF" % tag)
    is_(_retr(f, path), data, "%s: TYPE I RETR of the same file is exact" % tag)
    f.quit()


def check_stopped(srv, tag):
    """stop() with a session open: the server and its sessions are gone."""
    f = _ftp(srv)
    pids = [srv.pid] + srv.descendants()
    ok(srv.stop(), "%s: stop() leaves no process behind" % tag)
    left = [p for p in pids if not _gone(p)]
    is_(left, [], "%s: pids %s gone (server and open sessions)" % (
        tag, " ".join(map(str, pids))))
    f.close()
    fam = socket.AF_INET6 if ":" in srv.host else socket.AF_INET
    s = socket.socket(fam)
    s.settimeout(2)
    try:
        s.connect((srv.host, srv.port))
        ok(False, "%s: the port is closed" % tag)
    except OSError:
        ok(True, "%s: the port is closed" % tag)
    finally:
        s.close()


_CHILD = r"""
import os, sys, time
import servers, sampletree
kind, how, root = sys.argv[1], sys.argv[2], sys.argv[3]
srv = getattr(servers, kind)(root).start()
print(srv.pid, srv.dir, flush=True)
if how == "raise":
    raise RuntimeError("a failing test")
time.sleep(60)
"""


def _gone(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def check_killed_with_test(kind, how, root):
    """A test process that dies takes its server along."""
    env = dict(os.environ)
    p = subprocess.Popen([sys.executable, "-c", _CHILD, kind, how, root],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env)
    try:
        line = p.stdout.readline().split()
        if not line or not line[0].isdigit():
            ok(False, "%s killed with its test (%s): the child started" % (
                kind, how))
            diag(p.stderr.read(4000).decode(errors="replace"))
            return
        pid, sdir = int(line[0]), line[1].decode()
        if how == "sigterm":
            p.send_signal(signal.SIGTERM)
        elif how == "sigkill":
            p.kill()
        p.wait(20)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not _gone(pid):
            time.sleep(0.05)
        ok(_gone(pid), "%s: gone when its test dies by %s" % (kind, how))
        if _gone(pid):
            shutil.rmtree(sdir, ignore_errors=True)
    finally:
        if p.poll() is None:
            p.kill()
            p.wait()
