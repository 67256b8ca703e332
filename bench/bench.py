#!/usr/bin/env python3
"""bench.py: jangada side by side with curl, lftp, wget, ncftp and tnftp.

Run through bench/run, which installs the peers, unpacks the servers and
builds jangada; this script does the rest (Python 3 standard library only):

  - the fixture, made once and cached under _build/bench/root:
      pub/big.bin     1 GiB of random bytes
      pub/text.txt    50 MiB of text with LF line ends (for TYPE A)
      pub/many/       100,000 small files with varied names
      pub/small/      2,000 small files in 40 directories (recursion)
      sample/         the sample tree (tests/lib/sampletree.py)
  - anonymous read-only servers on free 127.0.0.1 ports: vsftpd,
    pyftpdlib, proftpd and pure-ftpd (those that are there), killed by pid
    at the end;
  - the rows of issue 9, each measured `runs` times after one warm-up
    round, every client once per round in an order that rotates from round
    to round, so jangada and its peers share the machine's moods;
  - one table (median and min-max, MiB/s, CPU seconds, peak memory, the
    ratio jangada/peer), the targets of issue 9 with a verdict each, written
    to _build/bench/results.txt and results.json.

Wall time is measured around the client process (fork to reaped); CPU time
(user + system) and peak memory (ru_maxrss) come from wait4(2). In the TUI
they come from /proc/PID/stat and VmHWM.
"""

import argparse
import calendar
import json
import os
import platform
import random
import re
import select
import shlex
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time

import segments     # row 6 (bench/segments.py)
import mirror as bench_mirror       # bench/mirror.py: rows 7a, 7b
import ftps           # bench/ftps.py: rows 8a, 8b

MiB = 1 << 20
BIG_SIZE = 1 << 30
TEXT_SIZE = 50 * MiB
MANY_COUNT = 100000
SMALL_DIRS, SMALL_PER_DIR = 40, 50          # 2,000 files
FIXTURE_VERSION = 2
ROWS = ("1a", "1b", "1c", "1d", "2", "3a", "3b", "4", "5", "6") + \
    bench_mirror.ROWS + ftps.ROWS
ALL_SERVERS = ("vsftpd", "pyftpdlib", "proftpd", "pure-ftpd")
PEERS = ("curl", "lftp", "wget", "ncftp", "tnftp")
TUI_W, TUI_H = 120, 40

OPT = None          # the parsed options
P = {}              # paths


def say(*a):
    print("bench:", *a, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- cleanup
# Every process started here is recorded (pid and start time) in
# RUN/pids (RUN: $BENCH_RUN from bench/run, else _build/bench/run/PID), so
# bench/run's trap can kill exactly those if this script dies.

_CLEANUPS = []


def _starttime(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def record_pid(pid):
    st = _starttime(pid)
    if st:
        with open(P["pids"], "a") as f:
            f.write("%d %s\n" % (pid, st))


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _proc_children():
    out = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open("/proc/%s/stat" % d) as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            out.setdefault(ppid, []).append(int(d))
    return out


def descendants(pid):
    kids, out, todo = _proc_children(), [], [pid]
    while todo:
        for c in kids.get(todo.pop(), []):
            out.append(c)
            todo.append(c)
    return out


def kill_tree(pid, grace=3.0):
    """SIGTERM the process, its group and its descendants, then SIGKILL."""
    victims = set([pid] + descendants(pid))
    for sig, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 3.0)):
        victims |= set(d for v in list(victims) if alive(v)
                       for d in descendants(v))
        try:
            os.killpg(pid, sig)
        except (ProcessLookupError, PermissionError):
            pass
        for v in victims:
            try:
                os.kill(v, sig)
            except ProcessLookupError:
                pass
        end = time.monotonic() + wait
        while time.monotonic() < end and any(alive(v) for v in victims):
            time.sleep(0.02)
        if not any(alive(v) for v in victims):
            break


def cleanup():
    while _CLEANUPS:
        fn = _CLEANUPS.pop()
        try:
            fn()
        except Exception as e:  # noqa: BLE001 - best effort
            say("cleanup: %s" % e)


def _on_signal(signo, frame):
    cleanup()
    signal.signal(signo, signal.SIG_DFL)
    os.kill(os.getpid(), signo)


# ---------------------------------------------------------------- fixture

def _atomic_file(path, size, writer):
    if os.path.isfile(path) and os.path.getsize(path) == size:
        return
    say("creating %s (%s bytes)" % (path, format(size, ",")))
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        writer(f)
    if os.path.getsize(tmp) != size:
        raise RuntimeError("%s: wrong size" % tmp)
    os.rename(tmp, path)


def _write_random(f, size):
    with open("/dev/urandom", "rb") as r:
        left = size
        while left:
            b = r.read(min(left, 4 * MiB))
            f.write(b)
            left -= len(b)


def _write_text(f, size):
    rnd = random.Random(42)
    words = ("the quick brown fox jumps over lazy dog ftp client server "
             "passive binary ascii transfer mode listing directory file linux "
             "kernel mirror archive README tux penguin 0 1 42 1999 2024 a an "
             "of to in LF data port socket retr stor list nlst mlsd size "
             "mdtm jangada").split()
    n, chunk = 0, []
    while n < size:
        line = " ".join(rnd.choice(words)
                        for _ in range(rnd.randint(0, 18)))
        line = line[:size - n - 1] + "\n"
        chunk.append(line)
        n += len(line)
        if len(chunk) >= 20000:
            f.write("".join(chunk).encode())
            chunk = []
    f.write("".join(chunk).encode())


def many_name(rnd, i):
    stems = ["file", "IMG", "report", "data", "backup", "linux", "tux",
             "README", "patch", "kernel", "x", "Makefile", "changelog",
             "archive", "log", "Relatório", "mirror"]
    exts = ["", ".txt", ".tar.gz", ".tgz", ".jpg", ".png", ".c", ".h",
            ".iso", ".deb", ".rpm", ".md", ".1", ".gz", ".bz2", ".xz",
            ".zip", ".html"]
    r, s, e = rnd.random(), rnd.choice(stems), rnd.choice(exts)
    if r < 0.03:
        return "%s with spaces %d%s" % (s, i, e)
    if r < 0.04:
        return "ünïcødé-%s-%d%s" % (s, i, e)
    if r < 0.045:
        return "日本語-%d%s" % (i, e)
    if r < 0.055:
        return "%s-%s-%d%s" % (s, "long" * rnd.randint(10, 40), i, e)
    if r < 0.065:
        return "%s#%d&(copy)[%d]%s" % (s, i, i % 97, e)
    if r < 0.07:
        return "-%s-%d%s" % (s, i, e)              # a leading dash
    if r < 0.11:
        return "%s_%08d%s" % (s.upper(), i, e.upper())
    if r < 0.20:
        return "%d" % i
    if r < 0.30:
        return "%s-%d.%d.%d%s" % (s, rnd.randint(0, 9), rnd.randint(0, 99),
                                  i, e)
    return "%s_%06d%s" % (s, i, e)


def make_many(d):
    rnd = random.Random(7)
    os.makedirs(d)
    payload = random.Random(8).randbytes(8192)
    sizes = (0, 1, 17, 100, 512, 1000, 2048, 4095, 8192)
    t0 = 820454400
    for i in range(MANY_COUNT):
        p = os.path.join(d, many_name(rnd, i))
        with open(p, "wb") as f:
            f.write(payload[:rnd.choice(sizes)])
        t = t0 + rnd.randint(0, 28 * 365 * 86400)
        os.utime(p, (t, t))
    if len(os.listdir(d)) != MANY_COUNT:
        raise RuntimeError("many/: name collision")


def make_small(d):
    rnd = random.Random(11)
    os.makedirs(d)
    payload = random.Random(12).randbytes(65536)
    sizes = (0, 1, 100, 1000, 4096, 10000, 30000, 65536)
    n = 0
    for i in range(SMALL_DIRS):
        sub = os.path.join(d, "dir%02d" % i)
        if i % 4 == 3:
            sub = os.path.join(d, "dir%02d" % (i - 1), "nested%02d" % i)
        os.makedirs(sub, exist_ok=True)
        for j in range(SMALL_PER_DIR):
            with open(os.path.join(sub, "f%02d-%04d.dat" % (i, j)), "wb") as f:
                f.write(payload[:rnd.choice(sizes)])
            n += 1
    assert n == SMALL_DIRS * SMALL_PER_DIR


