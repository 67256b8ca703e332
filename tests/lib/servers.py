"""servers.py: real FTP servers started by the tests on free loopback ports.

    from servers import PyFtpd, Vsftpd, Skip, make_tree, tree_sums

    with PyFtpd(root) as srv:            # pyftpdlib, 127.0.0.1
        srv.host, srv.port, srv.url      # "ftp://127.0.0.1:40123/"
        srv.user, srv.password           # "jangada", "jangada-secret"
        srv.write_dir                    # the user's home, writable
    with Vsftpd(root, host="::1", max_per_ip=1) as srv:
        srv.user, srv.password           # "jangada-test", "jangada-secret"

Both serve `root` anonymously and read-only, and log a user with a
password in with full write access to `write_dir` (created empty in the
server's work directory when not given).  Each runs from its own config,
bound to one loopback address (127.0.0.1 or ::1), on a free port; passive
ports are left to the kernel unless passive_ports=(lo, hi) is given
(free_ports(n) finds n free consecutive ones).
start() waits for the 220 greeting.  The server runs in a process group
of its own; it and every process it started (vsftpd's sessions) are killed
by pid (SIGTERM, then SIGKILL) on stop(), on leaving the `with` block, at
exit and on SIGTERM/SIGINT/SIGHUP of the test; it also gets SIGKILL if the
test process dies (setpriv --pdeathsig: start servers from the main
thread, as that signal follows the thread that started them).  stop()
returns True once all of them are gone.

Where the environment cannot run a server (pyftpdlib missing, not root,
vsftpd not unpacked, the test user not set up) the constructor raises Skip
(tap.Skip), which a test turns into TAP skips; with JANGADA_REQUIRE_SERVERS=1
(scripts/check sets it) that is an error instead, so under scripts/check
every server really runs.

vsftpd: the binary comes from $JANGADA_VSFTPD, else
$TOP_SRCDIR/_build/servers/vsftpd/usr/sbin/vsftpd (scripts/check unpacks
the Debian package there with apt-get download + dpkg-deb -x; nothing is
installed, no service started), else /usr/sbin/vsftpd.  It needs root, the
system user "ftp" (anonymous sessions), the system user "jangada-test"
with password "jangada-secret" and the PAM service
/etc/pam.d/jangada-test-vsftpd; scripts/lib.sh setup_test_system creates
them.

proftpd (welcome as a third server: another LIST format, MLSD, MFMT):
Proftpd(root, ...) the same way, from $JANGADA_PROFTPD or
$TOP_SRCDIR/_build/servers/proftpd-core/usr/sbin/proftpd, the same users
(the local user authenticates against /etc/shadow, no PAM).
Proftpd(root, tls=(cert, key)) loads mod_tls (Debian's proftpd-core has
no mod_tls: scripts/check unpacks proftpd-mod-crypto, of the same version,
into _build/servers/proftpd-mod-crypto; $JANGADA_PROFTPD_TLS names another
mod_tls.so) and requires explicit TLS (AUTH TLS) on control and data, with
mod_tls's default that each data connection resumes the control
connection's session; implicit=True makes it implicit TLS instead
(TLSOptions UseImplicitSSL: TLS before the greeting, as ftps:// expects);
tls_extra={directive: value} adds to <IfModule mod_tls.c>; tls_log() is
mod_tls's log.  A module that is missing or
does not load (proftpd -t) is a Skip naming the reason (an error under
JANGADA_REQUIRE_SERVERS=1).

GNU inetutils ftpd (a fifth server: classic BSD ftpd, no MLSD, no UTF8,
its own "ls"): InetutilsFtpd(root, ...), from $JANGADA_INETUTILS_FTPD or
$TOP_SRCDIR/_build/servers/inetutils-ftpd/usr/sbin/ftpd (unpacked like
vsftpd: the package would pull in an inetd that takes port 21).  It has no
configuration file and no listener of its own: socat accepts on a free
loopback port and hands each connection to a fresh ftpd (EXEC:...,nofork,
inetd-style), all inside a private mount namespace (unshare --mount) where
bind mounts make the tree appear as the home of the user "ftp" (the
anonymous chroot), write_dir as the home of "jangada-test" (where the
local user lands) and a private /etc/shells that lists that user's
nologin shell (ftpd refuses users without a listed shell).  Nothing is
changed outside that namespace.  socat sets TCP_NODELAY on each control
connection: ftpd writes its 150 and 226 replies as two small segments, and
with Nagle's algorithm the 226 waits for the client's delayed ACK, 40 ms
per file for any client (ftplib too), which would make the recursive
tests crawl.  Needs root, socat and unshare
(util-linux).  It has no per-address connection limit.

Fixture trees: make_tree(dir, seed) writes random binary files of several
sizes, LF text files, a deep tree and names with spaces and UTF-8, and
returns {relative path: sha256}; tree_sums(dir) computes the same for any
tree; sha256_file(path).
"""

