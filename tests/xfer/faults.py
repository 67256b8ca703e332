"""The transfer queue against the scripted fake server: a connection
dropped mid-file is retried and resumed with REST; a 4xx is retried, a 5xx
fails at once with the server's words; a 421 on the second connection
makes the queue use one; a login refused for good fails the jobs without
waiting; the rate limit holds across the queue; ASCII by name; uploads."""

import hashlib
import os
import re
import tempfile

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD, Case, random_bytes
from xqlib import xq, sanitizer_trouble

FAST = ["set timeout reply 5000", "set timeout data-idle 3000",
        "set timeout data-connect 3000", "set timeout final 3000"]
MiB = 1024 * 1024


def sha(b):
    return hashlib.sha256(b).hexdigest()


def sha_file(p):
    with open(p, "rb") as f:
        return sha(f.read())


def run(case, ops, pre=(), timeout=120):
    """Serve case; run FAST + pre + server + ops; return (result, server)."""
    srv = FakeFTPD(Case.parse(case))
    with srv:
        r = xq(FAST + list(pre) + ["server 127.0.0.1 %d" % srv.port] + ops,
               timeout=timeout)
    if sanitizer_trouble(r) or r.rc not in (0, 1):
        diag("rc %d\n%s" % (r.rc, r.err[-4000:]))
    ok(not sanitizer_trouble(r), "no sanitizer report")
    return r, srv


def sessions_with(srv, verb):
    """The server sessions that received verb."""
    out = set()
    for s in range(1, srv.sessions_started + 1):
        if any(c.split(" ")[0] == verb for c in srv.commands(s)):
            out.add(s)
    return out


def test_drop_resume():
    data = random_bytes(MiB, 7)
    case = """
BODYRANDOM RETR "/big.bin" %d 7
REPLY RETR#1 150 Opening BINARY mode data connection for big.bin (%d bytes).
XFER RETR#1 300000
DROP RETR#1
""" % (MiB, MiB)
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set retry-delay 200", "get /big.bin %s" % d,
                            "wait", "list"])
        is_(r.state(1), "done", "a dropped connection: the job still ends "
            "done")
        ok(os.path.exists(os.path.join(d, "big.bin")) and
           sha_file(os.path.join(d, "big.bin")) == sha(data),
           "final SHA-256 equal after the resume")
        ok(not os.path.exists(os.path.join(d, ".big.bin.part")),
           "no .part left")
        is_(r.jobs()[1]["attempts"], 2, "two attempts")
        ok(srv.sessions_started >= 2, "a second connection was made")
        first = [c for c in srv.commands(1) if c.startswith("REST")]
        rest = [c for s in range(2, srv.sessions_started + 1)
                for c in srv.commands(s) if c.startswith("REST")]
        is_(first, [], "no REST on the first connection")
        ok(len(rest) == 1 and re.match(r"REST [1-9]\d*$", rest[0]),
           "REST N (N > 0) on the second connection: %s" % rest)
        n = int(rest[0].split()[1]) if rest else 0
        ok(0 < n <= 300000, "resumed from what arrived (%d bytes)" % n)
        retr = [s for s in sessions_with(srv, "RETR") if s != 1]
        ok(len(retr) == 1, "RETR again on the new connection")
        like(r.text, r"state 1 queued t=\d+ .*(closed|lost)",
             "the job waited with the reason it failed")


def test_drops_back_off():
    case = ('BODYRANDOM RETR "/a.bin" 5000 1\n'
            'BODYRANDOM RETR "/b.bin" 5000 2\n'
            'BODYRANDOM RETR "/c.bin" 5000 3\n'
            'DROP RETR#1\nDROP RETR#2\nDROP RETR#3\n')
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set retry-delay 100", "set parallel 1",
                            "get /a.bin %s" % d, "get /b.bin %s" % d,
                            "get /c.bin %s" % d, "wait", "list"])
        is_([r.state(i) for i in (1, 2, 3)], ["done"] * 3, "three "
            "sessions lost in a row: every file done after")
        t = [float(l.split()[0]) for l in srv.log().splitlines()
             if "connection from" in l]
        gaps = [round(b - a, 2) for a, b in zip(t, t[1:])]
        ok(len(t) == 4 and gaps[0] >= 0.1 and gaps[1] >= 0.2 and
           gaps[2] >= 0.4, "new connections wait longer after each loss "
           "(%s s)" % gaps)


