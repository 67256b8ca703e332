"""mirror and mirror -R in batch mode (issue 17), against pyftpdlib and
vsftpd (writable): a first mirror equals the server's tree (contents, and
times to the second: MDTM then utimensat); a second one of the unchanged
tree sends no RETR and lists each directory once; files changed, added
and deleted upstream are exactly what the next mirror fetches and (with
--delete) deletes; --exclude and --include in order; --dry-run changes
nothing; mirror -R uploads, makes directories, sets times with MFMT where
the server offers it and deletes with --delete; an interrupted mirror
(SIGINT mid-file under a rate limit) continues its .part with REST."""

import os
import posixpath
import re
import shutil
import signal
import subprocess
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA, TLS_OFF
import sampletree
import servers
from fakeftpd import FakeFTPD


def url_of(srv):
    return "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                   srv.port)


T0 = int(time.time()) - 3 * 86400 + 17      # a time of our own, to the second


def make(root):
    """Files in nested directories, a hidden one and an empty directory;
    each file with a time of its own."""
    os.makedirs(os.path.join(root, "a", "b"))
    os.makedirs(os.path.join(root, "e"))
    for i, rel in enumerate(("a/b/c.txt", "a/d.txt", ".hidden", "f.bin",
                             "g.txt")):
        p = os.path.join(root, rel)
        with open(p, "w") as f:
            f.write(rel * (50 + i))
        os.utime(p, (T0 + 61 * i, T0 + 61 * i))


def tree(root):
    """{relative path: (kind, bytes, mtime)} of a local tree."""
    out = {}
    for d, dirs, files in os.walk(root):
        for n in dirs:
            out[os.path.relpath(os.path.join(d, n), root)] = ("d", None, None)
        for n in files:
            p = os.path.join(d, n)
            with open(p, "rb") as f:
                out[os.path.relpath(p, root)] = ("f", f.read(),
                                                 int(os.stat(p).st_mtime))
    return out


class Run:
    def __init__(self, srv, cmds, cwd, home, log):
        self.home = srv.write_dir if isinstance(srv, servers.Vsftpd) \
            else "\0"
        if os.path.exists(log):
            os.unlink(log)
        self.r = jangada(["--log=" + log, "-c", "open %s; %s" %
                          (url_of(srv), cmds)], cwd=cwd, home=home,
                         stdin="", timeout=60)
        with open(log, errors="replace") as f:
            self.log = f.read()
        self.rc, self.out, self.err = self.r.rc, self.r.out, self.r.err

    def sent(self, verb):
        """The paths every command verb named (vsftpd's made relative to
        the login directory). jangada CWDs into a directory and sends bare
        names, so a name is joined to the directory the last CWD entered
        (a LIST without a path is that directory); with one transfer
        connection at a time the log's order tells it."""
        out, cwd = [], "/"
        for m in re.finditer(r"> (CWD|CDUP|%s)(?: (.*))?$" % verb,
                             self.log, re.M):
            v, a = m.group(1), (m.group(2) or "").replace(self.home, "")
            if v == "CWD":
                cwd = posixpath.normpath(posixpath.join(cwd, a or "/"))
            elif v == "CDUP":
                cwd = posixpath.dirname(cwd) or "/"
            else:
                a = re.sub(r"^-a ?", "", a)
                out.append(posixpath.join(cwd, a) if a else cwd)
        return out