import atexit
import hashlib
import json
import os
import random
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

from tap import Skip

__all__ = ["Skip", "PyFtpd", "Vsftpd", "Proftpd", "InetutilsFtpd",
           "FtpServer", "free_port",
           "free_ports",
           "has_ipv6", "greeting", "make_tree", "tree_sums", "sha256_file",
           "sha256", "workdir", "PYFTPD_USER", "VSFTPD_USER", "PASSWORD"]

HERE = os.path.dirname(os.path.abspath(__file__))
PYFTPD_USER = "jangada"
VSFTPD_USER = "jangada-test"
PASSWORD = "jangada-secret"
PAM_SERVICE = "jangada-test-vsftpd"
START_TIMEOUT = 15.0


def _require():
    return os.environ.get("JANGADA_REQUIRE_SERVERS") == "1"


def _skip(why):
    """Skip, or fail under scripts/check (everything must run there)."""
    if _require():
        raise RuntimeError(why + " (JANGADA_REQUIRE_SERVERS=1: "
                           "scripts/check must provide it)")
    raise Skip(why)


# ---------------------------------------------------------------- helpers

_WORKDIRS = []


def workdir(prefix):
    """A fresh directory under $TOP_BUILDDIR/tests/tmp (or the system's).

    Removed when the test exits, unless a test point failed (kept for a
    look at the servers' logs) or JANGADA_KEEP_TMP=1.
    """
    base = os.environ.get("TOP_BUILDDIR")
    base = os.path.join(base, "tests", "tmp") if base else None
    if base:
        os.makedirs(base, exist_ok=True)
    d = tempfile.mkdtemp(prefix=prefix, dir=base)
    os.chmod(d, 0o755)      # servers drop privileges and must get in
    _WORKDIRS.append(d)
    return d


def chown_tree(root, pw):
    """Give root and everything under it to the user pw (a pwd entry; the
    local user a server logs in as, srv.pw), so it can write there; None:
    nothing to do (a server that runs as us)."""
    if pw is None:
        return
    for d, dirs, files in os.walk(root):
        for n in dirs + files + [""]:
            os.lchown(os.path.join(d, n), pw.pw_uid, pw.pw_gid)


def _remove_workdirs():
    import tap
    if tap.counts()[1] or os.environ.get("JANGADA_KEEP_TMP") == "1":
        return
    for d in _WORKDIRS:
        shutil.rmtree(d, ignore_errors=True)


# Registered first, so it runs after the servers are stopped (atexit is
# last in, first out).
atexit.register(_remove_workdirs)


