"""compare in batch mode (issue 17), against pyftpdlib (MLSD) and vsftpd
(LIST, minute grain): one line per difference seen from the local side,
in name order (+ only local, - only remote, > newer local, < newer
remote, ! the same time but another size; a directory ends in /), the
same file and a directory on both sides not at all, then the counts on
stderr; a local time within the listing's minute is the same time.

With the fake server: one that lists in its own zone but answers MDTM in
UTC (IIS) is compared as mirror compares it (one MDTM, once per
connection); one whose LIST and MDTM agree, or that refuses MDTM, by the
plain rule."""

import os
import tempfile
import time

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import servers
from fakeftpd import FakeFTPD

# a recent time (LIST shows the time of day, not a year), a whole minute
T = (int(time.time()) - 3 * 86400) // 60 * 60


def put(path, data, t):
    with open(path, "w") as f:
        f.write(data)
    os.utime(path, (t, t))


def tree(rdir, ldir):
    for d in (os.path.join(rdir, "common"), os.path.join(rdir, "rdir"),
              os.path.join(ldir, "common"), os.path.join(ldir, "ldir")):
        os.makedirs(d, exist_ok=True)
    put(os.path.join(ldir, "only_local.txt"), "L\n", T)
    put(os.path.join(rdir, "only_remote.txt"), "R\n", T)
    put(os.path.join(ldir, "newer_local.txt"), "new local\n", T + 3600)
    put(os.path.join(rdir, "newer_local.txt"), "old remote\n", T)
    put(os.path.join(ldir, "newer_remote.txt"), "old local\n", T)
    put(os.path.join(rdir, "newer_remote.txt"), "new remote\n", T + 3600)
    put(os.path.join(ldir, "size.txt"), "short\n", T)
    put(os.path.join(rdir, "size.txt"), "much longer\n", T)
    put(os.path.join(ldir, "same.txt"), "same\n", T)
    put(os.path.join(rdir, "same.txt"), "same\n", T)
    # within the listing's minute: the same time to a minute-grained LIST
    put(os.path.join(ldir, "grain.txt"), "g\n", T + 59)
    put(os.path.join(rdir, "grain.txt"), "g\n", T)


def run(cls, label):
    root = tempfile.mkdtemp(prefix="cmp-root-")
    with cls(root) as srv, tempfile.TemporaryDirectory() as ldir, \
            tempfile.TemporaryDirectory() as home:
        rdir = os.path.join(srv.write_dir, "c")
        tree(rdir, ldir)
        servers.chown_tree(rdir, getattr(srv, "pw", None))
        url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                      srv.port)
        r = jangada(["-c", "open %s; cd c; compare" % url], cwd=ldir,
                    home=home, stdin="", timeout=30)
        is_(r.rc, 0, "%s: compare exits 0" % label)
        is_(r.out.splitlines(), ["+ ldir/", "> newer_local.txt",
                                 "< newer_remote.txt", "+ only_local.txt",
                                 "- only_remote.txt", "- rdir/",
                                 "! size.txt"],
            "%s: a line per difference, letter and name" % label)
        ok("compare: only local 2, only remote 2, newer local 1, newer "
           "remote 1, another size 1, the same 3" in r.err,
           "%s: the counts" % label) or diag(r.err)
        r = jangada(["-c", "compare"], cwd=ldir, home=home, stdin="",
                    timeout=30)
        ok(r.rc != 0 and "not connected" in r.err,
           "%s: not connected: it fails and says so" % label)


def zone_case(ahead, mdtm=True):
    """A fake server listing f (10 bytes) `ahead` seconds off its MDTM
    answer (UTC); mdtm False: MDTM refused (502) and not in FEAT."""
    t = (int(time.time()) - 3 * 86400) // 60 * 60 + 17
    case = ("FEATURES EPSV,PASV,SIZE,%sREST STREAM\n" %
            ("MDTM," if mdtm else "") +
            "MDTMTIME %s\n" % time.strftime("%Y%m%d%H%M%S", time.gmtime(t)) +
            "BODY RETR \"/f\" 0123456789\n"
            "BODY RETR \"/g\" 01234\n"
            "BODY LIST -rw-r--r-- 1 u g 10 %s f\\r\\n"
            "-rw-r--r-- 1 u g 5 %s g\\r\\n\n"
            % (time.strftime("%b %d %H:%M", time.gmtime(t + ahead)),
               time.strftime("%b %d %H:%M", time.gmtime(t + ahead))))
    if not mdtm:
        case += "REPLY MDTM 502 Command not implemented.\n"
    return t, case


