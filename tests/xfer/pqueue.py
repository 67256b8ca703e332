"""The saved queue (issue 18): a download of 20 files (4 large under a rate
limit, 6 medium, 10 in a tree) from pyftpdlib is killed with SIGKILL at
several moments (as soon as the journal exists: before the first byte;
mid-file; right after the first file is complete; twice in a row, the
second time during the resume; during the rename: every byte of a file
is in its .part and the server holds the 226 that lets jangada commit
it, on the scripted fake server) or ended with SIGTERM (a quit: its own
cancellations are not saved), then `jangada --resume-queue` continues it:
every file byte-exact (SHA-256), no .part left, no job twice (each file
once in `queue list`, the journal empty at the end). A journal truncated or
with a byte changed is refused with a message, moved aside, and the .part
files are untouched; a remote file changed between the crash and the
resume is fetched from zero, and the user is told why; `queue drop`
forgets the saved jobs; a user login's password never reaches the journal
(the resume takes it from ~/.netrc)."""

import os
import random
import shutil
import signal
import subprocess
import time

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD, Case, random_bytes
import hashlib
import jrun
import servers

KiB = 1024
N_CRASH = 5
N_SCEN = 5
N_BAD = 6
N_CHANGED = 4
N_DROP = 3
N_PASS = 4
N_UP = 3


def fixture():
    root = servers.workdir("pq-root-")
    rnd = random.Random(18)
    data = os.path.join(root, "data")
    for d in ("tree/a", "tree/b/c"):
        os.makedirs(os.path.join(data, d))
    for i in range(4):
        with open(os.path.join(data, "big%d" % i), "wb") as f:
            f.write(rnd.randbytes(700 * KiB + i * 37))
    for i in range(6):
        with open(os.path.join(data, "mid%d" % i), "wb") as f:
            f.write(rnd.randbytes(60 * KiB + i))
    for i in range(10):
        d = ("tree", "tree/a", "tree/b/c")[i % 3]
        with open(os.path.join(data, d, "s%d" % i), "wb") as f:
            f.write(rnd.randbytes(rnd.randrange(1, 9000)))
    return root


def journal(home):
    return os.path.join(home, ".local", "state", "jangada", "queue")


