"""Batch mode against real servers (issue 4): every command at least
once, downloads (SHA-256), ASCII, a recursive get of the sample tree,
mget with a glob, overwrite policies, resume, .netrc logins on vsftpd,
exit statuses for bad commands and bad URLs."""

import hashlib
import os
import re
import shutil
import stat
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada, JANGADA, TLS_OFF
import sampletree
import servers

PICS = "pub/linux/logos/pictures"


def sha(p):
    with open(p, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def tree(root):
    """{relative path: sha256} of the regular files under root."""
    out = {}
    for d, dirs, files in os.walk(root):
        for f in files:
            p = os.path.join(d, f)
            if os.path.islink(p) or f.endswith(".part"):
                continue
            out[os.path.relpath(p, root)] = sha(p)
    return out


def test_help():
    r = jangada(["-c", "help"])
    is_(r.rc, 0, "help exits 0")
    from_table = ["open", "user", "close", "quit", "status", "passive",
                  "active", "set", "show", "debug", "quote", "site", "ls",
                  "nlist", "cd", "cdup", "pwd", "mkdir", "rmdir", "rm",
                  "rename", "chmod", "size", "mtime", "cat", "lcd", "lpwd",
                  "lls", "lmkdir", "get", "mget", "put", "mput", "reget",
                  "ascii", "binary", "type", "queue", "bookmark", "resolve",
                  "port", "probe", "tcp", "udp", "console", "help"]
    missing = [n for n in from_table
               if not re.search(r"^  %s\b" % re.escape(n), r.out, re.M)]
    is_(missing, [], "help lists every command")
    r = jangada(["-c", "help get"])
    like(r.out, r"usage: get \[-a\|-b\] \[-c\] \[-r\|-R\]", "help get: usage")
    r = jangada(["-c", "help dir"])
    like(r.out, r"usage: ls", "help by alias")
    r = jangada(["-c", "frobnicate"])
    is_(r.rc, 2, "unknown command: exit 2")
    like(r.err, r"unknown command: frobnicate", "with a clear message")
    r = jangada(["-c", "re x"])
    like(r.err, r"ambiguous command: re \(.*rename.*\)",
         "ambiguous prefix named")
    r = jangada(["-c", "pwd"])
    is_(r.rc, 1, "pwd without a connection fails: exit 1")
    like(r.err, r"pwd: not connected", "the failing command is named")
    r = jangada(["ftp://127.0.0.1:0/x"])
    is_(r.rc, 2, "bad URL (port 0): exit 2")
    r = jangada(["ftp://127.0.0.1/%0d%0aDELE"])
    is_(r.rc, 2, "URL with encoded CR/LF: exit 2")
    r = jangada(["http://example.org/"])
    is_(r.rc, 2, "another scheme: exit 2")
    r = jangada(["--frob"])
    is_(r.rc, 2, "bad option: exit 2")
    r = jangada(["-c", "open 127.0.0.1 99999"])
    is_(r.rc, 2, "bad port to open: exit 2")
    r = jangada(["-c", 'cd "unterminated'])
    is_(r.rc, 2, "unterminated quote: exit 2")
    r = jangada(["--help"])
    ok(r.rc == 0 and "--commands" in r.out and "Exit status" in r.out,
       "--help lists the options and the exit status")


def test_anon(srv, root, label):
    sums = sampletree.expected_sums()
    url = "ftp://%s:%d/" % ("[::1]" if ":" in srv.host else srv.host,
                            srv.port)
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; pwd; cd %s; ls; nlist; size tux.png; "
                     "mtime tux.png; cat README; get tux.png; "
                     "get -o copy.png tux.png; get -a README; cdup; cdup; "
                     "cdup; cd docs; get -a dos-readme.txt; status; "
                     "quote SYST; debug on; pwd; debug off; "
                     "show parallel; set parallel 3; show parallel; "
                     "passive; binary; ascii; type auto; type; lpwd; lls; "
                     "close" % (url, PICS)], cwd=d)
        is_(r.rc, 0, "%s: a script of every read-only command" % label)
        if r.rc:
            diag(r.err[-2000:])
        like(r.out, r"^/$", "%s: pwd" % label) if False else \
            ok(r.out.splitlines()[0] == "/", "%s: pwd prints /" % label)
        like(r.out, r"(?m)^-\S{9} +%d .* tux\.png$" %
             os.path.getsize(os.path.join(root, PICS, "tux.png")),
             "%s: ls long form" % label)
        like(r.out, r"(?m)^tux-small\.png$", "%s: nlist names" % label)
        like(r.out, r"(?m)^tux\.png %d " %
             os.path.getsize(os.path.join(root, PICS, "tux.png")),
             "%s: size" % label)
        like(r.out, r"(?m)^tux\.png \d{4}-\d\d-\d\d", "%s: mtime" % label)
        like(r.out, r"Tux was drawn by Larry Ewing", "%s: cat" % label)
        is_(sha(os.path.join(d, "tux.png")), sums[PICS + "/tux.png"],
            "%s: get: SHA-256 equal" % label)
        is_(sha(os.path.join(d, "copy.png")), sums[PICS + "/tux.png"],
            "%s: get -o" % label)
        is_(open(os.path.join(d, "README"), "rb").read(),
            open(os.path.join(root, PICS, "README"), "rb").read(),
            "%s: get -a of an LF file" % label)
        cr = b"\r" if srv.ascii_adds_cr else b""
        is_(open(os.path.join(d, "dos-readme.txt"), "rb").read(),
            b"This file has DOS line endings.%s\nSecond line.%s\n" % (cr, cr),
            "%s: get -a converts CRLF%s" % (
                label, " (its CRs are data to this server)" if cr else ""))
        like(r.out, r"215 ", "%s: quote SYST prints the reply" % label)
        like(r.err, r"--> PWD", "%s: debug on shows the transcript" % label)
        like(r.out, r"(?m)^parallel 3$", "%s: set/show" % label)
        like(r.out, r"Transfer type: auto", "%s: type auto" % label)
        like(r.out, r"(?m)^- +\d+ .* tux\.png$", "%s: lls" % label)

    # Recursive get of the sample tree equals the server's tree. The whole
    # of pub (5,018 files, a data connection each) on one server only:
    # two test runs at once can use up the ephemeral ports otherwise.
    full = "vsftpd" in label
    what = "pub" if full else "pub/linux pub/docs"
    with tempfile.TemporaryDirectory() as d:
        # links left out (said and counted): the tree compared is the
        # files' (tests/batch/symlinks.py follows and keeps them)
        r = jangada(["-c", "open %s; set symlinks skip; get -r %s" %
                     (url, what)], cwd=d, timeout=600)
        is_(r.rc, 0, "%s: get -r %s" % (label, what))
        if r.rc:
            diag(r.err[-3000:])
        want = {k: v for k, v in tree(root).items() if k.startswith("pub/")
                and (full or k.startswith(("pub/linux/", "pub/docs/")))}
        if not full:
            want = {k[len("pub/"):]: v for k, v in want.items()}
        got = tree(d)
        is_(len(got), len(want), "%s: get -r: %d files" %
            (label, len(want)))
        ok(got == want, "%s: get -r: the same tree, byte-exact" % label)
        like(r.err, r"\d+ files, .* in [\d.]+ s", "%s: a summary" % label)
        like(r.err, r"\d+ symbolic links? left out", "%s: the links left "
             "out are counted" % label)

    # mget with a glob.
    with tempfile.TemporaryDirectory() as d:
        r = jangada(["-c", "open %s; cd %s; mget tux*.png *.gz" %
                     (url, PICS)], cwd=d)
        is_(r.rc, 0, "%s: mget" % label)
        is_(sorted(os.listdir(d)), ["logos.tar.gz", "tux-latest.png",
                                    "tux-small.png", "tux.png"][0:0] +
            sorted(f for f in os.listdir(os.path.join(root, PICS))
                   if (f.startswith("tux") and f.endswith(".png"))
                   or f.endswith(".gz")),
            "%s: mget took exactly the matches" % label)
        r = jangada(["-c", "open %s; mget nomatch*" % url], cwd=d)
        is_(r.rc, 1, "%s: mget without a match fails" % label)

    # Overwrite policies in batch (ask: never clobber).
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "tux.png")
        for policy in ("ask", "skip"):
            open(p, "wb").write(b"mine")
            r = jangada(["-c", "open %s; set overwrite %s; get %s/tux.png"
                         % (url, policy, PICS)], cwd=d)
            is_(open(p, "rb").read(), b"mine",
                "%s: overwrite %s keeps the existing file" % (label, policy))
            like(r.err, r"exists; skipped", "%s: and says so" % label)
        r = jangada(["-c", "open %s; set overwrite rename; get %s/tux.png"
                     % (url, PICS)], cwd=d)
        ok(open(p, "rb").read() == b"mine" and
           sha(os.path.join(d, "tux.png.1")) == sums[PICS + "/tux.png"],
           "%s: overwrite rename: tux.png.1" % label)
        r = jangada(["-c", "open %s; set overwrite overwrite; get %s/tux.png"
                     % (url, PICS)], cwd=d)
        is_(sha(p), sums[PICS + "/tux.png"], "%s: overwrite" % label)

    # Fetch a URL like ncftpget; a directory URL lists it.
    with tempfile.TemporaryDirectory() as d:
        r = jangada([url + PICS + "/tux.png"], cwd=d)
        ok(r.rc == 0 and sha(os.path.join(d, "tux.png")) ==
           sums[PICS + "/tux.png"], "%s: jangada URL fetches the file"
           % label)
        r = jangada(["-o", "x.png", url + PICS + "/tux.png"], cwd=d)
        ok(r.rc == 0 and sha(os.path.join(d, "x.png")) ==
           sums[PICS + "/tux.png"], "%s: -o FILE URL" % label)
        r = jangada(["-o", "/dev/null", url + PICS + "/tux.png"], cwd=d)
        ok(r.rc == 0 and stat.S_ISCHR(os.stat("/dev/null").st_mode),
           "%s: -o /dev/null writes the device, never replaces it" % label)
        r = jangada(["-o", "-", url + PICS + "/README"], cwd=d)
        like(r.out, r"Tux was drawn", "%s: -o - to stdout" % label)
        r = jangada([url + PICS + "/"], cwd=d)
        like(r.out, r"tux-small\.png", "%s: a directory URL is listed"
             % label)
        r = jangada([url + "no/such/file"], cwd=d)
        is_(r.rc, 1, "%s: a missing file: exit 1" % label)
        like(r.err, r"get: .*no/such/file|no/such", "%s: named" % label)


