"""netlib.py: run tests/net/condrive and the Python peers for the tests of
the console sessions and network tools.

    from netlib import condrive, peer, free_port

    srv = peer("fixed_server.py")          # a Proc; srv.port from "PORT n"
    c = condrive("tcp-connect", "127.0.0.1", srv.port)
    c.send("hello")                        # a line on condrive's stdin
    line = c.wait_for(r"^IN ")             # the first matching line
    c.wait_closed()                        # "CLOSED", then the exit

Every wait is bounded (seconds); a process still running at the end of a
test is killed by stop_all(), which each test calls last.
"""

import os
import re
import socket
import subprocess
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.environ.get("TOP_BUILDDIR", os.path.join(HERE, "..", ".."))
SRC = os.environ.get("TOP_SRCDIR", os.path.join(HERE, "..", ".."))
CONDRIVE = os.path.join(BUILD, "tests", "net", "condrive")
PEERS = os.path.join(SRC, "tests", "net", "peers")

_procs = []


class Proc:
    """A process whose stdout lines (and stderr) are collected by threads."""

    def __init__(self, argv, env=None, cwd=None):
        e = dict(os.environ)
        e["LC_ALL"] = "C.UTF-8"
        if env:
            e.update(env)
        self.argv = [str(a) for a in argv]
        self.p = subprocess.Popen(self.argv, stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE,
                                  stderr=subprocess.PIPE, env=e, cwd=cwd)
        self.pid = self.p.pid
        self.lines = []
        self.raw = []		# stdout as bytes, line by line
        self.err = b""
        self.cond = threading.Condition()
        self.eof = False
        self.port = None
        self._seen = 0
        threading.Thread(target=self._read_out, daemon=True).start()
        threading.Thread(target=self._read_err, daemon=True).start()
        _procs.append(self)

    def _read_out(self):
        for raw in self.p.stdout:
            with self.cond:
                self.raw.append(raw)
                self.lines.append(raw.decode("utf-8", "replace")
                                  .rstrip("\n"))
                self.cond.notify_all()
        with self.cond:
            self.eof = True
            self.cond.notify_all()

    def _read_err(self):
        data = self.p.stderr.read()
        with self.cond:
            self.err = data
            self.cond.notify_all()

    def wait_for(self, pattern, timeout=10, start=0):
        """The first line from index start on matching pattern, or None."""
        rx = re.compile(pattern)
        deadline = time.time() + timeout
        with self.cond:
            while True:
                for line in self.lines[start:]:
                    if rx.search(line):
                        return line
                left = deadline - time.time()
                if left <= 0 or self.eof:
                    return None
                self.cond.wait(min(left, 0.2))

    def wait_count(self, pattern, n, timeout=10):
        """Wait until n lines match; return those matching (maybe fewer)."""
        rx = re.compile(pattern)
        deadline = time.time() + timeout
        with self.cond:
            while True:
                got = [l for l in self.lines if rx.search(l)]
                left = deadline - time.time()
                if len(got) >= n or left <= 0 or self.eof:
                    return got
                self.cond.wait(min(left, 0.2))

    def matching(self, pattern):
        rx = re.compile(pattern)
        with self.cond:
            return [l for l in self.lines if rx.search(l)]

    def read_port(self, timeout=10):
        line = self.wait_for(r"^PORT \d+$", timeout)
        if line is None:
            raise RuntimeError("%s: no PORT line; stderr: %s" % (
                " ".join(self.argv), self.err[-2000:]))
        self.port = int(line.split()[1])
        return self.port

    def send(self, line):
        """A line on its stdin; False if it has stopped reading."""
        data = line if isinstance(line, bytes) else line.encode()
        try:
            self.p.stdin.write(data + b"\n")
            self.p.stdin.flush()
        except (BrokenPipeError, ValueError):
            return False
        return True

    def close_stdin(self):
        try:
            self.p.stdin.close()
        except OSError:
            pass

    def wait(self, timeout=15):
        """The exit status, or None if it did not exit in time."""
        try:
            rc = self.p.wait(timeout)
        except subprocess.TimeoutExpired:
            return None
        with self.cond:
            deadline = time.time() + 5
            while not self.eof and time.time() < deadline:
                self.cond.wait(0.2)
        return rc

    def wait_closed(self, timeout=15):
        """Wait for "CLOSED" and the exit; the exit status or None."""
        if self.wait_for(r"^CLOSED$", timeout) is None:
            return None
        return self.wait(timeout)

    def vm(self, field="VmHWM"):
        """A /proc/PID/status figure in KiB, or None."""
        try:
            with open("/proc/%d/status" % self.pid) as f:
                for line in f:
                    if line.startswith(field + ":"):
                        return int(line.split()[1])
        except OSError:
            return None
        return None

    def text(self):
        with self.cond:
            return "\n".join(self.lines)

    def stdout_bytes(self):
        with self.cond:
            return b"".join(self.raw)

    def asan_report(self):
        """The sanitizers' report on stderr, if any."""
        e = self.err.decode("utf-8", "replace")
        if "Sanitizer" in e or "runtime error" in e:
            return e[-4000:]
        return ""

    def kill(self):
        if self.p.poll() is None:
            self.p.kill()
            try:
                self.p.wait(5)
            except subprocess.TimeoutExpired:
                pass


def condrive(*args, seconds=30, quiet=False, env=None):
    """Start condrive MODE ARGS; --seconds bounds it."""
    argv = [CONDRIVE, "--seconds", str(seconds)]
    if quiet:
        argv.append("--quiet")
    return Proc(argv + [str(a) for a in args], env=env)


def peer(script, *args):
    """Start a peer from tests/net/peers with this Python."""
    return Proc([sys.executable, os.path.join(PEERS, script)] +
                [str(a) for a in args])


def server(script, *args):
    """Start a peer that listens and read its port."""
    p = peer(script, *args)
    p.read_port()
    return p


def free_port(kind=socket.SOCK_STREAM):
    """A loopback port nobody listens on (bound, read, released)."""
    s = socket.socket(socket.AF_INET, kind)
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def stop_all():
    for p in _procs:
        p.kill()
