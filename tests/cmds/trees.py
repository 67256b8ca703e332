"""The whole-tree commands of issue 14 in batch mode, against pyftpdlib and
vsftpd (writable): rm -r / rmdir -r (asks once; refused in batch without a
terminal unless -f; never follows a link), lrm [-r] [-f], mkdir -p and
lmkdir -p, each with its exit status."""

import os
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


def make(root, owner=None):
    """A tree with nested directories, files, a hidden file and a link
    that points out of it."""
    os.makedirs(os.path.join(root, "a", "b"))
    os.makedirs(os.path.join(root, "e"))
    for rel in ("a/b/c.txt", "a/d.txt", ".hidden", "f.txt"):
        with open(os.path.join(root, rel), "w") as f:
            f.write(rel + "\n")


def url_of(srv):
    return "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                   srv.port)


def run(srv, cmds, cwd, home):
    return jangada(["-c", "open %s; %s" % (url_of(srv), cmds)], cwd=cwd,
                   home=home, stdin="", timeout=60)


def test_remote(srv, label):
    wd = srv.write_dir
    pw = getattr(srv, "pw", None)
    with tempfile.TemporaryDirectory() as d, \
            tempfile.TemporaryDirectory() as home:
        t = os.path.join(wd, "t")
        make(t)
        os.makedirs(os.path.join(wd, "keep"))
        with open(os.path.join(wd, "keep", "k.txt"), "w") as f:
            f.write("k\n")
        os.symlink("../keep", os.path.join(t, "a", "link"))
        servers.chown_tree(wd, pw)

        r = run(srv, "rm -r t", d, home)
        is_(r.rc, 1, "%s: rm -r in batch without a terminal: exit 1" % label)
        like(r.err, r"rm: 5 files and 4 directories not removed: there is "
             r"no terminal to ask \(use -f\)",
             "%s: rm -r refuses with the counted total" % label)
        ok(os.path.exists(os.path.join(t, "a", "b", "c.txt")),
           "%s: nothing removed without -f" % label)

        r = run(srv, "rm -r -f t", d, home)
        is_(r.rc, 0, "%s: rm -r -f: exit 0" % label)
        if r.rc:
            diag(r.err[-2000:])
        ok(not os.path.lexists(t), "%s: rm -r -f: the tree is gone" % label)
        ok(os.path.exists(os.path.join(wd, "keep", "k.txt")),
           "%s: rm -r: a link is removed, not followed" % label)
        like(r.err, r"rm: removed 5 files and 4 directories",
             "%s: rm -r: the summary" % label)

        make(t)
        servers.chown_tree(wd, pw)
        r = run(srv, "rmdir -rx t", d, home)
        is_(r.rc, 2, "%s: rmdir -rx: usage, exit 2" % label)
        r = run(srv, "rm -x t", d, home)
        is_(r.rc, 2, "%s: rm -x: usage, exit 2" % label)
        like(r.err, r"rm: unknown option -x\n.*usage: rm \[-r\] \[-f\] "
             r"PATH\.\.\.", "%s: ... the usage line" % label)
        ok(os.path.exists(os.path.join(t, "a", "b", "c.txt")),
           "%s: ... nothing removed" % label)
        make(os.path.join(wd, "t2"))
        servers.chown_tree(wd, pw)
        r = run(srv, "rm -rf t2", d, home)
        is_(r.rc, 0, "%s: rm -rf (bundled): exit 0" % label)
        ok(not os.path.lexists(os.path.join(wd, "t2")),
           "%s: rm -rf: the tree is gone" % label)
        r = run(srv, "cd t; rmdir -rf -- a; rm -f nothing-here f.txt",
                d, home)
        is_(r.rc, 0, "%s: rmdir -r -f; rm -f of a missing file: exit 0"
            % label)
        ok(not os.path.lexists(os.path.join(t, "a")) and
           not os.path.lexists(os.path.join(t, "f.txt")) and
           os.path.exists(os.path.join(t, "e")),
           "%s: rmdir -r removed that tree only" % label)
        r = run(srv, "rm -r -f /t/e/..", d, home)
        is_(r.rc, 1, "%s: rm -r of a '..': refused" % label)
        ok(os.path.exists(os.path.join(t, "e")), "%s: ... and kept" % label)
        with open(os.path.join(t, "g.txt"), "w") as f:
            f.write("g\n")
        servers.chown_tree(wd, pw)
        r = run(srv, "rm -r t/e/../g.txt", d, home)
        is_(r.rc, 0, "%s: rm -r of a file alone: no question, exit 0"
            % label)
        ok(not os.path.exists(os.path.join(t, "g.txt")),
           "%s: ... removed" % label)
        r = run(srv, "rm -r -f t/missing", d, home)
        is_(r.rc, 0, "%s: rm -r -f of a missing path: exit 0" % label)
        r = run(srv, "rm -r t/missing", d, home)
        is_(r.rc, 1, "%s: rm -r of a missing path: exit 1" % label)
        like(r.err, r"rm: \S*/t/missing: No such file",
             "%s: ... named" % label)

        # vsftpd does not chroot its users: its "/" is the real one
        top = wd if srv.name == "vsftpd" else ""
        r = run(srv, "mkdir -p x/y/z %s/abs/p/q" % top, d, home)
        is_(r.rc, 0, "%s: mkdir -p: exit 0" % label)
        ok(os.path.isdir(os.path.join(wd, "x", "y", "z")) and
           os.path.isdir(os.path.join(wd, "abs", "p", "q")),
           "%s: mkdir -p made every level" % label)
        ok(not os.path.exists(os.path.join(wd, "-p")),
           "%s: mkdir -p made no '-p'" % label)
        with open(os.path.join(wd, "x", "file"), "w") as f:
            f.write("f\n")
        r = run(srv, "mkdir -p x/y/z x/y/", d, home)
        is_(r.rc, 0, "%s: mkdir -p of directories that exist: exit 0"
            % label)
        r = run(srv, "mkdir -p x/file/", d, home)
        is_(r.rc, 1, "%s: mkdir -p where a file is: exit 1" % label)
        ok("mkdir: x/file" in r.err and r.err.count("x/file") == 1,
           "%s: ... named once" % label)
        r = run(srv, "mkdir -p x/y/w; mkdir -- -p", d, home)
        is_(r.rc, 0, "%s: mkdir -p under an existing one; mkdir -- -p"
            % label)
        ok(os.path.isdir(os.path.join(wd, "x", "y", "w")) and
           os.path.isdir(os.path.join(wd, "-p")),
           "%s: ... made" % label)
        for n in ("t", "keep", "x", "abs", "-p"):
            shutil.rmtree(os.path.join(wd, n), ignore_errors=True)

        # Ctrl-C in the middle of a big remove: it stops at once, cleanly
        big = os.path.join(wd, "big")
        for i in range(40):
            sub = os.path.join(big, "d%02d" % i)
            os.makedirs(sub)
            for j in range(50):
                open(os.path.join(sub, "f%02d" % j), "w").close()
        servers.chown_tree(wd, pw)
        p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; rm -rf big; "
                              "!echo after" % url_of(srv)], cwd=d,
                             stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True,
                             env=dict(os.environ, HOME=home))
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and \
                sum(len(f) for _, _, f in os.walk(big)) == 2000:
            time.sleep(0.02)
        p.send_signal(signal.SIGINT)
        t0 = time.monotonic()
        try:
            out, err = p.communicate(timeout=15)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        ok(time.monotonic() - t0 < 5, "%s: Ctrl-C stops rm -r at once"
           % label)
        is_(p.returncode, 1, "%s: ... exit 1" % label)
        left = sum(len(f) for _, _, f in os.walk(big))
        ok(0 < left < 2000, "%s: ... part of the tree removed, the rest "
           "left (%d files)" % (label, left))
        ok("after" not in out and "Sanitizer" not in err,
           "%s: ... the script stops, no sanitizer report" % label)
        if "Sanitizer" in err:
            diag(err[-3000:])
        shutil.rmtree(big, ignore_errors=True)


