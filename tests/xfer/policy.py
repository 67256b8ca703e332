"""The transfer queue's overwrite policies, each with an existing local file
(skip keeps it, rename makes NAME.1, overwrite replaces, resume continues a
shorter file byte-exact, ask with an answer, ask "for all", ask in batch
mode skips, R49), pause and resume, cancel keeping the .part and retry, a
recursive download into a tree with a planted symlinked directory (R50) and
hostile names (R46-R48), and a recursive upload, on the fake server."""

import hashlib
import os
import posixpath
import re
import tempfile

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD, Case, random_bytes
from xqlib import xq, sanitizer_trouble

FAST = ["set timeout reply 5000", "set timeout data-idle 3000",
        "set timeout data-connect 3000", "set timeout final 3000"]
MiB = 1024 * 1024
DATA = random_bytes(MiB, 5)
CASE = 'BODYRANDOM RETR "/f.bin" %d 5\n' % MiB


def sha(b):
    return hashlib.sha256(b).hexdigest()


def read(p):
    with open(p, "rb") as f:
        return f.read()


def write(p, b):
    with open(p, "wb") as f:
        f.write(b)


def run(case, ops, pre=(), timeout=120):
    srv = FakeFTPD(Case.parse(case))
    with srv:
        r = xq(FAST + list(pre) + ["server 127.0.0.1 %d" % srv.port] + ops,
               timeout=timeout)
    if sanitizer_trouble(r) or r.rc not in (0, 1):
        diag("rc %d\n%s" % (r.rc, r.err[-4000:]))
    ok(not sanitizer_trouble(r), "no sanitizer report")
    return r, srv


def retrs(srv):
    return [c for c in srv.commands() if c.startswith("RETR")]


def test_policies():
    old = b"the old local file\n"
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), old)
        r, srv = run(CASE, ["get --policy=skip /f.bin %s" % d, "wait"])
        is_(r.state(1), "skipped", "skip: skipped")
        is_(read(os.path.join(d, "f.bin")), old, "skip: the file is kept")
        is_(retrs(srv), [], "skip: nothing downloaded")
        is_(sorted(os.listdir(d)), ["f.bin"], "skip: nothing else made")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), old)
        r, srv = run(CASE, ["get --policy=rename /f.bin %s" % d,
                            "get --policy=rename /f.bin %s" % d, "wait"])
        is_(read(os.path.join(d, "f.bin")), old, "rename: the file is kept")
        ok(read(os.path.join(d, "f.bin.1")) == DATA, "rename: NAME.1 is the "
           "download")
        ok(read(os.path.join(d, "f.bin.2")) == DATA, "rename again: NAME.2")
        like(r.text, r"added 1 get /f.bin .*/f.bin", "job 1 added")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), old)
        r, srv = run(CASE, ["get --policy=overwrite /f.bin %s" % d, "wait"])
        is_(r.state(1), "done", "overwrite: done")
        ok(read(os.path.join(d, "f.bin")) == DATA, "overwrite: replaced")
        is_(sorted(os.listdir(d)), ["f.bin"], "overwrite: no .part left")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), DATA[:123457])
        r, srv = run(CASE, ["get --policy=resume /f.bin %s" % d, "wait"])
        is_(r.state(1), "done", "resume a shorter file: done")
        ok(read(os.path.join(d, "f.bin")) == DATA,
           "resume: byte-exact (SHA-256 equal)")
        ok("REST 123457" in srv.commands(), "resume: REST 123457")
        is_(sorted(os.listdir(d)), ["f.bin"], "resume: no .part left")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, ".f.bin.part"), DATA[:500000])
        r, srv = run(CASE, ["get --policy=resume /f.bin %s" % d, "wait"])
        ok(read(os.path.join(d, "f.bin")) == DATA and
           "REST 500000" in srv.commands(), "resume the .part (no target): "
           "REST 500000, byte-exact")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), DATA)
        r, srv = run(CASE, ["get --policy=resume /f.bin %s" % d, "wait"])
        is_(r.state(1), "done", "resume a complete file: done")
        is_(retrs(srv), [], "... without downloading anything")

    with tempfile.TemporaryDirectory() as d:
        big = DATA + b"more"
        write(os.path.join(d, "f.bin"), big)
        r, srv = run(CASE, ["get --policy=resume /f.bin %s" % d, "wait"])
        is_(r.state(1), "failed", "resume a larger local file: failed")
        like(r.error(1), r"larger", "... saying why")
        is_(read(os.path.join(d, "f.bin")), big, "... and the file is kept")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), old)
        r, srv = run(CASE, ["get /f.bin %s" % d, "sleep 300", "list",
                            "answer 1 overwrite", "wait"],
                     pre=["set ask manual"])
        asks = r.asks()
        ok(len(asks) == 1 and asks[0][0] == 1 and
           asks[0][1].endswith("/f.bin"), "ask: the question names the "
           "target")
        ok(r.jobs().get(1, {}).get("state") == "queued",
           "ask: the job waits for the answer")
        ok(read(os.path.join(d, "f.bin")) == DATA, "ask, answered "
           "overwrite: replaced")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), old)
        r, srv = run(CASE, ["get /f.bin %s" % d, "wait"],
                     pre=["set ask rename"])
        ok(read(os.path.join(d, "f.bin")) == old and
           read(os.path.join(d, "f.bin.1")) == DATA,
           "ask, answered from inside the event (rename)")

    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), old)
        r, srv = run(CASE, ["get /f.bin %s" % d, "wait"])
        is_(r.state(1), "skipped", "ask in batch mode (nobody to ask): "
            "skipped")
        is_(read(os.path.join(d, "f.bin")), old, "... the file kept (R49)")