def fixture():
    root = P["root"]
    pub = os.path.join(root, "pub")
    os.makedirs(pub, exist_ok=True)
    _atomic_file(os.path.join(pub, "big.bin"), BIG_SIZE,
                 lambda f: _write_random(f, BIG_SIZE))
    _atomic_file(os.path.join(pub, "text.txt"), TEXT_SIZE,
                 lambda f: _write_text(f, TEXT_SIZE))
    for name, maker in (("many", make_many), ("small", make_small)):
        done = os.path.join(P["bench"], "state", "%s.v%d" % (name,
                                                            FIXTURE_VERSION))
        d = os.path.join(pub, name)
        if os.path.exists(done) and os.path.isdir(d):
            continue
        say("creating %s" % d)
        shutil.rmtree(d, ignore_errors=True)
        shutil.rmtree(d + ".tmp", ignore_errors=True)
        maker(d + ".tmp")
        os.rename(d + ".tmp", d)
        os.makedirs(os.path.dirname(done), exist_ok=True)
        open(done, "w").close()
    sample = os.path.join(root, "sample")
    gen = os.path.join(OPT.srcdir, "tests", "lib", "sampletree.py")
    if not os.path.isdir(sample) and os.path.exists(gen):
        say("creating %s (tests/lib/sampletree.py)" % sample)
        subprocess.run([sys.executable, gen, sample], check=True,
                       stdout=subprocess.DEVNULL)
    for d, dirs, files in os.walk(root):
        os.chmod(d, 0o755)
        for f in files:
            p = os.path.join(d, f)
            if not os.path.islink(p):
                os.chmod(p, 0o644)
    # the text file's line count: TYPE A sends one CR more per line
    with open(os.path.join(pub, "text.txt"), "rb") as f:
        P["text_lines"] = sum(b.count(b"\n") for b in
                              iter(lambda: f.read(4 * MiB), b""))
    P["many_names"] = set(os.listdir(os.path.join(pub, "many")))
    # read everything once: the servers serve from the page cache
    for f in ("big.bin", "text.txt"):
        with open(os.path.join(pub, f), "rb") as r:
            while r.read(8 * MiB):
                pass


# ---------------------------------------------------------------- servers

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def greeting(port, timeout, proc=None):
    end = time.monotonic() + timeout
    while time.monotonic() < end and (proc is None or proc.poll() is None):
        try:
            with socket.create_connection(("127.0.0.1", port), 1.0) as s:
                s.settimeout(3.0)
                buf = b""
                while b"\n" not in buf or not re.search(
                        rb"(^|\n)220 ", buf):
                    b = s.recv(4096)
                    if not b:
                        break
                    buf += b
                if re.search(rb"(^|\n)220 ", buf):
                    s.sendall(b"QUIT\r\n")
                    return True
        except OSError:
            pass
        time.sleep(0.1)
    return False


class Server:
    name = "server"

    def __init__(self):
        self.port = None
        self.proc = None
        self.dir = os.path.join(P["run"], self.name)
        os.makedirs(self.dir, exist_ok=True)
        os.chmod(self.dir, 0o755)
        self.log = os.path.join(self.dir, "server.log")

    @property
    def url(self):
        return "ftp://127.0.0.1:%d/" % self.port

    def argv(self):
        raise NotImplementedError

    def available(self):
        return True

    def start(self):
        for _ in range(5):
            self.port = free_port()
            argv = self.argv()
            pre = ["setpriv", "--pdeathsig", "KILL"] \
                if shutil.which("setpriv") else []
            with open(self.log, "ab") as log:
                self.proc = subprocess.Popen(
                    pre + argv, stdin=subprocess.DEVNULL, stdout=log,
                    stderr=log, start_new_session=True, cwd=self.dir)
            record_pid(self.proc.pid)
            _CLEANUPS.append(self.stop)
            if greeting(self.port, 15.0, self.proc):
                return True
            self.stop()
        return False

    def stop(self):
        if self.proc is None:
            return
        kill_tree(self.proc.pid)
        try:
            self.proc.wait(timeout=3)
        except subprocess.TimeoutExpired:
            pass
        self.proc = None
        if self.stop in _CLEANUPS:
            _CLEANUPS.remove(self.stop)

    def tail(self):
        try:
            with open(self.log, "rb") as f:
                return f.read()[-1500:].decode("utf-8", "replace")
        except OSError:
            return ""


def _servers_dir(pkg):
    return os.path.join(OPT.srcdir, "_build", "servers", pkg)


class Vsftpd(Server):
    name = "vsftpd"

    def __init__(self):
        super().__init__()
        self.bin = os.environ.get("JANGADA_VSFTPD") or os.path.join(
            _servers_dir("vsftpd"), "usr/sbin/vsftpd")

    def available(self):
        return os.access(self.bin, os.X_OK)

    def argv(self):
        empty = os.path.join(self.dir, "empty")
        os.makedirs(empty, exist_ok=True)
        os.chmod(empty, 0o755)
        conf = {
            "listen": "YES", "listen_ipv6": "NO",
            "listen_address": "127.0.0.1", "listen_port": self.port,
            "background": "NO", "anonymous_enable": "YES",
            "anon_root": P["root"], "no_anon_password": "YES",
            "ftp_username": "ftp", "nopriv_user": "nobody",
            "local_enable": "NO", "write_enable": "NO",
            "dirlist_enable": "YES", "download_enable": "YES",
            "ascii_download_enable": "YES", "pasv_enable": "YES",
            "connect_from_port_20": "NO", "secure_chroot_dir": empty,
            "seccomp_sandbox": "NO", "isolate": "NO",
            "isolate_network": "NO", "tcp_wrappers": "NO",
            "xferlog_enable": "NO", "syslog_enable": "NO",
            "vsftpd_log_file": os.path.join(self.dir, "vsftpd.log"),
            "max_clients": "0", "max_per_ip": "0", "use_sendfile": "YES",
        }
        path = os.path.join(self.dir, "vsftpd.conf")
        with open(path, "w") as f:
            f.write("".join("%s=%s\n" % kv for kv in conf.items()))
        return [self.bin, path]


class PyFtpd(Server):
    name = "pyftpdlib"
    python = "/usr/bin/python3"

    def available(self):
        return subprocess.run([self.python, "-c", "import pyftpdlib"],
                              stderr=subprocess.DEVNULL).returncode == 0

    def argv(self):
        return [self.python, "-m", "pyftpdlib", "-i", "127.0.0.1", "-p",
                str(self.port), "-d", P["root"]]


class Proftpd(Server):
    name = "proftpd"

    def __init__(self):
        super().__init__()
        self.bin = os.environ.get("JANGADA_PROFTPD") or os.path.join(
            _servers_dir("proftpd-core"), "usr/sbin/proftpd")

    def available(self):
        return os.access(self.bin, os.X_OK)

    def argv(self):
        d = self.dir
        conf = """ServerName "jangada bench proftpd"
ServerType standalone
DefaultServer on
Port %(port)d
DefaultAddress 127.0.0.1
SocketBindTight on
UseIPv6 off
User nobody
Group nogroup
PidFile %(d)s/proftpd.pid
ScoreboardFile %(d)s/proftpd.scoreboard
SystemLog %(d)s/proftpd.system.log
TransferLog none
WtmpLog off
UseReverseDNS off
MaxInstances 64
RequireValidShell off
UseFtpUsers off
AuthOrder mod_auth_unix.c
ListOptions "" maxfiles 10000000 maxdirs 100000 maxdepth 10
<IfModule mod_auth_pam.c>
  AuthPAM off
</IfModule>
<IfModule mod_delay.c>
  DelayEngine off
</IfModule>
<IfModule mod_ctrls.c>
  ControlsEngine off
</IfModule>
<Limit LOGIN>
  AllowUser ftp
  AllowUser anonymous
  DenyAll
</Limit>
<Anonymous %(root)s>
  User ftp
  Group nogroup
  UserAlias anonymous ftp
  AnonRequirePassword off
  RequireValidShell off
  <Limit WRITE>
    DenyAll
  </Limit>
</Anonymous>
""" % {"port": self.port, "d": d, "root": P["root"]}
        path = os.path.join(d, "proftpd.conf")
        with open(path, "w") as f:
            f.write(conf)
        return [self.bin, "-n", "-q", "-c", path]


