"""chaos.py: interrupt every command that talks to a server, at many
points, with SIGINT or SIGTERM (issue 12, "one rule for interruption").

Each run is jangada in batch mode with "debug on": the transcript on
stderr says when the command of interest went out ("---> SIZE f.bin");
the signal follows N ms later. The points:

  fake server (tests/lib/fakeftpd.py), made to misbehave on purpose:
    reply      the reply to the command is late (DELAY): SIGINT, then the
               next command on the same session must work; SIGTERM: the
               script stops
    twice      SIGINT twice: the second quits at once
    running    a listing or download stalls mid-way (STALL), an upload is
               slowed by the rate limit: SIGINT, ABOR, next command works
    dataconn   the data connection never connects (BLACKHOLE)
    stalled    150 and then nothing (NODATACONN)
    killed     the server drops the session around the signal (DROP)
    reset      the server aborts the data connection (ABORT 426)
    greeting   open while the greeting is late
  real servers (pyftpdlib, vsftpd, proftpd): every command, SIGINT a few
    ms after it went out (a big listing, a big file, single commands).

Every run asserts: no sanitizer report, the process ends in time (no
hang), exit status 1, "interrupted" said exactly once, no download
renamed into place, and where the command was really interrupted by a
SIGINT in a script going on (fail-exit off), that the next command (pwd)
worked on the same session. The number of interruption points is printed
(the lead's closing note wants it).
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import tap
from tap import ok, diag
from fakeftpd import FakeFTPD
import servers
from jrun import JANGADA, TLS_OFF

WORKERS = 4
RUN_TIMEOUT = 12.0      # a run longer than this is a hang

# (name, command, the verb whose sending triggers the signal)
COMMANDS = [
    ("ls", "ls", "(LIST|MLSD)"),
    ("nlist", "nlist", "NLST"),
    ("cd", "cd sub", "CWD"),
    ("cdup", "cdup", "CDUP"),
    ("pwd", "pwd", "PWD"),
    ("mkdir", "mkdir newdir", "MKD"),
    ("rmdir", "rmdir sub", "RMD"),
    ("rm", "rm del.bin", "DELE"),
    ("rename", "rename ren.bin ren2.bin", "RNFR"),
    ("chmod", "chmod 644 f.bin", "SITE"),
    ("size", "size f.bin", "SIZE"),
    ("mtime", "mtime f.bin", "MDTM"),
    ("cat", "cat f.bin", "RETR"),
    ("get -o -", "get -o - f.bin", "RETR"),
    ("get -o /dev/null", "get -o /dev/null f.bin", "RETR"),
    ("get", "get f.bin", "RETR"),
    ("put", "put up.bin", "STOR"),
    ("quote NOOP", "quote NOOP", "NOOP"),
    ("site", "site HELP", "SITE"),
]
DATA = {"ls", "nlist", "cat", "get -o -", "get -o /dev/null", "get", "put"}
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehavior"
                       r"Sanitizer|runtime error:|SUMMARY: ")

points = []             # (label, run result) for the count
lock = threading.Lock()


class Result:
    pass


def run(script, trigger, sig, delay_ms, cwd, second_ms=None,
        timeout=RUN_TIMEOUT, start_now=False):
    """jangada -c script; sig delay_ms after a stderr line matches
    trigger (or after the start: start_now), a second SIGINT second_ms
    after the first, if given."""
    home = tempfile.mkdtemp(prefix="jhome.", dir=cwd)
    env = dict(os.environ)
    env.update({"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, "c"),
                "XDG_STATE_HOME": os.path.join(home, "s"), "LANG": "C",
                "LC_ALL": "C", "LANGUAGE": ""})
    env.pop("NETRC", None)
    out_path = os.path.join(home, "stdout")
    r = Result()
    r.sent_at = None
    with open(out_path, "wb") as out:
        t0 = time.monotonic()
        p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", script], cwd=cwd, env=env,
                             stdin=subprocess.DEVNULL, stdout=out,
                             stderr=subprocess.PIPE)
        lines = []
        pat = re.compile(trigger)

        def fire():
            time.sleep(delay_ms / 1000.0)
            r.sent_at = len(lines)
            try:
                p.send_signal(sig)
                if second_ms is not None:
                    time.sleep(second_ms / 1000.0)
                    r.second_t = time.monotonic()
                    p.send_signal(signal.SIGINT)
            except ProcessLookupError:
                pass

        fired = None
        if start_now:
            fired = threading.Thread(target=fire, daemon=True)
            fired.start()
        for raw in p.stderr:
            line = raw.decode("utf-8", "replace").rstrip("\n")
            lines.append(line)
            if fired is None and pat.search(line):
                fired = threading.Thread(target=fire, daemon=True)
                fired.start()
            if time.monotonic() - t0 > timeout:
                break
        try:
            p.wait(max(0.1, timeout - (time.monotonic() - t0)))
            r.hung = False
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()
            r.hung = True
        if fired is not None:
            fired.join()
        r.t = time.monotonic() - t0
        r.end = time.monotonic()
    r.rc = p.returncode
    r.err = "\n".join(lines)
    r.lines = lines
    r.fired = fired is not None
    with open(out_path, "rb") as f:
        r.out = f.read().decode("utf-8", "replace")
    shutil.rmtree(home, ignore_errors=True)
    return r


def check(label, r, cmdname, go_on, local_dir=None, want_next=True,
          strict=True):
    """The assertions every point shares; one TAP point per run. Not
    strict: the signal may come after the script ended (a fast real
    server, a session the server killed): then no "interrupted", and
    the exit status is the script's."""
    bad = []
    if not r.fired:
        bad.append("the trigger never showed (no signal sent)")
    if SANITIZER.search(r.err):
        bad.append("sanitizer report")
    if r.hung:
        bad.append("hung past %.0f s" % RUN_TIMEOUT)
    n = len(re.findall(r"interrupted", r.err))
    twice = getattr(r, "second_t", None) is not None
    # Twice: the second SIGINT may stop the next command too (its own
    # "interrupted"); never more.
    if (n != 1 and (strict or n > 1)) and not (twice and n == 2):
        bad.append("'interrupted' said %d times" % n)
    # Not strict: the signal may come when the script has ended and the
    # process is leaving; then it dies of it (-SIG) as any process does.
    if r.rc != 1 and (strict or n == 1 or r.rc not in (0, -2, -15)):
        bad.append("exit status %r, not 1" % r.rc)
    if getattr(r, "second_t", None) is not None and \
            r.end - r.second_t > 2.0:
        bad.append("the second SIGINT did not quit at once (%.1f s)" %
                   (r.end - r.second_t))
    if local_dir is not None and os.path.exists(
            os.path.join(local_dir, "f.bin")):
        bad.append("a partial download was renamed into place")
    mine = re.search(r"^%s: interrupted$" % re.escape(cmdname), r.err,
                     re.M) is not None
    after = r.lines[r.sent_at:] if r.sent_at is not None else []
    if go_on and mine and want_next and not any(
            re.match(r"^<--- 257 ", ln) for ln in after):
        bad.append("the next command (pwd) did not work after the "
                   "interrupt")
    if not go_on and any(re.match(r"^---> PWD", ln) for ln in after[1:]) \
            and cmdname != "pwd":
        bad.append("the script went on after SIGTERM")
    with lock:
        points.append(label)
    if not ok(not bad, label):
        diag("    " + "; ".join(bad))
        diag("    rc=%r t=%.1fs stderr tail:\n    %s" % (
            r.rc, r.t, "\n    ".join(r.lines[-25:])))
    return not bad