def test_resume_interrupted():
    with tempfile.TemporaryDirectory() as d:
        write(os.path.join(d, "f.bin"), DATA[:100000])
        r, srv = run(CASE, ["set rate %d" % MiB,
                            "get --no-time --policy=resume /f.bin %s" % d,
                            "until 1 bytes 300000"])
        got = read(os.path.join(d, "f.bin"))
        ok(len(got) >= 300000 and DATA.startswith(got) and
           not os.path.exists(os.path.join(d, ".f.bin.part")),
           "resuming a short file, then quitting: the file keeps its name "
           "and what arrived (%d bytes)" % len(got))


def test_put_policies():
    data = os.urandom(200000)
    case = 'BODY RETR "/x" %s\n' % ("y" * 1000)
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "x")
        write(p, data)
        r, srv = run(case, ["put %s /x" % p, "wait"])
        ok(r.state(1) == "skipped" and srv.uploads == [],
           "put, the target exists, batch mode: skipped, nothing sent")
        r, srv = run(case, ["put --policy=rename %s /x" % p, "wait"])
        ok(srv.upload("/x.1") == data and srv.upload("/x") is None,
           "put --policy=rename: sent as x.1")
        # SIZE#1: the target is there (1000 bytes); SIZE#2: after STOR.
        verify = case + "REPLY SIZE#2 213 200000\n"
        r, srv = run(verify, ["put --policy=resume %s /x" % p, "wait"])
        ups = srv.uploads
        ok(len(ups) == 1 and ups[0].offset == 1000 and ups[0].cmd == "STOR"
           and ups[0].data == data[1000:] and "REST 1000" in srv.commands(),
           "put --policy=resume: REST 1000, the rest of the file")
        r, srv = run(verify, ["put --policy=overwrite %s /x" % p, "wait"])
        ok(r.state(1) == "done" and srv.upload("/x") == data,
           "put --policy=overwrite: sent whole")
        r, srv = run(case, ["set retries 1", "set retry-delay 50",
                            "put --policy=overwrite %s /x" % p, "wait"])
        ok(r.state(1) == "failed" and len(srv.uploads) == 2,
           "SIZE after STOR says 1000, not 200000: retried, then failed")
        like(r.error(1), r"has 1000 bytes after the upload, not 200000",
             "... saying so")
        r, srv = run(case, ["put %s /x" % p, "sleep 300",
                            "answer 1 rename", "wait"],
                     pre=["set ask manual"])
        ok(len(r.asks()) == 1 and r.asks()[0][1] == "/x" and
           srv.upload("/x.1") == data, "put, ask answered rename: x.1")


