"""Integrity of downloads and uploads, honest counts and a fair rate limit
(issue 12), in batch against the scripted fake server and pyftpdlib:

- a server that answers 350 to REST but sends from offset 0: the file is
  downloaded again from the start, never committed corrupt;
- an upload the server stops reading, resets and answers 226 for: failed,
  not reported done;
- more bytes than SIZE announced: a warning naming both numbers;
- a resumed get reports the bytes moved this time, not the whole file;
- three downloads under one rate limit each get a fair share."""

import hashlib
import os
import re
import tempfile
import threading
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD, Case, random_bytes
import servers

FAST = "set timeout 5; "
MiB = 1024 * 1024


def sha(b):
    return hashlib.sha256(b).hexdigest()


def sha_file(p):
    with open(p, "rb") as f:
        return sha(f.read())


def clean(r):
    return "AddressSanitizer" not in r.err and "runtime error" not in r.err


def test_rest_ignored():
    data = random_bytes(MiB, 3)
    case = ('BODYRANDOM RETR "/f.bin" %d 3\n'
            "REPLY REST 350 Restart position accepted.\n" % MiB)
    with FakeFTPD(Case.parse(case)) as srv, \
            tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, ".f.bin.part"), "wb") as f:
            f.write(data[:300000])
        r = jangada(["-c", FAST + "open %s; get -c f.bin" % srv.url], cwd=d)
        ok(clean(r), "REST ignored: no sanitizer report")
        is_(r.rc, 0, "REST ignored: the download still succeeds")
        if r.rc:
            diag(r.err[-2000:])
        p = os.path.join(d, "f.bin")
        ok(os.path.exists(p) and os.path.getsize(p) == MiB and
           sha_file(p) == sha(data),
           "REST ignored: the file is byte-exact, not old bytes + file "
           "(%d bytes)" % (os.path.getsize(p) if os.path.exists(p) else -1))
        ok(not os.path.exists(os.path.join(d, ".f.bin.part")),
           "REST ignored: no .part left")
        retr = [c for c in srv.commands() if c.startswith("RETR")]
        is_(len(retr), 2, "REST ignored: downloaded again from the start")


def test_upload_reset():
    data = random_bytes(60000, 4)
    # The server reads 1000 bytes, resets the data connection, says 226.
    case = ("REPLY STOR 150 Ok to send data.\n"
            "SLEEP STOR 0.5\n"
            "XFER STOR 1000 reset\n"
            "REPLY STOR 226 Transfer complete.\n")
    with FakeFTPD(Case.parse(case)) as srv, \
            tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "up.bin"), "wb") as f:
            f.write(data)
        r = jangada(["-c", FAST + "set retries 0; open %s; put up.bin"
                     % srv.url], cwd=d)
        ok(clean(r), "upload reset: no sanitizer report")
        is_(r.rc, 1, "upload reset after 226: the upload failed")
        like(r.err, r"put: up\.bin: .*the upload is not complete",
             "upload reset: the reason is shown")
        ok("1 file" not in r.out + r.err,
           "upload reset: not counted as a file sent")

    # The same upload, read whole: done.
    with FakeFTPD(Case.parse("")) as srv, \
            tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, "up.bin"), "wb") as f:
            f.write(data)
        r = jangada(["-c", FAST + "open %s; put up.bin" % srv.url], cwd=d)
        is_(r.rc, 0, "a whole upload: done")
        ups = [u.data for u in srv.uploads if u.arg.endswith("up.bin")]
        is_(sha(ups[-1] if ups else b""), sha(data),
            "a whole upload: the server has every byte")


def test_more_than_size():
    case = ('BODYRANDOM RETR "/f.bin" 100000 5\n'
            'REPLY SIZE "/f.bin" 213 50000\n')
    with FakeFTPD(Case.parse(case)) as srv:
        r = jangada(["-c", FAST + "open %s; get -o - f.bin" % srv.url])
        is_(r.rc, 0, "more than SIZE: the download ends")
        like(r.err, r"100000 bytes arrived, more than the 50000 announced",
             "more than SIZE: a warning naming both numbers")


def test_resume_count():
    data = random_bytes(MiB, 6)
    case = 'BODYRANDOM RETR "/f.bin" %d 6\n' % MiB
    with FakeFTPD(Case.parse(case)) as srv, \
            tempfile.TemporaryDirectory() as d:
        with open(os.path.join(d, ".f.bin.part"), "wb") as f:
            f.write(data[:MiB - 100 * 1024])
        r = jangada(["-c", FAST + "open %s; get -c f.bin" % srv.url], cwd=d)
        is_(r.rc, 0, "resume: done")
        ok(sha_file(os.path.join(d, "f.bin")) == sha(data),
           "resume: byte-exact")
        like(r.out + r.err, r"1 file, 100(\.0)? KiB in ",
             "resume: the summary counts the 100 KiB moved, not 1 MiB")


def test_fair(srv, root):
    """Three 384 KiB downloads under 384 KiB/s: a fair share each, so they
    end together (~3 s), not one after another (1 s, 2 s, 3 s)."""
    url = "ftp://%s:%d/" % (srv.host, srv.port)
    names = ["f%d.bin" % i for i in range(3)]
    with tempfile.TemporaryDirectory() as d:
        ends = {}
        stop = threading.Event()

        def watch():
            while not stop.is_set():
                for n in names:
                    if n not in ends and os.path.exists(os.path.join(d, n)):
                        ends[n] = time.monotonic()
                time.sleep(0.02)
        t = threading.Thread(target=watch, daemon=True)
        t.start()
        t0 = time.monotonic()
        r = jangada(["-c", "set parallel 3; set rate-limit 384k; open %s; "
                     "get %s" % (url, " ".join(names))], cwd=d, timeout=60)
        took = time.monotonic() - t0
        stop.set()
        t.join()
        for n in names:
            if n not in ends and os.path.exists(os.path.join(d, n)):
                ends[n] = t0 + took
        is_(r.rc, 0, "fair: three downloads under one limit")
        ok(all(sha_file(os.path.join(d, n)) ==
               sha_file(os.path.join(root, n)) for n in names),
           "fair: byte-exact")
        ok(2.0 < took < 10, "fair: the limit holds overall (%.1f s)" % took)
        if len(ends) == 3:
            spread = max(ends.values()) - min(ends.values())
            first = min(ends.values()) - t0
            ok(spread < 1.0 and first > 1.8,
               "fair: each got its share (first done after %.1f s, "
               "spread %.2f s)" % (first, spread))
        else:
            ok(False, "fair: every file appeared")


def main():
    test_rest_ignored()
    test_upload_reset()
    test_more_than_size()
    test_resume_count()
    base = tempfile.mkdtemp(prefix="jfair.")
    for i in range(3):
        with open(os.path.join(base, "f%d.bin" % i), "wb") as f:
            f.write(random_bytes(384 * 1024, 20 + i))
    with tap.skipping(4, "pyftpdlib"):
        with servers.PyFtpd(base) as srv:
            test_fair(srv, base)


tap.main(main)
