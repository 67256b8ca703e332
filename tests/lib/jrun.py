"""jrun.py: run the jangada binary in batch mode for tests.

    from jrun import jangada
    r = jangada(["-c", "open ftp://127.0.0.1:2121/; ls"], cwd=d, home=h)
    r.rc, r.out, r.err

HOME, XDG_CONFIG_HOME and XDG_STATE_HOME point into `home` (a temp dir
made when not given), so no test reads the user's files. Every run is
bounded by timeout seconds.

The test servers speak plain FTP unless a test gives them TLS, and a
password must not go in clear without the user saying so (issue 16): a
run is started as a user who chose plain FTP, with `--tls off` (TLS_OFF),
unless tls= says otherwise; the tests of TLS and of that question pass
tls=None (the default, auto) or their own.
"""

import os
import subprocess
import tempfile

BUILD = os.environ.get("TOP_BUILDDIR", os.path.join(os.path.dirname(
    os.path.abspath(__file__)), "..", ".."))
JANGADA = os.environ.get("JANGADA", os.path.join(BUILD, "src", "jangada"))
# the option that says the servers are plain FTP (see above)
TLS_OFF = ["--tls", "off"]


class Run:
    def __init__(self, p):
        self.rc = p.returncode
        self.out = p.stdout
        self.err = p.stderr

    def __repr__(self):
        return "rc=%d out=%r err=%r" % (self.rc, self.out[-500:],
                                        self.err[-500:])


def env_for(home, lang="C"):
    """The environment of a run with its own home (see above): also for
    tests that start jangada themselves (to signal or kill it)."""
    e = dict(os.environ)
    e.update({"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"),
              "XDG_STATE_HOME": os.path.join(home, ".local", "state"),
              "LANG": lang, "LC_ALL": lang, "LANGUAGE": ""})
    e.pop("NETRC", None)
    return e


def jangada(args, cwd=None, home=None, stdin=None, timeout=120, env=None,
            lang="C", tls="off"):
    if home is None:
        home = tempfile.mkdtemp(prefix="jhome.")
    e = env_for(home, lang)
    if env:
        e.update(env)
    if tls is not None:
        args = ["--tls", tls] + list(args)
    p = subprocess.run([JANGADA] + args, cwd=cwd, input=stdin,
                       capture_output=True, timeout=timeout, env=e,
                       text=True, errors="surrogateescape")
    return Run(p)
