"""Downloads to standard output and to descriptors that are not files
(issue 12): "-o -" into a pipe read at once (| wc -c), into a slow reader
(| (sleep 2; sha256sum)), into a FIFO, into a socket, into a terminal,
with and without a rate limit, binary and ASCII, on pyftpdlib and vsftpd:
byte-exact, exit 0; a reader that goes away (| head -c 10) is a short
error and exit 1, never a crash or a hang."""

import hashlib
import os
import random
import select
import shlex
import socket
import subprocess
import tempfile
import time
import tty

import tap
from tap import ok, is_, like, diag
from jrun import JANGADA, TLS_OFF
import servers

SIZE = 3 * 1024 * 1024 + 17


def make_root(root):
    rnd = random.Random(12)
    os.makedirs(os.path.join(root, "pub"))
    with open(os.path.join(root, "pub", "bin.dat"), "wb") as f:
        f.write(rnd.randbytes(SIZE))
    with open(os.path.join(root, "pub", "text.txt"), "w") as f:
        f.write("".join("line %d %s\n" % (i, "x" * rnd.randint(0, 80))
                        for i in range(40000)))
    with open(os.path.join(root, "pub", "small.bin"), "wb") as f:
        f.write(rnd.randbytes(1024 * 1024))


def sha_file(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def env():
    home = tempfile.mkdtemp(prefix="jhome.")
    e = dict(os.environ, HOME=home, LANG="C", LC_ALL="C", LANGUAGE="",
             XDG_CONFIG_HOME=os.path.join(home, ".config"),
             XDG_STATE_HOME=os.path.join(home, ".state"))
    e.pop("NETRC", None)
    return e


def shell(cmds, pipe, timeout=60):
    """jangada -c CMDS | PIPE in bash: (jangada's rc, stdout, stderr)."""
    with tempfile.NamedTemporaryFile("w+", prefix="jerr.") as err:
        line = "%s -c %s 2>%s | %s; echo \"rc=${PIPESTATUS[0]}\"" % (
            shlex.quote(JANGADA), shlex.quote(cmds), err.name, pipe)
        p = subprocess.run(["bash", "-c", line], capture_output=True,
                           text=True, timeout=timeout, env=env())
        err.seek(0)
        e = err.read()
    out = p.stdout
    rc = int(out.rsplit("rc=", 1)[1]) if "rc=" in out else -1
    return rc, out.rsplit("rc=", 1)[0], e


def clean_err(e):
    return "AddressSanitizer" not in e and "runtime error" not in e


def test_pipes(srv, root, label):
    url = "ftp://%s:%d/" % (srv.host, srv.port)
    binsum = sha_file(os.path.join(root, "pub", "bin.dat"))
    text = os.path.join(root, "pub", "text.txt")

    rc, out, err = shell("open %s; get -o - pub/bin.dat" % url, "wc -c")
    is_((rc, out.strip()), (0, str(SIZE)),
        "%s: -o - | wc -c: every byte, exit 0" % label)
    if rc:
        diag(err[-1500:])
    rc, out, err = shell("open %s; get -a -o - pub/text.txt" % url,
                         "sha256sum")
    is_((rc, out.split()[0] if out.split() else ""), (0, sha_file(text)),
        "%s: ASCII -o - | sha256sum" % label)
    rc, out, err = shell("open %s; get -o - pub/bin.dat" % url,
                         "(sleep 2; sha256sum)")
    is_((rc, out.split()[0] if out.split() else ""), (0, binsum),
        "%s: -o - into a slow reader: byte-exact" % label)
    ok(clean_err(err) and "cannot write" not in err,
       "%s: slow reader: no error" % label)

    # The rate limit holds for -o - too: 1 MiB at 512 KiB/s is ~2 s.
    small = sha_file(os.path.join(root, "pub", "small.bin"))
    t0 = time.monotonic()
    rc, out, err = shell("set rate-limit 512k; open %s; get -o - "
                         "pub/small.bin" % url, "(sleep 1; sha256sum)")
    took = time.monotonic() - t0
    is_((rc, out.split()[0] if out.split() else ""), (0, small),
        "%s: rate-limited -o - into a slow reader: byte-exact" % label)
    ok(1.4 < took < 8, "%s: the rate limit applies to -o - (%.1f s)"
       % (label, took))

    rc, out, err = shell("set rate-limit 2m; open %s; get -a -o - "
                         "pub/text.txt" % url, "(sleep 1; sha256sum)")
    is_((rc, out.split()[0] if out.split() else ""), (0, sha_file(text)),
        "%s: rate-limited ASCII -o - into a slow reader" % label)

    # A terminal (a pty in raw mode), read late.
    master, slave = os.openpty()
    tty.setraw(slave)
    p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; get -o - pub/small.bin"
                          % url], stdout=slave, stderr=subprocess.PIPE,
                         env=env())
    os.close(slave)
    time.sleep(0.5)
    h = hashlib.sha256()
    while True:
        r, _, _ = select.select([master], [], [], 20)
        if not r:
            break
        try:
            x = os.read(master, 1 << 16)
        except OSError:
            break           # EIO: the last writer closed it
        if not x:
            break
        h.update(x)
    os.close(master)
    p.communicate(timeout=30)
    is_((p.returncode, h.hexdigest()), (0, small),
        "%s: -o - into a terminal: byte-exact" % label)

    # A reader that goes away: exit 1, a short message, at once.
    t0 = time.monotonic()
    rc, out, err = shell("open %s; get -o - pub/bin.dat" % url,
                         "head -c 10 | wc -c")
    is_((rc, out.strip()), (1, "10"), "%s: | head -c 10: exit 1" % label)
    like(err, r"get: cannot write the download: Broken pipe",
         "%s: closed reader: a short error" % label)
    ok(clean_err(err) and len(err) < 400,
       "%s: closed reader: nothing else" % label)
    ok(time.monotonic() - t0 < 20, "%s: closed reader: no hang" % label)

    # A FIFO, read slowly.
    with tempfile.TemporaryDirectory() as d:
        fifo = os.path.join(d, "fifo")
        os.mkfifo(fifo)
        reader = subprocess.Popen(["bash", "-c", "sleep 1; sha256sum < %s"
                                   % shlex.quote(fifo)],
                                  stdout=subprocess.PIPE, text=True)
        p = subprocess.run([JANGADA] + TLS_OFF + ["-c", "open %s; get -o %s pub/bin.dat"
                            % (url, fifo)], capture_output=True, text=True,
                           timeout=60, env=env())
        got = reader.communicate(timeout=30)[0].split()
        is_((p.returncode, got[0] if got else ""), (0, binsum),
            "%s: get -o FIFO: byte-exact" % label)
        if p.returncode:
            diag(p.stderr[-1500:])

    # A socket (stdout is one end of a socketpair), read late.
    a, b = socket.socketpair()
    with a, b:
        p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "set rate-limit 4m; open %s; "
                              "get -o - pub/bin.dat" % url], stdout=a,
                             stderr=subprocess.PIPE, env=env())
        a.close()
        time.sleep(0.5)
        h = hashlib.sha256()
        b.settimeout(30)
        while True:
            x = b.recv(1 << 16)
            if not x:
                break
            h.update(x)
        _, e = p.communicate(timeout=30)
        is_((p.returncode, h.hexdigest()), (0, binsum),
            "%s: -o - into a socket (rate-limited): byte-exact" % label)


def main():
    base = tempfile.mkdtemp(prefix="jpipes.")
    root = os.path.join(base, "root")
    make_root(root)
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(17, cls.name):
            with cls(root) as srv:
                test_pipes(srv, root, cls.name)


tap.main(main)
