"""bench/segments.py: row 6 of bench/run (issue 18), segmented downloads.

One file of 256 MiB (64 MiB with --quick), pub/seg.bin in the fixture,
from a vsftpd of its own that caps every connection at 20 MB/s
(anon_max_rate), the way far-away public mirrors do: jangada's pget over
1 and 4 connections beside lftp's `pget -n 4`, into /dev/shm. Targets:
jangada's 4 segments at least 3.2x its single connection, and at least as
fast as lftp's 4.

bench.py imports this module and calls row6(B, first_server) for the row
and verdicts(B, groups, add) for its targets; B is bench.py itself.
"""

import os

RATE = 20000000             # bytes per second per connection
SIZE_FULL = 256 << 20
SIZE_QUICK = 64 << 20
CLIENT_1 = "jangada pget -n 1"
CLIENT_4 = "jangada pget -n 4"
CLIENT_LFTP = "lftp pget -n 4"


def size(B):
    return SIZE_QUICK if B.OPT.quick else SIZE_FULL


def capped_vsftpd(B):
    """bench.py's vsftpd with anon_max_rate, in a directory of its own."""

    class Capped(B.Vsftpd):
        name = "vsftpd-capped"

        def argv(self):
            argv = super().argv()
            with open(argv[-1], "a") as f:
                f.write("anon_max_rate=%d\n" % RATE)
            return argv
    return Capped()


def row6(B, first):
    """Row 6: one file over 1 and 4 connections, each capped."""
    n = size(B)
    path = os.path.join(B.P["root"], "pub", "seg.bin")
    B._atomic_file(path, n, lambda f: B._write_random(f, n))
    srv = capped_vsftpd(B)
    if not srv.available() or not srv.start():
        B.say("row 6: the capped vsftpd did not start; skipped\n%s" %
              srv.tail())
        return
    try:
        d = B.out_path("seg")
        out = os.path.join(d, "seg.bin")

        def clean():
            B.rm(d)
            os.makedirs(d)
        J = B.OPT.jangada
        cases = [B.Case(CLIENT_1, [J, "-q", "-c", "open %s; lcd %s; pget "
                                   "-n 1 pub/seg.bin" % (srv.url, d)],
                        kind="jangada"),
                 B.Case(CLIENT_4, [J, "-q", "-c", "open %s; lcd %s; pget "
                                   "-n 4 pub/seg.bin" % (srv.url, d)],
                        kind="jangada")]
        if B.have("lftp"):
            cases.append(B.Case(CLIENT_LFTP, [
                "lftp", "-c", "open %s; lcd %s; pget -n 4 pub/seg.bin" %
                (srv.url, d)]))
        for c in cases:
            c.before = clean
            c.check = B.expect_size(out, n)
            c.ref = cases[1]
        B.measure({"row": "6", "what": "segmented, %d MiB, each connection "
                   "capped at %d MB/s -> /dev/shm" % (n >> 20, RATE //
                                                      1000000),
                   "server": "vsftpd", "bytes": n}, cases)
        B.rm(d)
    finally:
        srv.stop()


def verdicts(B, groups, add):
    j1 = B.find(groups, "6", "vsftpd", CLIENT_1)
    j4 = B.find(groups, "6", "vsftpd", CLIENT_4)
    lf = B.find(groups, "6", "vsftpd", CLIENT_LFTP)
    if j1 and j4:
        r = j1["wall"] / j4["wall"]
        add("segmented: 4 segments >= 3.2x one connection", r >= 3.2,
            "x1 %.3f s, x4 %.3f s: %.2fx" % (j1["wall"], j4["wall"], r))
    if j4 and lf:
        r = lf["wall"] / j4["wall"]
        add("segmented: jangada's 4 segments >= lftp pget -n 4", r >= 1.0,
            "jangada %.3f s, lftp %.3f s: %.2fx" % (j4["wall"], lf["wall"],
                                                    r))
