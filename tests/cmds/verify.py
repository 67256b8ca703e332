"""verify and set verify auto (issue 17), against pyftpdlib and vsftpd: a
tree with SHA256SUMS, MD5SUMS and a NAME.sha512 where one file is
deliberately wrong: after a download (get, mirror) the good ones are
verified, the bad one is a mismatch, set apart as its .part (not
committed) and fails the command; the verify command checks local files
against the same sums; set verify off checks nothing. Without a checksum
file, the server's own digest (XSHA256, HASH, XMD5, from the fake server)
where FEAT offers one."""

import hashlib
import os
import re
import signal
import subprocess
import tempfile
import threading
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA
import sampletree
from fakeftpd import FakeFTPD
import servers

FILES = {
    "good.iso": b"good bytes " * 3000,
    "bad.iso": b"what the server has " * 100,
    "solo.tar": b"a file with its own .sha512\n",
    "nosum": b"no checksum names me\n",
    "sub/m.txt": b"md5 me\n",
}

OK = r"(?:\u2713|OK)"
BAD = r"(?:\u2717|BAD)"


def unlike(text, pattern, name):
    return ok(re.search(pattern, text) is None, name)


def url_of(srv):
    return "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                   srv.port)


def make(root, srv):
    os.makedirs(os.path.join(root, "sub"))
    for rel, data in FILES.items():
        with open(os.path.join(root, rel), "wb") as f:
            f.write(data)
    with open(os.path.join(root, "SHA256SUMS"), "w") as f:
        f.write("%s  good.iso\n" % hashlib.sha256(FILES["good.iso"])
                .hexdigest())
        # deliberately wrong: the digest of other bytes
        f.write("%s  bad.iso\n" % hashlib.sha256(b"the real file")
                .hexdigest())
    with open(os.path.join(root, "MD5SUMS"), "w") as f:
        f.write("%s *good.iso\n" % hashlib.md5(FILES["good.iso"])
                .hexdigest())
    with open(os.path.join(root, "solo.tar.sha512"), "w") as f:
        f.write("%s\n" % hashlib.sha512(FILES["solo.tar"]).hexdigest())
    with open(os.path.join(root, "sub", "MD5SUMS"), "w") as f:
        f.write("MD5 (m.txt) = %s\n" % hashlib.md5(FILES["sub/m.txt"])
                .hexdigest())
    pw = getattr(srv, "pw", None)
    if pw is not None:
        for d, dirs, files in os.walk(root):
            for n in dirs + files + [""]:
                os.lchown(os.path.join(d, n), pw.pw_uid, pw.pw_gid)


def run(srv, cmds, cwd, home, lang="C"):
    return jangada(["-c", "open %s; %s" % (url_of(srv), cmds)], cwd=cwd,
                   home=home, stdin="", timeout=60, lang=lang)