def zone_run(case, ldir, line):
    with FakeFTPD(case) as srv:
        r = jangada(["-c", "open 127.0.0.1 %d; %s" % (srv.port, line)],
                    cwd=ldir, stdin="", timeout=30)
        srv.wait_closed(5)
        mdtm = [c for c in srv.commands() if c.startswith("MDTM")]
    return r, mdtm


def test_zone():
    """LIST three hours ahead of MDTM (UTC): the local f has the MDTM
    time, g (another size) a time of its own. compare finds f the same,
    as mirror does, asking one MDTM for both in one connection."""
    t, case = zone_case(3 * 3600)
    with tempfile.TemporaryDirectory() as ldir:
        put(os.path.join(ldir, "f"), "0123456789", t)
        put(os.path.join(ldir, "g"), "0123456", t)
        r, mdtm = zone_run(case, ldir, "compare; compare; mirror --dry-run "
                           "/ .")
        is_(r.rc, 0, "zone: compare, compare, mirror exit 0") or \
            diag(r.err[-1500:])
        is_(r.out.splitlines(), ["! g", "! g"],
            "zone: f is the same to compare (g another size)")
        is_(r.err.count("compare: only local 0, only remote 0, newer "
            "local 0, newer remote 0, another size 1, the same 1"), 2,
            "zone: compare's counts, twice") or diag(r.err)
        like(r.err, r"compare: the server lists times \+3:00 from UTC",
             "zone: the offset is said")
        ok("plan: 0 to get, 1 to update" in r.err and "1 unchanged" in r.err,
           "zone: mirror agrees: only g to update") or diag(r.err)
        is_(len(mdtm), 1, "zone: one MDTM for the connection") or \
            diag(repr(mdtm))


def test_zone_agree():
    """LIST and MDTM agree (UTC) and the local f is three hours older:
    one MDTM, nothing said, f newer there as before."""
    t, case = zone_case(0)
    with tempfile.TemporaryDirectory() as ldir:
        put(os.path.join(ldir, "f"), "0123456789", t - 3 * 3600)
        r, mdtm = zone_run(case, ldir, "compare")
        is_(r.rc, 0, "zone, agreeing: exit 0") or diag(r.err[-1500:])
        is_(r.out.splitlines(), ["< f", "- g"],
            "zone, agreeing: f newer there")
        ok("lists times" not in r.err, "zone, agreeing: no offset said")
        is_(len(mdtm), 1, "zone, agreeing: one MDTM")


def test_zone_refused():
    """MDTM refused (502, not in FEAT): the plain rule, nothing wrong
    said, exit 0."""
    t, case = zone_case(3 * 3600, mdtm=False)
    with tempfile.TemporaryDirectory() as ldir:
        put(os.path.join(ldir, "f"), "0123456789", t)
        r, mdtm = zone_run(case, ldir, "compare; compare")
        is_(r.rc, 0, "zone, no MDTM: exit 0") or diag(r.err[-1500:])
        is_(r.out.splitlines(), ["< f", "- g", "< f", "- g"],
            "zone, no MDTM: the plain rule (f newer there)")
        ok("502" not in r.err and "error" not in r.err.lower() and
           "lists times" not in r.err, "zone, no MDTM: nothing wrong said")\
            or diag(r.err)
        ok(len(mdtm) <= 1, "zone, no MDTM: not asked again")


def test_links():
    """Symbolic links on either side get @, once a name, and a count:
    compare does not follow them (mirror follows, keeps or skips them by
    --symlinks)."""
    t, case = zone_case(0)
    lst = time.strftime("%b %d %H:%M", time.gmtime(t))
    case = case.replace("BODY LIST ", "BODY LIST lrwxrwxrwx 1 u g 1 %s "
                        "rlink -> f\\r\\nlrwxrwxrwx 1 u g 1 %s both -> f"
                        "\\r\\n" % (lst, lst))
    with tempfile.TemporaryDirectory() as ldir:
        put(os.path.join(ldir, "f"), "0123456789", t)
        put(os.path.join(ldir, "g"), "01234", t)
        os.symlink("f", os.path.join(ldir, "llink"))
        os.symlink("f", os.path.join(ldir, "both"))
        r, mdtm = zone_run(case, ldir, "compare")
        is_(r.rc, 0, "links: exit 0") or diag(r.err[-1500:])
        is_(r.out.splitlines(), ["@ both", "@ llink", "@ rlink"],
            "links: @ for a link on either side, once a name")
        ok("compare: symbolic links, not compared (mirror: --symlinks): 3"
           in r.err and "the same 2" in r.err, "links: counted apart") or \
            diag(r.err)


def main():
    test_links()
    test_zone()
    test_zone_agree()
    test_zone_refused()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(4, cls.name):
            run(cls, cls.name)


tap.main(main)