class PureFtpd(Server):
    """pure-ftpd serves anonymous users from the home of the user "ftp";
    it runs in a private mount namespace where the fixture is bind-mounted
    over that home (nothing changes outside)."""
    name = "pure-ftpd"

    def __init__(self):
        super().__init__()
        self.bin = os.path.join(P["bench"], "servers", "pure-ftpd",
                                "usr/sbin/pure-ftpd")

    def available(self):
        if not (os.access(self.bin, os.X_OK) and shutil.which("unshare")):
            return False
        r = subprocess.run(["ldd", self.bin], capture_output=True, text=True)
        return "not found" not in r.stdout

    def argv(self):
        import pwd
        home = pwd.getpwnam("ftp").pw_dir
        return ["unshare", "-m", "--propagation", "private", "sh", "-c",
                'mount --bind "$1" "$2" && shift 2 && exec "$@"', "sh",
                P["root"], home, self.bin, "-S", "127.0.0.1,%d" % self.port,
                "-P", "127.0.0.1", "-e", "-i", "-H", "-A",
                "-L", "1000000:8", "-c", "64", "-C", "64", "-f", "none",
                "-4"]


SERVER_CLASSES = {"vsftpd": Vsftpd, "pyftpdlib": PyFtpd,
                  "proftpd": Proftpd, "pure-ftpd": PureFtpd}


def check_server(srv):
    """A listing of the sample tree and a small download work."""
    import ftplib
    try:
        with ftplib.FTP() as f:
            f.connect("127.0.0.1", srv.port, timeout=10)
            f.login()
            names = f.nlst("sample/pub/linux/logos/pictures")
            if not any(n.endswith("tux.png") for n in names):
                return "no tux.png in sample/pub/linux/logos/pictures"
            f.nlst("pub")
        return None
    except (OSError, ftplib.Error, EOFError) as e:
        return str(e)


# ---------------------------------------------------------------- runner

def client_env():
    e = {"PATH": "/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin",
         "HOME": P["home"], "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
         "TERM": "dumb", "TZ": "UTC",
         "XDG_CONFIG_HOME": os.path.join(P["home"], ".config"),
         "XDG_STATE_HOME": os.path.join(P["home"], ".local", "state"),
         "XDG_DATA_HOME": os.path.join(P["home"], ".local", "share"),
         "XDG_CACHE_HOME": os.path.join(P["home"], ".cache")}
    return e


def run_timed(argv, stdout=None, stdin=None, cwd=None, timeout=300.0):
    """Run argv; {wall, cpu, rss (KiB), rc, err}. stdout: a path (opened
    O_TRUNC before the clock starts) or None (/dev/null).

    The client runs under /usr/bin/time, only for its peak memory (%M):
    a process forked from this Python carries Python's peak into its own
    ru_maxrss across exec(2), one forked from time(1) does not. Wall time
    is measured here, CPU time comes from wait4(2) (it counts the reaped
    children, i.e. the client)."""
    out = open(stdout, "wb") if stdout else subprocess.DEVNULL
    inp = open(stdin, "rb") if stdin else subprocess.DEVNULL
    errpath = os.path.join(P["logs"], "last-stderr")
    mempath = os.path.join(P["logs"], "last-maxrss")
    err = open(errpath, "wb")
    rm(mempath)
    pre = ["/usr/bin/time", "-q", "-f", "%M", "-o", mempath] \
        if os.access("/usr/bin/time", os.X_OK) else []
    try:
        t0 = time.perf_counter()
        p = subprocess.Popen(pre + argv, stdin=inp, stdout=out, stderr=err,
                             cwd=cwd or P["work"], env=client_env(),
                             start_new_session=True)
        fd = os.pidfd_open(p.pid)
        try:
            timed_out = not select.select([fd], [], [], timeout)[0]
        finally:
            os.close(fd)
        if timed_out:
            kill_tree(p.pid, grace=0.5)
        _, status, ru = os.wait4(p.pid, 0)
        t1 = time.perf_counter()
        p.returncode = os.waitstatus_to_exitcode(status)
    finally:
        for f in (out, inp, err):
            if f not in (subprocess.DEVNULL, None):
                f.close()
    with open(errpath, "rb") as f:
        errtext = f.read()[-600:].decode("utf-8", "replace").strip()
    rss = ru.ru_maxrss
    try:
        with open(mempath) as f:
            rss = int(f.read().split()[-1])
    except (OSError, ValueError, IndexError):
        pass
    r = {"wall": t1 - t0, "cpu": ru.ru_utime + ru.ru_stime,
         "rss": rss, "rc": p.returncode}
    if timed_out:
        r["err"] = "timed out after %.0f s" % timeout
    elif p.returncode != 0:
        r["err"] = "exit %d: %s" % (p.returncode, errtext[-300:])
    return r


class Case:
    """One client in a group: argv (or fn), what to prepare and check."""

    def __init__(self, client, argv=None, *, kind="peer", stdout=None,
                 stdin=None, cwd=None, before=None, check=None, fn=None,
                 ref=None, note="", timeout=300.0, rc_ok=(0,)):
        self.client, self.argv, self.kind = client, argv, kind
        self.stdout, self.stdin, self.cwd = stdout, stdin, cwd
        self.before, self.check, self.fn = before, check, fn
        self.ref, self.note, self.timeout = ref, note, timeout
        self.rc_ok = rc_ok
        self.runs, self.error, self.notes = [], None, []

    def run_once(self):
        if self.before:
            self.before()
        if self.fn:
            r = self.fn()
        else:
            r = run_timed(self.argv, stdout=self.stdout, stdin=self.stdin,
                          cwd=self.cwd, timeout=self.timeout)
            if r.get("err") and r.get("rc") in self.rc_ok \
                    and not r["err"].startswith("timed out"):
                del r["err"]
        if not r.get("err") and self.check:
            msg = self.check()
            if msg:
                r["err"] = msg
        return r

    def command(self):
        if self.argv:
            s = " ".join(shlex.quote(a) for a in self.argv)
            if self.stdout:
                s += " > " + self.stdout
            if self.stdin:
                s += " < " + self.stdin
            return s
        return self.note


GROUPS = []


def measure(group, cases, runs=None):
    """Warm-up round, then `runs` rounds; each round runs every case once,
    the order rotating by one from round to round."""
    runs = runs or OPT.runs
    group["cases"] = cases
    group["load"] = loadavg()
    GROUPS.append(group)
    say("row %s: %s on %s (%d cases, %d+1 rounds)" % (
        group["row"], group["what"], group["server"], len(cases), runs))
    live = list(cases)
    for rnd in range(runs + 1):
        k = rnd % len(live) if live else 0
        for c in live[k:] + live[:k]:
            if c.error:
                continue
            try:
                r = c.run_once()
            except Exception as e:  # noqa: BLE001 - a cell, not a crash
                r = {"err": "%s: %s" % (type(e).__name__, e)}
            if r.get("err"):
                c.error = r["err"]
                say("  %s failed: %s" % (c.client, c.error))
                continue
            if rnd > 0:
                c.runs.append(r)
        if OPT.verbose:
            say("  round %d: %s" % (rnd, ", ".join(
                "%s %.3f" % (c.client, c.runs[-1]["wall"])
                for c in cases if c.runs and rnd > 0)))


# ---------------------------------------------------------------- helpers