def test_user(srv, label):
    with tempfile.TemporaryDirectory() as d, \
            tempfile.TemporaryDirectory() as home:
        big = os.urandom(2 * 1024 * 1024 + 3)
        open(os.path.join(d, "big.bin"), "wb").write(big)
        open(os.path.join(d, "notes.txt"), "wb").write(b"a\nb\n")
        os.mkdir(os.path.join(d, "tree"))
        open(os.path.join(d, "tree", "x.txt"), "wb").write(b"x\n")
        netrc = os.path.join(home, ".netrc")
        host = srv.host
        with open(netrc, "w") as f:
            f.write("machine %s login %s password %s\n" % (host, srv.user,
                                                           srv.password))
        os.chmod(netrc, 0o600)
        url = "ftp://%s:%d/" % ("[::1]" if ":" in host else host, srv.port)
        r = jangada(["-c", "open %s; put big.bin; put -a notes.txt; "
                     "mkdir sub; put -r tree; rename big.bin sub/big.bin; "
                     "chmod 600 sub/big.bin; site CHMOD 644 sub/big.bin; ls sub; "
                     "rm notes.txt; lmkdir back; lcd back; "
                     "get sub/big.bin; close" % url], cwd=d, home=home)
        is_(r.rc, 0, "%s: .netrc login, uploads, maintenance" % label)
        if r.rc:
            diag(r.err[-2000:])
        wd = srv.write_dir
        is_(sha(os.path.join(wd, "sub", "big.bin")),
            hashlib.sha256(big).hexdigest(), "%s: put: byte-exact" % label)
        ok(os.path.exists(os.path.join(wd, "tree", "x.txt")),
           "%s: put -r" % label)
        ok(not os.path.exists(os.path.join(wd, "notes.txt")),
           "%s: rm" % label)
        is_(sha(os.path.join(d, "back", "big.bin")),
            hashlib.sha256(big).hexdigest(), "%s: get after lcd" % label)
        # The rest of the commands: user, active, rmdir, mput, queue, quit.
        open(os.path.join(d, "m1.txt"), "wb").write(b"m1\n")
        open(os.path.join(d, "m2.txt"), "wb").write(b"m2\n")
        r = jangada(["-c", "open %s; user %s %s; active; ls; passive; "
                     "mkdir d2; rmdir d2; mput m*.txt; queue; queue clear; "
                     "quit; pwd" % (url, srv.user, srv.password)], cwd=d,
                    home=home)
        is_(r.rc, 0, "%s: user, active, rmdir, mput, queue, quit" % label)
        if r.rc:
            diag(r.err[-2000:])
        ok(os.path.exists(os.path.join(wd, "m1.txt")) and
           os.path.exists(os.path.join(wd, "m2.txt")), "%s: mput" % label)
        ok(not os.path.exists(os.path.join(wd, "d2")), "%s: rmdir" % label)
        ok("/" not in r.out.splitlines()[-1:], "%s: quit ends the script "
           "(pwd after it never ran)" % label)
        # R56: the same .netrc readable by others: no password
        os.chmod(netrc, 0o644)
        r = jangada(["-c", "open %s" % url], cwd=d, home=home)
        like(r.err, r"(?i)readable by others|permissions|ignor",
             "%s: .netrc 0644: password ignored with a warning (R56)"
             % label)
        ok(r.rc != 0, "%s: and no login" % label)
        # resume: a .part from an interrupted download
        os.chmod(netrc, 0o600)
        back = os.path.join(d, "back")
        os.unlink(os.path.join(back, "big.bin"))
        open(os.path.join(back, ".big.bin.part"), "wb").write(big[:700000])
        r = jangada(["-v", "-c", "open %s; lcd back; reget sub/big.bin" %
                     url], cwd=d, home=home)
        ok(r.rc == 0 and sha(os.path.join(back, "big.bin")) ==
           hashlib.sha256(big).hexdigest(), "%s: reget resumes" % label)
        # RFC 959: REST is "immediately followed by" RETR; BSD ftpd
        # forgets an offset when EPSV or PASV comes between.
        like(r.err, r"--> REST 700000\n(\[\d+\] )?<-- 350[^\n]*\n"
             r"(\[\d+\] )?--> RETR ",
             "%s: with REST, right before RETR" % label)
        ok(not re.search(r"(?i)starting again", r.err),
           "%s: resumed, not restarted" % label)
        # bookmarks: no password stored
        r = jangada(["-c", "open %s; bookmark add mine; bookmark list" % url],
                    cwd=d, home=home)
        like(r.out, r"mine +ftp://%s@" % re.escape(srv.user),
             "%s: bookmark add/list" % label)
        bm = open(os.path.join(home, ".config", "jangada", "bookmarks")).read()
        ok(srv.password not in bm, "%s: no password in bookmarks" % label)
        is_(stat.S_IMODE(os.stat(os.path.join(home, ".config", "jangada",
                                              "bookmarks")).st_mode), 0o600,
            "%s: bookmarks mode 0600" % label)
        r = jangada(["-c", "open @mine; pwd; bookmark del mine; bookmark list"],
                    cwd=d, home=home)
        ok(r.rc == 0 and "No bookmarks" in r.out, "%s: open @NAME, del"
           % label)