def tree_case():
    return """
BODY LIST "/t" <<END
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 a.txt
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 b.txt
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 c.txt
END
BODY RETR "/t/a.txt" AAAA\\n
BODY RETR "/t/b.txt" BBBB\\n
BODY RETR "/t/c.txt" CCCC\\n
"""


def test_ask_for_all():
    with tempfile.TemporaryDirectory() as d:
        os.mkdir(os.path.join(d, "t"))
        for n in "abc":
            write(os.path.join(d, "t", n + ".txt"), b"old\n")
        r, srv = run(tree_case(), ["get -r /t %s" % d, "wait"],
                     pre=["set ask rename,all"])
        is_(len(r.asks()), 1, "ask \"for all\": one question for the tree")
        ok(all(read(os.path.join(d, "t", n + ".txt.1")) ==
               (n.upper() * 4 + "\n").encode() for n in "abc"),
           "... and every file renamed")
    with tempfile.TemporaryDirectory() as d:
        for n in "ab":
            write(os.path.join(d, n), b"old\n")
        case = 'BODY RETR "/a" new\nBODY RETR "/b" new\n'
        r, srv = run(case, ["batch begin", "get /a %s" % d, "get /b %s" % d,
                            "batch end", "wait"], pre=["set ask skip,all"])
        is_(len(r.asks()), 1, "a batch of two gets: one question")
        is_([r.state(1), r.state(2)], ["skipped", "skipped"],
            "... the answer covers both")


def test_tree_retry():
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(tree_case() + "REPLY RETR#1 550 Not now.\n",
                     ["set parallel 1", "get -r /t %s" % d, "wait", "list",
                      "retry 2", "wait", "list", "clear", "list", "stats"])
        st = [s for s, _, _ in r.states(1)]
        ok(st[-3:] == ["failed", "active", "done"], "a tree with a 550 "
           "file fails (%s), and is done again once the file is retried"
           % " ".join(st))
        like(r.text, r"state 1 failed t=\d+ 1 of 3 files failed",
             "... saying how many failed")
        is_(read(os.path.join(d, "t", "a.txt")), b"AAAA\n",
            "the retried file arrived")
        is_(len([l for l in r.out if l.startswith("job ")]), 8,
            "two lists of 4 jobs, then clear leaves none")
        is_(r.stats().get("done"), 0, "stats after clear: nothing left")


def test_pause_resume_cancel():
    slow = ["set rate %d" % (1 * MiB)]
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(CASE, slow + ["get --no-time /f.bin %s" % d,
                                   "until 1 bytes 300000", "pause 1",
                                   "sleep 300", "list", "resume 1",
                                   "wait", "list"])
        states = [s for s, _, _ in r.states(1)]
        ok("paused" in states and states[-1] == "done",
           "pause, then resume: done (%s)" % " ".join(states))
        jobs = [l for l in r.out if l.startswith("job 1 ")]
        ok(jobs and " paused " in jobs[0], "listed as paused")
        ok(read(os.path.join(d, "f.bin")) == DATA, "resumed byte-exact")
        rests = [c for c in srv.commands() if c.startswith("REST")]
        ok(len(rests) == 1 and int(rests[0].split()[1]) >= 300000,
           "the resume continued the .part: %s" % rests)
        ok(jobs and 0 < int(jobs[0].split()[5]) < MiB,
           "paused part-way: %s" % (jobs[0] if jobs else "?"))

    with tempfile.TemporaryDirectory() as d:
        r, srv = run(CASE, slow + ["get --no-time /f.bin %s" % d,
                                   "until 1 bytes 300000", "cancel 1",
                                   "wait"])
        is_(r.state(1), "cancelled", "cancel: cancelled")
        part = os.path.join(d, ".f.bin.part")
        ok(os.path.exists(part) and os.path.getsize(part) >= 300000,
           "cancel keeps the .part")
        ok(not os.path.exists(os.path.join(d, "f.bin")), "... and makes no "
           "file")
        ok(DATA.startswith(read(part)), "the .part holds the start of the "
           "file")
        is_(r.rc, 0, "a cancelled job is not a failure")

        r, srv = run(CASE, ["get --no-time --policy=resume /f.bin %s" % d,
                            "wait"])
        ok(read(os.path.join(d, "f.bin")) == DATA,
           "a later get --policy=resume finishes it byte-exact")

    with tempfile.TemporaryDirectory() as d:
        r, srv = run(CASE, slow + ["get --no-time /f.bin %s" % d,
                                   "until 1 bytes 200000", "cancel 1",
                                   "until 1 cancelled", "retry 1", "wait",
                                   "list"])
        is_(r.state(1), "done", "cancel, then retry: done")
        ok(read(os.path.join(d, "f.bin")) == DATA, "... byte-exact")
        rests = [c for c in srv.commands() if c.startswith("REST")]
        is_(len(rests), 1, "... resumed with REST")

    with tempfile.TemporaryDirectory() as d:
        r, srv = run(CASE + 'BODYRANDOM RETR "/g.bin" %d 6\n' % MiB,
                     slow + ["set parallel 1", "get --no-time /f.bin %s" % d,
                             "get --no-time /g.bin %s" % d,
                             "until 1 bytes 100000", "cancel-all", "wait",
                             "stats"])
        is_([r.state(1), r.state(2)], ["cancelled", "cancelled"],
            "cancel all: the running and the queued job")
        is_(r.stats().get("cancelled"), 2, "stats: 2 cancelled")