def loadavg():
    """The 1-minute load average: others' work shares these CPUs."""
    try:
        with open("/proc/loadavg") as f:
            return float(f.read().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def rm(path):
    if os.path.isdir(path) and not os.path.islink(path):
        shutil.rmtree(path, ignore_errors=True)
    else:
        try:
            os.unlink(path)
        except FileNotFoundError:
            pass


def expect_size(path, size, alt=None):
    def check():
        try:
            n = os.path.getsize(path)
        except OSError:
            return "no output file %s" % path
        if n == size:
            return None
        if alt and n in alt:
            return None
        return "%s: %d bytes, expected %d" % (path, n, size)
    return check


def expect_lines(path, least):
    def check():
        try:
            with open(path, "rb") as f:
                n = sum(b.count(b"\n") for b in
                        iter(lambda: f.read(MiB), b""))
        except OSError:
            return "no output %s" % path
        return None if n >= least else "%d lines, expected %d or more" % (
            n, least)
    return check


def expect_files(d, count):
    def check():
        n = sum(len(fs) for _, _, fs in os.walk(d))
        return None if n == count else "%d files in %s, expected %d" % (
            n, d, count)
    return check


def have(client):
    exe = {"ncftp": "ncftpget"}.get(client, client)
    return shutil.which(exe) is not None


def proc_cpu(pid):
    """utime + stime of the whole process, seconds."""
    with open("/proc/%d/stat" % pid) as f:
        st = f.read().rsplit(")", 1)[1].split()
    return (int(st[11]) + int(st[12])) / os.sysconf("SC_CLK_TCK")


def proc_status(pid, key):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def proc_ctxsw(pid):
    n = 0
    for t in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/status" % (pid, t)) as f:
                for line in f:
                    if "ctxt_switches" in line:
                        n += int(line.split()[1])
        except OSError:
            pass
    return n


# ---------------------------------------------------------------- TUI

class Tui:
    """jangada on a terminal: a private tmux server, keys in, text out."""

    def __init__(self, argv, width=TUI_W, height=TUI_H):
        self.sock = "jbench-%d-%d" % (os.getpid(), random.randrange(1 << 30))
        self.conf = os.path.join(P["run"], "tmux.conf")
        with open(self.conf, "w") as f:
            f.write('set -g default-terminal "xterm-256color"\n'
                    "set -g status off\nset -g remain-on-exit on\n"
                    "set -g default-shell /bin/sh\nset -s escape-time 0\n")
        env = client_env()
        env["TERM"] = "xterm-256color"
        cmd = "exec env -i %s %s" % (
            " ".join(shlex.quote("%s=%s" % kv) for kv in env.items()),
            " ".join(shlex.quote(a) for a in argv))
        self.server_pid = None
        self.tmux("new-session", "-d", "-s", "b", "-x", str(width), "-y",
                  str(height), cmd)
        info = self.tmux("display-message", "-p", "-t", "b",
                         "#{pid} #{pane_pid}").split()
        self.server_pid, self.pid = int(info[0]), int(info[1])
        record_pid(self.server_pid)
        _CLEANUPS.append(self.close)

    def tmux(self, *args):
        r = subprocess.run(["tmux", "-L", self.sock, "-f", self.conf]
                           + list(args), stdin=subprocess.DEVNULL,
                           capture_output=True, timeout=10,
                           env={"PATH": os.environ.get("PATH", "/usr/bin"),
                                "HOME": P["home"]})
        if r.returncode != 0:
            raise RuntimeError("tmux %s: %s" % (args[0], r.stderr.decode(
                errors="replace").strip()))
        return r.stdout.decode("utf-8", "replace")

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", "b")

    def keys(self, *k):
        self.tmux("send-keys", "-t", "b", *k)

    def text(self, s):
        self.tmux("send-keys", "-t", "b", "-l", s)

    def wait(self, pred, timeout, interval=0.01):
        """Poll the screen until pred(screen); (time.time(), screen) or
        (None, last screen)."""
        end = time.monotonic() + timeout
        s = ""
        while time.monotonic() < end:
            s = self.screen()
            if pred(s):
                return time.time(), s
            if not alive(self.pid):
                break
            time.sleep(interval)
        return None, s

    def command(self, line, timeout=5.0):
        """Type a command on jangada's command line (":" opens it; it
        stays open after Enter), without Enter; True once it shows."""
        if not self.prompt_open(self.screen()):
            self.keys(":")
            if self.wait(self.prompt_open, timeout)[0] is None:
                return False
        self.text(line)
        t, _ = self.wait(lambda s: line in s, timeout)
        return t is not None

    @staticmethod
    def prompt_open(screen):
        lines = [l for l in screen.split("\n") if l.strip()]
        return bool(lines) and lines[-1].lstrip().startswith("jangada>")

    def close(self):
        if self.close in _CLEANUPS:
            _CLEANUPS.remove(self.close)
        try:
            self.tmux("kill-server")
        except (RuntimeError, subprocess.TimeoutExpired):
            pass
        for pid in (getattr(self, "pid", None), self.server_pid):
            if pid and alive(pid):
                kill_tree(pid, grace=1.0)


def screen_names(screen, exclude=()):
    """How many lines of the screen show a name of pub/many/."""
    names = P["many_names"]
    n = 0
    for line in screen.split("\n"):
        for tok in re.split(r"[\s│┃|]+", line):
            if tok in names and not tok.isdigit() and tok not in exclude:
                n += 1
                break
    return n


def log_listing_end(path):
    """The time (epoch) of the last listing's final reply in jangada's log."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
    except OSError:
        return None
    start = None
    for i, line in enumerate(lines):
        if re.search(r"> (MLSD|LIST|NLST)\b", line):
            start = i
    if start is None:
        return None
    for line in lines[start:]:
        m = re.match(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.(\d{3}) .*< 226",
                     line)
        if m:
            t = calendar.timegm(time.strptime(m.group(1),
                                              "%Y-%m-%dT%H:%M:%S"))
            return t + int(m.group(2)) / 1000.0
    return None


# ---------------------------------------------------------------- rows

def out_path(name):
    return os.path.join(P["shm"], name)


def row1(srv, first):
    """Binary download of the 1 GiB file."""
    big = os.path.join(P["root"], "pub", "big.bin")
    url = srv.url + "pub/big.bin"
    dests = [("shm", "/dev/shm file", P["shm"])]
    dests.append(("null", "/dev/null", None))
    if P.get("huge"):
        dests.append(("huge", "tmpfs huge=always file", P["huge"]))
    for key, label, d in dests:
        if "1" + {"shm": "a", "null": "b", "huge": "c"}[key] not in OPT.rows:
            continue
        dest = os.path.join(d, "big.bin") if d else "/dev/null"
        size_ok = expect_size(dest, BIG_SIZE) if d else None
        clean = (lambda p=dest: rm(p)) if d else None
        J = OPT.jangada
        # jangada skips an existing -o file (/dev/null too): "-o -" there
        cases = [Case("jangada", [J, "-q", "-o", dest if d else "-", url],
                      kind="jangada", before=clean, check=size_ok)]
        if have("curl"):
            cases.append(Case("curl", ["curl", "-s", "-S", "-o", dest, url],
                              before=clean, check=size_ok))
        if have("lftp"):
            cases.append(Case("lftp", [
                "lftp", "-c", "set xfer:clobber on; open %s; get pub/big.bin "
                "-o %s" % (srv.url, dest)],
                              before=clean, check=size_ok))
        if have("wget"):
            cases.append(Case("wget", ["wget", "-q", "-O", dest, url],
                              before=clean, check=size_ok))
        if have("ncftp"):
            cases.append(Case("ncftpget", ["ncftpget", "-c", "-V", "-P",
                                           str(srv.port), "127.0.0.1",
                                           "/pub/big.bin"],
                              stdout=dest if d else None, before=clean,
                              check=size_ok))
        if have("tnftp"):
            cases.append(Case("tnftp", ["tnftp", "-V", "-o", dest, url],
                              before=clean, check=size_ok))
        if first:
            cases.append(Case("cat", ["cat", big], kind="limit",
                              stdout=dest if d else None, before=clean,
                              check=size_ok))
            if P.get("socat_port"):
                cases.append(Case("socat", [
                    "socat", "-u", "-b", "131072",
                    "TCP:127.0.0.1:%d" % P["socat_port"], "STDOUT"],
                    kind="limit", stdout=dest if d else None, before=clean,
                    check=size_ok))
        measure({"row": "1" + {"shm": "a", "null": "b", "huge": "c"}[key],
                 "what": "binary 1 GiB -> " + label, "server": srv.name,
                 "bytes": BIG_SIZE, "dest": key}, cases)
        if d:
            rm(dest)


def socat_listener():
    """A socat that sends the big file to every connection (a child per
    connection): the raw loopback TCP limit."""
    if not shutil.which("socat"):
        return
    big = os.path.join(P["root"], "pub", "big.bin")
    for _ in range(5):
        port = free_port()
        p = subprocess.Popen(
            ["socat", "-U", "-b", "131072",
             "TCP-LISTEN:%d,bind=127.0.0.1,reuseaddr,fork" % port,
             "OPEN:%s,rdonly" % big], stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True)
        record_pid(p.pid)

        def stop(p=p):
            kill_tree(p.pid, grace=0.5)
            p.wait()
        _CLEANUPS.append(stop)
        end = time.monotonic() + 5
        while time.monotonic() < end and p.poll() is None:
            with open("/proc/net/tcp") as f:
                if any(l.split()[1].endswith(":%04X" % port)
                       and l.split()[3] == "0A" for l in f.readlines()[1:]):
                    P["socat_port"] = port
                    return
            time.sleep(0.02)
        stop()
        _CLEANUPS.remove(stop)


def row1_tui(srv):
    """The same download from the TUI (progress on screen) and in batch."""
    d = os.path.join(P["shm"], "tui")
    os.makedirs(d, exist_ok=True)
    dest = os.path.join(d, "big.bin")
    url = srv.url + "pub/big.bin"
    state = {}

    def tui_get():
        t = state.get("tui")
        if t is None or not alive(t.pid):
            t = Tui([OPT.jangada, srv.url + "pub/"])
            state["tui"] = t
            if t.wait(lambda s: "big.bin" in s, 20)[0] is None:
                return {"err": "the TUI did not show pub/"}
            if not t.command("lcd " + d):
                return {"err": "no command line"}
            t.keys("Enter")
            time.sleep(0.3)
        if not t.command("get big.bin"):
            return {"err": "no command line for get"}
        c0 = proc_cpu(t.pid)
        t0 = time.perf_counter()
        t.keys("Enter")
        part = os.path.join(d, ".big.bin.part")
        start = time.monotonic()
        while not os.path.exists(dest):
            now = time.monotonic()
            if now - start > 300 or (now - start > 15 and
                                     not os.path.exists(part)):
                return {"err": "no %s after %.0f s: %r" % (
                    dest, now - start, t.screen()[-300:])}
            time.sleep(0.002)
        t1 = time.perf_counter()
        time.sleep(0.05)
        return {"wall": t1 - t0, "cpu": proc_cpu(t.pid) - c0,
                "rss": proc_status(t.pid, "VmHWM")}

    cases = [Case("jangada", [OPT.jangada, "-q", "-o", dest, url],
                  kind="jangada", before=lambda: rm(dest),
                  check=expect_size(dest, BIG_SIZE)),
             Case("jangada TUI", fn=tui_get, kind="tui",
                  before=lambda: rm(dest), check=expect_size(dest, BIG_SIZE),
                  note="TUI ':get big.bin' (lcd /dev/shm/...), Enter to "
                       "the file renamed into place")]
    try:
        measure({"row": "1d", "what": "binary 1 GiB -> /dev/shm, TUI vs batch",
                 "server": srv.name, "bytes": BIG_SIZE, "dest": "shm"}, cases)
    finally:
        if state.get("tui"):
            state["tui"].close()
        rm(dest)


def row2(srv):
    """ASCII (TYPE A) download of the 50 MiB LF text, and TYPE I."""
    dest = out_path("text.txt")
    url = srv.url + "pub/text.txt"
    clean = lambda: rm(dest)  # noqa: E731
    # converted back to LF: TEXT_SIZE; CRLF kept: one byte more per line
    crlf = TEXT_SIZE + P["text_lines"]

    def ascii_check(case):
        def check():
            msg = expect_size(dest, TEXT_SIZE, alt=(crlf,))()
            if msg:
                return msg
            if os.path.getsize(dest) == crlf and \
                    "CRLF kept" not in case.notes:
                case.notes.append("CRLF kept")
            return None
        return check

    J = OPT.jangada
    cases = []
    for mode in ("A", "I"):
        a = mode == "A"
        ja = Case("jangada", [J, "-q", "-o", dest, url + (";type=a" if a
                                                           else "")],
                  kind="jangada", before=clean)
        cases.append(ja)
        peers = []
        if have("curl"):
            peers.append(Case("curl", ["curl", "-s", "-S"] + (
                ["--use-ascii"] if a else []) + ["-o", dest, url]))
        if have("lftp"):
            peers.append(Case("lftp", ["lftp", "-c", "set xfer:clobber on; "
                                       "open %s; get %s"
                                       "pub/text.txt -o %s" % (
                                           srv.url, "-a " if a else "",
                                           dest)]))
        if have("wget"):
            peers.append(Case("wget", ["wget", "-q", "-O", dest,
                                       url + (";type=a" if a else "")]))
        if have("ncftp"):
            peers.append(Case("ncftpget", ["ncftpget", "-c", "-V"] + (
                ["-a"] if a else []) + ["-P", str(srv.port), "127.0.0.1",
                                        "/pub/text.txt"], stdout=dest))
        if have("tnftp"):
            peers.append(Case("tnftp", ["tnftp", "-V", "-o", dest,
                                        url + (";type=a" if a else "")]))
        if srv is P["first_server"] and not a:
            peers.append(Case("cat", ["cat", os.path.join(
                P["root"], "pub", "text.txt")], kind="limit", stdout=dest))
        for c in [ja] + peers:
            c.before = clean
            c.check = ascii_check(c) if a else expect_size(dest, TEXT_SIZE)
            c.ref = ja
            c.mode = mode
            if c is not ja:
                cases.append(c)
    for c in cases:
        if c.kind != "limit":
            c.client += " (TYPE %s)" % c.mode
    measure({"row": "2", "what": "50 MiB LF text, TYPE A and TYPE I "
             "-> /dev/shm", "server": srv.name, "bytes": TEXT_SIZE,
             "dest": "shm"}, cases)
    rm(dest)


def row3(srv):
    """Listing the 100,000-entry directory in batch mode."""
    out = out_path("listing.txt")
    url = srv.url + "pub/many/"
    clean = lambda: rm(out)  # noqa: E731
    least = MANY_COUNT
    if srv.name == "pure-ftpd":
        least = MANY_COUNT      # -L raised, all of them
    J = OPT.jangada
    cases = [Case("jangada", [J, "-q", url], kind="jangada", stdout=out)]
    jn = Case("jangada nlist", [J, "-q", "-c", "open %s; nlist pub/many"
                                % srv.url], kind="jangada", stdout=out)
    if have("curl"):
        cases.append(Case("curl (LIST)", ["curl", "-s", "-S", url],
                          stdout=out))
    if have("ncftp"):
        cases.append(Case("ncftpls -l", ["ncftpls", "-l", "-P",
                                         str(srv.port),
                                         "ftp://127.0.0.1/pub/many/"],
                          stdout=out))
    if have("lftp"):
        cases.append(Case("lftp cls -l", ["lftp", "-c", "open %s; cls -l "
                                          "pub/many/" % srv.url],
                          stdout=out))
    if have("wget"):
        cases.append(Case("wget (html)", ["wget", "-q", "-O", out, url],
                          cwd=P["work"]))
    if have("tnftp"):
        script = os.path.join(P["run"], "tnftp-ls.txt")
        with open(script, "w") as f:
            f.write("ls pub/many\nbye\n")
        cases.append(Case("tnftp ls", ["tnftp", "-a", "-V", "127.0.0.1",
                                       str(srv.port)], stdin=script,
                          stdout=out))
    cases.append(jn)
    if have("curl"):
        cn = Case("curl -l (NLST)", ["curl", "-s", "-S", "-l", url],
                  stdout=out)
        cn.ref = jn
        cases.append(cn)
    for c in cases:
        c.before = clean
        c.check = expect_lines(out, least)
        if c.ref is None and c is not jn:
            c.ref = cases[0]
    measure({"row": "3a", "what": "list 100,000 entries (batch)",
             "server": srv.name, "bytes": None}, cases)
    rm(out)


def tui_open_many(srv, log=None):
    """Start the TUI in pub/, then `cd many`: (tui, seconds from Enter to
    the first full screen, epoch of that screen) or raises."""
    argv = [OPT.jangada]
    if log:
        argv += ["--log", log]
    t = Tui(argv + [srv.url + "pub/"])
    tt, scr = t.wait(lambda s: "many" in s and "text.txt" in s, 20)
    if tt is None:
        t.close()
        raise RuntimeError("the TUI did not show pub/: %r" % scr[-400:])
    base = set(re.split(r"[\s│┃|]+", scr))
    if not t.command("cd many"):
        t.close()
        raise RuntimeError("no command line")
    need = P["screen_rows"]
    t0 = time.perf_counter()
    t.keys("Enter")
    tt, scr = t.wait(lambda s: screen_names(s, base) >= need, 60,
                     interval=0.005)
    t1 = time.perf_counter()
    if tt is None:
        t.close()
        raise RuntimeError("no full screen of many/ within 60 s "
                           "(%d names seen)" % screen_names(scr, base))
    return t, t1 - t0, tt


def row3_tui(srv):
    log = os.path.join(P["logs"], "tui-cd.log")

    def once():
        rm(log)
        t, secs, when = tui_open_many(srv, log)
        try:
            r = {"wall": secs, "cpu": proc_cpu(t.pid),
                 "rss": proc_status(t.pid, "VmHWM")}
            arrived = log_listing_end(log)
            if arrived is not None:
                r["after_listing"] = when - arrived
        finally:
            t.close()
        return r

    c = Case("jangada TUI", fn=once, kind="tui",
             note="TUI in pub/, ':cd many' Enter, until %d rows of many/ "
                  "show (tmux %dx%d)" % (P["screen_rows"], TUI_W, TUI_H))
    measure({"row": "3b", "what": "TUI: cd into 100,000 entries -> first "
             "full screen", "server": srv.name, "bytes": None}, [c])


def row4(srv):
    """Recursive download of 2,000 small files, 1 and 4 connections."""
    d = out_path("rec")
    count = SMALL_DIRS * SMALL_PER_DIR
    clean = lambda: (rm(d), os.makedirs(d))  # noqa: E731
    J = OPT.jangada
    cases = []
    for n in (1, 4):
        cases.append(Case("jangada x%d" % n, [
            J, "-q", "-c", "open %s; set parallel %d; lcd %s; get -r "
            "pub/small" % (srv.url, n, d)], kind="jangada"))
        if have("lftp"):
            cases.append(Case("lftp mirror x%d" % n, [
                "lftp", "-c", "open %s; mirror --parallel=%d pub/small "
                "%s/small" % (srv.url, n, d)]))
    if have("wget"):
        cases.append(Case("wget -r x1", ["wget", "-q", "-r", "-l", "inf",
                                         "-nH", "-P", d,
                                         srv.url + "pub/small/"]))
    if have("ncftp"):
        cases.append(Case("ncftpget -R x1", ["ncftpget", "-R", "-V", "-P",
                                             str(srv.port), "127.0.0.1", d,
                                             "/pub/small"]))
    j1, j4 = cases[0], [c for c in cases if c.client == "jangada x4"][0]
    for c in cases:
        c.before = clean
        c.check = expect_files(d, count)
        c.ref = j4 if "x4" in c.client else j1
    measure({"row": "4", "what": "recursive, 2,000 small files -> /dev/shm",
             "server": srv.name, "bytes": sum(
                 os.path.getsize(os.path.join(a, f)) for a, _, fs in
                 os.walk(os.path.join(P["root"], "pub", "small"))
                 for f in fs)}, cases)
    rm(d)


def row5_safe(srv):
    try:
        return row5(srv)
    except Exception as e:  # noqa: BLE001 - a line in the table
        return {"row": "5", "server": srv.name, "error": str(e)}


def row5(srv):
    """Idle cost in the TUI, and peak memory after opening many/."""
    res = {"row": "5", "server": srv.name, "idle_seconds": OPT.idle}
    t = Tui([OPT.jangada, srv.url + "pub/"])
    try:
        if t.wait(lambda s: "many" in s, 20)[0] is None:
            raise RuntimeError("the TUI did not show pub/")
        time.sleep(1.0)
        c0, w0 = proc_cpu(t.pid), proc_ctxsw(t.pid)
        time.sleep(OPT.idle)
        if not alive(t.pid):
            raise RuntimeError("jangada exited while idle")
        c1, w1 = proc_cpu(t.pid), proc_ctxsw(t.pid)
        res["idle_cpu"] = c1 - c0
        res["idle_wakeups"] = w1 - w0
        res["rss_idle"] = proc_status(t.pid, "VmRSS")
    finally:
        t.close()
    t, secs, _ = tui_open_many(srv)
    try:
        time.sleep(0.5)
        res["hwm_many"] = proc_status(t.pid, "VmHWM")
        res["rss_many"] = proc_status(t.pid, "VmRSS")
    finally:
        t.close()
    return res


# ---------------------------------------------------------------- report

def med(xs):
    return statistics.median(xs) if xs else None


def stats(c):
    w = [r["wall"] for r in c.runs]
    s = {"n": len(w)}
    if w:
        s.update(wall=med(w), wall_min=min(w), wall_max=max(w),
                 cpu=med([r["cpu"] for r in c.runs]),
                 rss=max((r.get("rss") or 0) for r in c.runs))
        al = [r["after_listing"] for r in c.runs if "after_listing" in r]
        if al:
            s.update(after_listing=med(al), after_listing_min=min(al),
                     after_listing_max=max(al))
    return s


def fmt_mibs(b, t):
    return "%.0f" % (b / MiB / t) if t else "-"


def table(groups, idle):
    hdr = ("row", "client", "MiB/s (min-max)", "wall s (min-max)", "CPU s",
           "peak MiB", "j/peer")
    rows = []
    for g in groups:
        rows.append((g["row"], "%s [%s, load %.1f]" % (
            g["what"], g["server"], g.get("load") or 0)))
        for c in g["cases"]:
            s = stats(c)
            if not s["n"]:
                rows.append(("", c.client, "failed: " + (
                    c.error or "no run")[:90]))
                continue
            b = g.get("bytes")
            speed = "%s (%s-%s)" % (fmt_mibs(b, s["wall"]),
                                    fmt_mibs(b, s["wall_max"]),
                                    fmt_mibs(b, s["wall_min"])) if b else ""
            wall = "%.3f (%.3f-%.3f)" % (s["wall"], s["wall_min"],
                                         s["wall_max"])
            ratio = ""
            ref = c.ref or next((x for x in g["cases"]
                                 if x.kind == "jangada"), None)
            if c.kind not in ("jangada", "tui") and ref is not None \
                    and ref.runs:
                ratio = "%.2fx" % (s["wall"] / stats(ref)["wall"])
            client = c.client + (" [%s]" % ", ".join(c.notes)
                                 if c.notes else "")
            if "after_listing" in s:
                wall += "; %.3f after the 226" % s["after_listing"]
            rows.append(("", client, speed, wall, "%.2f" % s["cpu"],
                         "%.1f" % (s["rss"] / 1024.0), ratio))
    for r in idle:
        rows.append((r["row"], "TUI idle, connected, then cd into 100,000 "
                     "entries [%s]" % r["server"]))
        if "error" in r:
            rows.append(("", "jangada", "failed: " + r["error"][:90]))
            continue
        rows.append(("", "jangada idle %d s (%d wakeups)" % (
            r["idle_seconds"], r["idle_wakeups"]), "", "", "%.2f" %
            r["idle_cpu"], "%.1f" % (r["rss_idle"] / 1024.0), ""))
        rows.append(("", "jangada after cd many (VmHWM)", "", "", "",
                     "%.1f" % (r["hwm_many"] / 1024.0), ""))
    full = [r for r in rows if len(r) == len(hdr)] + [hdr]
    widths = [max(len(r[i]) for r in full) for i in range(len(hdr))]
    widths[0] = 4

    def fmt(r):
        return "  ".join(x.ljust(widths[i]) for i, x in
                         enumerate(r)).rstrip()
    lines = [fmt(hdr), "-" * len(fmt(hdr))]
    for r in rows:
        if len(r) == 2:
            lines.append("%-4s  %s" % r)
        elif len(r) == 3:
            lines.append("%-4s  %s  %s" % (r[0], r[1].ljust(widths[1]),
                                           r[2]))
        else:
            lines.append(fmt(r))
    return lines


def find(groups, row, server, client):
    for g in groups:
        if g["row"] == row and g["server"] == server:
            for c in g["cases"]:
                if c.client == client and c.runs:
                    return stats(c)
    return None


def peers_of(groups, row, server):
    for g in groups:
        if g["row"] == row and g["server"] == server:
            return {c.client: stats(c) for c in g["cases"]
                    if c.kind == "peer" and c.runs}
    return {}


def verdicts(groups, idle):
    out = []
    srv = "vsftpd" if any(g["server"] == "vsftpd" for g in groups) else (
        groups[0]["server"] if groups else None)

    def add(name, ok, figure):
        out.append({"target": name, "met": ok, "figure": figure,
                    "server": srv})

    def speed_vs_fastest(row, factor, label):
        j = find(groups, row, srv, "jangada")
        ps = peers_of(groups, row, srv)
        if not j or not ps:
            return
        best = min(ps.items(), key=lambda kv: kv[1]["wall"])
        ratio = best[1]["wall"] / j["wall"]
        add("%s: jangada >= %.1fx the fastest peer" % (label, factor),
            ratio >= factor, "jangada %s MiB/s, fastest peer %s %s MiB/s: "
            "%.2fx (CPU per GiB: jangada %.2f s, %s %.2f s)" % (
                fmt_mibs(BIG_SIZE, j["wall"]), best[0],
                fmt_mibs(BIG_SIZE, best[1]["wall"]), ratio, j["cpu"],
                best[0], best[1]["cpu"]))

    speed_vs_fastest("1a", 1.2, "binary -> /dev/shm")
    j, cat = find(groups, "1a", srv, "jangada"), find(groups, "1a", srv,
                                                       "cat")
    if j and cat:
        r = cat["wall"] / j["wall"]
        add("binary -> /dev/shm: jangada >= 0.75x cat", r >= 0.75,
            "jangada %s MiB/s, cat %s MiB/s: %.2fx" % (
                fmt_mibs(BIG_SIZE, j["wall"]), fmt_mibs(BIG_SIZE,
                                                        cat["wall"]), r))
    speed_vs_fastest("1c", 1.2, "binary -> tmpfs huge=always")
    speed_vs_fastest("1b", 1.0, "binary -> /dev/null")
    j, t = find(groups, "1d", srv, "jangada"), find(groups, "1d", srv,
                                                     "jangada TUI")
    if j and t:
        r = j["wall"] / t["wall"]
        add("TUI transfer speed within 10% of batch", r >= 0.9,
            "batch %s MiB/s, TUI %s MiB/s: %.2fx" % (
                fmt_mibs(BIG_SIZE, j["wall"]), fmt_mibs(BIG_SIZE, t["wall"]),
                r))
    ja = find(groups, "2", srv, "jangada (TYPE A)")
    ji = find(groups, "2", srv, "jangada (TYPE I)")
    ca = find(groups, "2", srv, "curl (TYPE A)")
    if ja and ca:
        r = ca["wall"] / ja["wall"]
        add("TYPE A: jangada >= 1.0x curl", r >= 1.0,
            "jangada %s MiB/s, curl %s MiB/s: %.2fx" % (
                fmt_mibs(TEXT_SIZE, ja["wall"]),
                fmt_mibs(TEXT_SIZE, ca["wall"]), r))
    if ja and ji:
        r = ja["wall"] / ji["wall"]
        add("TYPE A no slower than 2x jangada's TYPE I", r <= 2.0,
            "TYPE A %.3f s, TYPE I %.3f s: %.2fx the time" % (
                ja["wall"], ji["wall"], r))
    j, c = find(groups, "3a", srv, "jangada"), find(groups, "3a", srv,
                                                     "curl (LIST)")
    if j and c:
        r = j["wall"] / c["wall"]
        add("listing 100,000 (batch): <= 1.1x curl's time", r <= 1.1,
            "jangada %.3f s, curl %.3f s: %.2fx" % (j["wall"], c["wall"], r))
    if j:
        add("listing 100,000 (batch): peak memory <= 30 MiB",
            j["rss"] <= 30 * 1024, "%.1f MiB" % (j["rss"] / 1024.0))
    t = find(groups, "3b", srv, "jangada TUI")
    if t and "after_listing" in t:
        add("TUI: first screen <= 0.5 s after the listing arrived",
            t["after_listing"] <= 0.5, "%.3f s after the 226 (cd to screen "
            "%.3f s)" % (t["after_listing"], t["wall"]))
    j1, j4 = find(groups, "4", srv, "jangada x1"), find(groups, "4", srv,
                                                         "jangada x4")
    if j1 and j4:
        r = j1["wall"] / j4["wall"]
        add("recursive 2,000 files: 4 connections >= 2x faster than 1",
            r >= 2.0, "x1 %.3f s, x4 %.3f s: %.2fx" % (j1["wall"],
                                                         j4["wall"], r))
    for r in idle:
        if r["server"] != srv or "error" in r:
            continue
        # "~0": under 0.1 % of one CPU
        add("TUI idle %d s: CPU ~0, no busy polling" % r["idle_seconds"],
            r["idle_cpu"] <= 0.001 * r["idle_seconds"],
            "%.2f s CPU, %d context switches" % (r["idle_cpu"],
                                                 r["idle_wakeups"]))
        add("TUI peak memory after opening 100,000 entries (reported)",
            None, "VmHWM %.1f MiB" % (r["hwm_many"] / 1024.0))
    segments.verdicts(sys.modules[__name__], groups, add)
    bench_mirror.verdicts(sys.modules[__name__], groups, add, srv)
    return out + ftps.verdicts(sys.modules[__name__], groups)


def versions():
    v = {}
    for name, argv in (("jangada", [OPT.jangada, "--version"]),
                       ("curl", ["curl", "--version"]),
                       ("lftp", ["lftp", "--version"]),
                       ("wget", ["wget", "--version"]),
                       ("ncftp", ["dpkg-query", "-W", "-f=${Version}",
                                  "ncftp"]),
                       ("tnftp", ["dpkg-query", "-W", "-f=${Version}",
                                  "tnftp"]),
                       ("socat", ["socat", "-V"])):
        try:
            r = subprocess.run(argv, capture_output=True, text=True,
                               timeout=10, stdin=subprocess.DEVNULL)
            lines = [l for l in (r.stdout or r.stderr).splitlines()
                     if l.strip() and not l.startswith("socat by")]
            v[name] = lines[0].strip() if lines else "?"
        except (OSError, subprocess.TimeoutExpired):
            v[name] = "missing"
    return v


def report(started, servers, idle):
    lines = []
    lines.append("jangada benchmark (bench/run), %s" % time.strftime(
        "%Y-%m-%d %H:%M:%S UTC", time.gmtime(started)))
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next(l.split(":", 1)[1].strip() for l in f
                       if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    lines.append("machine: %s, %d CPUs, Linux %s; %d runs per cell after "
                 "a warm-up, medians" % (cpu, os.cpu_count(),
                                        platform.release(), OPT.runs))
    vs = versions()
    lines.append("clients: " + "; ".join("%s %s" % kv for kv in vs.items()))
    lines.append("servers: " + ", ".join("%s :%d" % (s.name, s.port)
                                         for s in servers))
    lines.append("load: the 1-minute load average when a row started "
                 "(%d CPUs; the benchmark's own client and server add up "
                 "to 2, more is someone else's work)" % os.cpu_count())
    lines.append("j/peer: the peer's median time / jangada's, i.e. how many "
                 "times as fast jangada is (>1: jangada faster)")
    lines.append("")
    lines += table(GROUPS, idle)
    lines.append("")
    lines.append("Targets of issues 9 and 17 (on %s):" % (
        "vsftpd" if any(g["server"] == "vsftpd" for g in GROUPS) else
        "the first server"))
    vd = verdicts(GROUPS, idle)
    for v in vd:
        mark = {True: "met   ", False: "MISSED", None: "info  "}[v["met"]]
        lines.append("  %s %s: %s" % (mark, v["target"], v["figure"]))
    if not vd:
        lines.append("  (no target could be evaluated)")
    lines.append("")
    lines.append("took %.0f s" % (time.time() - started))
    text = "\n".join(lines) + "\n"
    print(text)
    with open(os.path.join(P["bench"], "results.txt"), "w") as f:
        f.write(text)
    data = {"started": started, "runs": OPT.runs, "versions": vs,
            "machine": {"cpu": cpu, "cpus": os.cpu_count(),
                        "kernel": platform.release()},
            "servers": {s.name: s.port for s in servers},
            "groups": [{
                "row": g["row"], "what": g["what"], "server": g["server"],
                "bytes": g.get("bytes"), "load": g.get("load"),
                "cases": [{"client": c.client, "kind": c.kind,
                           "command": c.command(), "error": c.error,
                           "notes": c.notes, "stats": stats(c),
                           "runs": c.runs} for c in g["cases"]]}
                for g in GROUPS],
            "idle": idle, "targets": vd}
    with open(os.path.join(P["bench"], "results.json"), "w") as f:
        json.dump(data, f, indent=1)
    say("wrote %s/results.txt and results.json" % P["bench"])


# ---------------------------------------------------------------- main

def mount_huge():
    d = os.path.join(P["run"], "huge")
    os.makedirs(d, exist_ok=True)
    if os.path.ismount(d):
        subprocess.run(["umount", d])
    r = subprocess.run(["mount", "-t", "tmpfs", "-o",
                        "size=2G,huge=always,mode=0755", "tmpfs", d],
                       capture_output=True, text=True)
    if r.returncode != 0:
        say("no huge=always tmpfs (%s); row 1c skipped" % r.stderr.strip())
        return

    def umount():
        for f in os.listdir(d):
            rm(os.path.join(d, f))
        if subprocess.run(["umount", d]).returncode != 0:
            subprocess.run(["umount", "-l", d])
    _CLEANUPS.append(umount)
    P["huge"] = d


def parse_args(argv):
    ap = argparse.ArgumentParser(
        prog="bench/run", description="jangada against curl, lftp, wget, "
        "ncftp and tnftp on loopback FTP servers (issue 9).")
    ap.add_argument("--srcdir", default=os.path.dirname(os.path.dirname(
        os.path.abspath(__file__))), help=argparse.SUPPRESS)
    ap.add_argument("--jangada", help="the jangada binary (bench/run "
                    "builds one in _build/bench/build)")
    ap.add_argument("--quick", action="store_true",
                    help="3 runs, vsftpd only, 15 s idle")
    ap.add_argument("--runs", type=int, help="runs per cell (default 5)")
    ap.add_argument("--rows", help="rows to run, e.g. 1,2 or 1c,3b "
                    "(default all: 1 binary (1a /dev/shm, 1b /dev/null, 1c "
                    "huge tmpfs, 1d TUI), 2 ASCII, 3 listing (3a batch, 3b "
                    "TUI), 4 recursive, 5 idle, 6 segmented, 7 mirror (7a "
                    "first, 7b again), 8 FTPS (8a vsftpd, 8b proftpd))")
    ap.add_argument("--servers", help="comma-separated, from %s (default: "
                    "all that are there)" % ",".join(ALL_SERVERS))
    ap.add_argument("--idle", type=float, help="seconds of idle TUI "
                    "(default 60)")
    ap.add_argument("--serve", type=float, metavar="SECONDS",
                    help="only start the servers on the fixture, print "
                    "their URLs, wait SECONDS (or a signal), stop them: "
                    "for profiling by hand")
    ap.add_argument("--verbose", action="store_true",
                    help="every round's times on stderr")
    o = ap.parse_args(argv)
    o.runs = o.runs or (3 if o.quick else 5)
    o.idle = o.idle or (15.0 if o.quick else 60.0)
    rows = set()
    for x in (o.rows.split(",") if o.rows else ["1", "2", "3", "4", "5",
                                                 "6", "7", "8"]):
        got = [r for r in ROWS if r == x.strip() or r[0] == x.strip()]
        if not got:
            ap.error("--rows: from %s (1 is 1a-1d, 3 is 3a-3b, 7 is 7a-7b, "
                     "8 is 8a-8b)" %
                     ", ".join(ROWS))
        rows.update(got)
    o.rows = [r for r in ROWS if r in rows]
    o.servers = o.servers.split(",") if o.servers else (
        ["vsftpd"] if o.quick else list(ALL_SERVERS))
    for s in o.servers:
        if s not in ALL_SERVERS:
            ap.error("--servers: one of %s" % ", ".join(ALL_SERVERS))
    o.servers = [s for s in ALL_SERVERS if s in o.servers]
    if o.runs < 1:
        ap.error("--runs: at least 1")
    if not o.jangada:
        ap.error("--jangada PATH is needed (bench/run passes it)")
    o.jangada = os.path.abspath(o.jangada)
    return o


def main(argv):
    global OPT
    OPT = parse_args(argv)
    os.umask(0o022)
    started = time.time()
    bench = os.path.join(OPT.srcdir, "_build", "bench")
    # RUN: this run's servers, logs, pids and tmpfs mount point; the
    # previous run's stays for a look until the next run starts.
    runs = os.path.join(bench, "run")
    run = os.environ.get("BENCH_RUN") or os.path.join(runs, str(os.getpid()))
    if os.path.isdir(runs):
        for old in os.listdir(runs):
            p = os.path.join(runs, old)
            if p != run and old.isdigit() and not os.path.exists(
                    "/proc/" + old) and not os.path.ismount(
                        os.path.join(p, "huge")):
                shutil.rmtree(p, ignore_errors=True)
    P.update(bench=bench, root=os.path.join(bench, "root"), run=run,
             logs=run, home=os.path.join(bench, "home"),
             work=os.path.join(run, "work"),
             shm="/dev/shm/jangada-bench-%d" % os.getpid())
    for k in ("bench", "run", "home", "work", "shm"):
        os.makedirs(P[k], exist_ok=True)
    for d in (OPT.srcdir + "/_build", bench, runs, run):
        os.chmod(d, 0o755)
    P["pids"] = os.path.join(P["run"], "pids")
    open(P["pids"], "a").close()
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        signal.signal(sig, _on_signal)
    _CLEANUPS.append(lambda: rm(P["shm"]))
    # a full screen: the remote pane's rows, about a third of the terminal
    P["screen_rows"] = TUI_H // 3
    try:
        if not os.access(OPT.jangada, os.X_OK):
            say("no jangada at %s" % OPT.jangada)
            return 1
        fixture()
        servers = []
        for name in OPT.servers:
            s = SERVER_CLASSES[name]()
            if not s.available():
                say("%s is not there; skipped" % name)
                continue
            if not s.start():
                say("%s did not start; skipped:\n%s" % (name, s.tail()))
                continue
            msg = check_server(s)
            if msg:
                say("%s does not serve the fixture (%s); skipped" % (
                    name, msg))
                s.stop()
                continue
            say("%s on port %d" % (name, s.port))
            servers.append(s)
        if not servers:
            say("no server could be started")
            return 1
        P["first_server"] = servers[0]
        if OPT.serve:
            for s in servers:
                print("%-10s %s (pid %d)" % (s.name, s.url, s.proc.pid),
                      flush=True)
            print("fixture: %s; stopping in %.0f s" % (P["root"],
                                                       OPT.serve), flush=True)
            time.sleep(OPT.serve)
            return 0
        idle = []
        if "1c" in OPT.rows:
            mount_huge()
        if set(OPT.rows) & {"1a", "1b", "1c"}:
            socat_listener()
        for i, s in enumerate(servers):
            # the TUI rows and the limits on the first server only
            todo = [
                ("1", lambda: row1(s, i == 0)),
                ("1d", lambda: i == 0 and row1_tui(s)),
                ("2", lambda: row2(s)),
                ("3a", lambda: row3(s)),
                ("3b", lambda: i == 0 and row3_tui(s)),
                ("4", lambda: row4(s)),
                ("5", lambda: i == 0 and idle.append(row5_safe(s))),
                ("6", lambda: i == 0 and segments.row6(
                    sys.modules[__name__], s))] + \
                bench_mirror.rows(sys.modules[__name__], s)
            for row, fn in todo:
                if not any(r == row or (row == "1" and r in ("1a", "1b",
                                                            "1c"))
                           for r in OPT.rows):
                    continue
                try:
                    fn()
                except Exception as e:  # noqa: BLE001 - go on
                    say("row %s on %s: %s: %s" % (row, s.name,
                                                  type(e).__name__, e))
        ftps.rows(sys.modules[__name__])        # servers of their own
        report(started, servers, idle)
        return 0
    finally:
        cleanup()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
