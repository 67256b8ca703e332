"""lrename FROM TO (alias lmv) in batch mode: renames a local file, moves
it into an existing directory, and a missing FROM fails with its name and
the reason (exit status 1, no sanitizer report: the call is not touched
after it failed)."""

import os
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada


def main():
    with tempfile.TemporaryDirectory() as d:
        os.makedirs(os.path.join(d, "dir"))
        with open(os.path.join(d, "a"), "w") as f:
            f.write("a\n")
        r = jangada(["-c", "lrename a b; lmv b dir"], cwd=d)
        is_(r.rc, 0, "lrename and lmv succeed")
        if r.rc:
            diag(r.err[-1500:])
        ok(os.path.exists(os.path.join(d, "dir", "b")) and
           not os.path.exists(os.path.join(d, "a")),
           "a renamed to b, then moved into dir/")
        r = jangada(["-c", "lrename nope x"], cwd=d)
        is_(r.rc, 1, "a missing file: exit status 1")
        like(r.err, r"nope: No such file or directory",
             "the error names the file and the reason")
        ok("Sanitizer" not in r.err, "no sanitizer report")


tap.main(main)