def test_get(srv, label, home, wd):
    src = os.path.join(srv.write_dir, "t")
    make(src)
    servers.chown_tree(srv.write_dir, getattr(srv, "pw", None))
    log = os.path.join(home, "log")
    # 1. the first mirror: the tree, byte for byte, times to the second
    r = Run(srv, "mirror t", wd, home, log)
    is_(r.rc, 0, "%s: first mirror: exit 0" % label)
    if r.rc:
        diag(r.err[-2000:])
    is_(tree(os.path.join(wd, "t")), tree(src),
        "%s: first mirror equals the server's tree (times too)" % label)
    like(r.err, r"mirror: plan: 5 to get, 0 to update, 0 to delete, 3 "
         r"directories to make", "%s: the plan is printed" % label)
    like(r.err, r"mirror: to copy 5 \(.*\); done 5, unchanged 0, deleted 0, "
         r"failed 0", "%s: the summary line" % label)

    # 2. again: nothing moves, each directory listed once
    r = Run(srv, "mirror t", wd, home, log)
    is_(r.rc, 0, "%s: second mirror: exit 0" % label)
    is_(len(r.sent("RETR")), 0, "%s: second mirror: 0 RETR" % label)
    lists = r.sent("LIST")
    probes = [a for a in re.findall(r"> LIST( .*)?$", r.log, re.M)
              if a.startswith(" -a")]
    dirs = sorted(set(lists))
    is_(dirs, ["/t", "/t/a", "/t/a/b", "/t/e"],
        "%s: second mirror: every directory listed" % label)
    is_(len(lists) - (len(probes) if len(probes) == 1 and
                      len(lists) > len(dirs) else 0), len(dirs),
        "%s: second mirror: each directory once (besides a refused "
        "LIST -a probe)" % label)
    like(r.err, r"unchanged 5", "%s: second mirror: 5 unchanged" % label)

    # 3. change, add, delete upstream: exactly those
    with open(os.path.join(src, "a", "d.txt"), "w") as f:
        f.write("changed, and longer than before " * 40)
    os.utime(os.path.join(src, "a", "d.txt"), (T0 + 7200, T0 + 7200))
    with open(os.path.join(src, "a", "b", "new.txt"), "w") as f:
        f.write("new\n")
    os.unlink(os.path.join(src, "g.txt"))
    shutil.rmtree(os.path.join(src, "e"))
    servers.chown_tree(srv.write_dir, getattr(srv, "pw", None))
    r = Run(srv, "mirror --dry-run --delete t", wd, home, log)
    is_(r.rc, 0, "%s: --dry-run: exit 0" % label)
    like(r.out + r.err, r"plan: 1 to get, 1 to update, 2 to delete",
         "%s: --dry-run prints the plan" % label)
    like(r.out + r.err, r"delete g\.txt", "%s: --dry-run: every item" % label)
    ok(os.path.exists(os.path.join(wd, "t", "g.txt")) and
       len(r.sent("RETR")) == 0, "%s: --dry-run changes nothing" % label)
    r = Run(srv, "mirror --parallel 1 t", wd, home, log)
    is_(sorted(r.sent("RETR")), ["/t/a/b/new.txt", "/t/a/d.txt"],
        "%s: exactly the changed and the new file fetched" % label)
    ok(os.path.exists(os.path.join(wd, "t", "g.txt")),
       "%s: without --delete nothing is deleted" % label)
    r = Run(srv, "mirror --delete t", wd, home, log)
    is_(r.rc, 0, "%s: --delete: exit 0" % label)
    is_(len(r.sent("RETR")), 0, "%s: --delete: nothing more fetched" % label)
    like(r.err, r"plan: 0 to get, 0 to update, 2 to delete",
         "%s: --delete in batch prints the plan first" % label)
    is_(tree(os.path.join(wd, "t")), tree(src),
        "%s: after --delete the trees are equal" % label)

    # 4. --exclude / --include, in order: the first that matches decides
    r = Run(srv, "mirror --include '*.txt' --exclude 'd*' t inc", wd, home,
            log)
    is_(sorted(tree(os.path.join(wd, "inc"))),
        ["a", "a/b", "a/b/c.txt", "a/b/new.txt", "a/d.txt"],
        "%s: --include *.txt first: only .txt files (d.txt included)"
        % label)
    r = Run(srv, "mirror --exclude 'd*' --include '*.txt' t exc", wd, home,
            log)
    is_(sorted(tree(os.path.join(wd, "exc"))),
        [".hidden", "a", "a/b", "a/b/c.txt", "a/b/new.txt", "f.bin"],
        "%s: --exclude d* first: d.txt out, the rest in" % label)
    r = Run(srv, "mirror --delete --exclude '*.bin' t exc", wd, home, log)
    ok(os.path.exists(os.path.join(wd, "exc", "f.bin")),
       "%s: an excluded file is never deleted" % label)
    # a link planted where a directory goes is never written through
    os.makedirs(os.path.join(wd, "lnk"))
    outside = os.path.join(home, "outside")
    os.makedirs(outside)
    os.symlink(outside, os.path.join(wd, "lnk", "a"))
    r = Run(srv, "mirror t lnk", wd, home, log)
    is_(os.listdir(outside), [], "%s: nothing written through a link in "
        "the local tree" % label)
    like(r.err, r"lnk/a: not a directory of ours", "%s: the link is "
         "named" % label)
    is_(r.rc, 1, "%s: a link in the way: exit 1" % label)
    r = Run(srv, "mirror --max-depth 0 t top", wd, home, log)
    is_(sorted(tree(os.path.join(wd, "top"))), [".hidden", "a", "f.bin"],
        "%s: --max-depth 0: the top directory only" % label)
    r = Run(srv, "mirror --bogus t", wd, home, log)
    is_(r.rc, 2, "%s: an unknown option: usage, exit 2" % label)
    r = Run(srv, "mirror --delete nowhere t", wd, home, log)
    ok(r.rc == 1 and os.path.exists(os.path.join(wd, "t", "f.bin")),
       "%s: a remote tree that cannot be listed (or is listed empty): "
       "exit 1, nothing deleted" % label)


