"""drive.py: run tests/engine/ftpdrive (the engine driven by a script).

    from drive import drive
    r = drive(["open 127.0.0.1 %d" % port, "pwd", "quit"])
    r.rc, r.out (stdout lines), r.err (the transcript, stderr), r.ok("pwd")

Each script line is one engine operation (see the comment at the top of
tests/engine/ftpdrive.c). The run is bounded by timeout seconds.
"""

import os
import subprocess

BUILD = os.environ.get("TOP_BUILDDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
FTPDRIVE = os.path.join(BUILD, "tests", "engine", "ftpdrive")


class Result:
    def __init__(self, rc, out, err):
        self.rc = rc
        self.out = out.splitlines()
        self.err = err
        self.text = out

    def lines(self, op):
        """The result lines of operation op ("ok op ..." / "fail op ...")."""
        return [l for l in self.out
                if l.startswith("ok %s" % op) or l.startswith("fail %s" % op)]

    def ok(self, op, n=0):
        """Did the n-th run of op succeed?"""
        ls = self.lines(op)
        return len(ls) > n and ls[n].startswith("ok ")

    def result(self, op, n=0):
        ls = self.lines(op)
        return ls[n] if len(ls) > n else ""

    def entries(self):
        return [l[6:] for l in self.out if l.startswith("entry ")]


def drive(script, timeout=30, env=None):
    """Run the script (a list of lines) and return a Result."""
    e = dict(os.environ)
    if env:
        e.update(env)
    p = subprocess.run([FTPDRIVE], input="\n".join(script) + "\n",
                       capture_output=True, text=True, timeout=timeout,
                       env=e, errors="surrogateescape")
    return Result(p.returncode, p.stdout, p.stderr)
