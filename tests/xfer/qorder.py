"""The queue's order (issue 18): with one connection and a rate limit, jobs
moved (top, bottom, up, down) and given a priority run in the new order
(the RETR order on the wire) and are listed in it; a move of a job that
ended, or a priority out of range, is refused; the whole queue paused
stops every job (the .part kept) and resumed finishes byte-exact. Driven
through xqdrive (the queue alone) against pyftpdlib; `queue move`,
`queue priority`, `queue pause all` through batch mode."""

import os
import random
import re

import tap
from tap import ok, is_, like, diag
import jrun
import servers
from xqlib import xq, sanitizer_trouble

KiB = 1024


def fixture():
    root = servers.workdir("qo-root-")
    rnd = random.Random(7)
    for i in range(1, 7):
        with open(os.path.join(root, "f%d" % i), "wb") as f:
            f.write(rnd.randbytes(40 * KiB + i))
    return root


def retr_order(r):
    return [int(m.group(1)) for m in (re.match(r"RETR /?f(\d)$", s)
                                     for s in r.sent()) if m]


def listed(r):
    return [int(l.split()[1]) for l in r.out if l.startswith("job ")]


def test_order(srv, root):
    d = servers.workdir("qo-dl-")
    gets = ["get /f%d %s" % (i, d) for i in range(1, 7)]
    r = xq(["server %s %d" % (srv.host, srv.port), "set parallel 1",
            "set rate 100000"] + gets + [
            "until 1 active",
            "move 6 top", "move 2 bottom", "priority 4 5", "move 3 up",
            "move 5 down", "list", "wait 60"])
    ok(r.rc == 0 and not sanitizer_trouble(r), "order: every job done") \
        or diag(r.err[-2000:])
    # 6 top: 6 1 2 3 4 5; 2 bottom: 6 1 3 4 5 2; 4 priority 5:
    # 4 6 1 3 5 2; 3 up (past 1): 4 6 3 1 5 2; 5 down: 4 6 3 1 2 5.
    is_(listed(r), [4, 6, 3, 1, 2, 5], "order: listed in the new order")
    is_(retr_order(r), [1, 4, 6, 3, 2, 5], "order: the running job "
        "finished, the others ran in the listed order")
    ok(all(re.match(r"(move|priority) \d+ 0$", l) for l in r.out
           if l.startswith(("move ", "priority "))), "order: every move "
       "and priority accepted")
    ok(r.t(4, "active") < r.t(6, "active"), "order: priority 5 first")
    ok(r.t(2, "active") < r.t(5, "active"), "order: 5 moved below 2")
    is_(servers.tree_sums(d), servers.tree_sums(root),
        "order: byte-exact")


def test_refused(srv, root):
    d = servers.workdir("qo-dl-")
    r = xq(["server %s %d" % (srv.host, srv.port), "get /f1 %s" % d,
            "wait 30", "move 1 top", "priority 1 3", "get /f2 %s" % d,
            "priority 2 101", "move 9 up", "wait 30"])
    ok("move 1 -1" in r.out and "priority 1 -1" in r.out,
       "refused: an ended job is not moved")
    ok("priority 2 -1" in r.out, "refused: a priority out of range")
    ok("move 9 -1" in r.out, "refused: no such job")


def test_pause_all(srv, root):
    d = servers.workdir("qo-dl-")
    gets = ["get /f%d %s" % (i, d) for i in range(1, 7)]
    r = xq(["server %s %d" % (srv.host, srv.port), "set parallel 2",
            "set rate 60000"] + gets + [
            "until 1 active", "sleep 200", "pause-all", "sleep 300", "list",
            "resume-all", "wait 60"])
    ok(r.rc == 0, "pause all: finished after resume all") or diag(r.err[-1500:])
    paused = [l for l in r.out if l.startswith("job ") and
              l.split()[4] == "paused"]
    is_(len(paused), 6, "pause all: every job paused")
    like("\n".join(r.out), r"resume-all 6", "resume all: six resumed")
    is_(servers.tree_sums(d), servers.tree_sums(root),
        "pause all: byte-exact after resume all")


def test_batch(srv):
    r = jrun.jangada(["-c", "open %s; queue move 1 up" % srv.url])
    like(r.err, r"no unfinished job 1", "batch: queue move of no job")
    r = jrun.jangada(["-c", "open %s; queue move 1 sideways" % srv.url])
    is_(r.rc, 2, "batch: a bad direction is a usage error")
    r = jrun.jangada(["-c", "open %s; queue priority 1 500" % srv.url])
    like(r.err, r"a priority is a number from -100 to 100",
         "batch: a priority out of range")
    r = jrun.jangada(["-c", "open %s; get f1; queue pause all; "
                      "queue resume all" % srv.url], cwd=servers.workdir(
                          "qo-dl-"))
    ok(r.rc == 0 and "0 jobs paused." in r.err and
       "0 jobs resumed." in r.err, "batch: queue pause all / resume all") \
        or diag(repr(r))


def main():
    root = fixture()
    with tap.skipping(7 + 3 + 4 + 4, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_order(srv, root)
            test_refused(srv, root)
            test_pause_all(srv, root)
            test_batch(srv)


tap.main(main)