def script(url, cmd, go_on, extra=""):
    pre = "set fail-exit off; " if go_on else ""
    return ("%sset timeout 4; set retries 0; debug on; %sopen %s; %s; pwd"
            % (pre, extra, url, cmd))


# The queue's own connections have no transcript in batch: a queued get
# or put is signalled some time after the login of the browsing session.
QUEUED = "QUEUED"


def trig(verb):
    if verb == QUEUED:
        return r"^Logged in"
    return r"^---> %s\b" % verb


def fake_case(extra):
    return ("BODYRANDOM RETR 400000 3\n"
            "BODY LIST %s\n"
            "BODY NLST %s\n" % ("-rw-r--r-- 1 ftp ftp 1 Jan 01  2024 x\\r\\n"
                                * 50, "x\\r\\n" * 50) + extra)


def do_fake(pool, jobs, base):
    """The fake server, slow or broken on purpose."""
    up = os.path.join(base, "up.bin")
    with open(up, "wb") as f:
        f.write(os.urandom(300000))

    def local():
        d = tempfile.mkdtemp(prefix="run.", dir=base)
        shutil.copy(up, d)
        return d

    # reply: every verb answered 1.2 s late (PWD only the 2nd time: the
    # login's PWD is the first).
    late = ["CWD", "CDUP", "MKD", "RMD", "DELE", "RNFR", "SITE", "SIZE",
            "MDTM", "NOOP", "EPSV"]
    case = fake_case("".join("DELAY %s 1.2\n" % v for v in late) +
                     "STRICTRNFR\n")
    srv = FakeFTPD(case, lifetime=120).start()
    srvs = [srv]
    for name, cmd, verb in COMMANDS:
        if name == "pwd":
            continue
        v = "EPSV" if name in DATA else verb
        v = "SIZE" if name in ("get -o -", "get -o /dev/null") else v
        v = QUEUED if name in ("get", "put") else v
        for sig, go_on in ((signal.SIGINT, True), (signal.SIGTERM, False)):
            d = local()
            jobs.append(pool.submit(
                lambda d=d, name=name, cmd=cmd, v=v, sig=sig, go_on=go_on: (
                    "fake reply-late %s %s" % (name, sig.name),
                    run(script(srv.url, cmd, go_on), trig(v), sig,
                        700 if v == QUEUED else 150, d),
                    name, go_on, d, True)))
    # pwd: a server of its own for each signal (the two runs go at once,
    # and the fake server counts PWDs across its sessions), the 2nd PWD
    # (the one after the login's) late
    for sig, go_on in ((signal.SIGINT, True), (signal.SIGTERM, False)):
        psrv = FakeFTPD(fake_case("DELAY PWD#2 1.2\n"),
                        lifetime=120).start()
        srvs.append(psrv)
        d = local()
        jobs.append(pool.submit(lambda d=d, sig=sig, go_on=go_on,
                                psrv=psrv: (
            "fake reply-late pwd %s" % sig.name,
            run(script(psrv.url, "pwd", go_on),
                r"^Logged in", sig, 150, d), "pwd", go_on, d, False)))
    # twice: the second SIGINT quits at once
    for name in ("size", "ls", "get"):
        cmd, verb = [(c, v) for n, c, v in COMMANDS if n == name][0]
        v = {"ls": "EPSV", "get": QUEUED}.get(name, "SIZE")
        d = local()
        jobs.append(pool.submit(lambda d=d, name=name, cmd=cmd, v=v: (
            "fake SIGINT twice %s" % name,
            run(script(srv.url, cmd, True), trig(v), signal.SIGINT,
                700 if v == QUEUED else 150, d, second_ms=50), name, True, d,
            False)))

    # running: stalled listings and downloads, a slowed upload
    rsrv = FakeFTPD(fake_case("STALL LIST 300\nSTALL NLST 100\n"
                              "STALL RETR 30000\n"), lifetime=120).start()
    srvs.append(rsrv)
    for name, cmd, verb in COMMANDS:
        if name not in DATA:
            continue
        for ms in (100, 400):
            d = local()
            extra = "set rate-limit 20k; " if name == "put" else ""
            jobs.append(pool.submit(
                lambda d=d, name=name, cmd=cmd, verb=verb, ms=ms,
                extra=extra: (
                    "fake transfer-running %s +%dms" % (name, ms),
                    run(script(rsrv.url, cmd, True, extra),
                        trig(QUEUED if name in ("get", "put") else verb),
                        signal.SIGINT, ms + (500 if name in ("get", "put")
                                             else 0), d),
                    name, True, d, True)))
    # dataconn: the data connection hangs; stalled: 150, then nothing
    for tag, extra in (("dataconn-pending", "BLACKHOLE EPSV\n"),
                       ("server-stalled", "NODATACONN\n")):
        s2 = FakeFTPD(fake_case(extra), lifetime=120).start()
        srvs.append(s2)
        for name, cmd, verb in COMMANDS:
            if name not in DATA:
                continue
            v = "EPSV" if tag == "dataconn-pending" else verb
            v = QUEUED if name in ("get", "put") else v
            d = local()
            jobs.append(pool.submit(
                lambda d=d, name=name, cmd=cmd, v=v, tag=tag, s2=s2: (
                    "fake %s %s" % (tag, name),
                    run(script(s2.url, cmd, True), trig(v), signal.SIGINT,
                        800 if v == QUEUED else 300, d), name, True, d, tag == "dataconn-pending")))
    # killed: the server drops the session 0.3 s after the command
    ksrv = FakeFTPD(fake_case("".join(
        "SLEEP %s 0.3\nDROP %s\n" % (v, v)
        for v in ("SIZE", "MDTM", "CWD", "LIST", "RETR"))), lifetime=120)
    ksrv.start()
    srvs.append(ksrv)
    for name in ("size", "mtime", "cd", "ls", "cat"):
        cmd, verb = [(c, v) for n, c, v in COMMANDS if n == name][0]
        for ms in (100, 600):
            d = local()
            jobs.append(pool.submit(
                lambda d=d, name=name, cmd=cmd, verb=verb, ms=ms: (
                    "fake session-killed %s +%dms" % (name, ms),
                    run(script(ksrv.url, cmd, True), trig(verb),
                        signal.SIGINT, ms, d), name, True, d, False,
                    ms < 300)))
    # reset: the server aborts the data connection after some bytes
    asrv = FakeFTPD(fake_case("ABORT RETR 426 50000\nABORT LIST 426 100\n"
                              "SLOWDOWNDATA 0\n"), lifetime=120).start()
    srvs.append(asrv)
    for name in ("ls", "cat", "get -o -", "get"):
        cmd, verb = [(c, v) for n, c, v in COMMANDS if n == name][0]
        d = local()
        v = QUEUED if name == "get" else verb
        jobs.append(pool.submit(lambda d=d, name=name, cmd=cmd, v=v: (
            "fake data-reset %s" % name,
            run(script(asrv.url, cmd, True), trig(v), signal.SIGINT,
                300 if v == QUEUED else 5, d), name, True, d, False,
            False)))
    # greeting: open while the greeting is late
    gsrv = FakeFTPD("SLEEP GREETING 3\nGREETING 220 late\n",
                    lifetime=120).start()
    srvs.append(gsrv)
    for sig in (signal.SIGINT, signal.SIGTERM):
        d = local()
        jobs.append(pool.submit(lambda d=d, sig=sig: (
            "fake greeting-late open %s" % sig.name,
            run("set timeout 5; open %s; pwd" % gsrv.url, r"^Connecting",
                sig, 300, d), "open", False, d, False)))
    # connect: open (and probe) while the TCP connect hangs (a listener
    # whose accept queue is kept full drops the SYN)
    hole = blackhole()
    srvs.append(hole)
    for name, cmd in (("open", "open ftp://127.0.0.1:%d/" % hole.port),
                      ("probe", "probe 127.0.0.1 %d" % hole.port)):
        for sig in (signal.SIGINT, signal.SIGTERM):
            d = local()
            jobs.append(pool.submit(lambda d=d, name=name, cmd=cmd, sig=sig: (
                "fake connect-pending %s %s" % (name, sig.name),
                run("set connect-timeout 8; debug on; %s; pwd" % cmd,
                    r"^(Connecting|Probing)" if name == "open" else
                    r"^Connecting|^Probing|^$", sig, 300, d,
                    start_now=(name == "probe")),
                name, False, d, False)))
    # console wait: the wait ends with the call (it outlived it on main)
    for sig in (signal.SIGINT, signal.SIGTERM):
        d = local()
        jobs.append(pool.submit(lambda d=d, sig=sig: (
            "fake console-wait %s" % sig.name,
            run("tcp connect 127.0.0.1 %d; console wait 8" % gsrv.port,
                r"", sig, 500, d, start_now=True), "console", False, d,
            False)))
    return srvs