def test_scripts():
    with tempfile.TemporaryDirectory() as d:
        s = os.path.join(d, "script")
        open(s, "w").write("# a script\nset parallel 2\nshow parallel\n"
                           "frob\nshow retries\n")
        r = jangada(["-f", s], cwd=d)
        is_(r.rc, 2, "-f: stops at the bad line: exit 2")
        ok("parallel 2" in r.out and "retries" not in r.out,
           "-f: lines before run, after do not")
        r = jangada([], cwd=d, stdin="set fail-exit off\nfrob\nshow "
                    "retries\n")
        is_(r.rc, 2, "stdin script with fail-exit off runs on, exits 2")
        like(r.out, r"retries 3", "the next line ran")
        home = tempfile.mkdtemp()
        os.makedirs(os.path.join(home, ".config", "jangada"))
        open(os.path.join(home, ".config", "jangada", "config"), "w").write(
            "# config\nset parallel 4\nset bogus 1\nset retries 7\n")
        r = jangada(["-c", "show parallel; show retries"], home=home)
        ok("parallel 4" in r.out and "retries 7" in r.out,
           "config file loaded")
        like(r.err, r"config:3: .*bogus", "a bad config line: file:line")
        r = jangada(["-n", "-c", "show parallel"], home=home)
        like(r.out, r"parallel 2", "-n skips the config file")


