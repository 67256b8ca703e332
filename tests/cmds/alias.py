"""Aliases (issue 14) in batch mode: alias NAME TEXT (saved in the config,
mode 0600, other lines kept), alias alone lists, alias NAME shows one,
unalias removes (from the config too), expansion before lookup, one level
only (no loop), an alias with a pipe, alias lines in a config file
written by hand, help lists them, bad names refused; against pyftpdlib
for a remote command."""

import os
import stat
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import sampletree
import servers


def main():
    home = tempfile.mkdtemp(prefix="jhome.")
    conf_dir = os.path.join(home, ".config", "jangada")
    conf = os.path.join(conf_dir, "config")
    os.makedirs(conf_dir)
    with open(conf, "w") as f:
        f.write("# mine\nset timeout 20\n")
    with tempfile.TemporaryDirectory() as d:
        def run(cmds, **kw):
            return jangada(["-c", cmds], cwd=d, home=home, stdin="", **kw)

        r = run("alias hi !echo hello; hi world")
        is_((r.rc, r.out), (0, "hello world\n"),
            "alias NAME TEXT...: defined and expanded with the rest")
        text = open(conf).read()
        ok(text.startswith("# mine\nset timeout 20\n") and
           "alias hi '!echo hello'\n" in text,
           "saved in the config, the other lines kept")
        is_(stat.S_IMODE(os.stat(conf).st_mode), 0o600, "config mode 0600")
        r = run("hi again")
        is_(r.out, "hello again\n", "the saved alias loads in a new run")
        r = run("alias lpwd 'lpwd; !echo never'")
        r = run("alias lpwd \"lpwd\"; lpwd")
        is_((r.rc, r.out.strip()), (0, d), "an alias named as its own "
            "command runs the command (one level, no loop)")
        r = run("alias loopa loopb; alias loopb loopa; loopa")
        is_(r.rc, 2, "aliases naming each other: one level, then unknown")
        r = run("alias lst 'lls | wc -l'; lst")
        is_((r.rc, r.out.strip()), (0, "0"), "an alias holding a pipe")
        r = run("alias")
        like(r.out, r"(?m)^alias hi '!echo hello'$", "alias alone lists")
        r = run("alias hi")
        is_(r.out, "alias hi '!echo hello'\n", "alias NAME shows one")
        r = run("help")
        like(r.out, r"Aliases: .*hi \(!echo hello\)", "help lists them")
        r = run("alias o open ftp://u:sw0rdf1sh@127.0.0.1:1/")
        is_(r.rc, 2, "an alias holding a password: refused")
        ok("sw0rdf1sh" not in open(conf).read(), "... and not saved")
        r = run("alias 'bad name' x")
        is_(r.rc, 2, "a bad alias name: exit 2")
        r = run("unalias hi; hi")
        is_(r.rc, 2, "unalias: the name is unknown again")
        ok("alias hi" not in open(conf).read(), "... and gone from the "
           "config")
        r = run("unalias nothere")
        is_(r.rc, 1, "unalias of no alias: exit 1")
        r = run("alias nothere")
        is_(r.rc, 1, "alias NAME of no alias: exit 1")
        with open(conf, "a") as f:
            f.write("alias byhand 'lpwd'\nalias broken\n")
        r = run("byhand")
        is_((r.rc, r.out.strip()), (0, d), "an alias line written by hand")
        like(r.err, r"config:\d+: usage: alias NAME TEXT",
             "a bad alias line is reported with its file and line")
        r = jangada(["-n", "-c", "byhand"], cwd=d, home=home, stdin="")
        is_(r.rc, 2, "-n: no config, no aliases")
        # The expansion goes through the argument spec like a typed line
        open(os.path.join(d, ".hid"), "w").close()
        r = run("alias l1 lls -1; l1 -a")
        ok(r.rc == 0 and ".hid" in r.out.split(),
           "an alias with options, more options typed after it")
        r = run("alias la 'lls -1a'; la | grep -c hid")
        is_((r.rc, r.out.strip()), (0, "1"),
            "an alias with bundled options, piped")
        r = run("alias lx 'lls -x'; lx")
        is_(r.rc, 2, "an alias whose option is unknown: exit 2")
        like(r.err, r"lls: unknown option -x\n.*usage: lls ",
             "... the expanded command's usage line")
        log = os.path.join(d, "log")
        r = jangada(["--log=" + log, "-c", "alias lg 'lls -1'; lg"],
                    cwd=d, home=home, stdin="")
        text = open(log).read()
        ok("command: lls -1" in text and "alias lg" not in text,
           "the log has the expanded line, never the alias line")

        root = sampletree.shared()
        with tap.skipping(1, "pyftpdlib"):
            with servers.PyFtpd(root) as srv:
                r = run("alias dirs 'find pub -type d'; open %s; dirs"
                        % srv.url)
                like(r.out, r"(?m)^pub/linux/logos$",
                     "an alias of a remote command with options")
    tap.done()


tap.main(main)