def test(srv, label):
    make(os.path.join(srv.write_dir, "s"), srv)
    with tempfile.TemporaryDirectory() as wd, \
            tempfile.TemporaryDirectory() as home:
        r = run(srv, "mirror s", wd, home)
        out = r.out + r.err
        is_(r.rc, 1, "%s: mirror with a bad file: exit 1" % label)
        like(out, OK + r" s/good\.iso: verified sha256",
             "%s: good.iso verified against SHA256SUMS (the strongest)"
             % label)
        like(out, OK + r" s/solo\.tar: verified sha512",
             "%s: solo.tar verified against its own .sha512" % label)
        like(out, OK + r" s/sub/m\.txt: verified md5",
             "%s: sub/m.txt verified against BSD-style MD5SUMS" % label)
        like(out, BAD + r" s/bad\.iso: sha256 mismatch; kept as "
             r"s/\.bad\.iso\.part, not committed",
             "%s: bad.iso: a mismatch, said so" % label)
        ok(not os.path.exists(os.path.join(wd, "s", "bad.iso")) and
           os.path.exists(os.path.join(wd, "s", ".bad.iso.part")),
           "%s: bad.iso not committed: kept as .bad.iso.part" % label)
        unlike(out, r"nosum: verified", "%s: a file without a checksum "
               "is not called verified" % label)
        like(out, r"mirror: to copy 9 \(.*\); done 8, .*, failed 1",
             "%s: the mismatch counts as a failure in the summary" % label)
        with open(os.path.join(wd, "s", "good.iso"), "rb") as f:
            ok(f.read() == FILES["good.iso"], "%s: good.iso intact" % label)

        r = run(srv, "cd s; lcd s; verify good.iso nosum", wd, home,
                lang="C.UTF-8")
        is_(r.rc, 0, "%s: verify good.iso nosum: exit 0" % label)
        like(r.out + r.err, "verify: \u2713 good\\.iso: verified sha256",
             "%s: verify: a check mark on a UTF-8 terminal" % label)
        like(r.out + r.err, r"verify: 1 verified, 0 mismatched, 1 without "
             r"a checksum", "%s: verify: the counts" % label)
        with open(os.path.join(wd, "s", "bad.iso"), "wb") as f:
            f.write(FILES["bad.iso"])
        r = run(srv, "cd s; lcd s; verify", wd, home)
        is_(r.rc, 1, "%s: verify of the local directory with a bad file: "
            "exit 1" % label)
        like(r.out + r.err, BAD + r" bad\.iso: sha256 mismatch\n",
             "%s: verify: the mismatch said" % label)
        ok(os.path.exists(os.path.join(wd, "s", "bad.iso")),
           "%s: verify leaves a file it did not download alone" % label)

        r = run(srv, "set verify off; get s/bad.iso", wd, home)
        is_(r.rc, 0, "%s: set verify off: get bad.iso: exit 0" % label)
        unlike(r.out + r.err, r"mismatch|verified",
               "%s: set verify off: nothing checked" % label)
        r = run(srv, "set fail-exit off; get -o g.iso s/good.iso; "
                "get -o b.iso s/bad.iso; queue", wd, home)
        like(r.out, r"<- /.*s/good\.iso .*  " + OK + r" verified sha256\n",
             "%s: the queue's job shows the check" % label)
        like(r.out, r"<- /.*s/bad\.iso .*  " + BAD + r" sha256 mismatch\n",
             "%s: the queue's job shows the mismatch" % label)
        like(r.out + r.err, OK + r" (\./)?g\.iso: verified sha256",
             "%s: get -o: checked under its local name" % label)
        ok(os.path.exists(os.path.join(wd, ".b.iso.part")) and
           not os.path.exists(os.path.join(wd, "b.iso")),
           "%s: get: a mismatch is not committed" % label)
        is_(r.rc, 1, "%s: get with a mismatch: exit 1" % label)


def test_server():
    """No checksum file: the server's own digest (XSHA256, HASH, XMD5)
    where FEAT offers one; the fake server answers."""
    body = "0123456789"
    good = hashlib.sha256(body.encode()).hexdigest()
    feats = "FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM,%s\nBODY RETR " + body
    for label, case, verb, want, rc in (
            ("XSHA256", feats % "XSHA256,XMD5" + "\nREPLY XSHA256 250 %s\n"
             % good, "XSHA256 /f", OK + r" \./f: verified sha256", 0),
            ("HASH", feats % "HASH" + "\nREPLY HASH 213 SHA-256 0-9 %s f\n"
             % good, "HASH /f", OK + r" \./f: verified sha256", 0),
            ("XMD5", feats % "XMD5" + "\nREPLY XMD5 250 %s\n"
             % hashlib.md5(b"other").hexdigest(), "XMD5 /f",
             BAD + r" \./f: md5 mismatch; kept as \./\.f\.part", 1),
            ("none", feats % "MFMT", None, None, 0)):
        with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
            r = jangada(["-c", "open 127.0.0.1 %d; get f" % srv.port],
                        cwd=d, stdin="", timeout=30)
            srv.wait_closed(5)
            cmds = srv.commands()
            if verb is None:
                ok(not [c for c in cmds if c.split(" ")[0] in
                        ("HASH", "XSHA256", "XSHA1", "XMD5", "XSHA512")],
                   "server digest: none asked where FEAT offers none")
                continue
            ok(verb in cmds, "server digest: %s sent (FEAT offers it)"
               % label)
            like(r.out + r.err, want, "server digest: %s: the result"
                 % label)
            is_(r.rc, rc, "server digest: %s: exit %d" % (label, rc))


