"""Resuming after a crash (issue 18): an interrupted segmented download
(pget -n 4 from vsftpd capping each connection, anon_max_rate) killed with
SIGKILL mid-way resumes every range from where the journal says its bytes
are written: SHA-256 equal, fewer bytes fetched than the file holds (none
fetched twice). A resumed download (pget and the queue's get) first
compares the remote size and time (MDTM) with the journal's: the file's
time changed (same size) -> fetched from zero, and the user is told why;
unchanged -> REST (a marker written into the .part's first bytes stays,
which only a REST can leave). A job's priority is saved and restored. A
pget ended by SIGTERM (a quit) is saved too and resumes the same way;
`queue review` queues the saved jobs paused (nothing moves until `queue
resume all`)."""

import os
import random
import re
import signal
import subprocess
import time
import zlib

import tap
from tap import ok, is_, like, diag
import jrun
import servers

MiB = 1024 * 1024
SIZE = 6 * MiB + 4321
MARK = b"\0JANGADA-MARKER\0"


def journal(home):
    try:
        with open(os.path.join(home, ".local", "state", "jangada",
                               "queue")) as f:
            return f.read()
    except OSError:
        return ""


def ranges(text):
    """The ranges of the first segmented record: [(start, got, end)]."""
    for ln in text.splitlines():
        f = ln.split(" ")
        if f[0] == "job" and len(f) == 18 and f[17] != "-":
            return [tuple(int(x) for x in r.split("-"))
                    for r in f[17].split(",")]
    return []


def known(rs):
    return sum(g - s for s, g, e in rs)


def wait_until(cond, timeout=30.0):
    t0 = time.time()
    while time.time() - t0 < timeout:
        if cond():
            return True
        time.sleep(0.02)
    return False


def start(home, cwd, cmds):
    return subprocess.Popen([jrun.JANGADA, "-c", cmds], cwd=cwd,
                            env=jrun.env_for(home), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)


def kill(p):
    p.send_signal(signal.SIGKILL)
    p.wait(10)


def resume(home, dl):
    return jrun.jangada(["--resume-queue", "-c", "queue list"], cwd=dl,
                        home=home, timeout=90)


def moved(r):
    m = re.search(r"resumed: .* fetched \((\d+) of (\d+) B\)", r.err)
    return (int(m.group(1)), int(m.group(2))) if m else (None, None)