def test_tree_safety():
    case = """
BODY LIST "/t" <<END
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 ok.txt
drwxr-xr-x   2 ftp ftp   0 Jan 01  2024 sub
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 -rf
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 ../../escape.txt
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 |sh -c id
lrwxrwxrwx   1 ftp ftp   5 Jan 01  2024 link.txt -> ok.txt
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 ok.txt
END
BODY LIST "/t/sub" <<END
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 inner.txt
END
BODY RETR "/t/ok.txt" okok\\n
BODY RETR "/t/sub/inner.txt" innr\\n
BODY RETR "/t/-rf" dash\\n
BODY RETR "/t/|sh -c id" pipe\\n
BODY RETR "/t/link.txt" link\\n
BODY RETR "/t/../../escape.txt" evil\\n
"""
    with tempfile.TemporaryDirectory() as top:
        d = os.path.join(top, "dl")
        out = os.path.join(top, "elsewhere")
        os.mkdir(d)
        os.mkdir(out)
        r, srv = run(case, ["get -r /t %s" % d, "wait", "list"])
        is_(r.state(1), "done", "a hostile tree: done")
        got = sorted(os.listdir(os.path.join(d, "t")))
        is_(got, ["_-rf", "_|sh -c id", "ok.txt", "sub"],
            "names made safe (R48); '../..' and the link left out; the "
            "second ok.txt left out (R46)")
        is_(read(os.path.join(d, "t", "sub", "inner.txt")), b"innr\n",
            "the subdirectory walked")
        ok(not os.path.exists(os.path.join(top, "escape.txt")) and
           not os.path.exists(os.path.join(d, "escape.txt")),
           "nothing written above the target (R47)")
        ok(not any(c.startswith("RETR link.txt") for c in
                   srv.commands()), "the symlink was not fetched")

        # R50: the tree's subdirectory is a planted symlink.
        import shutil
        shutil.rmtree(os.path.join(d, "t"))
        os.mkdir(os.path.join(d, "t"))
        os.symlink(out, os.path.join(d, "t", "sub"))
        r, srv = run(case, ["get -r /t %s" % d, "wait", "list"])
        is_(r.state(1), "failed", "a symlinked local subdirectory: the "
            "tree job fails")
        like(r.error(1), r"symbolic link", "... saying why")
        is_(os.listdir(out), [], "nothing written through the link (R50)")
        ok(os.path.exists(os.path.join(d, "t", "ok.txt")),
           "the rest of the tree was downloaded")

    with tempfile.TemporaryDirectory() as top:
        os.symlink(os.path.join(top, "nowhere"), os.path.join(top, "x"))
        r, srv = run("BODY RETR \"/x\" data\n", ["get /x %s" % top, "wait"])
        ok(r.state(1) == "skipped" and os.path.islink(os.path.join(top, "x"))
           and not os.path.exists(os.path.join(top, "nowhere")),
           "a planted dangling symlink as the target: skipped, not "
           "followed (R49, R50)")
        r, srv = run("BODY RETR \"/x\" data\n", ["get --policy=overwrite /x "
                                                  "%s" % top, "wait"])
        ok(not os.path.islink(os.path.join(top, "x")) and
           read(os.path.join(top, "x")) == b"data" and
           not os.path.exists(os.path.join(top, "nowhere")),
           "overwrite replaces the link itself, never writes through it "
           "(R50)")