def test_escaped_names():
    """ls, nlist and lls show an unsafe name escaped exactly once: a
    backslash as \\\\, an ESC as \\x1b (the line is not escaped again)."""
    root = servers.workdir("batch-names-")
    names = ["back\\slash.txt", "esc\x1b[31mred", "plain name.txt"]
    # (pyftpdlib's MLSD follows the link: only lls shows its target)
    for n in names:
        with open(os.path.join(root, n), "w") as f:
            f.write("x")
    os.symlink("back\\slash.txt", os.path.join(root, "link\\to"))
    want = {"back\\slash.txt": "back\\\\slash.txt",
            "esc\x1b[31mred": "esc\\x1b[31mred",
            "plain name.txt": "plain name.txt"}
    with servers.PyFtpd(root) as srv:
        url = "ftp://127.0.0.1:%d/" % srv.port
        r = jangada(["-c", "open %s; nlist" % url])
        got = sorted(r.out.splitlines())
        is_(got, sorted(list(want.values()) + ["link\\\\to"]),
            "nlist: each unsafe name escaped once")
        r = jangada(["-c", "open %s; ls" % url])
        ok(all(re.search(r" %s$" % re.escape(v), r.out, re.M)
               for v in want.values()),
           "ls: each unsafe name escaped once")
        ok("\x1b" not in r.out, "ls: no raw ESC reaches the terminal")
    r = jangada(["-c", "lcd %s; lls" % root])
    ok(all(re.search(r" %s$" % re.escape(v), r.out, re.M)
           for v in want.values()), "lls: each unsafe name escaped once")
    like(r.out, r"(?m) link\\\\to -> back\\\\slash\.txt$",
         "lls: a link and its target escaped once")
    if r.rc != 0 or "x1b" not in r.out:
        diag(r.out + r.err)