class blackhole:
    """A loopback port where a TCP connect hangs (SYN dropped)."""

    def __init__(self):
        self.s = socket.socket()
        self.s.bind(("127.0.0.1", 0))
        self.s.listen(0)
        self.port = self.s.getsockname()[1]
        self.keep = []
        for _ in range(3):
            f = socket.socket()
            f.setblocking(False)
            try:
                f.connect(("127.0.0.1", self.port))
            except (BlockingIOError, OSError):
                pass
            self.keep.append(f)
        time.sleep(0.05)

    def stop(self):
        for f in self.keep + [self.s]:
            f.close()


def real_tree(base):
    root = os.path.join(base, "root")
    os.makedirs(os.path.join(root, "sub"))
    os.makedirs(os.path.join(root, "many"))
    for i in range(3000):
        open(os.path.join(root, "many", "entry-%05d" % i), "w").close()
    with open(os.path.join(root, "f.bin"), "wb") as f:
        f.truncate(64 * 1024 * 1024)
    for n in ("del.bin", "ren.bin"):
        with open(os.path.join(root, n), "wb") as f:
            f.write(b"x" * 1000)
    os.chmod(root, 0o777)
    for dp, dns, fns in os.walk(root):
        for n in dns:
            os.chmod(os.path.join(dp, n), 0o777)
        for n in fns:
            os.chmod(os.path.join(dp, n), 0o666)
    os.chmod(base, 0o755)
    return root