def test_550():
    case = 'REPLY RETR 550 No such file or directory.\n'
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set retry-delay 100", "get /nothere.bin %s" % d,
                            "wait", "list", "stats"])
        is_(r.state(1), "failed", "550: the job fails")
        like(r.error(1), r"No such file or directory",
             "with the server's words")
        is_(r.jobs()[1]["attempts"], 1, "no retry")
        is_(len([c for c in srv.commands() if c.startswith("RETR")]), 1,
            "RETR sent once")
        is_(r.rc, 1, "xqdrive exits 1 (a job failed)")
        is_(r.stats().get("failed"), 1, "stats: one failed")
        is_(os.listdir(d), [], "no file and no .part")


def test_4xx_retry():
    data = random_bytes(200000, 3)
    case = """
BODYRANDOM RETR "/busy.bin" 200000 3
REPLY RETR#1 450 File busy, try later.
"""
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set retry-delay 100", "get /busy.bin %s" % d,
                            "wait", "list"])
        is_(r.state(1), "done", "450: retried, then done")
        is_(r.jobs()[1]["attempts"], 2, "two attempts")
        ok(sha_file(os.path.join(d, "busy.bin")) == sha(data),
           "SHA-256 equal")
        is_(len([c for c in srv.commands() if c.startswith("RETR")]), 2,
            "RETR twice")
    case = 'REPLY RETR 451 Local error in processing.\n'
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set retries 2", "set retry-delay 50",
                            "get /bad.bin %s" % d, "wait", "list"])
        is_(r.state(1), "failed", "a 4xx every time: failed after the "
            "retries")
        is_(r.jobs()[1]["attempts"], 3, "1 + 2 retries")
        like(r.error(1), r"Local error", "the last reply's words")
        ok(r.t(1, "failed") >= 150, "with backoff (50 ms, then 100 ms)")
    # vsftpd under load: "500 OOPS: ..." and the session ends. Not a
    # verdict on the file: retried.
    case = ('BODYRANDOM RETR "/a.bin" 5000 1\n'
            'REPLY RETR#2 500 OOPS: priv_sock_get_int\nDROP RETR#2\n'
            'BODYRANDOM RETR "/b.bin" 5000 2\n')
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set parallel 1", "set retry-delay 50",
                            "get /a.bin %s" % d, "get /b.bin %s" % d,
                            "wait", "list"])
        ok(r.state(1) == "done" and r.state(2) == "done" and
           r.jobs()[2]["attempts"] == 2, "a 500 OOPS (the server's own "
           "failure) then a dropped session: retried, done")


def test_421_second_connection():
    files = {"/f%d.bin" % i: random_bytes(100000 + i, i) for i in range(4)}
    case = "".join('BODYRANDOM RETR "/f%d.bin" %d %d\n' % (i, 100000 + i, i)
                   for i in range(4))
    case += "REPLY USER#2 421 Too many connections (1) from this IP\n"
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set parallel 2"] +
                     ["get %s %s" % (p, d) for p in files] +
                     ["wait", "list", "stats"])
        ok(all(r.state(i) == "done" for i in range(1, 5)),
           "421 on the second connection: every job done")
        ok(all(sha_file(os.path.join(d, p[1:])) == sha(b)
               for p, b in files.items()), "four files, SHA-256 equal")
        ok(all(j["attempts"] == 1 for j in r.jobs().values()),
           "no job charged a retry")
        is_(len(sessions_with(srv, "RETR")), 1,
            "every RETR on the one connection that works")
        is_(srv.sessions_started, 2, "no further connection tried "
            "(fell back to one)")
        is_(r.stats().get("done"), 4, "stats: 4 done")

    case = "".join('BODYRANDOM RETR "/f%d.bin" %d %d\n' % (i, 100000 + i, i)
                   for i in range(4)) + "MAXCONN 1\n"
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set parallel 4"] +
                     ["get %s %s" % (p, d) for p in files] +
                     ["wait", "list"])
        ok(all(r.state(i) == "done" for i in range(1, 5)),
           "MAXCONN 1 (421 at the greeting), parallel 4: every job done")
        is_(len(sessions_with(srv, "RETR")), 1, "on one connection")
        ok(all(j["attempts"] == 1 for j in r.jobs().values()),
           "no job charged a retry")


