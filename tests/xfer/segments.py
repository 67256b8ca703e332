"""Segmented downloads (issue 18): pget -n N fetches one file over N
connections, each range with REST, written at its offset into the one
.part: 2, 4 and 8 segments from pyftpdlib and vsftpd are SHA-256 equal;
against vsftpd capping each connection (anon_max_rate) 4 segments are
faster than 1; a server that refuses REST (the fake server) gives one
ordinary download with a note; a server that allows 2 connections per
address
(vsftpd max_per_ip) still gives the whole file, with a note; a file
under segment-min uses one connection; ASCII mode refuses segments;
queue list shows the pget rows (done, failed) until queue clear."""

import os
import random
import re
import time

import subprocess

import tap
from tap import ok, is_, like, diag
import jrun
import servers
from fakeftpd import Case, FakeFTPD

MiB = 1024 * 1024


def fixture():
    root = servers.workdir("seg-root-")
    rnd = random.Random(18)
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(rnd.randbytes(3 * MiB + 12345))
    with open(os.path.join(root, "small.bin"), "wb") as f:
        f.write(rnd.randbytes(100000))
    with open(os.path.join(root, "t.txt"), "wb") as f:
        f.write(b"line\n" * 1000)
    return root


def pget(srv, args, sets="set segment-min 1M"):
    d = servers.workdir("seg-dl-")
    t = time.monotonic()
    r = jrun.jangada(["-c", "open %s; %s; pget %s" % (srv.url, sets, args)],
                     cwd=d, timeout=90)
    return r, d, time.monotonic() - t


def conns(r):
    m = re.search(r"over (\d+) connections?", r.err)
    return int(m.group(1)) if m else 0


def test_counts(srv, label, want):
    for n in (2, 4, 8):
        r, d, _ = pget(srv, "-n %d big.bin" % n)
        ok(r.rc == 0 and servers.sha256_file(os.path.join(d, "big.bin")) ==
           want, "%s: %d segments, SHA-256 equal" % (label, n)) or \
            diag(repr(r))
        # uncapped on loopback the first connection may finish its range
        # and take the next before another logs in: at least one moved
        ok(1 <= conns(r) <= n, "%s: %d segments used %d connections" %
           (label, n, conns(r)))
        ok(not [f for f in os.listdir(d) if f.endswith(".part")],
           "%s: %d segments, no .part left" % (label, n))


def test_rest_refused():
    body = bytes(range(256)) * 64      # 16 KiB
    case = Case.parse("REPLY SIZE 213 %d\nREPLY REST 502 REST not "
                      "implemented\n" % len(body))
    case.body("RETR", "/f.bin", body)
    with FakeFTPD(case) as srv:
        d = servers.workdir("seg-dl-")
        r = jrun.jangada(["-c", "open %s; set segment-min 0; pget -n 2 "
                          "f.bin" % srv.url], cwd=d, timeout=60)
        like(r.err, r"refused a range .*downloading over one connection",
             "REST refused: a note, one connection")
        p = os.path.join(d, "f.bin")
        ok(r.rc == 0 and os.path.exists(p) and open(p, "rb").read() ==
           body, "REST refused: the whole file, byte-exact") or \
            diag(repr(r))


def test_server_gone(root):
    """The server dies mid-pget (every connection at once): the command
    fails with the server's words, the .part stays, and jangada frees what
    the download held before it exits (LeakSanitizer was the witness)."""
    d = servers.workdir("seg-dl-")
    home = servers.workdir("seg-home-")
    with servers.PyFtpd(root) as srv:
        p = subprocess.Popen([jrun.JANGADA] + jrun.TLS_OFF + ["-c",
                             "set rate-limit 1M; open %s; set segment-min 1M;"
                             " pget -n 4 big.bin" % srv.url], cwd=d,
                             env=dict(os.environ, HOME=home,
                                      XDG_STATE_HOME=home + "/s",
                                      XDG_CONFIG_HOME=home + "/c"),
                             stdin=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True)
        part = os.path.join(d, ".big.bin.part")
        end = time.monotonic() + 20
        while time.monotonic() < end and not (
                os.path.exists(part) and os.path.getsize(part) > 0):
            time.sleep(0.05)
        time.sleep(0.3)
    out, err = p.communicate(timeout=60)
    ok(p.returncode == 1 and os.path.exists(part), "server gone mid-pget: "
       "the command fails, the .part stays") or diag(err[-2000:])
    ok("Sanitizer" not in err, "server gone mid-pget: nothing the "
       "download held is left unfreed at exit") or diag(err[-3000:])


