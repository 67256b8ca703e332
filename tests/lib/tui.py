"""tui.py: run a terminal program inside a detached tmux and read its screen.

    from tui import TUI

    with TUI([jangada, "127.0.0.1", str(port)], width=80, height=24) as t:
        t.wait_for("connected 127.0.0.1")       # str or compiled regex
        screen = t.capture()                    # the pane's text
        t.send_keys("q")                        # tmux key names: Enter, C-c
        t.send_text("get README")               # literal text
        status = t.wait_exit(5)                 # exit status, or None
        t.stty_after                            # `stty -a` once it exited

Each TUI has its own tmux server (tmux -L <private socket> -f <own
config>), a session of exactly width x height (status line off), TERM
xterm-256color, and an environment of its own: LANG (default C.UTF-8),
HOME and XDG_CONFIG_HOME/XDG_DATA_HOME/XDG_STATE_HOME/XDG_CACHE_HOME
inside a temp directory, plus whatever env= adds (None removes a name).
The program runs under a small shell wrapper that, when it exits, records
its status and `stty -a` (was the terminal restored?) and keeps the pane
open, so the screen after exit can still be captured.  Cleanup (on leaving
the `with` block, close(), or at exit) kills the private tmux server and
any process left in the pane, by pid.

If tmux is missing the constructor raises tap.Skip.
"""

import atexit
import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import time

from tap import Skip

__all__ = ["TUI", "Skip"]

_LIVE = []


def _close_all():
    for t in list(_LIVE):
        try:
            t.close()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


atexit.register(_close_all)

_WRAPPER = r"""#!/bin/sh
# tui.py wrapper: run the program, then record how it left the terminal.
D=$1; shift
cd "$TUI_CWD" || exit 126
"$@"
rc=$?
stty -a > "$D/stty.tmp" 2>&1
mv "$D/stty.tmp" "$D/stty"
echo "$rc" > "$D/status.tmp"
mv "$D/status.tmp" "$D/status"
exec sleep 3600
"""

_TMUX_CONF = """\
set -g default-terminal "xterm-256color"
set -g status off
set -g remain-on-exit on
set -g history-limit 2000
set -g default-shell /bin/sh
set -s escape-time 0
setw -g aggressive-resize off
"""