def test_login_refused():
    case = "LOGIN joe s3cret\n"
    with tempfile.TemporaryDirectory() as d:
        srv = FakeFTPD(Case.parse(case))
        with srv:
            r = xq(FAST + ["server 127.0.0.1 %d joe wrong" % srv.port,
                           "get /a %s" % d, "get /b %s" % d, "wait 20"])
        is_([r.state(1), r.state(2)], ["failed", "failed"],
            "530 login incorrect: the jobs fail")
        like(r.error(1), r"530|[Ll]ogin incorrect", "the server's words")
        is_(srv.sessions_started, 1, "no retry on a 5xx login")
        ok("s3cret" not in r.err and "wrong" not in r.err,
           "the password never in the transcript")


def test_rate_limit():
    size = 20 * MiB
    case = 'BODYRANDOM RETR "/big20.bin" %d 9\n' % size
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set rate %d" % (5 * MiB),
                            "get --no-time /big20.bin %s" % d, "wait",
                            "list"], timeout=60)
        t0, t1 = r.t(1, "active"), r.t(1, "done")
        secs = (t1 - t0) / 1000.0 if t0 is not None and t1 else -1
        diag("20 MiB at 5 MiB/s took %.2f s" % secs)
        ok(3.5 <= secs <= 6.0, "20 MiB limited to 5 MiB/s: %.2f s, between "
           "3.5 and 6" % secs)
        ok(os.path.getsize(os.path.join(d, "big20.bin")) == size,
           "the whole file")
    case = ('BODYRANDOM RETR "/a.bin" %d 1\nBODYRANDOM RETR "/b.bin" %d 2\n'
            % (5 * MiB, 5 * MiB))
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set parallel 2", "set rate %d" % (4 * MiB),
                            "get --no-time /a.bin %s" % d,
                            "get --no-time /b.bin %s" % d, "wait"],
                     timeout=60)
        t0 = min(r.t(1, "active"), r.t(2, "active"))
        t1 = max(r.t(1, "done"), r.t(2, "done"))
        secs = (t1 - t0) / 1000.0
        diag("2 x 5 MiB on two connections at 4 MiB/s took %.2f s" % secs)
        ok(2.0 <= secs <= 3.5, "the limit is over the whole queue: 10 MiB "
           "at 4 MiB/s on two connections took %.2f s" % secs)
        is_(len(sessions_with(srv, "RETR")), 2, "two connections did it")


def test_ascii_auto_and_upload():
    text = b"line one\nline two\n"
    case = 'BODY RETR "/README" line one\\r\\nline two\\r\\n\n'
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["get -A /README %s" % d, "wait", "list"])
        is_(r.jobs()[1]["type"], "A", "AUTO: README is text")
        ok("TYPE A" in r.sent(), "TYPE A sent")
        is_(open(os.path.join(d, "README"), "rb").read(), text,
            "CRLF became LF")
    data = os.urandom(300000)
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "up.bin")
        open(p, "wb").write(data)
        os.utime(p, (1000000000, 1000000000))
        r, srv = run("FEATURES EPSV,PASV,SIZE,MDTM,MFMT,REST STREAM\n",
                     ["put %s /in/up.bin" % p, "wait", "list"])
        is_(r.state(1), "done", "upload done")
        ok(srv.upload("/in/up.bin") == data, "the server got every byte")
        cmds = srv.commands()
        ok("CWD /in" in cmds and "MFMT 20010909014640 up.bin" in cmds,
           "MFMT with the local time (of the bare name, in /in)")
        ok("SIZE up.bin" in cmds, "SIZE asked (the target exists?)")