def free_port(host="127.0.0.1"):
    """A port that was free a moment ago (bind port 0)."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(fam, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def free_ports(n, host="127.0.0.1"):
    """(lo, hi): n consecutive ports that were free a moment ago, for
    passive_ports=; None if none were found."""
    fam = socket.AF_INET6 if ":" in host else socket.AF_INET
    rnd = random.Random()
    for _ in range(50):
        lo = rnd.randint(20000, 60000 - n)
        socks = []
        try:
            for p in range(lo, lo + n):
                s = socket.socket(fam, socket.SOCK_STREAM)
                socks.append(s)
                s.bind((host, p))
            return lo, lo + n - 1
        except OSError:
            continue
        finally:
            for s in socks:
                s.close()
    return None


def has_ipv6():
    """Whether ::1 can be bound here."""
    try:
        with socket.socket(socket.AF_INET6, socket.SOCK_STREAM) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def greeting(host, port, timeout=5.0, implicit_tls=False):
    """Connect, read the whole greeting reply (bytes), close; through TLS
    first (not verified) for an implicit-TLS server."""
    deadline = time.monotonic() + timeout
    with socket.create_connection((host, port), timeout=timeout) as s:
        if implicit_tls:
            import ssl
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
            ctx.check_hostname = False
            ctx.verify_mode = ssl.CERT_NONE
            s = ctx.wrap_socket(s)
        buf = b""
        while time.monotonic() < deadline:
            s.settimeout(max(0.05, deadline - time.monotonic()))
            b = s.recv(4096)
            if not b:
                break
            buf += b
            lines = buf.split(b"\r\n")
            for l in lines[:-1]:
                if len(l) >= 4 and l[:3].isdigit() and l[3:4] == b" ":
                    try:
                        s.sendall(b"QUIT\r\n")
                    except OSError:
                        pass
                    return buf
        return buf


def sha256(data):
    return hashlib.sha256(data).hexdigest()


def sha256_file(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for b in iter(lambda: f.read(1 << 20), b""):
            h.update(b)
    return h.hexdigest()


def tree_sums(root):
    """{relative path: sha256} of the regular files under root (no links)."""
    out = {}
    for d, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            p = os.path.join(d, f)
            if os.path.islink(p) or not os.path.isfile(p):
                continue
            out[os.path.relpath(p, root)] = sha256_file(p)
    return out


def make_tree(root, seed=1):
    """A fixture tree for transfer tests; returns {relpath: sha256}.

    bin/: random binary files of 0, 1, 1000, 65536, 65537, 1 MiB + 3 bytes;
    text/: LF text files (an empty one, one without a final newline, one of
    ~200 KiB); deep/: 8 levels; names with spaces and UTF-8.
    """
    rnd = random.Random(seed)
    files = {}
    for size in (0, 1, 1000, 65536, 65537, (1 << 20) + 3):
        files["bin/random-%d.bin" % size] = rnd.randbytes(size)
    words = ("ftp passive binary ascii listing mirror archive README tux "
             "penguin kernel data port socket").split()

    def text(nlines):
        return "".join(" ".join(rnd.choice(words)
                                for _ in range(rnd.randint(0, 12))) + "\n"
                       for _ in range(nlines)).encode()
    files["text/empty.txt"] = b""
    files["text/short.txt"] = b"one line\n"
    files["text/no-final-newline.txt"] = b"first\nsecond\nlast"
    files["text/long.txt"] = text(4000)
    files["text/trailing spaces.txt"] = b"a  \n  b\n\n"
    files["names/with space.bin"] = rnd.randbytes(100)
    files["names/  leading and trailing  "] = b"spaces\n"
    files["names/Guia do Usu\u00e1rio.txt"] = "Ol\u00e1, mundo\n".encode()
    files["names/\u65e5\u672c\u8a9e.txt"] = "\u3053\u3093\u306b\u3061\u306f\n".encode()
    files["names/caf\u00e9 #1 & (c) [x].dat"] = rnd.randbytes(10)
    deep = "deep/" + "/".join("level%d" % i for i in range(1, 9))
    files[deep + "/bottom.txt"] = b"the bottom\n"
    for rel, data in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    return {rel: sha256(data) for rel, data in files.items()}


# ---------------------------------------------------------------- processes

def _proc_table():
    """{pid: (ppid, state)} of every process."""
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open("/proc/%s/stat" % pid) as f:
                st = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(pid)] = (int(st[1]), st[0])
    return out


def _running(pid):
    """pid exists and is not a zombie."""
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


_LIVE = []
_SIGNALS_SET = False


def _stop_all():
    for srv in list(_LIVE):
        try:
            srv.stop()
        except Exception:  # noqa: BLE001 - best effort at exit
            pass


def _on_signal(signo, frame):
    _stop_all()
    signal.signal(signo, signal.SIG_DFL)
    os.kill(os.getpid(), signo)


def _install_handlers():
    global _SIGNALS_SET
    if _SIGNALS_SET:
        return
    _SIGNALS_SET = True
    atexit.register(_stop_all)
    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
        try:
            if signal.getsignal(sig) in (signal.SIG_DFL,
                                         signal.default_int_handler):
                signal.signal(sig, _on_signal)
        except ValueError:      # not the main thread
            pass


def _pdeathsig_prefix():
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        return []
    return [setpriv, "--pdeathsig", "KILL"]


class FtpServer:
    """A server process in its own process group, killed by pid."""

    name = "server"
    # In ASCII mode the server turns every LF into CRLF, even one after a
    # CR already in the file (classic BSD ftpd): a CRLF file arrives with
    # its CRs as data, and an ASCII download keeps them.
    ascii_adds_cr = False
    # Known jangada bugs this server shows: {key: why}; the tests mark the
    # points they fail with tap.todo(known_bugs.get(key)).
    known_bugs = {}

    def __init__(self, root, host="127.0.0.1"):
        self.root = os.path.abspath(root)
        self.host = host
        self.port = None
        self.proc = None
        self.user = None
        self.password = PASSWORD
        self.write_dir = None
        self.dir = None
        self.log_path = None
        self.banner = b""
        self._tracked = set()

    @property
    def pid(self):
        return self.proc.pid if self.proc else None

    @property
    def url(self):
        h = "[%s]" % self.host if ":" in self.host else self.host
        return "ftp://%s:%d/" % (h, self.port)

    def _spawn(self, argv, stdout=subprocess.DEVNULL):
        _install_handlers()
        log = open(self.log_path, "ab")
        try:
            self.proc = subprocess.Popen(
                _pdeathsig_prefix() + argv, stdin=subprocess.DEVNULL,
                stdout=stdout, stderr=log, start_new_session=True,
                cwd=self.dir)
        finally:
            log.close()
        _LIVE.append(self)

    def descendants(self, zombies=False):
        """The server's child processes, recursively (vsftpd's sessions
        call setsid(), so its process group does not hold them)."""
        if self.proc is None:
            return []
        procs = _proc_table()
        out, todo = [], [self.proc.pid]
        while todo:
            parent = todo.pop()
            for pid, (ppid, state) in procs.items():
                if ppid == parent:
                    todo.append(pid)
                    if zombies or state != "Z":
                        out.append(pid)
        return sorted(out)

    def wait_sessions_gone(self, timeout=5.0):
        """Wait until no session of the server is left, not even one that
        has exited but is not reaped yet (vsftpd would still count it
        against max_per_ip)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.descendants(zombies=True):
                return True
            time.sleep(0.02)
        return False

    def alive(self):
        """The process runs (not a zombie)."""
        return self.proc is not None and self.proc.poll() is None

    def group_alive(self):
        """The server, or any process it started, still runs."""
        if self.proc is None:
            return False
        self.proc.poll()
        self._tracked.update(self.descendants())
        return any(_running(p) for p in self._tracked | {self.proc.pid})

    def stop(self):
        """Kill the server and its sessions by pid: SIGTERM, then SIGKILL.
        True when every one of them is gone."""
        if self.proc is None:
            return True
        pgid = self.proc.pid
        self._tracked.update(self.descendants())
        for sig, wait in ((signal.SIGTERM, 3.0), (signal.SIGKILL, 3.0)):
            self._tracked.update(self.descendants())
            try:
                os.killpg(pgid, sig)
            except ProcessLookupError:
                pass
            for pid in self._tracked:
                try:
                    os.kill(pid, sig)
                except ProcessLookupError:
                    pass
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and self.group_alive():
                time.sleep(0.02)
            if not self.group_alive():
                break
        try:
            self.proc.wait(timeout=2)
        except subprocess.TimeoutExpired:
            pass
        if self in _LIVE:
            _LIVE.remove(self)
        return not self.group_alive()

    def log(self, tail=4000):
        """The end of the server's log (for diagnostics)."""
        try:
            with open(self.log_path, "rb") as f:
                data = f.read()
        except (OSError, TypeError):
            return ""
        return data[-tail:].decode("utf-8", "replace")

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def _wait_greeting(self):
        deadline = time.monotonic() + START_TIMEOUT
        last = None
        while time.monotonic() < deadline:
            if not self.alive():
                break
            try:
                self.banner = greeting(self.host, self.port, 3.0,
                                       getattr(self, "implicit", False))
                if self.banner.startswith(b"220"):
                    return True
            except OSError as e:
                last = e
            time.sleep(0.05)
        self.last_error = last
        return False


