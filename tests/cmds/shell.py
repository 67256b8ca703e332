"""The shell from batch mode (issue 14): !CMD with its exit status, a
child's environment and signals, Ctrl-C, and lftp's redirections
(ls | CMD, ls > FILE, ls >> FILE, cat FILE | CMD, cat FILE > LOCAL)
against pyftpdlib and vsftpd."""

import hashlib
import os
import signal
import subprocess
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA
import sampletree
import servers


def test_local():
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "!echo hi"], cwd=d, stdin="")
        is_((r.rc, r.out), (0, "hi\n"), "!echo hi: its output, exit 0")
        r = jangada(["-c", "! echo spaced; lpwd"], cwd=d, stdin="")
        is_(r.out.splitlines()[0], "spaced", "! CMD (a blank after !)")
        r = jangada(["-c", "shell echo via shell"], cwd=d, stdin="")
        is_(r.out, "via shell\n", "shell CMD")
        r = jangada(["-c", "!exit 3"], cwd=d, stdin="")
        is_(r.rc, 1, "!exit 3: the command failed, exit 1")
        like(r.err, r"shell: exit status 3", "... with the child's status")
        r = jangada(["-c", "!grep -E '^Sig(Ign|Blk)' /proc/self/status"],
                    cwd=d, stdin="")
        like(r.out, r"SigBlk:\s+0+\n", "a child's signal mask is empty")
        ign = [l.split()[1] for l in r.out.splitlines()
               if l.startswith("SigIgn:")]
        ok(ign and int(ign[0], 16) & 0x7fffffff == 0,
           "a child ignores no standard signal (SIGPIPE, SIGINT restored)")
        r = jangada(["-c", "!ls -l /proc/self/fd | grep -c -- '->'"],
                    cwd=d, stdin="")
        is_(r.out.strip(), "4", "a child holds no descriptor but 0, 1, 2 "
            "(and ls's own)")
        r = jangada(["-c", "help > help.txt; lls >> help.txt"], cwd=d,
                    stdin="")
        is_(r.rc, 0, "help > FILE; lls >> FILE: exit 0")
        t = open(os.path.join(d, "help.txt")).read()
        ok("Remote files:" in t and "help.txt" in t.splitlines()[-1],
           "> writes, >> appends")
        r = jangada(["-c", "help > nodir/x"], cwd=d, stdin="")
        is_(r.rc, 1, "> into a missing directory: exit 1")
        r = jangada(["-c", "help |"], cwd=d, stdin="")
        is_(r.rc, 2, "a pipe to nothing: usage, exit 2")
        r = jangada(["-c", "help > a b"], cwd=d, stdin="")
        is_(r.rc, 2, "> with two names: usage, exit 2")
        r = jangada(["-c", "lls 'a|b'"], cwd=d, stdin="")
        like(r.err, r"a\|b", "a quoted | is a name, not a pipe")
        # A redirected command's words go through its argument spec
        open(os.path.join(d, ".hid"), "w").close()
        r = jangada(["-c", "lls -1a | grep -c hid; lls -1 > ls1.txt"],
                    cwd=d, stdin="")
        is_((r.rc, r.out.strip()), (0, "1"), "lls -1a | CMD: bundled "
            "options parsed by the spec before the pipe")
        ok("help.txt" in open(os.path.join(d, "ls1.txt")).read().split(
           "\n"), "lls -1 > FILE: the option taken (names alone), not a "
           "directory named -1")
        r = jangada(["-c", "lls -x > bad.txt"], cwd=d, stdin="")
        is_(r.rc, 2, "lls -x > FILE: a usage error, exit 2")
        like(r.err, r"lls: unknown option -x\n.*usage: lls \[-l",
             "... with the usage line, on the screen")
        is_(open(os.path.join(d, "bad.txt")).read(), "",
            "... and nothing in the file")
        # Ctrl-C stops the child and the script
        p = subprocess.Popen([JANGADA, "-c", "!sleep 31.5; !echo after"],
                             cwd=d, stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        time.sleep(1)
        t0 = time.monotonic()
        p.send_signal(signal.SIGINT)
        try:
            out, err = p.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            p.kill()
            out, err = p.communicate()
        ok(time.monotonic() - t0 < 5, "Ctrl-C: jangada ends at once")
        is_(p.returncode, 1, "Ctrl-C: exit 1")
        ok("after" not in out, "Ctrl-C: the script stops")
        ps = subprocess.run(["pgrep", "-f", "^sleep 31.5$"],
                            capture_output=True, text=True)
        is_(ps.stdout.strip(), "", "Ctrl-C: no child left behind")


def test_server(srv, root, label):
    url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                  srv.port)
    readme = os.path.join(srv.write_dir, "README")
    data = b"line one\n\n\x00\xff binary\r\nlast"
    with open(readme, "wb") as f:
        f.write(data)
    for n in ("a.txt", "b.txt", "c.txt"):
        open(os.path.join(srv.write_dir, n), "w").close()
    with tempfile.TemporaryDirectory() as d:
        def run(cmds):
            return jangada(["-c", "open %s; %s" % (url, cmds)], cwd=d,
                           stdin="", timeout=60)
        r = run("nlist | wc -l")
        is_((r.rc, r.out.strip()), (0, "4"), "%s: nlist | wc -l" % label)
        r = run("ls | grep -c txt")
        is_(r.out.strip(), "3", "%s: ls | grep" % label)
        r = run("ls > f; ls >> f")
        is_(r.rc, 0, "%s: ls > f; ls >> f: exit 0" % label)
        plain = run("ls").out
        is_(open(os.path.join(d, "f")).read(), plain + plain,
            "%s: ls > f holds ls's output, >> appends" % label)
        r = run("cat README | sha256sum")
        is_((r.rc, r.out.split()[0] if r.out else ""),
            (0, hashlib.sha256(data).hexdigest()),
            "%s: cat README | sha256sum: byte-exact" % label)
        r = run("cat README > got")
        is_(open(os.path.join(d, "got"), "rb").read(), data,
            "%s: cat README > LOCAL: byte-exact" % label)
        r = run("cat missing > got2")
        is_(r.rc, 1, "%s: cat of a missing file > LOCAL: exit 1" % label)
        r = run("ls missing-dir | wc -l")
        ok(r.rc == 1 or r.out.strip() == "0",
           "%s: a failed listing piped: fails or is empty" % label)
        # The whole password, as a fixed string: a prefix of it may be
        # in the build's paths (distcheck's jangada-0.1.0).
        r = run("!env | grep -cF -- '%s'" % srv.password)
        is_(r.out.strip(), "0", "%s: no password in a child's "
            "environment" % label)


def main():
    test_local()
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(10, cls.name):
            with cls(root) as srv:
                test_server(srv, root, cls.name)


tap.main(main)