def do_real(pool, jobs, base, cls):
    root = real_tree(tempfile.mkdtemp(prefix=cls.name + ".", dir=base))
    srv = cls(root, write_dir=root)
    srv.start()
    user = srv.user
    url = "ftp://%s:%s@%s:%d/" % (user, servers.PASSWORD, srv.host,
                                  srv.port)
    up = os.path.join(base, "up.bin")
    for name, cmd, verb in COMMANDS:
        c = cmd.replace("ls", "ls many").replace("nlist", "nlist many") \
            if name in ("ls", "nlist") else cmd
        d = tempfile.mkdtemp(prefix="run.", dir=base)
        shutil.copy(up, d)
        extra = "set rate-limit 100k; " if name in ("get", "put") else ""
        q = name in ("get", "put")
        # (proftpd answers an ABOR of a listing only after the Telnet
        # Synch: the next command works there only since it is sent.)
        nxt = True
        jobs.append(pool.submit(
            lambda d=d, name=name, c=c, verb=verb, extra=extra, q=q, nxt=nxt: (
                "%s %s +%dms" % (cls.name, name, 600 if q else 10),
                run(script(url, c, True, extra), trig(QUEUED if q else verb),
                    signal.SIGINT, 600 if q else 10, d), name, True, d, nxt,
                q)))
    return srv


def test():
    base = tempfile.mkdtemp(prefix="chaos.")
    os.chmod(base, 0o755)
    with open(os.path.join(base, "up.bin"), "wb") as f:
        f.write(os.urandom(300000))
    t0 = time.monotonic()
    jobs, srvs = [], []
    with ThreadPoolExecutor(WORKERS) as pool:
        srvs += do_fake(pool, jobs, base)
        for cls in (servers.PyFtpd, servers.Vsftpd, servers.Proftpd):
            try:
                srvs.append(do_real(pool, jobs, base, cls))
            except servers.Skip as e:
                tap.skip("%s: %s" % (cls.name, e))
        for j in jobs:
            check(*j.result())
    for s in srvs:
        s.stop()
    shutil.rmtree(base, ignore_errors=True)
    diag("chaos: %d interruption points in %.0f s" % (
        len(points), time.monotonic() - t0))


tap.main(test)
