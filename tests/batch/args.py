"""The command language as users type it (issues 12, 13, 14), in batch
mode against pyftpdlib (writable) and vsftpd: options declared in the
table (ls -la, lls -la, unknown options refused), places (HOST:PORT,
open -u/-p, a directory URL without its slash, cd -, cd, ~, HOST PORT
before stdin), messages (a name once, each byte escaped once, no double
slash, -f FILE:LINE:, bookmarks as typed), escaped names typed back, and
secrets (argv scrubbed, --log, -v and the transcript masked)."""

import os
import re
import signal
import socket
import subprocess
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA
import sampletree
import servers

PICS = "pub/linux/logos/pictures"


def hostport(srv):
    return "%s:%d" % ("[%s]" % srv.host if ":" in srv.host else srv.host,
                      srv.port)


def test_options(srv, label):
    hp = hostport(srv)
    r = jangada(["-v", "-c", "open %s; cd %s; ls -la; ls -l; ls -a" %
                 (hp, PICS)])
    is_(r.rc, 0, "%s: ls -la, ls -l, ls -a: exit 0" % label)
    like(r.out, r"(?m)^-\S{9} +\d+ .* tux\.png$", "%s: ls -la lists" % label)
    ok(not re.search(r"(?i)(LIST|MLSD|NLST) .*-l", r.err),
       "%s: no option reaches the server (%s)" % (label, ", ".join(
           re.findall(r"--> (?:LIST|MLSD|NLST).*", r.err))))
    r = jangada(["-c", "open %s; cd %s; ls -1 -S" % (hp, PICS)])
    names = r.out.split()
    is_(r.rc, 0, "%s: ls -1 -S: exit 0" % label)
    ok(names[:1] == ["tux.ppm"] and "tux.png" in names and
       not any(" " in n for n in r.out.splitlines()),
       "%s: ls -1 -S: names only, largest first" % label)
    r = jangada(["-c", "open %s; cd %s; ls -Sr" % (hp, PICS)])
    lines = r.out.splitlines()
    ok(r.rc == 0 and lines and lines[-1].endswith("tux.ppm"),
       "%s: ls -Sr: largest last" % label)
    r = jangada(["-c", "open %s; cd %s; ls -t" % (hp, PICS)])
    ok(r.rc == 0 and r.out.splitlines()[0].endswith("logos.tar.gz"),
       "%s: ls -t: newest first" % label)
    # A file, not a directory: listed from its parent with LIST (MLSD
    # takes directories only: pyftpdlib said 501 "No such directory").
    r = jangada(["-c", "open %s; cd %s; ls tux.png; ls -l /%s/tux.png" %
                 (hp, PICS, PICS)])
    is_(r.rc, 0, "%s: ls FILE, ls -l /PATH/FILE: exit 0 (%s)" %
        (label, r.err.strip().splitlines()[-1:]))
    is_(len(re.findall(r"(?m)^-\S{9} +\d+ .* tux\.png$", r.out)), 2,
        "%s: ls FILE lists that file, twice" % label)
    r = jangada(["-c", "open %s; cd %s; nlist -1; nlist -l" % (hp, PICS)])
    ok(r.rc == 0 and re.search(r"(?m)^tux\.png$", r.out) and
       re.search(r"(?m)^-\S{9} +\d+ .* tux\.png$", r.out),
       "%s: nlist -1 names, nlist -l long" % label)
    r = jangada(["-c", "open %s; ls -x" % hp])
    is_(r.rc, 2, "%s: ls -x: exit 2" % label)
    like(r.err, r"ls: unknown option -x\n.*usage: ls \[-l\|-1\]",
         "%s: the option named, then the usage line" % label)
    r = jangada(["-c", "open %s; get -z x" % hp])
    is_(r.rc, 2, "%s: get -z: exit 2" % label)
    r = jangada(["-c", "open %s; size" % hp])
    ok(r.rc == 2 and "usage: size PATH" in r.err,
       "%s: a missing operand: usage, exit 2" % label)
    r = jangada(["-c", "open %s; pwd x" % hp])
    is_(r.rc, 2, "%s: pwd x: too many arguments, exit 2" % label)