class PyFtpd(FtpServer):
    """pyftpdlib: anonymous read-only on root, user jangada on write_dir.

    handler: FTPHandler attributes, e.g. {"banner": "hi", "timeout": 5}.
    server: FTPServer attributes, e.g. {"max_cons_per_ip": 1}.
    masquerade: the IP advertised in 227 replies.
    """

    name = "pyftpdlib"

    def __init__(self, root, host="127.0.0.1", write_dir=None,
                 anonymous=True, user=PYFTPD_USER, password=PASSWORD,
                 passive_ports=None, masquerade=None, handler=None,
                 server=None, tls=None):
        super().__init__(root, host)
        self.tls = tls      # (cert, key): TLS_FTPHandler, explicit TLS
        self.python = self.find_python()
        if self.python is None:
            _skip("pyftpdlib is not installed (apt-get install "
                  "python3-pyftpdlib)")
        if ":" in host and not has_ipv6():
            _skip("no IPv6 loopback here")
        self.anonymous = anonymous
        self.user, self.password = user, password
        self.write_dir = write_dir
        self.passive_ports = passive_ports
        self.masquerade = masquerade
        self.handler = handler or {}
        self.server = server or {}

    _python = False

    @classmethod
    def find_python(cls):
        """An interpreter that has pyftpdlib (this one or Debian's)."""
        if cls._python is not False:
            return cls._python
        cls._python = None
        for py in (sys.executable, "/usr/bin/python3", shutil.which("python3")):
            if py and os.path.exists(py) and subprocess.run(
                    [py, "-c", "import pyftpdlib"], stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL).returncode == 0:
                cls._python = py
                break
        return cls._python

    def start(self):
        self.dir = workdir("pyftpd-")
        os.chmod(self.dir, 0o755)
        self.log_path = os.path.join(self.dir, "pyftpd.log")
        if self.write_dir is None:
            self.write_dir = os.path.join(self.dir, "home")
            os.makedirs(self.write_dir)
        argv = [self.python, os.path.join(HERE, "pyftpd_run.py"),
                "--root", self.root, "--host", self.host, "--port", "0",
                "--handler", json.dumps(self.handler),
                "--server", json.dumps(self.server)]
        if self.user:
            argv += ["--user", self.user, "--password", self.password,
                     "--home", os.path.abspath(self.write_dir)]
        if not self.anonymous:
            argv.append("--no-anonymous")
        if self.passive_ports:
            argv += ["--passive", "%d-%d" % tuple(self.passive_ports)]
        if self.masquerade:
            argv += ["--masquerade", self.masquerade]
        if self.tls:
            argv += ["--tls", self.tls[0], self.tls[1]]
        self._spawn(argv, stdout=subprocess.PIPE)
        line = self._read_port_line()
        if line is None or not self._wait_greeting():
            self.stop()
            raise RuntimeError("pyftpdlib did not start: %s" % self.log())
        self.wait_sessions_gone()       # the greeting probe's session
        return self

    def wait_sessions_gone(self, timeout=5.0):
        """Wait until every session pyftpdlib logged as opened is closed
        (max_cons_per_ip counts them)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log(tail=1 << 20)
            if log.count("FTP session opened") <= \
                    log.count("FTP session closed"):
                return True
            time.sleep(0.02)
        return False

    def _read_port_line(self):
        deadline = time.monotonic() + START_TIMEOUT
        buf = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline and b"\n" not in buf:
            r, _, _ = select.select([fd], [], [], 0.1)
            if r:
                b = os.read(fd, 256)
                if not b:
                    break
                buf += b
        if not buf.startswith(b"PORT "):
            return None
        self.port = int(buf.split()[1])
        return buf


class Vsftpd(FtpServer):
    """vsftpd: anonymous read-only on root, the local user on write_dir.

    max_per_ip: vsftpd's limit of connections per client address.
    extra: more vsftpd.conf settings {name: value}.
    """

    name = "vsftpd"

    def __init__(self, root, host="127.0.0.1", write_dir=None,
                 anonymous=True, local=True, max_per_ip=0,
                 passive_ports=None, extra=None):
        super().__init__(root, host)
        self.binary = self.find_binary()
        if self.binary is None:
            _skip("vsftpd is not unpacked (scripts/check does it; or set "
                  "JANGADA_VSFTPD)")
        if os.geteuid() != 0:
            _skip("vsftpd needs root")
        if ":" in host and not has_ipv6():
            _skip("no IPv6 loopback here")
        try:
            import pwd
            pwd.getpwnam("ftp")
            if local:
                self.pw = pwd.getpwnam(VSFTPD_USER)
        except KeyError as e:
            _skip("system user missing: %s (scripts/lib.sh "
                  "setup_test_system creates it)" % e)
        if local and not os.path.exists("/etc/pam.d/" + PAM_SERVICE):
            _skip("/etc/pam.d/%s is missing (scripts/lib.sh "
                  "setup_test_system creates it)" % PAM_SERVICE)
        self.anonymous, self.local = anonymous, local
        self.user = VSFTPD_USER if local else None
        self.write_dir = write_dir
        self.max_per_ip = max_per_ip
        self.passive_ports = passive_ports
        self.extra = extra or {}

    @staticmethod
    def find_binary():
        return _find_server("JANGADA_VSFTPD", "vsftpd", "vsftpd")

    def config(self):
        v6 = ":" in self.host
        conf = {
            "listen": "NO" if v6 else "YES",
            "listen_ipv6": "YES" if v6 else "NO",
            "listen_port": str(self.port),
            "background": "NO",
            "anonymous_enable": "YES" if self.anonymous else "NO",
            "anon_root": self.root,
            "no_anon_password": "YES",
            "ftp_username": "ftp",
            "nopriv_user": "nobody",
            "anon_upload_enable": "NO",
            "anon_mkdir_write_enable": "NO",
            "anon_other_write_enable": "NO",
            "local_enable": "YES" if self.local else "NO",
            "write_enable": "YES",
            "local_umask": "022",
            "pam_service_name": PAM_SERVICE,
            "userlist_enable": "NO",
            "dirlist_enable": "YES",
            "download_enable": "YES",
            "ascii_download_enable": "YES",
            "ascii_upload_enable": "YES",
            "pasv_enable": "YES",
            "port_enable": "YES",
            "connect_from_port_20": "NO",
            "secure_chroot_dir": os.path.join(self.dir, "empty"),
            "seccomp_sandbox": "NO",
            "isolate": "NO",
            "isolate_network": "NO",
            "tcp_wrappers": "NO",
            "xferlog_enable": "YES",
            "log_ftp_protocol": "YES",
            "syslog_enable": "NO",
            "vsftpd_log_file": os.path.join(self.dir, "vsftpd.log"),
            "max_clients": "0",
            "max_per_ip": str(self.max_per_ip),
            "use_localtime": "NO",
        }
        if v6:
            conf["listen_address6"] = self.host
        else:
            conf["listen_address"] = self.host
        if self.local:
            conf["local_root"] = os.path.abspath(self.write_dir)
        if self.passive_ports:
            conf["pasv_min_port"] = str(self.passive_ports[0])
            conf["pasv_max_port"] = str(self.passive_ports[1])
        conf.update({k: str(v) for k, v in self.extra.items()})
        return "".join("%s=%s\n" % kv for kv in conf.items())

    def start(self):
        self.dir = workdir("vsftpd-")
        os.chmod(self.dir, 0o755)
        os.makedirs(os.path.join(self.dir, "empty"), mode=0o755)
        self.log_path = os.path.join(self.dir, "vsftpd.out")
        if self.local and self.write_dir is None:
            self.write_dir = os.path.join(self.dir, "home")
            os.makedirs(self.write_dir)
            os.chown(self.write_dir, self.pw.pw_uid, self.pw.pw_gid)
        conf_path = os.path.join(self.dir, "vsftpd.conf")
        for attempt in range(5):
            self.port = free_port(self.host)
            with open(conf_path, "w") as f:
                f.write(self.config())
            self._spawn([self.binary, conf_path])
            if self._wait_greeting():
                # The probe's session process must be gone (max_per_ip).
                self.wait_sessions_gone()
                return self
            self.stop()         # maybe the port was taken meanwhile
        raise RuntimeError("vsftpd did not start: %s\n%s" % (
            self.log(), self.xferlog()))

    def xferlog(self, tail=4000):
        """The end of vsftpd's own log (protocol and transfers)."""
        try:
            with open(os.path.join(self.dir, "vsftpd.log"), "rb") as f:
                return f.read()[-tail:].decode("utf-8", "replace")
        except OSError:
            return ""