def test_follow_links():
    case = """
BODY LIST "/t2" <<END
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 real.txt
lrwxrwxrwx   1 ftp ftp   8 Jan 01  2024 flink -> real.txt
lrwxrwxrwx   1 ftp ftp   3 Jan 01  2024 dlink -> sub
lrwxrwxrwx   1 ftp ftp   7 Jan 01  2024 dead -> nowhere
END
BODY LIST "/t2/dlink" <<END
-rw-r--r--   1 ftp ftp   5 Jan 01  2024 in.txt
END
BODY RETR "/t2/real.txt" real\\n
BODY RETR "/t2/flink" real\\n
BODY RETR "/t2/dlink/in.txt" inin\\n
REPLY CWD "/t2/dead" 550 No such directory.
"""
    with tempfile.TemporaryDirectory() as d:
        r, srv = run(case, ["get -r /t2 %s" % d, "wait"])
        is_(sorted(os.listdir(os.path.join(d, "t2"))), ["real.txt"],
            "links left out by default")
        r, srv = run(case, ["get -r -L /t2 %s x" % d, "wait", "list"])
        is_(r.state(1), "done", "follow links: done")
        x = os.path.join(d, "x")
        is_(sorted(os.listdir(x)), ["dlink", "flink", "real.txt"],
            "a link to a file fetched as a file, to a directory walked, a "
            "dangling one left out")
        ok(read(os.path.join(x, "flink")) == b"real\n" and
           read(os.path.join(x, "dlink", "in.txt")) == b"inin\n",
           "the contents are right")
        cmds = srv.commands()
        ok("CWD /t2/dlink" in cmds and "CWD /" in cmds and
           cmds.index("CWD /") > cmds.index("CWD /t2/dlink"),
           "CWD into the link, then back home")


def test_put_tree():
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, "src")
        files = {"a.bin": os.urandom(70000), "sub/b.txt": b"bee\n",
                 "sub/deeper/c.dat": os.urandom(1000), "empty.txt": b""}
        for rel, b in files.items():
            p = os.path.join(src, rel)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            write(p, b)
        os.mkdir(os.path.join(src, "emptydir"))
        os.symlink("a.bin", os.path.join(src, "link.bin"))
        r, srv = run("REPLY MKD \"/up\" 550 Create directory operation "
                     "failed.\n", ["set parallel 3", "put -r %s /up" % src,
                                   "wait", "list", "stats"])
        is_(r.state(1), "done", "recursive upload: done")
        ok(all(srv.upload("/up/" + rel) == b for rel, b in files.items()),
           "every file arrived byte-exact")
        mkd = []
        for sid in srv.sessions():
            cur = "/"
            for c in srv.commands(sid):
                if c.startswith("CWD "):
                    cur = posixpath.join(cur, c[4:])
                elif c.startswith("MKD "):
                    mkd.append(posixpath.join(cur, c[4:]))
        mkd.sort()
        is_(mkd, ["/up", "/up/emptydir", "/up/sub", "/up/sub/deeper"],
            "MKD of a bare name in each parent, for every directory (a "
            "550 on an existing one tolerated)")
        ok(srv.upload("/up/link.bin") is None, "the local symlink was not "
           "sent")
        is_(r.stats().get("done"), 4, "stats: 4 files")


def main():
    test_policies()
    test_ask_for_all()
    test_resume_interrupted()
    test_tree_retry()
    test_put_policies()
    test_pause_resume_cancel()
    test_tree_safety()
    test_follow_links()
    test_put_tree()


tap.main(main)