def test_listing_streams():
    """ls and nlist print entries while the listing still arrives: the
    server sends two of three lines and stalls; both show on a pipe before
    any 226, and SIGTERM then ends jangada with the listing unfinished."""
    import select
    import signal
    import subprocess
    from fakeftpd import FakeFTPD
    lines = {"LIST": ["-rw-r--r--   1 ftp ftp   12 Jan 01  2024 first",
                      "-rw-r--r--   1 ftp ftp   34 Jan 02  2024 second",
                      "-rw-r--r--   1 ftp ftp   56 Jan 03  2024 third"],
             "NLST": ["first", "second", "third"]}
    for verb, cmd in (("LIST", "ls"), ("NLST", "nlist")):
        body = "".join(l + "\r\n" for l in lines[verb])
        stall = len(body) - len(lines[verb][2]) - 2
        case = "BODY %s %s\nSTALL %s %d\n" % (
            verb, body.replace("\r\n", "\\r\\n"), verb, stall)
        with FakeFTPD(case) as srv:
            home = tempfile.mkdtemp(prefix="jhome.")
            env = dict(os.environ, HOME=home, LANG="C", LC_ALL="C",
                       XDG_CONFIG_HOME=os.path.join(home, ".config"),
                       XDG_STATE_HOME=os.path.join(home, ".state"))
            p = subprocess.Popen([JANGADA] + TLS_OFF + ["-c", "open %s; %s" % (srv.url,
                                                                  cmd)],
                                 stdout=subprocess.PIPE,
                                 stderr=subprocess.PIPE, env=env)
            got, deadline = b"", time.monotonic() + 10
            while got.count(b"\n") < 2 and time.monotonic() < deadline:
                if select.select([p.stdout], [], [], 0.2)[0]:
                    chunk = os.read(p.stdout.fileno(), 4096)
                    if not chunk:
                        break
                    got += chunk
            names = [l.split()[-1] for l in got.decode().splitlines()]
            is_(names, ["first", "second"],
                "%s: the first entries show before the listing ends" % cmd)
            ok(p.poll() is None, "%s: while jangada still waits" % cmd)
            p.send_signal(signal.SIGTERM)
            try:
                p.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                p.communicate()
            ok(p.returncode not in (0, None),
               "%s: an unfinished listing is not a success (rc %r)"
               % (cmd, p.returncode))