class Proftpd(FtpServer):
    """proftpd: anonymous read-only on root, the local user on write_dir.

    max_per_ip: MaxClientsPerHost.  extra: more directives {name: value}
    for the server context.
    """

    name = "proftpd"

    def __init__(self, root, host="127.0.0.1", write_dir=None,
                 anonymous=True, local=True, max_per_ip=0,
                 passive_ports=None, extra=None, tls=None, tls_extra=None,
                 implicit=False):
        super().__init__(root, host)
        self.binary = _find_server("JANGADA_PROFTPD", "proftpd-core",
                                   "proftpd")
        if self.binary is None:
            _skip("proftpd is not unpacked (scripts/check does it; or set "
                  "JANGADA_PROFTPD)")
        if os.geteuid() != 0:
            _skip("proftpd needs root")
        self.tls = tls      # (cert, key): mod_tls, explicit, TLSRequired
        self.tls_extra = dict(tls_extra or {})
        self.implicit = bool(tls and implicit)  # TLS before the greeting
        if self.implicit:
            self.tls_extra["TLSOptions"] = "UseImplicitSSL"
        self.tls_module = self._tls_module() if tls else None
        if ":" in host and not has_ipv6():
            _skip("no IPv6 loopback here")
        try:
            import pwd
            pwd.getpwnam("ftp")
            if local:
                self.pw = pwd.getpwnam(VSFTPD_USER)
        except KeyError as e:
            _skip("system user missing: %s (scripts/lib.sh "
                  "setup_test_system creates it)" % e)
        self.anonymous, self.local = anonymous, local
        self.user = VSFTPD_USER if local else None
        self.write_dir = write_dir
        self.max_per_ip = max_per_ip
        self.passive_ports = passive_ports
        self.extra = extra or {}

    def _tls_module(self):
        """mod_tls.so (Debian's proftpd-mod-crypto, unpacked beside
        proftpd-core), checked with proftpd -t: it must load."""
        sbin = os.path.dirname(self.binary)
        cands = [os.environ.get("JANGADA_PROFTPD_TLS"),
                 os.path.join(sbin, "..", "..", "..", "proftpd-mod-crypto",
                              "usr", "lib", "proftpd", "mod_tls.so"),
                 os.path.join(sbin, "..", "lib", "proftpd", "mod_tls.so")]
        for top in (os.environ.get("TOP_SRCDIR"),
                    os.path.join(HERE, "..", "..")):
            if top:
                cands.append(os.path.join(
                    top, "_build", "servers", "proftpd-mod-crypto", "usr",
                    "lib", "proftpd", "mod_tls.so"))
        mod = next((os.path.abspath(c) for c in cands
                    if c and os.path.isfile(c)), None)
        if mod is None:
            _skip("proftpd's mod_tls.so is not unpacked (scripts/check "
                  "unpacks proftpd-mod-crypto; or set JANGADA_PROFTPD_TLS)")
        with tempfile.NamedTemporaryFile("w", suffix=".conf") as f:
            f.write("ServerType standalone\nPort 0\n" +
                    self._load_tls(mod) + "TLSEngine on\n")
            f.flush()
            p = subprocess.run([self.binary, "-t", "-c", f.name],
                               stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, timeout=30)
        if p.returncode != 0:
            out = p.stdout.decode("utf-8", "replace").strip()
            _skip("proftpd cannot load %s: %s" % (mod, out[-500:]))
        return mod

    @staticmethod
    def _load_tls(mod):
        return ("<IfModule mod_dso.c>\n  ModulePath %s\n"
                "  LoadModule mod_tls.c\n</IfModule>\n" %
                os.path.dirname(mod))

    def tls_config(self):
        """Explicit TLS (AUTH TLS) required on control and data; data
        connections must resume the control's session (mod_tls's default,
        no NoSessionReuseRequired)."""
        cert, key = self.tls
        conf = {"TLSEngine": "on",
                "TLSLog": os.path.join(self.dir, "tls.log"),
                "TLSProtocol": "TLSv1.2 TLSv1.3",
                "TLSECCertificateFile": cert,
                "TLSECCertificateKeyFile": key,
                "TLSVerifyClient": "off",
                "TLSRequired": "on",
                "TLSRenegotiate": "none"}
        conf.update(self.tls_extra)
        return (self._load_tls(self.tls_module) + "<IfModule mod_tls.c>\n" +
                "".join("  %s %s\n" % kv for kv in conf.items()) +
                "</IfModule>")

    def config(self):
        d = self.dir
        lines = [
            'ServerName "jangada test proftpd"',
            "ServerType standalone",
            "DefaultServer on",
            "Port %d" % self.port,
            "DefaultAddress %s" % self.host,
            "SocketBindTight on",
            "UseIPv6 %s" % ("on" if ":" in self.host else "off"),
            "User nobody",
            "Group nogroup",
            "PidFile %s/proftpd.pid" % d,
            "ScoreboardFile %s/proftpd.scoreboard" % d,
            "SystemLog %s/proftpd.log" % d,
            "TransferLog %s/xfer.log" % d,
            "WtmpLog off",
            "UseReverseDNS off",
            "MaxInstances 64",
            "RequireValidShell off",
            "UseFtpUsers off",
            "AuthOrder mod_auth_unix.c",
            "Umask 022",
            "AllowOverwrite on",
            "<IfModule mod_auth_pam.c>\n  AuthPAM off\n</IfModule>",
            "<IfModule mod_delay.c>\n  DelayEngine off\n</IfModule>",
            "<IfModule mod_ctrls.c>\n  ControlsEngine off\n</IfModule>",
        ]
        if self.local:
            lines.append("DefaultChdir %s" % os.path.abspath(self.write_dir))
        else:
            lines.append("<Limit LOGIN>\n  AllowUser ftp\n  AllowUser "
                         "anonymous\n  DenyAll\n</Limit>")
        if self.max_per_ip:
            lines.append("MaxClientsPerHost %d" % self.max_per_ip)
        if self.passive_ports:
            lines.append("PassivePorts %d %d" % tuple(self.passive_ports))
        for k, v in self.extra.items():
            lines.append("%s %s" % (k, v))
        if self.tls:
            lines.append(self.tls_config())
        if self.anonymous:
            lines.append("<Anonymous %s>\n  User ftp\n  Group nogroup\n"
                         "  UserAlias anonymous ftp\n"
                         "  AnonRequirePassword off\n"
                         "  RequireValidShell off\n"
                         "  <Limit WRITE>\n    DenyAll\n  </Limit>\n"
                         "</Anonymous>" % self.root)
        return "\n".join(lines) + "\n"

    def start(self):
        self.dir = workdir("proftpd-")
        self.log_path = os.path.join(self.dir, "proftpd.out")
        if self.local and self.write_dir is None:
            self.write_dir = os.path.join(self.dir, "home")
            os.makedirs(self.write_dir)
            os.chown(self.write_dir, self.pw.pw_uid, self.pw.pw_gid)
        conf_path = os.path.join(self.dir, "proftpd.conf")
        for attempt in range(5):
            self.port = free_port(self.host)
            with open(conf_path, "w") as f:
                f.write(self.config())
            self._spawn([self.binary, "-n", "-q", "-c", conf_path])
            if self._wait_greeting():
                self.wait_sessions_gone()
                return self
            self.stop()
        raise RuntimeError("proftpd did not start: %s\n%s" % (
            self.log(), self.xferlog()))

    def tls_log(self):
        """mod_tls's log (TLSLog)."""
        try:
            with open(os.path.join(self.dir, "tls.log"), "rb") as f:
                return f.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def xferlog(self, tail=4000):
        """The end of proftpd's system log."""
        try:
            with open(os.path.join(self.dir, "proftpd.log"), "rb") as f:
                return f.read()[-tail:].decode("utf-8", "replace")
        except OSError:
            return ""