def test_queue_list(srv):
    """queue list shows the pget rows the transfers pane shows (the
    running ones, and the ended ones until queue clear), as a job's line
    but with "pget" where a job's number goes: no queue control takes
    them. A script cannot run queue list while a pget runs (pget holds
    the line until the file is complete, on the screen too), so the rows
    seen here are ended ones."""
    d = servers.workdir("seg-ql-")
    r = jrun.jangada(["-c", "open %s; set segment-min 1M; pget -n 3 "
                      "big.bin; queue list; set fail-exit off; pget "
                      "nosuch.bin; queue list; queue clear; queue list" %
                      srv.url], cwd=d, timeout=90)
    lines = r.out.splitlines()
    done = re.compile(r"^pget done +<- big\.bin 3\.0 MiB / 3\.0 MiB"
                      r" +\d+ segments$")
    failed = re.compile(r"^pget failed +<- nosuch\.bin .*/ \? .*"
                        r"No such file")
    ok(len(lines) == 4 and done.match(lines[0]) is not None,
       "queue list after a pget: its row, done, name, bytes, segments") \
        or diag(repr(r))
    ok(len(lines) == 4 and done.match(lines[1]) is not None and
       failed.match(lines[2]) is not None, "queue list after a failed "
       "pget: both rows, the failed one with its reason") or diag(repr(r))
    ok(len(lines) == 4 and lines[3] == "The queue is empty.",
       "queue clear forgets them: the queue is empty") or diag(repr(r))


def main():
    test_rest_refused()
    root = fixture()
    want = servers.sha256_file(os.path.join(root, "big.bin"))
    with tap.skipping(2, "pyftpdlib"):
        test_server_gone(root)
    with tap.skipping(9 + 3 + 3, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_counts(srv, "pyftpdlib", want)
            test_queue_list(srv)
            r, d, _ = pget(srv, "-n 4 small.bin")
            ok(r.rc == 0 and conns(r) == 1, "under segment-min: one "
               "connection") or diag(r.err)
            r, d, _ = pget(srv, "-n 4 t.txt", "set type ascii")
            like(r.err, r"ASCII mode refuses segments", "ASCII: refused, "
                 "with a note")
            ok(r.rc == 0 and os.path.exists(os.path.join(d, "t.txt")),
               "ASCII: the file still arrives")
    with tap.skipping(9 + 3 + 2, "vsftpd"):
        with servers.Vsftpd(root) as srv:
            test_counts(srv, "vsftpd", want)
        with servers.Vsftpd(root, extra={"anon_max_rate": "1000000"}) \
                as srv:
            r1, d1, t1 = pget(srv, "-n 1 big.bin")
            r4, d4, t4 = pget(srv, "-n 4 big.bin")
            ok(r1.rc == 0 and r4.rc == 0 and
               servers.sha256_file(os.path.join(d4, "big.bin")) == want,
               "capped: 1 and 4 segments complete, SHA-256 equal")
            diag("capped at 1 MB/s per connection: 1 segment %.2f s, "
                 "4 segments %.2f s" % (t1, t4))
            ok(t4 * 1.8 < t1, "capped: 4 segments at least 1.8x faster "
               "(%.2f s vs %.2f s)" % (t4, t1))
            ok(conns(r4) == 4, "capped: 4 connections moved bytes")
        # capped, so the file cannot be complete before the refusals come
        with servers.Vsftpd(root, max_per_ip=2,
                            extra={"anon_max_rate": "4000000"}) as srv:
            r, d, _ = pget(srv, "-n 4 big.bin")
            ok(r.rc == 0 and servers.sha256_file(
                os.path.join(d, "big.bin")) == want,
               "2 per address: the whole file, SHA-256 equal") or \
                diag(repr(r))
            like(r.err, r"refused connection", "2 per address: a note "
                 "says the server refused the extra connections")


tap.main(main)
