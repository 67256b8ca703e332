"""The local directory is app state (issue 13): lcd never moves the
process's working directory, and jangada holds the directory itself (a
descriptor), not its name: renamed while jangada is in it, it is still
where lpwd, !cmd, lls and get go, under its new name. A child (!pwd) runs in the app's local
directory while /proc/PID/cwd of jangada stays where it started; lcd -,
relative lcd, lls, lmkdir, > FILE, get, put and mput all work in the
app's directory; against pyftpdlib and vsftpd."""

import os
import subprocess
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA
import sampletree
import servers


def test_cwd():
    with tempfile.TemporaryDirectory() as d:
        x = os.path.join(d, "x")
        os.makedirs(os.path.join(x, "sub"))
        home = tempfile.mkdtemp(prefix="jhome.")
        env = dict(os.environ, HOME=home, LANG="C", LC_ALL="C",
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_STATE_HOME=os.path.join(home, ".local", "state"))
        p = subprocess.Popen([JANGADA, "-c", "lcd x; !pwd; !sleep 2"],
                             cwd=d, env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        seen = None
        end = time.time() + 10
        while time.time() < end and p.poll() is None:
            try:
                seen = os.readlink("/proc/%d/cwd" % p.pid)
            except OSError:
                pass
            # the sleep child is running once pwd has printed
            kids = subprocess.run(["pgrep", "-P", str(p.pid)],
                                  capture_output=True, text=True).stdout
            if kids.strip():
                seen = os.readlink("/proc/%d/cwd" % p.pid)
                break
            time.sleep(0.05)
        out, err = p.communicate(timeout=20)
        is_(p.returncode, 0, "lcd x; !pwd; !sleep 2: exit 0")
        if p.returncode:
            diag(err[-1500:])
        is_(out.splitlines()[-1:], [os.path.realpath(x)] if
            os.path.realpath(x) == x else [x], "!pwd prints x (the app's "
            "local directory)")
        is_(seen, os.path.realpath(d), "/proc/PID/cwd is still the start "
            "directory while the child runs")
        r = jangada(["-c", "lcd x; lcd sub; lpwd; lcd -; lpwd; lmkdir made;"
                     " lls -1 > list.txt; lcd ..; lpwd"], cwd=d)
        is_(r.rc, 0, "lcd relative, lcd -, lmkdir, > FILE: exit 0")
        is_(r.out.splitlines(), [os.path.join(x, "sub"), x, d],
            "lcd sub is relative to the local directory; lcd - goes back")
        ok(os.path.isdir(os.path.join(x, "made")), "lmkdir made it in x")
        ok(os.path.exists(os.path.join(x, "list.txt")) and
           "sub" in open(os.path.join(x, "list.txt")).read(),
           "lls > FILE wrote into x, listing x")
        with open(os.path.join(x, "v.txt"), "w") as f:
            f.write("seen in x\n")
        r = jangada(["-c", "lcd x; view -l v.txt"], cwd=d)
        is_((r.rc, "seen in x" in r.out), (0, True),
            "view -l reads a name in the local directory")
        # renamed while held: lpwd, !pwd, lls and lcd - follow it
        r = jangada(["-c", "lcd x; lcd sub; !mv ../../x ../../y; lpwd; "
                     "!pwd; lls -1 ..; lcd -; lpwd"], cwd=d)
        y = os.path.join(d, "y")
        is_(r.rc, 0, "lcd x/sub, x renamed to y: exit 0")
        if r.rc:
            diag(r.err[-1500:])
        lines = r.out.splitlines()
        is_(lines[:2], [os.path.join(y, "sub")] * 2,
            "lpwd and !pwd name the held directory by its new name")
        ok("made/" in lines and "sub/" in lines,
           "lls .. lists the renamed parent")
        is_(lines[-1:], [y], "lcd - returns to x, now y")
        os.rename(y, x)
        # removed while held: the last name stays, work in it fails
        r = jangada(["-c", "lcd x/made; !rmdir ../made; lpwd; lls"], cwd=d)
        is_((r.rc, r.out.splitlines()[:1]), (1, [os.path.join(x, "made")]),
            "x/made removed: lpwd keeps its name, lls fails (exit 1)")
        like(r.err, r"No such file or directory", "... and says why")
        r = jangada(["-c", "lcd nope"], cwd=d)
        is_(r.rc, 1, "lcd to a missing directory: exit 1")
        like(r.err, r"nope: No such file or directory", "... with a word")


def test_server(srv, label):
    url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                  srv.port)
    with open(os.path.join(srv.write_dir, "R.txt"), "w") as f:
        f.write("remote\n")
    with tempfile.TemporaryDirectory() as d:
        x = os.path.join(d, "x")
        os.makedirs(x)
        for n in ("u1.up", "u2.up", "one.txt"):
            with open(os.path.join(x, n), "w") as f:
                f.write(n)
        r = jangada(["-c", "open %s; lcd x; get R.txt; put one.txt; "
                     "mput *.up" % url], cwd=d)
        is_(r.rc, 0, "%s: lcd x; get; put; mput: exit 0" % label)
        if r.rc:
            diag(r.err[-1500:])
        ok(os.path.exists(os.path.join(x, "R.txt")) and
           not os.path.exists(os.path.join(d, "R.txt")),
           "%s: get wrote into x, not the start directory" % label)
        ok(all(os.path.exists(os.path.join(srv.write_dir, n))
               for n in ("one.txt", "u1.up", "u2.up")),
           "%s: put and mput read from x" % label)
        # the local directory renamed under jangada: it follows
        r = jangada(["-c", "open %s; lcd x; !mv ../x ../moved; lpwd; "
                     "get -o again.txt R.txt" % url], cwd=d)
        moved = os.path.join(d, "moved")
        is_(r.rc, 0, "%s: lcd x, x renamed, get: exit 0" % label)
        if r.rc:
            diag(r.err[-1500:])
        is_(r.out.splitlines()[-1:], [moved], "%s: lpwd names the "
            "directory by its new name" % label)
        ok(os.path.exists(os.path.join(moved, "again.txt")) and
           not os.path.exists(x),
           "%s: get wrote into the renamed directory" % label)


def main():
    test_cwd()
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(3, cls.name):
            with cls(root) as srv:
                test_server(srv, cls.name)


tap.main(main)