def test_reverse(srv, label, home, wd):
    log = os.path.join(home, "log")
    up = os.path.join(wd, "up")
    make(up)
    r = Run(srv, "mirror -R up", wd, home, log)
    is_(r.rc, 0, "%s: mirror -R: exit 0" % label)
    if r.rc:
        diag(r.err[-2000:])
    dst = os.path.join(srv.write_dir, "up")
    got, want = tree(dst), tree(up)
    if "\\x0a MFMT" in r.log:
        is_(got, want, "%s: mirror -R: the server's tree equals ours, "
            "times set with MFMT" % label)
        ok(len(r.sent("MFMT")) == 5, "%s: mirror -R: MFMT for each file"
           % label)
    else:
        is_({k: v[:2] for k, v in got.items()},
            {k: v[:2] for k, v in want.items()},
            "%s: mirror -R: the server's tree equals ours (no MFMT here)"
            % label)
        is_(len(r.sent("MFMT")), 0, "%s: mirror -R: no MFMT where FEAT "
            "does not offer it" % label)
    ok(len(r.sent("MKD")) >= 3, "%s: mirror -R: directories made" % label)
    os.unlink(os.path.join(up, "g.txt"))
    shutil.rmtree(os.path.join(up, "e"))
    r = Run(srv, "mirror -R --delete --only-newer up", wd, home, log)
    is_(r.rc, 0, "%s: mirror -R --delete: exit 0" % label)
    is_(len(r.sent("STOR")), 0, "%s: mirror -R again: nothing uploaded"
        % label)
    ok(not os.path.exists(os.path.join(dst, "g.txt")) and
       not os.path.exists(os.path.join(dst, "e")),
       "%s: mirror -R --delete: DELE and RMD" % label)


def test_resume(srv, label, home, wd):
    log = os.path.join(home, "log")
    big = os.path.join(srv.write_dir, "big")
    os.makedirs(big)
    data = os.urandom(600 * 1024)
    with open(os.path.join(big, "blob"), "wb") as f:
        f.write(data)
    servers.chown_tree(srv.write_dir, getattr(srv, "pw", None))
    p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "set rate-limit 100K; open %s; "
                          "mirror big" % url_of(srv)], cwd=wd,
                         env=dict(os.environ, HOME=home),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE)
    part = os.path.join(wd, "big", ".blob.part")
    deadline = time.time() + 20
    while time.time() < deadline:
        if os.path.exists(part) and os.path.getsize(part) > 100 * 1024:
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGINT)
    try:
        p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
    is_(p.returncode, 1, "%s: interrupted mirror: exit 1" % label)
    size = os.path.getsize(part) if os.path.exists(part) else 0
    ok(0 < size < len(data), "%s: interrupted mirror: a .part is kept "
       "(%d bytes)" % (label, size))
    ok(not os.path.exists(os.path.join(wd, "big", "blob")),
       "%s: interrupted mirror: nothing committed" % label)
    r = Run(srv, "mirror big", wd, home, log)
    is_(r.rc, 0, "%s: the mirror run again: exit 0" % label)
    with open(os.path.join(wd, "big", "blob"), "rb") as f:
        ok(f.read() == data, "%s: resumed: byte-exact" % label)
    like(r.log, r"> REST [1-9]", "%s: resumed with REST" % label)


