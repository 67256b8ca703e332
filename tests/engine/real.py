"""The engine against real servers: pyftpdlib, vsftpd and GNU inetutils
ftpd (no MLSD, no UTF8: classic BSD), over 127.0.0.1
and ::1, anonymous and with a user: listings (LIST and MLSD), a walk of
the sample tree, binary downloads (SHA-256), ASCII downloads (CRLF
converted), an interrupted download resumed, uploads, directory
maintenance."""

import hashlib
import os
import tempfile

import tap
from tap import ok, is_, like, diag
from drive import drive
import sampletree
import servers

PICS = "pub/linux/logos/pictures"
N_ANON = 16
N_USER = 14


def sha_file(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def names(r):
    """Entry names from a listing result (the part after TYPE SIZE)."""
    return sorted(e.split(" ", 2)[2].split(" -> ")[0] for e in r.entries())


def check_anon(srv, root, label):
    sums = sampletree.expected_sums()
    url = ["open %s %d" % (srv.host, srv.port)]
    with tempfile.TemporaryDirectory() as d:
        r = drive(url + ["pwd", "list", "ls", "cwd %s" % PICS, "ls"] +
                  ["get %s %s %s" % (n, d, n) for n in
                   ("tux.png", "tux-small.png", "tux.ppm", "noise-4096.dat",
                    "logos.tar.gz")] +
                  ["get README %s README.txt ascii" % d,
                   "cwd /pub/docs", "get dos-readme.txt %s dos.txt ascii" % d,
                   "get long-text.txt %s long.txt ascii" % d, "quit"])
        ok(r.ok("open"), "%s: anonymous login" % label)
        like(r.result("pwd"), r"path=/ ", "%s: PWD /" % label)
        ok(r.ok("list") and {"README", "pub"} <= set(names(r)),
           "%s: LIST of / parsed" % label)
        # the second listing (ls: MLSD when offered) of the pictures dir
        pics = sorted(os.listdir(os.path.join(root, PICS)))
        lines = r.out
        i = [n for n, l in enumerate(lines) if l.startswith("ok cwd")][0]
        got = sorted(l.split(" ", 3)[3].split(" -> ")[0]
                     for l in lines[i:] if l.startswith("entry "))
        is_(got, pics, "%s: walk into %s, listing matches the tree" %
            (label, PICS))
        ok(r.ok("get", 4), "%s: five binary downloads" % label)
        for n in ("tux.png", "tux-small.png", "tux.ppm", "noise-4096.dat",
                  "logos.tar.gz"):
            is_(sha_file(os.path.join(d, n)), sums[PICS + "/" + n],
                "%s: %s SHA-256 equal" % (label, n))
        orig = open(os.path.join(root, PICS, "README"), "rb").read()
        is_(open(os.path.join(d, "README.txt"), "rb").read(), orig,
            "%s: ASCII download of a text file equals the LF original"
            % label)
        cr = b"\r" if srv.ascii_adds_cr else b""
        is_(open(os.path.join(d, "dos.txt"), "rb").read(),
            b"This file has DOS line endings.%s\nSecond line.%s\n" % (cr, cr),
            "%s: ASCII download of a CRLF file gives LF lines%s" % (
                label, " (its CRs are data to this server)" if cr else ""))
        is_(open(os.path.join(d, "long.txt"), "rb").read(),
            open(os.path.join(root, "pub/docs/long-text.txt"), "rb").read(),
            "%s: a long text file in ASCII mode" % label)
        ok(not [f for f in os.listdir(d) if f.endswith(".part")],
           "%s: no .part left" % label)
        ok(r.ok("quit"), "%s: QUIT" % label)


def check_user(srv, label):
    big = os.urandom(3 * 1024 * 1024 + 17)
    text = b"".join(b"line %d of the upload\n" % i for i in range(5000))
    wd = srv.write_dir
    with tempfile.TemporaryDirectory() as d:
        open(os.path.join(d, "big.bin"), "wb").write(big)
        open(os.path.join(d, "text.txt"), "wb").write(text)
        r = drive(["open %s %d %s %s" % (srv.host, srv.port, srv.user,
                                          srv.password),
                   "put %s/big.bin big.bin" % d,
                   "put %s/text.txt text.txt ascii" % d,
                   "mkdir newdir", "rename big.bin newdir/moved.bin",
                   "size newdir/moved.bin",
                   "set rate 4000000",
                   "cancel-after 1000000",
                   "get newdir/moved.bin %s back.bin" % d,
                   "set rate 0",
                   "get newdir/moved.bin %s back.bin resume" % d,
                   "get text.txt %s text-back.txt ascii" % d,
                   "delete text.txt", "quit"])
        ok(r.ok("open"), "%s: user login" % label)
        ok(r.ok("put") and r.ok("put", 1), "%s: two uploads" % label)
        ok(r.ok("mkdir") and r.ok("rename"), "%s: mkdir, rename" % label)
        like(r.result("size"), r"size=%d " % len(big),
             "%s: SIZE of the upload" % label)
        is_(sha_file(os.path.join(wd, "newdir", "moved.bin")),
            hashlib.sha256(big).hexdigest(),
            "%s: binary upload byte-exact (renamed on the server)" % label)
        like(r.result("get"), r"interrupted", "%s: download interrupted"
             % label)
        like(r.result("get", 1), r"ok get bytes=\d+ offset=[1-9]\d*",
             "%s: resumed from the .part's size" % label)
        is_(sha_file(os.path.join(d, "back.bin")),
            hashlib.sha256(big).hexdigest(),
            "%s: resumed download SHA-256 equal" % label)
        is_(open(os.path.join(d, "text-back.txt"), "rb").read(), text,
            "%s: ASCII round trip" % label)
        ok(r.ok("delete") and not os.path.exists(os.path.join(wd,
                                                              "text.txt")),
           "%s: delete" % label)
        r = drive(["open %s %d %s %s" % (srv.host, srv.port, srv.user,
                                          srv.password),
                   "delete newdir/moved.bin", "rmdir newdir", "quit"])
        ok(r.ok("rmdir") and not os.path.exists(os.path.join(wd, "newdir")),
           "%s: rmdir" % label)
        r = drive(["open %s %d %s wrong" % (srv.host, srv.port, srv.user),
                   "quit"])
        like(r.result("open"), r"fail open 530: login incorrect",
             "%s: a wrong password is refused with the server's words"
             % label)
        ok(any("clear text" in l for l in r.out),
           "%s: clear-text warning for a real login (R58)" % label)


def main():
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd, servers.InetutilsFtpd):
        for host in ("127.0.0.1", "::1"):
            label = "%s %s" % (cls.name, host)
            with tap.skipping(N_ANON + N_USER, label):
                with cls(root, host=host) as srv:
                    check_anon(srv, root, label)
                    check_user(srv, label)


tap.main(main)