def test_local():
    with tempfile.TemporaryDirectory() as d:
        make(os.path.join(d, "t"))
        os.makedirs(os.path.join(d, "keep"))
        open(os.path.join(d, "keep", "k"), "w").close()
        os.symlink("../../keep", os.path.join(d, "t", "a", "link"))
        r = jangada(["-c", "lrm -r t"], cwd=d, stdin="")
        is_(r.rc, 1, "lrm -r in batch without a terminal: exit 1")
        like(r.err, r"lrm: 5 files and 4 directories not removed",
             "lrm -r refuses with the counted total")
        ok(os.path.exists(os.path.join(d, "t", "a", "b", "c.txt")),
           "lrm -r: nothing removed")
        r = jangada(["-c", "lrm -Rf t"], cwd=d, stdin="")
        is_(r.rc, 0, "lrm -Rf: exit 0")
        ok(not os.path.lexists(os.path.join(d, "t")) and
           os.path.exists(os.path.join(d, "keep", "k")),
           "lrm -r -f: the tree is gone, the link's target kept")
        like(r.err, r"lrm: removed 5 files and 4 directories",
             "lrm -r: the summary")
        os.makedirs(os.path.join(d, "dir"))
        open(os.path.join(d, "file"), "w").close()
        r = jangada(["-c", "lrm dir"], cwd=d, stdin="")
        is_(r.rc, 1, "lrm of a directory without -r: exit 1")
        like(r.err, r"lrm: dir: is a directory \(use -r\)",
             "... and says so")
        r = jangada(["-c", "lrm file; lrm -f missing"], cwd=d, stdin="")
        is_(r.rc, 0, "lrm FILE; lrm -f MISSING: exit 0")
        ok(not os.path.exists(os.path.join(d, "file")), "lrm removed it")
        r = jangada(["-c", "lrm missing"], cwd=d, stdin="")
        is_(r.rc, 1, "lrm of a missing file: exit 1")
        r = jangada(["-c", "lrm -x file"], cwd=d, stdin="")
        is_(r.rc, 2, "lrm -x: usage, exit 2")
        r = jangada(["-c", "lmkdir -x q"], cwd=d, stdin="")
        is_(r.rc, 2, "lmkdir -x: usage, exit 2")
        like(r.err, r"usage: lmkdir \[-p\] DIR\.\.\.",
             "... the usage line")
        ok(not os.path.exists(os.path.join(d, "q")) and
           not os.path.exists(os.path.join(d, "-x")), "... nothing made")
        r = jangada(["-c", "lmkdir -p l/m/n; lmkdir -p l/m"], cwd=d,
                    stdin="")
        is_(r.rc, 0, "lmkdir -p: exit 0 (also when it exists)")
        ok(os.path.isdir(os.path.join(d, "l", "m", "n")),
           "lmkdir -p made every level")


