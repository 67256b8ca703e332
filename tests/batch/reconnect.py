"""The browsing session reconnects by itself (issue 15): after the server
drops the control connection (the fake server closing it, pyftpdlib's
idle timeout with its 421), the next command works in the same directory
and jangada says so; a command that was running when the connection
dropped is reported failed and not sent again, except ls and cd, which
are repeated; with set reconnect 0, open with no arguments (Enter on the
screen) lands where the user was."""

import os
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada
from fakeftpd import FakeFTPD
import servers

BODIES = ("BODY LIST -rw-r--r--   1 ftp ftp   12 Jan 01  2024 README\\r\\n\n"
          "BODY RETR \"/pub/README\" hello world\\n\n")


def fake(case, script):
    with FakeFTPD(case + "\n" + BODIES) as srv:
        t0 = time.monotonic()
        r = jangada(["-c", "open %s; set fail-exit off; %s" % (srv.url,
                                                               script)],
                    timeout=60)
        r.secs = time.monotonic() - t0
        cmds = srv.commands()
    return r, cmds


def test_drop_idle_command():
    r, cmds = fake("DROP NOOP#1", "cd /pub; quote NOOP; pwd; ls")
    like(r.err, r"quote: 127\.0\.0\.1 closed the connection",
         "drop: the command that was running is reported failed")
    like(r.err, r"Reconnecting to 127\.0\.0\.1 \(try 1 of 3\)\.\.\.",
         "drop: reconnecting is said")
    like(r.err, r"Reconnected to 127\.0\.0\.1; back in /pub\.",
         "drop: back in the directory, said")
    like(r.out, r"(?m)^/pub$", "drop: the next command works in /pub")
    like(r.out, r"(?m)^-rw-r--r-- .* README$", "drop: ls works afterwards")
    is_(cmds.count("NOOP"), 1, "drop: the failed command is not sent again")
    is_(cmds.count("USER anonymous"), 2, "drop: one reconnection")
    ok(cmds.index("CWD /pub", cmds.index("NOOP")) > cmds.index("NOOP"),
       "drop: CWD to the absolute path after the login")
    ok(0.8 < r.secs < 10, "drop: the first try after about 1 s (%.1f s)"
       % r.secs)


def test_drop_during_ls():
    r, cmds = fake("DROP LIST#1", "cd /pub; ls; pwd")
    is_(r.rc, 0, "ls cut by a drop: repeated after the reconnection, exit 0")
    like(r.out, r"(?m)^-rw-r--r-- .* README$", "ls cut by a drop: listed")
    like(r.out, r"(?m)^/pub$", "ls cut by a drop: still in /pub")
    # Listed from inside /pub (CWD, then LIST with no path: issue 15).
    is_(sum(1 for c in cmds if c.split()[0] == "LIST"), 2,
        "ls cut by a drop: LIST sent twice")


def test_drop_during_cat():
    r, cmds = fake("DROP RETR#1", "cd /pub; cat README; pwd")
    is_(r.rc, 1, "cat cut by a drop: the script fails")
    like(r.err, r"cat: 127\.0\.0\.1 closed the connection",
         "cat cut by a drop: reported failed")
    ok("hello world" not in r.out, "cat cut by a drop: not run again")
    is_(cmds.count("RETR README"), 1, "cat cut by a drop: RETR sent once")
    like(r.out, r"(?m)^/pub$", "cat cut by a drop: the next command works")


def test_gives_up_then_open():
    r, cmds = fake("DROP NOOP#1", "set reconnect 0; cd /pub; quote NOOP; "
                   "pwd; open; pwd")
    like(r.err, r"pwd: not connected", "reconnect 0: no reconnection")
    ok("Reconnecting" not in r.err, "reconnect 0: nothing said of it")
    like(r.out, r"(?m)^/pub$", "open with no arguments lands in /pub")
    ok("CWD /pub" in cmds[cmds.index("NOOP"):],
       "open with no arguments: CWD to where the user was")


def test_server_gone():
    """Every try fails: bounded, spaced, then said."""
    with FakeFTPD("DROP NOOP#1\nREPLY GREETING#2 421 go away\n"
                  "REPLY GREETING#3 421 go away\n"
                  "REPLY GREETING#4 421 go away\n" + BODIES) as srv:
        t0 = time.monotonic()
        r = jangada(["-c", "open %s; set fail-exit off; set reconnect 2; "
                     "quote NOOP; pwd" % srv.url], timeout=60)
        secs = time.monotonic() - t0
    like(r.err, r"try 2 of 2", "server gone: two tries")
    ok("try 3" not in r.err, "server gone: no more")
    like(r.err, r"Could not reconnect to 127\.0\.0\.1", "server gone: said")
    like(r.err, r"pwd: not connected", "server gone: the waiting command "
         "fails")
    ok(2.5 < secs < 15, "server gone: 1 s then 2 s apart (%.1f s)" % secs)


def test_no_reconnection():
    """A close asked for, a refused login, open going elsewhere: no
    reconnection."""
    with FakeFTPD(BODIES) as one, FakeFTPD(BODIES) as two:
        r = jangada(["-c", "open %s; set fail-exit off; open %s; "
                     "!sleep 1.5; pwd; close; ls; !sleep 1.5" %
                     (one.url, two.url)], timeout=60)
        c1, c2 = one.commands(), two.commands()
    is_(c1.count("USER anonymous"), 1, "open elsewhere: the first server "
        "is not reconnected to")
    is_(c2.count("USER anonymous"), 1, "close: no reconnection")
    like(r.err, r"ls: not connected \(use open\)",
         "after close: not connected, said")
    ok("Reconnect" not in r.err, "nothing said of reconnecting")
    with FakeFTPD("LOGIN joe secret\n" + BODIES) as srv:
        r = jangada(["-c", "set fail-exit off; open -u joe,wrong %s; "
                     "!sleep 1.5; pwd" % srv.url], timeout=60)
        cmds = srv.commands()
    is_(cmds.count("USER joe"), 1, "a refused login is not tried again")
    like(r.err, r"pwd: not connected", "refused login: not connected")


def test_pyftpdlib():
    root = servers.workdir("recon-")
    os.mkdir(os.path.join(root, "sub"))
    with open(os.path.join(root, "sub", "f.txt"), "w") as f:
        f.write("x\n")
    with servers.PyFtpd(root, handler={"timeout": 2}) as srv:
        r = jangada(["-c", "open %s; set keepalive 0; cd sub; !sleep 3; "
                     "pwd; ls" % srv.url], timeout=60)
        is_(r.rc, 0, "pyftpdlib killed the session: the script goes on")
        if r.rc:
            diag(r.err[-2000:])
        like(r.err, r"Reconnected to 127\.0\.0\.1; back in /sub\.",
             "pyftpdlib: reconnected, said")
        like(r.out, r"(?m)^/sub$", "pyftpdlib: pwd in the same directory")
        like(r.out, r"(?m)^-rw-r--r-- .* f\.txt$", "pyftpdlib: ls works")


def main():
    test_drop_idle_command()
    test_drop_during_ls()
    test_drop_during_cat()
    test_gives_up_then_open()
    test_server_gone()
    test_no_reconnection()
    with tap.skipping(4, "pyftpdlib"):
        test_pyftpdlib()


tap.main(main)
