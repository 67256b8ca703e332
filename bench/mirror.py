"""bench/mirror.py: the mirror rows of bench/run (issue 17), imported by
bench.py (which passes itself as `b`: Case, measure, OPT, P, ...).

  7a  the first mirror of pub/small (2,000 small files in 40
      directories) into an empty directory, 1 and 4 connections:
      jangada `mirror --parallel N` against `lftp -c 'mirror
      --parallel=N'`;
  7b  a second mirror of the unchanged tree (each client into the copy
      its own first mirror made): jangada against lftp, 1 connection;
      target: jangada <= 0.5x lftp's time, and 0 files transferred
      (checked after the timed rounds: one more jangada run with --log,
      its RETR counted).
"""

import os
import re

ROWS = ("7a", "7b")


def _tree():
    return "pub/small"


def _jangada(b, srv, d, n, log=None):
    return [b.OPT.jangada, "-q"] + (["--log=" + log] if log else []) + [
        "-c", "open %s; mirror --parallel %d %s %s/small" % (
            srv.url, n, _tree(), d)]


def _lftp(srv, d, n):
    return ["lftp", "-c", "open %s; mirror --parallel=%d %s %s/small" % (
        srv.url, n, _tree(), d)]


def _count(b):
    return b.SMALL_DIRS * b.SMALL_PER_DIR


def _bytes(b):
    return sum(os.path.getsize(os.path.join(a, f)) for a, _, fs in
               os.walk(os.path.join(b.P["root"], "pub", "small"))
               for f in fs)


def row7a(b, srv):
    """The first mirror: 1 and 4 connections."""
    d = b.out_path("mirror1")
    clean = lambda: (b.rm(d), os.makedirs(d))  # noqa: E731
    cases = []
    for n in (1, 4):
        cases.append(b.Case("jangada mirror x%d" % n, _jangada(b, srv, d, n),
                            kind="jangada"))
        if b.have("lftp"):
            cases.append(b.Case("lftp mirror x%d" % n, _lftp(srv, d, n)))
    for c in cases:
        c.before = clean
        c.check = b.expect_files(d, _count(b))
        c.ref = next(x for x in cases if x.kind == "jangada" and
                     x.client[-2:] == c.client[-2:])
    b.measure({"row": "7a", "what": "first mirror, 2,000 small files",
               "server": srv.name, "bytes": _bytes(b)}, cases)
    b.rm(d)


def row7b(b, srv):
    """The second mirror of an unchanged tree: nothing to transfer."""
    dj, dl = b.out_path("mirror2j"), b.out_path("mirror2l")
    log = os.path.join(b.P["logs"], "mirror2.log")
    cases = []
    for d, argv, kind, name in (
            (dj, _jangada(b, srv, dj, 1), "jangada", "jangada mirror again"),
            (dl, _lftp(srv, dl, 1), "peer", "lftp mirror again")):
        if kind == "peer" and not b.have("lftp"):
            continue
        b.rm(d)
        os.makedirs(d)
        r = b.run_timed(argv)           # the first mirror, not timed
        if r.get("err"):
            b.say("row 7b: the first mirror failed: %s" % r["err"])
        cases.append(b.Case(name, argv, kind=kind,
                            check=b.expect_files(d, _count(b))))
    b.measure({"row": "7b", "what": "second mirror of the unchanged tree",
               "server": srv.name}, cases)
    # 0 files transferred: one more run with the protocol logged
    b.rm(log)
    r = b.run_timed(_jangada(b, srv, dj, 1, log))
    try:
        with open(log, errors="replace") as f:
            retr = len(re.findall(r"> RETR ", f.read()))
    except OSError:
        retr = -1
    cases[0].notes.append("RETR %d" % retr)
    b.GROUPS[-1]["retr"] = retr
    if r.get("err"):
        b.say("row 7b: the logged run failed: %s" % r["err"])
    b.rm(dj)
    b.rm(dl)


def rows(b, srv):
    """What main() runs for --rows 7 (7a, 7b)."""
    return [("7a", lambda: row7a(b, srv)), ("7b", lambda: row7b(b, srv))]


def verdicts(b, groups, add, srv):
    """The issue 17 target: the second mirror <= 0.5x lftp's, 0 RETR."""
    j = b.find(groups, "7b", srv, "jangada mirror again")
    ps = b.peers_of(groups, "7b", srv)
    g = next((g for g in groups if g["row"] == "7b" and
              g["server"] == srv), None)
    if not j or "lftp mirror again" not in ps or g is None:
        return
    ratio = j["wall"] / ps["lftp mirror again"]["wall"]
    retr = g.get("retr", -1)
    add("second mirror of an unchanged tree: jangada <= 0.5x lftp, 0 "
        "files transferred", ratio <= 0.5 and retr == 0,
        "jangada %.3f s, lftp %.3f s: %.2fx; RETR %d" % (
            j["wall"], ps["lftp mirror again"]["wall"], ratio, retr))