def test_walk_interrupted(srv, label, home, wd):
    """Ctrl-C while the remote tree is walked: the mirror says it was
    interrupted, ends at once and changes nothing."""
    many = os.path.join(srv.write_dir, "many")
    for i in range(800):
        os.makedirs(os.path.join(many, "d%03d" % i, "sub"))
    servers.chown_tree(srv.write_dir, getattr(srv, "pw", None))
    p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; mirror --delete many"
                          % url_of(srv)], cwd=wd,
                         env=dict(os.environ, HOME=home, LC_ALL="C"),
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
    line = ""
    while "Logged in" not in line:
        line = p.stderr.readline()
        if not line:
            break
    time.sleep(0.3)
    t0 = time.monotonic()
    p.send_signal(signal.SIGINT)
    try:
        out, err = p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        out, err = p.communicate()
    is_(p.returncode, 1, "%s: Ctrl-C during the walk: exit 1" % label)
    ok(time.monotonic() - t0 < 5, "%s: Ctrl-C during the walk: ends at "
       "once" % label)
    like(err, r"mirror: interrupted", "%s: Ctrl-C: said once" % label)
    ok("plan:" not in err and "Sanitizer" not in err,
       "%s: Ctrl-C: no plan, nothing done, no sanitizer report" % label)
    ok(not os.path.exists(os.path.join(wd, "many")),
       "%s: Ctrl-C during the walk: no local tree made" % label)
    shutil.rmtree(many)


def test_zone():
    """A server that lists in its own zone (two hours ahead) but answers
    MDTM in UTC, as IIS does (the fake server): the second mirror asks
    one MDTM, finds the offset and fetches nothing."""
    t = int(time.time()) - 3 * 86400 + 17
    lst = time.gmtime(t + 7200)
    case = ("FEATURES EPSV,PASV,SIZE,MDTM,REST STREAM\n"
            "MDTMTIME %s\n" % time.strftime("%Y%m%d%H%M%S", time.gmtime(t)) +
            "BODY RETR \"/f\" 0123456789\n"
            "BODY LIST -rw-r--r-- 1 u g 10 %s f\\r\\n\n"
            % time.strftime("%b %d %H:%M", lst))
    with tempfile.TemporaryDirectory() as wd:
        for run in (1, 2):
            with FakeFTPD(case) as srv:
                r = jangada(["-c", "open 127.0.0.1 %d; mirror / m"
                             % srv.port], cwd=wd, stdin="", timeout=30)
                srv.wait_closed(5)
                retr = [c for c in srv.commands() if c.startswith("RETR")]
            is_(r.rc, 0, "zone: mirror %d: exit 0" % run)
            if r.rc:
                diag(r.err[-1500:])
            if run == 1:
                is_(len(retr), 1, "zone: the first mirror fetches f")
                is_(int(os.stat(os.path.join(wd, "m", "f")).st_mtime), t,
                    "zone: f has the MDTM (UTC) time")
            else:
                is_(len(retr), 0, "zone: the second mirror fetches nothing")
                like(r.out + r.err, r"the server lists times \+2:00 from "
                     r"UTC", "zone: the offset is said")


def main():
    test_zone()
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        label = cls.name
        with tap.skipping(43, label):
            with cls(root) as srv, tempfile.TemporaryDirectory() as wd, \
                    tempfile.TemporaryDirectory() as home:
                test_get(srv, label, home, wd)
                test_reverse(srv, label, home, wd)
                test_resume(srv, label, home, wd)
                test_walk_interrupted(srv, label, home, wd)


tap.main(main)