class TUI:
    def __init__(self, argv, width=80, height=24, env=None, cwd=None,
                 lang="C.UTF-8", start=True):
        self.tmux = shutil.which("tmux")
        if self.tmux is None:
            raise Skip("tmux is not installed")
        base = os.environ.get("TOP_BUILDDIR")
        base = os.path.join(base, "tests", "tmp") if base else None
        if base:
            os.makedirs(base, exist_ok=True)
        self.dir = tempfile.mkdtemp(prefix="tui-", dir=base)
        self.home = os.path.join(self.dir, "home")
        for d in ("home", "home/.config", "home/.local/share",
                  "home/.local/state", "home/.cache", "run"):
            os.makedirs(os.path.join(self.dir, d), exist_ok=True)
        self.rundir = os.path.join(self.dir, "run")
        self.socket = "jangada-tui-%d-%s" % (os.getpid(),
                                             os.path.basename(self.dir)[4:])
        self.width, self.height = width, height
        self.argv = [str(a) for a in argv]
        self.cwd = cwd or self.home
        self.env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.home,
            "LANG": lang,
            "LC_ALL": lang,
            "TERM": "xterm-256color",
            "XDG_CONFIG_HOME": os.path.join(self.home, ".config"),
            "XDG_DATA_HOME": os.path.join(self.home, ".local/share"),
            "XDG_STATE_HOME": os.path.join(self.home, ".local/state"),
            "XDG_CACHE_HOME": os.path.join(self.home, ".cache"),
            "TMPDIR": self.dir,
            "TUI_CWD": self.cwd,
        }
        for k in ("ASAN_OPTIONS", "UBSAN_OPTIONS", "LSAN_OPTIONS"):
            if k in os.environ:
                self.env[k] = os.environ[k]
        for k, v in (env or {}).items():
            if v is None:
                self.env.pop(k, None)
            else:
                self.env[k] = str(v)
        self.conf = os.path.join(self.dir, "tmux.conf")
        self.server_pid = None
        self.pane_pid = None
        self.closed = False
        if start:
            self.start()

    # -- tmux plumbing
    def _tmux(self, *args, check=True, timeout=10):
        r = subprocess.run([self.tmux, "-L", self.socket, "-f", self.conf]
                           + list(args), stdin=subprocess.DEVNULL,
                           capture_output=True, env=self._tmux_env(),
                           timeout=timeout)
        if check and r.returncode != 0:
            raise RuntimeError("tmux %s failed: %s" % (
                " ".join(args[:2]), r.stderr.decode(errors="replace")))
        return r.stdout.decode("utf-8", "replace")

    def _tmux_env(self):
        e = dict(self.env)
        e.pop("TMUX", None)
        return e

    def start(self):
        with open(self.conf, "w") as f:
            f.write(_TMUX_CONF)
        wrapper = os.path.join(self.dir, "wrapper.sh")
        with open(wrapper, "w") as f:
            f.write(_WRAPPER)
        os.chmod(wrapper, 0o755)
        cmd = " ".join(shlex.quote(a) for a in
                       ["/bin/sh", wrapper, self.rundir] + self.argv)
        envargs = []
        for k, v in self.env.items():
            envargs += ["-e", "%s=%s" % (k, v)]
        _LIVE.append(self)
        self._tmux("new-session", "-d", "-s", "tui", "-x", str(self.width),
                   "-y", str(self.height), *envargs, cmd)
        info = self._tmux("display-message", "-p", "-t", "tui",
                          "#{pid} #{pane_pid}").split()
        self.server_pid, self.pane_pid = int(info[0]), int(info[1])
        return self

    # -- keys and screen
    def send_keys(self, *keys):
        """tmux key names: "q", "Enter", "Escape", "C-c", "Tab", "F5"..."""
        self._tmux("send-keys", "-t", "tui", *keys)

    def send_text(self, text):
        """Literal text, no key-name lookup."""
        self._tmux("send-keys", "-t", "tui", "-l", text)

    def capture(self, escapes=False):
        """The visible pane as text (with SGR escapes when escapes=True)."""
        args = ["capture-pane", "-p", "-t", "tui"]
        if escapes:
            args.append("-e")
        return self._tmux(*args)

    def lines(self):
        """The visible pane as a list of height lines (padded)."""
        ls = self.capture().split("\n")
        if ls and ls[-1] == "":
            ls.pop()
        ls += [""] * (self.height - len(ls))
        return ls[:self.height]

    def info(self, fmt):
        """A tmux format of the pane, e.g. "#{alternate_on}"."""
        return self._tmux("display-message", "-p", "-t", "tui", fmt).strip()

    def cursor(self):
        """(x, y) of the cursor."""
        x, y = self.info("#{cursor_x} #{cursor_y}").split()
        return int(x), int(y)

    def wait_for(self, what, timeout=10.0, escapes=False):
        """Poll the screen until `what` (str or regex) shows; the screen.

        Raises TimeoutError with the last screen in the message.
        """
        deadline = time.monotonic() + timeout
        screen = ""
        while True:
            screen = self.capture(escapes)
            if isinstance(what, str):
                if what in screen:
                    return screen
            elif what.search(screen):
                return screen
            if time.monotonic() >= deadline:
                raise TimeoutError("%r not on the screen after %.1fs:\n%s" % (
                    what if isinstance(what, str) else what.pattern,
                    timeout, screen))
            time.sleep(0.05)

    def wait_gone(self, what, timeout=10.0):
        """Poll until `what` is no longer on the screen; True if so."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            screen = self.capture()
            if (what not in screen if isinstance(what, str)
                    else not what.search(screen)):
                return True
            time.sleep(0.05)
        return False

    def resize(self, width, height):
        self._tmux("resize-window", "-t", "tui", "-x", str(width),
                   "-y", str(height))
        self.width, self.height = width, height

    # -- the program
    def is_alive(self):
        """The program still runs (it has not exited)."""
        return not os.path.exists(os.path.join(self.rundir, "status"))

    def wait_exit(self, timeout=10.0):
        """Wait for the program to exit; its status, or None on timeout."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            st = self.exit_status
            if st is not None:
                return st
            time.sleep(0.05)
        return None

    @property
    def exit_status(self):
        try:
            with open(os.path.join(self.rundir, "status")) as f:
                return int(f.read().strip())
        except (OSError, ValueError):
            return None

    @property
    def stty_after(self):
        """`stty -a` as the program left the terminal, once it exited."""
        try:
            with open(os.path.join(self.rundir, "stty")) as f:
                return f.read()
        except OSError:
            return None

    def terminal_restored(self):
        """(True, "") if the terminal is back in cooked mode, the main
        screen and a visible cursor after the program exited; else
        (False, why)."""
        st = self.stty_after
        if st is None:
            return False, "the program has not exited"
        flags = set(st.split())
        bad = [f for f in ("icanon", "echo", "isig", "icrnl", "opost",
                           "onlcr") if f not in flags]
        if bad:
            return False, "stty flags off: %s" % " ".join(bad)
        if self.info("#{alternate_on}") != "0":
            return False, "still on the alternate screen"
        if self.info("#{cursor_flag}") != "1":
            return False, "cursor hidden"
        if self.info("#{keypad_cursor_flag}") != "0":
            return False, "cursor keys still in application mode"
        return True, ""

    def _descendants(self, pid):
        kids = []
        try:
            with open("/proc/%d/task/%d/children" % (pid, pid)) as f:
                for c in f.read().split():
                    kids.append(int(c))
                    kids += self._descendants(int(c))
        except OSError:
            pass
        return kids

    def close(self):
        if self.closed:
            return
        self.closed = True
        procs = []
        if self.pane_pid:
            procs = [self.pane_pid] + self._descendants(self.pane_pid)
        try:
            self._tmux("kill-server", check=False, timeout=5)
        except (OSError, subprocess.TimeoutExpired):
            pass
        deadline = time.monotonic() + 3
        for pid in procs + ([self.server_pid] if self.server_pid else []):
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.02)
            if _alive(pid):
                try:
                    os.kill(pid, signal.SIGKILL)
                except OSError:
                    pass
        if self in _LIVE:
            _LIVE.remove(self)
        if os.environ.get("TUI_KEEP") != "1":
            shutil.rmtree(self.dir, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False