def test_listing_dates():
    """ls shows a LIST date as the server wrote it (UTC, as the remote pane
    does), whatever the local time zone: 00:30 on Jan 1 is not Dec 31."""
    from fakeftpd import FakeFTPD
    case = ("BODY LIST -rw-r--r--   1 ftp ftp   12 Jan 01  2024 old\\r\\n"
            "-rw-r--r--   1 ftp ftp   12 Feb 29  2000 leap\\r\\n")
    with FakeFTPD(case) as srv:
        for tz in ("UTC", "America/Sao_Paulo", "Asia/Tokyo"):
            r = jangada(["-c", "open %s; ls" % srv.url], env={"TZ": tz})
            like(r.out, r"(?m) Jan  1  2024 old$", "ls date in TZ=%s" % tz)
            like(r.out, r"(?m) Feb 29  2000 leap$",
                 "ls leap day in TZ=%s" % tz)


def test_local_failure():
    """A download that fails on our side (the file cannot grow: a file size
    limit, as a full disk would) fails at once with the reason, the .part
    kept; it is not retried, since no retry can help."""
    import resource
    import signal
    import subprocess
    from fakeftpd import FakeFTPD
    with FakeFTPD("BODYRANDOM RETR 3000000 4\n") as srv, \
            tempfile.TemporaryDirectory() as d:
        def limit():
            signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
            resource.setrlimit(resource.RLIMIT_FSIZE, (1 << 20, 1 << 20))
        home = tempfile.mkdtemp(prefix="jhome.")
        env = dict(os.environ, HOME=home, LANG="C", LC_ALL="C",
                   XDG_CONFIG_HOME=os.path.join(home, ".config"),
                   XDG_STATE_HOME=os.path.join(home, ".state"))
        t0 = time.monotonic()
        p = subprocess.run([JANGADA] + TLS_OFF + ["-c", "open %s; get f.bin" % srv.url],
                           cwd=d, env=env, preexec_fn=limit,
                           capture_output=True, text=True, timeout=120)
        took = time.monotonic() - t0
        is_(p.returncode, 1, "local failure: exit 1")
        like(p.stderr, r"get: /?f\.bin: .*too large",
             "local failure: the reason is shown")
        is_(len([c for c in srv.commands() if c.startswith("RETR ")]), 1,
            "local failure: RETR sent once, no retry")
        ok(took < 3, "local failure: no retry backoff (%.1f s)" % took)
        ok(os.path.exists(os.path.join(d, ".f.bin.part")) and
           not os.path.exists(os.path.join(d, "f.bin")),
           "local failure: the .part is kept, nothing renamed")


def main():
    root = sampletree.shared()
    test_help()
    test_scripts()
    test_escaped_names()
    test_listing_streams()
    test_listing_dates()
    test_local_failure()
    for cls in (servers.PyFtpd, servers.Vsftpd, servers.InetutilsFtpd):
        for host in ("127.0.0.1",):
            label = "%s %s" % (cls.name, host)
            with tap.skipping(60, label):
                with cls(root, host=host) as srv:
                    test_anon(srv, root, label)
                    test_user(srv, label)


tap.main(main)