def test_scale():
    n = 100000
    listing = b"".join(b"-rw-r--r--   1 ftp ftp   1 Jan 01  2024 f%06d\r\n" % i
                       for i in range(n))
    # Every RETR stalls after 10 bytes: 4 run, the rest stay queued.
    case = Case.parse("BODY RETR %s\nSTALL RETR 10\n" % ("x" * 100))
    case.body("LIST", "/huge", listing)
    srv = FakeFTPD(case)
    with tempfile.TemporaryDirectory() as d:
        with srv:
            r = xq(["server 127.0.0.1 %d" % srv.port, "watch-fds",
                    "set parallel 4", "get -r /huge %s" % d,
                    "until-jobs %d" % (n + 1), "sleep 500", "fds", "stats",
                    "cancel-all", "wait", "stats"], timeout=300)
        ok(not sanitizer_trouble(r), "no sanitizer report")
        m = re.search(r"fds max=(\d+)", r.text)
        fds = int(m.group(1)) if m else -1
        diag("a directory of %d files: at most %d descriptors open; "
             "the run took %.1f s" % (n, fds, r.wall))
        ok(0 < fds < 40, "a directory of 100,000 files: at most %d "
           "descriptors open at once" % fds)
        st = [l for l in r.out if l.startswith("stats ")]
        ok(len(st) == 2 and "queued=%d active=4 " % (n - 4) in st[0],
           "100,000 jobs: 4 active, the rest queued: %s" %
           (st[0] if st else "?"))
        like(st[-1] if st else "", r"cancelled=%d " % n,
             "cancel all: every one cancelled")
        is_(r.state(1), "cancelled", "the tree job cancelled")


def test_idle_and_events():
    case = ('BODYRANDOM RETR "/a" 1000 1\nBODYRANDOM RETR "/b" 1000 2\n'
            'BODYRANDOM RETR "/slow" %d 3\n' % MiB)
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set parallel 1", "set idle 400",
                            "get /a %s" % d, "wait", "get /b %s" % d,
                            "wait", "sleep 1000", "get /a %s a2" % d,
                            "wait", "sleep 100"])
        is_([r.state(i) for i in (1, 2, 3)], ["done"] * 3, "three gets")
        s1 = srv.commands(1)
        ok("RETR a" in s1 and "RETR b" in s1 and "QUIT" in s1,
           "the idle connection was reused for the second get, then "
           "closed with QUIT after 400 ms")
        ok(srv.sessions_started == 2 and "RETR a" in srv.commands(2),
           "a new connection for the third")
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["set rate %d" % (MiB // 2),
                            "get --no-time /slow %s" % d, "wait",
                            "events 1"])
        m = re.search(r"events 1 (\d+)", r.text)
        n = int(m.group(1)) if m else -1
        secs = (r.t(1, "done") - r.t(1, "active")) / 1000.0
        diag("%d changed events over a %.1f s transfer" % (n, secs))
        ok(5 <= n <= 12 * secs + 6, "progress events throttled to about 10 "
           "per second (%d in %.1f s)" % (n, secs))


def test_type_for_name():
    names = {"README": "text", "readme.md": "text", "README.gz": "binary",
             "INSTALL": "text", "COPYING": "text", "ChangeLog": "text",
             "NEWS": "text", "Makefile": "text", "00index.txt": "text",
             ".message": "text", "main.c": "text", "x.h": "text",
             "page.HTML": "text", "a.htm": "text", "s.css": "text",
             "t.csv": "text", "d.xml": "text", "j.json": "text",
             "run.sh": "text", "p.py": "text", "q.pl": "text",
             "ls.1": "text", "printf.3p": "text", "/pub/dir/notes.txt": "text",
             "tux.png": "binary", "linux-2.6.1": "binary",
             "kernel.tar.gz": "binary", "x.iso": "binary", "c": "binary",
             "data.dat": "binary", ".txt": "binary", "": "binary"}
    r = xq(["type " + " ".join(n.replace(" ", "\\s") for n in names
                                if n)])
    got = {}
    for l in r.out:
        w = l.split(" ")
        if w[0] == "type":
            got[w[1]] = w[2]
    want = {n: t for n, t in names.items() if n}
    is_(got, want, "xq_type_for_name: text by name for AUTO")


def main():
    test_scale()
    test_idle_and_events()
    test_type_for_name()
    test_drop_resume()
    test_drops_back_off()
    test_550()
    test_4xx_retry()
    test_421_second_connection()
    test_login_refused()
    test_rate_limit()
    test_ascii_auto_and_upload()


tap.main(main)