def test_local(label):
    with tempfile.TemporaryDirectory() as d, \
            tempfile.TemporaryDirectory() as home:
        os.mkdir(os.path.join(home, "sub"))
        open(os.path.join(d, ".hidden"), "w").close()
        open(os.path.join(d, "big"), "w").write("x" * 5000)
        open(os.path.join(d, "small"), "w").write("x")
        r = jangada(["-c", "lls -la; lls -1S; lls -1Sr"], cwd=d, home=home)
        is_(r.rc, 0, "lls -la, lls -1S: exit 0")
        like(r.out, r"(?m)^- +5000 .* big$", "lls -la: the long form")
        is_(r.out.splitlines()[3:6], ["big", "small", ".hidden"],
            "lls -1S: names, largest first")
        is_(r.out.splitlines()[6:9], [".hidden", "small", "big"],
            "lls -1Sr: reversed")
        r = jangada(["-c", "lcd ~/sub; lpwd; lcd ~; lpwd; lcd; lpwd; "
                     "lmkdir ~/made"], cwd=d, home=home)
        is_(r.rc, 0, "lcd ~/sub, lcd ~: exit 0")
        is_(r.out.splitlines(), [os.path.join(home, "sub"), home, home],
            "~ and ~/x are in HOME")
        ok(os.path.isdir(os.path.join(home, "made")), "lmkdir ~/made")
        r = jangada(["-c", "set"], home=home)
        ok(r.rc == 0 and re.search(r"(?m)^parallel +\d", r.out),
           "set alone shows the options")
        r = jangada(["-c", "set parallel"], home=home)
        ok(r.rc == 0 and re.match(r"parallel +\d", r.out),
           "set NAME shows one")
        script = os.path.join(d, "script.txt")
        with open(script, "w") as f:
            f.write("lpwd\n\nfrobnicate\nlpwd\n")
        r = jangada(["-f", script], cwd=d, home=home)
        is_(r.rc, 2, "-f: a bad line: exit 2")
        like(r.err, r"(?m)^%s:3: unknown command: frobnicate" %
             re.escape(script), "-f: the error says FILE:LINE:")


def test_places(srv, label, user):
    hp = hostport(srv)
    r = jangada([hp], stdin="pwd\n")
    ok(r.rc == 0 and r.out.strip() == "/",
       "%s: jangada HOST:PORT, commands on stdin (rc %d)" % (label, r.rc))
    if r.rc:
        diag(r.err[-800:])
    r = jangada([srv.host, str(srv.port)], stdin="pwd\n")
    ok(r.rc == 0 and r.out.strip() == "/" and "Connecting to" in r.err,
       "%s: echo pwd | jangada HOST PORT connects first" % label)
    r = jangada(["-c", "pwd", hp])
    ok(r.rc == 0 and r.out.strip() == "/", "%s: -c CMDS HOST:PORT" % label)
    r = jangada(["-c", "open %s; pwd" % hp])
    ok(r.rc == 0 and "port %d" % srv.port in r.err,
       "%s: open HOST:PORT (rc %d)" % (label, r.rc))
    r = jangada(["-c", "open -p %d %s; pwd" % (srv.port, srv.host)])
    is_(r.rc, 0, "%s: open -p PORT HOST" % label)
    r = jangada(["-c", "open %s %d %d" % (srv.host, srv.port, srv.port)])
    is_(r.rc, 2, "%s: open with two ports: exit 2" % label)
    r = jangada(["-c", "open %s:%d 21" % (srv.host, srv.port)])
    is_(r.rc, 2, "%s: a port given twice: exit 2" % label)
    r = jangada(["-c", "open -p %d %s 21" % (srv.port, srv.host)])
    is_(r.rc, 2, "%s: -p PORT and a PORT: exit 2" % label)
    r = jangada(["-c", "open -u %s,%s -p %d %s; pwd" %
                 (user[0], user[1], srv.port, srv.host)])
    ok(r.rc == 0 and "as %s" % user[0] in r.err,
       "%s: open -u USER,PASS -p PORT HOST" % label)
    r = jangada(["-c", "open %s:%s@%s; pwd" % (user[0], user[1], hp)])
    ok(r.rc == 0 and user[1] not in r.err + r.out,
       "%s: open USER:PASS@HOST:PORT, the password never printed" % label)
    like(r.err, r"Connecting to %s port %d" % (re.escape(srv.host),
                                               srv.port),
         "%s: Connecting to names the host only" % label)
    r = jangada(["ftp://%s/pub/linux" % hp])
    ok(r.rc == 0 and re.search(r"(?m) README$", r.out) and
       re.search(r"(?m)^d.* logos$", r.out),
       "%s: a directory URL without its slash is listed" % label)
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["ftp://%s/pub/linux/README" % hp], cwd=d)
        ok(r.rc == 0 and os.path.exists(os.path.join(d, "README")),
           "%s: a file URL is still downloaded" % label)
        r = jangada(["ftp://%s/README" % hp], cwd=d)
        ok(r.rc == 0 and os.path.exists(os.path.join(d, "README")),
           "%s: a file URL in the login directory too" % label)
    r = jangada(["-c", "open %s; cd pub; cd linux; cd -; pwd; cd; pwd; "
                 "cd ..; cd -; pwd; cdup; cd -; pwd" % hp])
    is_(r.out.split(), ["/pub", "/", "/", "/"],
        "%s: cd - goes back, cd alone to the login directory" % label)
    r = jangada(["-c", "open %s; cd -" % hp])
    ok(r.rc == 1 and "no previous directory" in r.err,
       "%s: cd - with no previous directory fails" % label)