def pget_crash(srv, label, sig=signal.SIGKILL):
    home = servers.workdir("pr-home-")
    dl = servers.workdir("pr-dl-")
    p = start(home, dl, "open %s; set segment-min 1M; pget -n 4 big.bin" %
              srv.url)
    # mid-way: every range has bytes, none is complete
    wait_until(lambda: known(ranges(journal(home))) > SIZE // 4)
    p.send_signal(sig)
    p.wait(10)
    rs = ranges(journal(home))
    ok(len(rs) == 4 and 0 < known(rs) < SIZE, "%s: killed mid-way, the "
       "journal holds 4 ranges (%d of %d bytes known)" %
       (label, known(rs), SIZE)) or diag(journal(home))
    return home, dl, rs


def test_pget_resume(srv, want):
    home, dl, rs = pget_crash(srv, "pget")
    r = resume(home, dl)
    ok(r.rc == 0 and servers.sha256_file(os.path.join(dl, "big.bin")) ==
       want, "pget resumed: SHA-256 equal") or diag(repr(r))
    got, total = moved(r)
    need = SIZE - known(rs)
    ok(got is not None and need <= got < SIZE and
       got <= need + 4 * 256 * 1024, "pget resumed: %s bytes fetched, %d "
       "needed, fewer than the file's %d" % (got, need, SIZE)) or \
        diag(r.err)
    ok(not [f for f in os.listdir(dl) if f.endswith(".part")] and
       ranges(journal(home)) == [], "pget resumed: no .part, no record "
       "left")


def test_pget_sigterm(srv, want):
    home, dl, rs = pget_crash(srv, "pget, SIGTERM", signal.SIGTERM)
    r = resume(home, dl)
    got, total = moved(r)
    ok(r.rc == 0 and servers.sha256_file(os.path.join(dl, "big.bin")) ==
       want and got is not None and got < SIZE, "pget, SIGTERM: saved, "
       "resumed (%s bytes fetched), SHA-256 equal" % got) or diag(repr(r))


def test_review(srv, root):
    name = "mid.bin"
    home, dl = get_crash(srv, name)
    r = jrun.jangada(["-c", "queue review; queue list"], cwd=dl, home=home,
                     timeout=60)
    like(r.err, r"1 saved transfer queued paused", "review: queued paused, "
         "with a word on how to go on")
    like(r.out, r"paused.*mid\.bin|mid\.bin.*paused", "review: queue list "
         "shows it paused")
    ok(not os.path.exists(os.path.join(dl, name)), "review: nothing "
       "finished meanwhile")


def test_pget_changed(srv, root, want):
    home, dl, rs = pget_crash(srv, "pget, time changed")
    path = os.path.join(root, "big.bin")
    st = os.stat(path)
    os.utime(path, (st.st_atime, st.st_mtime - 86400))
    r = resume(home, dl)
    os.utime(path, (st.st_atime, st.st_mtime))
    like(r.err, r"big\.bin changed on the server since .* starting again",
         "pget, time changed: the user is told why it starts again")
    got, total = moved(r)
    ok(r.rc == 0 and servers.sha256_file(os.path.join(dl, "big.bin")) ==
       want and got is None, "pget, time changed: fetched whole from "
       "zero, SHA-256 equal") or diag(repr(r))


def get_crash(srv, name):
    home = servers.workdir("pr-home-")
    dl = servers.workdir("pr-dl-")
    p = start(home, dl, "open %s; set rate-limit 1M; get %s" %
              (srv.url, name))
    part = os.path.join(dl, "." + name + ".part")

    def moment():
        try:
            return os.path.getsize(part) > 400 * 1024 and \
                re.search(r"^job get \S+ \S+ \S+ \S+ \d+ \d+ [1-9]\d* ",
                          journal(home), re.M) is not None
        except OSError:
            return False
    wait_until(moment)
    kill(p)
    ok(os.path.exists(part) and re.search(r"^job get \S+ \S+ \S+ \S+ "
                                          r"\d+ \d+ [1-9]\d* ", journal(home),
                                          re.M),
       "get %s: killed mid-file, the remote time in the journal" % name) \
        or diag(journal(home))
    with open(part, "r+b") as f:
        f.write(MARK)
    return home, dl


def test_get(srv, root):
    name = "mid.bin"
    path = os.path.join(root, name)
    with open(path, "rb") as f:
        data = f.read()
    home, dl = get_crash(srv, name)
    r = jrun.jangada(["--resume-queue", "-c", "queue list"], cwd=dl,
                     home=home, timeout=90)
    with open(os.path.join(dl, name), "rb") as f:
        got = f.read()
    ok(r.rc == 0 and got[:len(MARK)] == MARK and
       got[len(MARK):] == data[len(MARK):], "get, unchanged: resumed with "
       "REST (the .part's first bytes kept)") or diag(repr(r))
    ok("changed" not in r.err, "get, unchanged: no word of a change")
    home, dl = get_crash(srv, name)
    st = os.stat(path)
    os.utime(path, (st.st_atime, st.st_mtime - 3600))
    r = jrun.jangada(["--resume-queue"], cwd=dl, home=home, timeout=90)
    os.utime(path, (st.st_atime, st.st_mtime))
    like(r.err, r"mid\.bin: the remote file changed on the server since "
         r".*: starting again", "get, time changed: the user is told why")
    with open(os.path.join(dl, name), "rb") as f:
        ok(f.read() == data, "get, time changed: fetched from zero, "
           "byte-exact")


def test_priority(srv):
    """A journal written by hand: two jobs, the second of priority 5."""
    home = servers.workdir("pr-home-")
    dl = servers.workdir("pr-dl-")
    port = srv.url.rsplit(":", 1)[1].strip("/")
    body = "jangada-queue 2\n"
    for name, prio in (("mid.bin", 0), ("big.bin", 5)):
        body += ("job get queued binary - ask 0 0 0 127.0.0.1 %s - /%s %s "
                 "%s - %d -\n" % (port, name, dl, name, prio))
    body += "end 2 %08x\n" % zlib.crc32(body.encode())
    d = os.path.join(home, ".local", "state", "jangada")
    os.makedirs(d, mode=0o700)
    with open(os.path.join(d, "queue"), "w") as f:
        f.write(body)
    r = jrun.jangada(["--resume-queue", "-c", "set parallel 1; queue list"],
                     cwd=dl, home=home, timeout=90)
    ok(r.rc == 0 and re.search(r"big\.bin.*\[\+5\]", r.out) and
       not re.search(r"mid\.bin.*\[", r.out), "priority: restored from "
       "the journal (queue list shows [+5])") or diag(repr(r))


def main():
    root = servers.workdir("pr-root-")
    rnd = random.Random(1818)
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(rnd.randbytes(SIZE))
    with open(os.path.join(root, "mid.bin"), "wb") as f:
        f.write(rnd.randbytes(900 * 1024))
    want = servers.sha256_file(os.path.join(root, "big.bin"))
    with tap.skipping(3 + 2 + 2 + 2, "vsftpd"):
        with servers.Vsftpd(root, extra={"anon_max_rate": "1000000"}) \
                as srv:
            test_pget_resume(srv, want)
            test_pget_sigterm(srv, want)
            test_pget_changed(srv, root, want)
    with tap.skipping(7 + 4, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_get(srv, root)
            test_priority(srv)
            test_review(srv, root)


tap.main(main)