def start(home, cwd, cmds):
    return subprocess.Popen([jrun.JANGADA] + jrun.TLS_OFF + ["-c", cmds], cwd=cwd,
                            env=jrun.env_for(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def parts(root):
    out = {}
    for d, dirs, files in os.walk(root):
        for n in files:
            if n.endswith(".part"):
                p = os.path.join(d, n)
                out[os.path.relpath(p, root)] = os.path.getsize(p)
    return out


def wait_until(cond, timeout=20.0):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if cond():
            return True
        time.sleep(0.005)
    return False


def kill(p, sig=signal.SIGKILL):
    p.send_signal(sig)
    p.wait(10)


def resume(home, dl, extra="queue list"):
    return jrun.jangada(["--resume-queue", "-c", extra], cwd=dl, home=home,
                        timeout=60)


def check_resumed(r, dl, want, label):
    ok(r.rc == 0, "%s: the resume succeeds" % label) or diag(repr(r))
    is_(servers.tree_sums(os.path.join(dl, "data")), want,
        "%s: every file byte-exact" % label)
    lines = [ln.split()[3] for ln in r.out.splitlines()
             if ln.split()[1:2] == ["done"] and "<-" in ln]
    ok(len(lines) == len(set(lines)), "%s: no job twice (%d)" %
       (label, len(lines))) or diag(r.out)
    ok(not parts(dl), "%s: no .part left" % label)


def crash(srv, want, label, moment, twice=False, sig=signal.SIGKILL):
    home = servers.workdir("pq-home-")
    dl = servers.workdir("pq-dl-")
    p = start(home, dl, "open %s; set parallel 2; set rate-limit 1M; "
              "get -r data" % srv.url)
    data = os.path.join(dl, "data")
    got = wait_until(lambda: moment(home, data))
    kill(p, sig)
    ok(got, "%s: killed at its moment" % label)
    if twice:
        p = subprocess.Popen([jrun.JANGADA] + jrun.TLS_OFF + ["-c",
                              "set rate-limit 1M; queue resume"], cwd=dl,
                             env=jrun.env_for(home), stdout=subprocess.DEVNULL,
                             stderr=subprocess.DEVNULL)
        time.sleep(0.7)
        kill(p)
    r = resume(home, dl)
    check_resumed(r, dl, want, label)
    return home, dl


def m_journal(home, data):
    return os.path.exists(journal(home))


def m_midfile(home, data):
    return any(s > 200 * KiB for s in parts(data).values())


def m_between(home, data):
    return os.path.exists(os.path.join(data, "big0")) or \
        os.path.exists(os.path.join(data, "big1"))


def test_rename_moment():
    """Killed while a file's bytes are all in its .part and the 226 that
    commits it is held back: the resume finishes it byte-exact, once."""
    size = 400000
    case = """
BODYRANDOM RETR "/big.bin" %d 9
REPLY RETR#1 150 Opening BINARY mode data connection for big.bin (%d bytes).
XFER RETR#1
SLEEP RETR#1 8
REPLY RETR#1 226 Transfer complete.
""" % (size, size)
    home = servers.workdir("pq-home-")
    dl = servers.workdir("pq-dl-")
    part = os.path.join(dl, ".big.bin.part")
    with FakeFTPD(Case.parse(case)) as srv:
        p = start(home, dl, "open ftp://127.0.0.1:%d/; get /big.bin" %
                  srv.port)
        got = wait_until(lambda: os.path.exists(part) and
                         os.path.getsize(part) == size)
        time.sleep(0.2)         # the data connection's end is read
        kill(p)
        ok(got and not os.path.exists(os.path.join(dl, "big.bin")),
           "during the rename: killed with every byte in the .part, "
           "not yet committed")
        r = resume(home, dl)
    ok(r.rc == 0, "during the rename: the resume succeeds") or diag(repr(r))
    fin = os.path.join(dl, "big.bin")
    is_(hashlib.sha256(open(fin, "rb").read()).hexdigest()
        if os.path.exists(fin) else None,
        hashlib.sha256(random_bytes(size, 9)).hexdigest(),
        "during the rename: the file byte-exact")
    lines = [ln for ln in r.out.splitlines() if "big.bin" in ln]
    ok(not os.path.exists(part) and len(lines) <= 1,
       "during the rename: no .part left, the job once") or diag(r.out)


def test_bad_journal(srv, want):
    home = servers.workdir("pq-home-")
    dl = servers.workdir("pq-dl-")
    p = start(home, dl, "open %s; set rate-limit 500K; get -r data" %
              srv.url)
    wait_until(lambda: m_midfile(home, os.path.join(dl, "data")))
    kill(p)
    before = parts(dl)
    j = journal(home)
    with open(j, "rb") as f:
        text = f.read()
    with open(j, "wb") as f:
        f.write(text[:random.Random(5).randrange(10, len(text) - 1)])
    r = jrun.jangada(["-c", "queue list"], cwd=dl, home=home)
    like(r.err, r"saved queue .* is refused \(truncated",
         "a truncated journal is refused with a message")
    is_(parts(dl), before, "the .part files are untouched")
    ok(os.path.exists(j + ".damaged"), "it is moved aside, not lost")
    # a byte changed: the checksum
    bad = bytearray(text)
    bad[len(bad) // 2] ^= 0x01
    with open(j, "wb") as f:
        f.write(bytes(bad))
    r = jrun.jangada(["--resume-queue"], cwd=dl, home=home)
    like(r.err, r"is refused \(its checksum", "a changed byte is refused")
    is_(parts(dl), before, "the .part files are still untouched")
    r = jrun.jangada(["-c", "open %s; get -c -r data" % srv.url], cwd=dl,
                     home=home)
    is_(servers.tree_sums(os.path.join(dl, "data")), want,
        "get -c still finishes from the .part files")


def test_changed(srv, root, want):
    home = servers.workdir("pq-home-")
    dl = servers.workdir("pq-dl-")
    p = start(home, dl, "open %s; set rate-limit 1M; get data/big0 "
              "data/big1" % srv.url)
    size0 = os.path.getsize(os.path.join(root, "data", "big0"))

    def moment():
        try:
            with open(journal(home)) as f:
                text = f.read()
        except OSError:
            return False
        return parts(dl).get(".big0.part", 0) > 100 * KiB and \
            (" %d " % size0) in text
    wait_until(moment)
    kill(p)
    ok(parts(dl).get(".big0.part", 0) > 0, "changed: a partial big0")
    path = os.path.join(root, "data", "big0")
    new = random.Random(99).randbytes(300 * KiB)
    with open(path, "wb") as f:
        f.write(new)
    r = resume(home, dl)
    like(r.err, r"big0: the remote file changed since the queue was saved "
         r"\(\d+ bytes, now 307200\): downloading it from the start",
         "changed: the user is told why it starts over")
    is_(servers.sha256_file(os.path.join(dl, "big0")),
        servers.sha256(new), "changed: the new content, byte-exact")
    is_(servers.sha256_file(os.path.join(dl, "big1")),
        want["big1"], "changed: the other file resumed byte-exact")


def test_drop(srv):
    home = servers.workdir("pq-home-")
    dl = servers.workdir("pq-dl-")
    p = start(home, dl, "open %s; set rate-limit 500K; get -r data" %
              srv.url)
    wait_until(lambda: m_journal(home, None))
    kill(p)
    r = jrun.jangada(["-c", "queue list"], cwd=dl, home=home)
    like(r.out, r"saved\s+<- /data", "queue list shows the saved jobs")
    r = jrun.jangada(["-c", "queue drop"], cwd=dl, home=home)
    like(r.err, r"Dropped \d+ saved transfers?", "queue drop forgets them")
    r = resume(home, dl)
    like(r.err, r"No saved transfers to resume", "nothing left to resume")


def test_password(srv, want):
    home = servers.workdir("pq-home-")
    dl = servers.workdir("pq-dl-")
    url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host, srv.port)
    p = start(home, dl, "open %s; set rate-limit 1M; get -r data" % url)
    wait_until(lambda: m_midfile(home, os.path.join(dl, "data")))
    kill(p)
    with open(journal(home), "rb") as f:
        text = f.read()
    ok(srv.password.encode() not in text and b"jangada" in text,
       "the journal names the user, never the password")
    is_(os.stat(journal(home)).st_mode & 0o777, 0o600, "mode 0600")
    r = resume(home, dl)
    like(r.err, r"no password for jangada at 127\.0\.0\.1",
         "without a password the resume says where to put it")
    with open(os.path.join(home, ".netrc"), "w") as f:
        f.write("machine %s login %s password %s\n" % (srv.host, srv.user,
                                                        srv.password))
    os.chmod(os.path.join(home, ".netrc"), 0o600)
    r = resume(home, dl)
    is_(servers.tree_sums(os.path.join(dl, "data")), want,
        "with .netrc it resumes, byte-exact") or diag(repr(r))


def test_upload(want):
    """A tree upload killed mid-file, resumed: the remote tree byte-exact."""
    src = servers.workdir("pq-up-")
    rnd = random.Random(3)
    os.makedirs(os.path.join(src, "up", "sub"))
    for i in range(3):
        with open(os.path.join(src, "up", "b%d" % i), "wb") as f:
            f.write(rnd.randbytes(500 * KiB + i))
    for i in range(4):
        with open(os.path.join(src, "up", "sub", "s%d" % i), "wb") as f:
            f.write(rnd.randbytes(3000 + i))
    wd = servers.workdir("pq-wd-")
    with servers.PyFtpd(wd, write_dir=wd) as srv:
        home = servers.workdir("pq-home-")
        url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                       srv.port)
        p = start(home, src, "open %s; set rate-limit 1M; put -r up" % url)
        big = [os.path.join(wd, "up", "b%d" % i) for i in range(3)]
        got = wait_until(lambda: any(os.path.exists(b) and
                                     os.path.getsize(b) > 150 * KiB
                                     for b in big))
        kill(p)
        ok(got, "upload: killed mid-file")
        # The server finishes writing what the dead session sent first
        # (a restart takes longer than that; SIZE then tells the truth).
        srv.wait_sessions_gone()
        with open(os.path.join(home, ".netrc"), "w") as f:
            f.write("machine %s login %s password %s\n" % (
                srv.host, srv.user, srv.password))
        os.chmod(os.path.join(home, ".netrc"), 0o600)
        r = jrun.jangada(["--resume-queue"], cwd=src, home=home, timeout=60)
        ok(r.rc == 0, "upload: the resume succeeds") or diag(repr(r))
        is_(servers.tree_sums(os.path.join(wd, "up")),
            servers.tree_sums(os.path.join(src, "up")),
            "upload: the remote tree byte-exact")


def main():
    root = fixture()
    want = servers.tree_sums(os.path.join(root, "data"))
    is_(len(want), 20, "the fixture has 20 files")
    test_rename_moment()
    with tap.skipping(N_CRASH * N_SCEN + N_BAD + N_CHANGED + N_DROP +
                      N_PASS + N_UP, "pyftpdlib"):
        with servers.PyFtpd(root, write_dir=root) as srv:
            crash(srv, want, "before the first byte", m_journal)
            crash(srv, want, "mid-file", m_midfile)
            crash(srv, want, "between files", m_between)
            crash(srv, want, "killed twice", m_midfile, twice=True)
            crash(srv, want, "SIGTERM (a quit)", m_midfile,
                  sig=signal.SIGTERM)
            test_bad_journal(srv, want)
            test_drop(srv)
            test_password(srv, want)
            test_changed(srv, root, want)
        test_upload(want)
    shutil.rmtree(root, ignore_errors=True)


tap.main(main)