def test_messages(srv, label):
    hp = hostport(srv)
    op = "%s %d" % (srv.host, srv.port)     # the form main always took
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; get nosuch-file" % op], cwd=d)
        is_(r.rc, 1, "%s: a missing file: exit 1" % label)
        is_(r.err.count("nosuch-file"), 1,
            "%s: the name printed once (%s)" % (label, r.err.strip()[-200:]))
        os.mkdir(os.path.join(d, "e"))
        open(os.path.join(d, "e", "tux.png"), "w").close()
        r = jangada(["-c", "set overwrite skip; open %s; cd %s; "
                     "get -o e/ tux.png; get -o ./e/ tux.png" % (op, PICS)],
                    cwd=d)
        ok("//" not in r.err and "e/tux.png exists" in r.err,
           "%s: no double slash in a local path (%s)" %
           (label, r.err.strip()[-200:]))
    home = tempfile.mkdtemp(prefix="jhome.")
    r = jangada(["-c", "bookmark add b1 ftp://u:PW@%s/pub/linux; bookmark "
                 "add b2 ftp://%s/%%2Fpub/; bookmark list" % (hp, hp)],
                home=home)
    bm = open(os.path.join(home, ".config", "jangada", "bookmarks")).read()
    ok(r.rc == 0 and "b1 ftp://u@%s/pub/linux\n" % hp in bm and
       "b2 ftp://%s/%%2Fpub/\n" % hp in bm and "PW" not in bm,
       "%s: bookmarks stored as typed, less the password" % label)
    r = jangada(["-c", "open @b2 21"], home=home)
    is_(r.rc, 2, "%s: open @BOOKMARK PORT: the port is given twice, exit 2"
        % label)
    r = jangada(["-c", "open -p %d @b2; pwd" % srv.port], home=home)
    ok(r.rc == 0 and r.out.strip() == "/pub",
       "%s: open -p PORT @BOOKMARK enters its directory" % label)
    r = jangada(["-c", "open %s; cd pub/linux; bookmark add here" % op],
                home=home)
    bm = open(os.path.join(home, ".config", "jangada", "bookmarks")).read()
    ok(r.rc == 0 and re.search(r"(?m)^here ftp://%s/pub/linux/$" %
                               re.escape(hp), bm),
       "%s: the current place as one would type it, no %%2F (%s)" %
       (label, bm.splitlines()[-1]))


def test_escaped(srv, label, user, first):
    """A name shown escaped is typed back the same way, byte-exact.
    first: (bytes, as typed) of a name with bytes over 0x7f (pyftpdlib
    takes only UTF-8 names: U+202E, a bidi override, shown byte by byte
    in the C locale)."""
    hp = hostport(srv)
    names = [first[0], b"a\x1bb.txt"]
    with tempfile.TemporaryDirectory() as d:
        dd = d.encode()
        for i, n in enumerate(names):
            with open(os.path.join(dd, n), "wb") as f:
                f.write(b"data %d\n" % i)
        # charset utf-8: the names stay bytes shown escaped (with auto, a
        # server without UTF8 such as vsftpd gets its Latin-1 names shown
        # as CP1252: tests/batch/charset.py).
        login = "set charset utf-8; open -u %s,%s %s" % (user[0], user[1],
                                                          hp)
        r = jangada(["-c", "%s; lcd %s; put %s; put a\\x1bb.txt; "
                     "nlist" % (login, d, first[1])])
        ok(r.rc == 0 and first[1] in r.out and
           "a\\x1bb.txt" in r.out and "\x1b" not in r.out,
           "%s: names uploaded from escapes, listed escaped (rc %d)" %
           (label, r.rc))
        if r.rc:
            diag(r.err[-600:])
        on_server = os.listdir(os.path.join(srv.write_dir.encode()))
        ok(all(n in on_server for n in names),
           "%s: the server has the exact bytes (%r)" % (label, on_server))
        r = jangada(["-c", "%s; size %s; get -o got1 %s; get -o got2 "
                     "\"a\\x1bb.txt\"; rm %s a\\x1bb.txt" %
                     (login, first[1], first[1], first[1])], cwd=d)
        ok(r.rc == 0 and open(os.path.join(d, "got1"), "rb").read() ==
           b"data 0\n" and open(os.path.join(d, "got2"), "rb").read() ==
           b"data 1\n", "%s: typed back as shown, byte-exact" % label)
        # A raw ESC in the line (no \x1b escape needed to show this).
        r = jangada(["-c", "open %s %d; size 'a\x1bmissing'" %
                     (srv.host, srv.port)])
        ok(r.rc == 1 and "\\\\x1b" not in r.err and "\x1b" not in r.err,
           "%s: the server's text escaped once (%s)" %
           (label, r.err.strip()[-200:]))