def test_never_committed():
    """A mismatch is never committed, not even for a moment: the check
    runs on the .part before the rename. The server's digest comes
    slowly (DELAY), and a watcher polls the directory all the while:
    the file must never appear under its name."""
    body = "0123456789" * 1000
    case = ("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM,XMD5\nBODY RETR %s\n"
            "DELAY XMD5 1.5\nREPLY XMD5 250 %s\n"
            % (body, hashlib.md5(b"other").hexdigest()))
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d:
        seen = []
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                if os.path.lexists(os.path.join(d, "f")):
                    seen.append(time.monotonic())
                time.sleep(0.005)
        t = threading.Thread(target=watch)
        t.start()
        try:
            r = jangada(["-c", "open 127.0.0.1 %d; get f" % srv.port],
                        cwd=d, stdin="", timeout=30)
        finally:
            stop.set()
            t.join()
        is_(r.rc, 1, "never committed: get with a mismatch: exit 1")
        ok("XMD5 /f" in srv.commands(), "never committed: XMD5 asked")
        ok(not seen, "never committed: f never existed under its name "
           "(seen %d times while the check ran)" % len(seen))
        ok(os.path.exists(os.path.join(d, ".f.part")),
           "never committed: kept as .f.part")
        like(r.out + r.err, BAD + r" (\./)?f: md5 mismatch; kept as "
             r"(\./)?\.f\.part, not committed",
             "never committed: said so")
        like(r.out + r.err, r"1 failed", "never committed: counted as a "
             "failure in the summary")


def test_interrupted_while_held():
    """Ctrl-C while a finished download waits for its check: the job is
    cancelled, the .part stays (to be resumed), nothing is committed."""
    body = "abcdefghij" * 1000
    case = ("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM,XMD5\nBODY RETR %s\n"
            "DELAY XMD5 20\nREPLY XMD5 250 %s\n"
            % (body, hashlib.md5(body.encode()).hexdigest()))
    with FakeFTPD(case) as srv, tempfile.TemporaryDirectory() as d, \
            tempfile.TemporaryDirectory() as home:
        p = subprocess.Popen([JANGADA, "-c", "open 127.0.0.1 %d; get f" %
                              srv.port], cwd=d,
                             env=dict(os.environ, HOME=home),
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
        deadline = time.time() + 15
        while time.time() < deadline and "XMD5 /f" not in srv.commands():
            time.sleep(0.05)
        ok("XMD5 /f" in srv.commands(), "held: the check is asked")
        p.send_signal(signal.SIGINT)
        try:
            out, err = p.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        is_(p.returncode, 1, "held, then Ctrl-C: exit 1")
        part = os.path.join(d, ".f.part")
        ok(os.path.exists(part) and os.path.getsize(part) == len(body),
           "held, then Ctrl-C: the complete .part is kept")
        ok(not os.path.exists(os.path.join(d, "f")),
           "held, then Ctrl-C: nothing committed")
        ok(b"Sanitizer" not in err, "held, then Ctrl-C: no sanitizer "
           "report")


def main():
    test_interrupted_while_held()
    test_never_committed()
    test_server()
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(22, cls.name):
            with cls(root) as srv:
                test(srv, cls.name)


tap.main(main)
