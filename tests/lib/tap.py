"""tap.py: a tiny TAP producer for the Python tests.

Every Python test prints TAP (the Test Anything Protocol) that automake's
tap-driver.sh reads: one "ok N - name" or "not ok N - name" line per check,
"# ..." diagnostics, and the plan "1..N" at the end.

    from tap import ok, is_, diag, skip, skip_all, done, Skip

    ok(cond, "name")             # one test point; returns cond
    is_(got, want, "name")       # equality; prints both sides on failure
    like(text, regex, "name")    # re.search
    diag("text")                 # a "# text" line (multi-line is fine)
    skip("why", n=1)             # n skipped test points
    skip_all("why")              # "1..0 # SKIP why" and exit 0
    with todo("why"): ok(...)    # a known bug: "not ok N - name # TODO why"
    done()                       # the plan; exit 1 if anything failed

A point inside `with todo(why):` is a known failure (XFAIL): it fails
nothing.  Once the bug is fixed it passes as XPASS, which automake counts
as a failure: remove the todo then.  todo(None) changes nothing.

A test that raises Skip (servers.Skip is the same class) from inside
`with tap.skipping(n, "what"):` gets n skip points instead of a crash.  An
uncaught exception ends the test with a "not ok" point and the traceback as
diagnostics (main() does that), so a broken fixture is a failure, never a
silent pass.
"""

import contextlib
import os
import re
import sys
import traceback

__all__ = ["ok", "is_", "isnt", "like", "diag", "skip", "skip_all", "done",
           "bail_out", "Skip", "skipping", "todo", "main"]


class Skip(Exception):
    """The environment cannot run this part (not root, binary missing)."""


_count = 0
_failed = 0
_done = False
_todo = None


def _emit(line):
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def _clean(name):
    # A "#" in a name would start a TAP directive; a newline a new line.
    return str(name).replace("\n", " ").replace("#", "\\#")


def diag(*msg):
    """Print diagnostics, one "# " line per line of text."""
    text = " ".join(str(m) for m in msg)
    for line in text.splitlines() or [""]:
        _emit("# " + line)


def ok(cond, name=""):
    """One test point."""
    global _count, _failed
    _count += 1
    if not cond and _todo is None:
        _failed += 1
    _emit("%sok %d - %s%s" % ("" if cond else "not ", _count, _clean(name),
                              "" if _todo is None else
                              " # TODO " + _clean(_todo)))
    if not cond:
        here = os.path.abspath(__file__)
        frames = [f for f in traceback.extract_stack()[:-1]
                  if os.path.abspath(f.filename) != here]
        if frames:
            diag("  Failed test '%s'\n  at %s line %d." % (
                name, os.path.basename(frames[-1].filename),
                frames[-1].lineno))
    return bool(cond)


def _show(v, limit=2000):
    r = repr(v)
    return r if len(r) <= limit else r[:limit] + "... (%d chars)" % len(r)


def is_(got, want, name=""):
    """got == want."""
    res = ok(got == want, name)
    if not res:
        diag("         got: " + _show(got))
        diag("    expected: " + _show(want))
    return res


def isnt(got, unwanted, name=""):
    """got != unwanted."""
    res = ok(got != unwanted, name)
    if not res:
        diag("         got: " + _show(got))
        diag("    expected anything else")
    return res


def like(text, pattern, name=""):
    """re.search(pattern, text) (str or bytes)."""
    res = ok(text is not None and re.search(pattern, text) is not None, name)
    if not res:
        diag("    " + _show(text))
        diag("    doesn't match " + _show(pattern))
    return res


def skip(why, n=1):
    """n skipped test points."""
    global _count
    for _ in range(n):
        _count += 1
        _emit("ok %d # SKIP %s" % (_count, _clean(why)))


def skip_all(why):
    """Skip the whole test (only before any test point)."""
    global _done
    _done = True
    _emit("1..0 # SKIP %s" % _clean(why))
    sys.exit(0)


def bail_out(why):
    """Stop the whole run: the harness itself is broken."""
    global _done
    _done = True
    _emit("Bail out! %s" % _clean(why))
    sys.exit(255)


def done():
    """Print the plan; exit 1 if any test point failed."""
    global _done
    if _done:
        return
    _done = True
    _emit("1..%d" % _count)
    if _failed:
        diag("Looks like you failed %d test%s of %d." % (
            _failed, "" if _failed == 1 else "s", _count))
    sys.exit(1 if _failed else 0)


def counts():
    """(test points so far, failed so far)."""
    return _count, _failed


@contextlib.contextmanager
def skipping(n, what):
    """Turn a Skip raised inside the block into n skip points."""
    try:
        yield
    except Skip as e:
        skip("%s: %s" % (what, e), n)


@contextlib.contextmanager
def todo(why):
    """The points inside are a known bug (why), or ordinary if why is None."""
    global _todo
    old, _todo = _todo, why
    try:
        yield
    finally:
        _todo = old


def main(func):
    """Run func(); an uncaught exception is a failed point, then the plan.

    A Skip that escapes func() before any point was printed skips the whole
    test; after some points, it skips one more point.
    """
    try:
        func()
    except Skip as e:
        if _count == 0:
            skip_all(str(e))
        skip(str(e))
    except SystemExit:
        raise
    except BaseException:  # noqa: B902 - report anything, then fail
        ok(False, "test script died")
        diag(traceback.format_exc())
    done()