def cmdline(pid):
    with open("/proc/%d/cmdline" % pid, "rb") as f:
        return f.read()


def test_argv(label):
    """/proc/PID/cmdline never shows a password given in argv."""
    lsock = socket.socket()
    lsock.bind(("127.0.0.1", 0))
    lsock.listen(4)
    port = lsock.getsockname()[1]
    home = tempfile.mkdtemp(prefix="jhome.")
    env = dict(os.environ, HOME=home, LANG="C", LC_ALL="C",
               XDG_CONFIG_HOME=os.path.join(home, ".config"),
               XDG_STATE_HOME=os.path.join(home, ".state"))
    forms = [
        ["ftp://bob:Hunter2Secret@127.0.0.1:%d/" % port],
        ["-c", "open ftp://bob:Hunter2Secret@127.0.0.1:%d/" % port],
        ["-c", "open bob:Hunter2Secret@127.0.0.1 %d" % port],
        ["-c", "open 127.0.0.1 %d; quote PASS Hunter2Secret" % port],
        ["bob:Hunter2Secret@127.0.0.1", str(port)],
    ]
    try:
        for args in forms:
            p = subprocess.Popen([JANGADA] + args, env=env,
                                 stdin=subprocess.PIPE,
                                 stdout=subprocess.DEVNULL,
                                 stderr=subprocess.DEVNULL)
            time.sleep(0.5)
            try:
                seen = cmdline(p.pid)
            except OSError:
                seen = b"(gone)"
            p.send_signal(signal.SIGTERM)
            try:
                p.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
            ok(seen not in (b"(gone)", b"") and b"Hunter2Secret" not in seen,
               "%s: /proc/PID/cmdline hides the password of %s (%r)" %
               (label, " ".join(args), seen))
    finally:
        lsock.close()


def test_secrets(srv, label, user):
    """--log, -v's transcript and the command log never show a password."""
    hp = hostport(srv)
    with tempfile.TemporaryDirectory() as d:
        log = os.path.join(d, "log")
        pw = user[1]
        r = jangada(["--log=" + log, "-v", "-c",
                     "set fail-exit off; open -u %s,%s %s; quote pass "
                     "Sekr1tA; quote Pass Sekr1tB; quote acct Sekr1tC; "
                     "quote \"PASS Sekr1tD\"; pwd; quote PASS Sekr1tE; "
                     "bookmark add b ftp://u:Sekr1tF@%s/; "
                     "open u:Sekr1tG@%s %d; debug on; quote aCcT Sekr1tH"
                     % (user[0], pw, hp, hp, srv.host, srv.port)])
        r2 = jangada(["--log=" + log, "-v", "-c",
                      "set fail-exit off; open %s %d; user %s %s; quote "
                      "pass Sekr1tI; quote Pass Sekr1tJ; quote acct Sekr1tK;"
                      " quote \"PASS Sekr1tL\"" % (srv.host, srv.port,
                                                   user[0], pw)])
        r.err += r2.err
        text = open(log).read() + r.err + r.out
        leaked = sorted(set(re.findall(r"Sekr1t\w", text)))
        is_(leaked, [], "%s: no password in --log, -v or output" % label)
        ok(pw not in text, "%s: nor the login's password" % label)
        like(text, r"--> pass \*\*\*\*", "%s: pass masked" % label)
        like(text, r"--> Pass \*\*\*\*", "%s: Pass masked" % label)
        like(text, r"--> acct \*\*\*\*", "%s: acct masked" % label)
        like(open(log).read(), r"command: +pwd",
             "%s: a line without a secret is still logged" % label)


def main():
    root = sampletree.shared()
    test_local("local")
    test_argv("argv")
    for cls in (servers.PyFtpd, servers.Vsftpd):
        label = cls.name
        with tap.skipping(1, label):
            with cls(root, host="127.0.0.1") as srv:
                user = (srv.user, srv.password)
                test_options(srv, label)
                test_places(srv, label, user)
                test_messages(srv, label)
                test_escaped(srv, label, user, (b"caf\xe9.txt",
                             "caf\\xe9.txt") if cls is servers.Vsftpd else
                             ("\u202e.txt".encode(),
                              "\\xe2\\x80\\xae.txt"))
                test_secrets(srv, label, user)


tap.main(main)