class InetutilsFtpd(FtpServer):
    """GNU inetutils ftpd, inetd-style under socat: anonymous read-only on
    root, the local user on write_dir (see the module's docstring)."""

    name = "inetutils"
    ascii_adds_cr = True
    def __init__(self, root, host="127.0.0.1", write_dir=None, local=True):
        super().__init__(root, host)
        self.binary = _find_server("JANGADA_INETUTILS_FTPD",
                                   "inetutils-ftpd", "ftpd")
        if self.binary is None:
            _skip("inetutils ftpd is not unpacked (scripts/check does it; "
                  "or set JANGADA_INETUTILS_FTPD)")
        if os.geteuid() != 0:
            _skip("inetutils ftpd needs root")
        for tool in ("socat", "unshare"):
            if shutil.which(tool) is None:
                _skip("%s is not installed (scripts/check installs it)"
                      % tool)
        if ":" in host and not has_ipv6():
            _skip("no IPv6 loopback here")
        try:
            import pwd
            self.ftp_pw = pwd.getpwnam("ftp")
            self.pw = pwd.getpwnam(VSFTPD_USER) if local else None
        except KeyError as e:
            _skip("system user missing: %s (scripts/lib.sh "
                  "setup_test_system creates it)" % e)
        for pw in (self.ftp_pw, self.pw):
            if pw is not None and not os.path.isdir(pw.pw_dir):
                _skip("the home of %s (%s) is missing (scripts/lib.sh "
                      "setup_test_system creates it)" % (pw.pw_name,
                                                         pw.pw_dir))
        self.local = local
        self.user = VSFTPD_USER if local else None
        self.write_dir = write_dir

    # In the private namespace: the bind mounts, then socat in its place.
    SCRIPT = ('set -e; mount --bind "$1" "$2"; '
              'if [ -n "$3" ]; then mount --bind "$3" "$4"; '
              'mount --bind "$5" /etc/shells; fi; shift 5; exec "$@"')

    def argv(self):
        v6 = ":" in self.host
        listen = "%s:%d,bind=%s,reuseaddr,fork,nodelay" % (
            "TCP6-LISTEN" if v6 else "TCP4-LISTEN", self.port,
            "[%s]" % self.host if v6 else self.host)
        ftpd = self.binary + " -u 022" + ("" if self.local else " -A")
        mounts = [self.root, self.ftp_pw.pw_dir]
        if self.local:
            mounts += [os.path.abspath(self.write_dir), self.pw.pw_dir,
                       os.path.join(self.dir, "shells")]
        else:
            mounts += ["", "", ""]
        return (["unshare", "--mount", "--propagation", "private", "--",
                 "sh", "-c", self.SCRIPT, "sh"] + mounts +
                ["socat", listen, "EXEC:%s,nofork" % ftpd])

    def start(self):
        self.dir = workdir("inetutils-")
        self.log_path = os.path.join(self.dir, "inetutils.out")
        if self.local:
            if self.write_dir is None:
                self.write_dir = os.path.join(self.dir, "home")
                os.makedirs(self.write_dir)
                os.chown(self.write_dir, self.pw.pw_uid, self.pw.pw_gid)
            with open(os.path.join(self.dir, "shells"), "w") as f:
                f.write("/bin/sh\n%s\n" % self.pw.pw_shell)
        for attempt in range(5):
            self.port = free_port(self.host)
            self._spawn(self.argv())
            if self._wait_greeting():
                self.wait_sessions_gone()
                return self
            self.stop()         # maybe the port was taken meanwhile
        raise RuntimeError("inetutils ftpd did not start: %s" % self.log())


def _find_server(env, package, name):
    """A server binary: $env, the unpacked package under _build/servers,
    or the system's."""
    cands = [os.environ.get(env)]
    for top in (os.environ.get("TOP_SRCDIR"), os.path.join(HERE, "..", "..")):
        if top:
            cands.append(os.path.join(top, "_build", "servers", package,
                                      "usr", "sbin", name))
    cands.append("/usr/sbin/" + name)
    for c in cands:
        if c and os.path.isfile(c) and os.access(c, os.X_OK):
            return os.path.abspath(c)
    return None
