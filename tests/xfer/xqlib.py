"""xqlib.py: run tests/xfer/xqdrive (the transfer queue driven by a script).

    from xqlib import xq
    r = xq(["server 127.0.0.1 %d" % port, "get /f.bin %s" % d, "wait"])
    r.rc, r.out (stdout lines), r.err (the transcripts, stderr)
    r.state(1)        -> the last state of job 1 ("done", "failed", ...)
    r.states(1)       -> [(state, t_ms, error), ...] in order
    r.error(1)        -> the error of its last state line, or ""
    r.t(1, "done")    -> when job 1 became done (ms), or None
    r.jobs()          -> {id: {...}} from the last "list"
    r.stats()         -> {"done": 3, ...} from the last "stats"
    r.asks()          -> [(id, target), ...]
    r.browse(op)      -> (ok, t_ms, rest) of the first "browse OP" line
    r.conn_lines(n)   -> transcript lines of queue connection n

Each script line is one operation (see tests/xfer/xqdrive.c). The run is
bounded by timeout seconds.
"""

import os
import re
import subprocess

BUILD = os.environ.get("TOP_BUILDDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
XQDRIVE = os.path.join(BUILD, "tests", "xfer", "xqdrive")


class Result:
    def __init__(self, rc, out, err, wall):
        self.rc = rc
        self.text = out
        self.out = out.splitlines()
        self.err = err
        self.wall = wall

    def states(self, jid):
        res = []
        for l in self.out:
            m = re.match(r"state (\d+) (\w+) t=(\d+)(?: (.*))?$", l)
            if m and int(m.group(1)) == jid:
                res.append((m.group(2), int(m.group(3)), m.group(4) or ""))
        return res

    def state(self, jid):
        s = self.states(jid)
        return s[-1][0] if s else None

    def error(self, jid):
        s = self.states(jid)
        return s[-1][2] if s else ""

    def t(self, jid, state):
        for st, t, _ in self.states(jid):
            if st == state:
                return t
        return None

    def added(self):
        return [l for l in self.out if l.startswith("added ")]

    def jobs(self):
        res = {}
        for l in self.out:
            if not l.startswith("job "):
                continue
            w = l.split(" ", 10)
            res[int(w[1])] = {
                "parent": int(w[2]), "kind": w[3], "state": w[4],
                "done": int(w[5]), "total": int(w[6]),
                "attempts": int(w[7]), "dir": w[8] == "dir",
                "type": w[9], "error": w[10] if len(w) > 10 else ""}
        return res

    def stats(self):
        res = {}
        for l in self.out:
            if l.startswith("stats "):
                res = {k: int(v) for k, v in
                       (kv.split("=") for kv in l.split()[1:])}
        return res

    def asks(self):
        res = []
        for l in self.out:
            m = re.match(r"ask (\d+) (.*) t=\d+$", l)
            if m:
                res.append((int(m.group(1)), m.group(2)))
        return res

    def browse(self, op):
        for l in self.out:
            m = re.match(r"browse %s (ok|fail)(.*) t=(\d+)(.*)$" % op, l)
            if m:
                return (m.group(1) == "ok", int(m.group(3)),
                        (m.group(2) + m.group(4)).strip())
        return (False, None, "")

    def conn_lines(self, n):
        p = "[%s] " % n
        return [l[len(p):] for l in self.err.splitlines()
                if l.startswith(p)]

    def sent(self):
        """Every command any queue connection sent."""
        return [l.split("] > ", 1)[1] for l in self.err.splitlines()
                if re.match(r"\[\d+\] > ", l)]

    def ok(self):
        return self.rc == 0


def xq(script, timeout=180, env=None):
    """Run the script (a list of lines) and return a Result."""
    import time
    e = dict(os.environ)
    if env:
        e.update(env)
    t = time.monotonic()
    p = subprocess.run([XQDRIVE], input="\n".join(script) + "\n",
                       capture_output=True, text=True, timeout=timeout,
                       env=e, errors="surrogateescape")
    return Result(p.returncode, p.stdout, p.stderr, time.monotonic() - t)


def sanitizer_trouble(r):
    """ASan/UBSan/LeakSanitizer reports in a run's stderr."""
    return re.search(r"ERROR: (Address|Leak)Sanitizer|runtime error:",
                     r.err) is not None