def ask_on_tty(args, cwd, answer):
    """Run jangada with a terminal as stdin (its controlling one) and
    answer its question; (exit status, what the terminal showed)."""
    import fcntl
    import pty
    import termios
    master, slave = pty.openpty()

    def ctty():
        os.setsid()
        fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    p = subprocess.Popen([JANGADA] + TLS_OFF + args, cwd=cwd, stdin=slave,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         preexec_fn=ctty, text=True)
    os.close(slave)
    shown = b""
    deadline = time.monotonic() + 20
    while b"[y/N]" not in shown and time.monotonic() < deadline:
        import select
        r, _, _ = select.select([master], [], [], 0.2)
        if r:
            try:
                shown += os.read(master, 4096)
            except OSError:
                break
    os.write(master, answer)
    try:
        p.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        p.kill()
        p.communicate()
    os.close(master)
    return p.returncode, shown.decode("utf-8", "replace")


def test_ask_tty():
    with tempfile.TemporaryDirectory() as d:
        make(os.path.join(d, "t"))
        rc, shown = ask_on_tty(["-c", "lrm -r t"], d, b"n\n")
        like(shown, r"Remove 4 files and 4 directories on this machine\? \[y/N\]",
             "batch at a terminal: asked once, with the total")
        is_(rc, 1, "answered n: exit 1")
        ok(os.path.exists(os.path.join(d, "t", "a", "b", "c.txt")),
           "answered n: nothing removed")
        rc, shown = ask_on_tty(["-c", "lrm -r t"], d, b"y\n")
        is_(rc, 0, "answered y: exit 0")
        ok(not os.path.exists(os.path.join(d, "t")), "answered y: removed")


def main():
    root = sampletree.shared()
    test_local()
    test_ask_tty()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        label = cls.name
        with tap.skipping(34, label):
            with cls(root) as srv:
                test_remote(srv, label)


tap.main(main)
