"""The transfer queue against real servers, pyftpdlib and vsftpd: a
recursive download of the sample tree with 1, 2 and 4 connections gives the
same files (SHA-256) and the same tree (times printed for the closing
note); a listing and a cd on a browsing session answer while a large
download runs; a server that allows one connection per address still
completes every job with 4 configured; a tree uploaded and downloaded back
with a user login is byte-exact."""

import os
import shutil

import tap
from tap import ok, is_, like, diag
import sampletree
import servers
from xqlib import xq, sanitizer_trouble

MiB = 1024 * 1024
N_TREE = 3 * 5 + 1
N_BROWSE = 5
N_ONE = 4
N_UP = 6
N_SRV = N_TREE + N_BROWSE + N_ONE + N_UP


def tree_dirs(root):
    """The directories under root (relative), links left out."""
    out = set()
    for d, dirs, files in os.walk(root):
        for n in dirs:
            p = os.path.join(d, n)
            if not os.path.islink(p):
                out.add(os.path.relpath(p, root))
    return out


def links_or_parts(root):
    bad = []
    for d, dirs, files in os.walk(root):
        for n in dirs + files:
            p = os.path.join(d, n)
            if os.path.islink(p) or n.endswith(".part"):
                bad.append(os.path.relpath(p, root))
    return bad


def login(srv, user=False):
    if user:
        return "server %s %d %s %s" % (srv.host, srv.port, srv.user,
                                       srv.password)
    return "server %s %d" % (srv.host, srv.port)


def check_run(r, label):
    if r.rc != 0 or sanitizer_trouble(r):
        diag("%s: rc %d\n%s" % (label, r.rc, r.err[-3000:]))


def test_tree(srv, label, sample):
    want = sampletree.expected_sums()
    dirs = tree_dirs(sample)
    nbytes = sum(os.path.getsize(os.path.join(sample, p)) for p in want)
    for n in (1, 2, 4):
        d = servers.workdir("xq-tree-")
        r = xq([login(srv), "set parallel %d" % n, "get -r / %s tree" % d,
                "wait", "stats"], timeout=600)
        check_run(r, label)
        got = os.path.join(d, "tree")
        secs = r.t(1, "done") / 1000.0 if r.t(1, "done") else -1
        diag("%s: recursive download of the sample tree (%d files, %d "
             "bytes, %d directories) with %d connection%s: %.2f s" % (
                 label, len(want), nbytes, len(dirs), n,
                 "" if n == 1 else "s", secs))
        ok(r.rc == 0 and r.state(1) == "done", "%s, %d connection(s): the "
           "tree job is done" % (label, n))
        sums = servers.tree_sums(got)
        ok(sums == want, "%s, %d connection(s): the same %d files, SHA-256 "
           "equal" % (label, n, len(want)))
        if sums != want:
            diag("missing %s\nextra %s\ndiffer %s" % (
                sorted(set(want) - set(sums))[:10],
                sorted(set(sums) - set(want))[:10],
                [p for p in want if p in sums and sums[p] != want[p]][:10]))
        is_(tree_dirs(got), dirs, "%s, %d connection(s): the same "
            "directories (the empty one too)" % (label, n))
        is_(links_or_parts(got), [], "%s, %d connection(s): no symlink "
            "followed or made, no .part left" % (label, n))
        is_(r.stats().get("done"), len(want), "%s, %d connection(s): stats "
            "count every file" % (label, n))
        if n == 4:
            ok(os.stat(os.path.join(got, "pub/linux/README")).st_mtime ==
               os.stat(os.path.join(sample, "pub/linux/README")).st_mtime,
               "%s: the time kept from MDTM" % label)
        shutil.rmtree(d, ignore_errors=True)


def big_root():
    root = servers.workdir("xq-big-")
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(os.urandom(48 * MiB))
    os.mkdir(os.path.join(root, "sub"))
    os.chmod(os.path.join(root, "sub"), 0o755)
    for i in range(20):
        with open(os.path.join(root, "sub", "f%02d" % i), "w") as f:
            f.write("file %d\n" % i)
    for d, dirs, files in os.walk(root):
        for n in files:
            os.chmod(os.path.join(d, n), 0o644)
    return root


def test_browse(Server, label, root):
    with Server(root) as srv:
        d = servers.workdir("xq-browse-")
        r = xq([login(srv), "set rate %d" % (12 * MiB),
                "get --no-time /big.bin %s" % d, "sleep 500",
                "browse open", "browse cd /sub", "browse ls /sub",
                "browse wait", "wait", "list"], timeout=120)
        check_run(r, label)
        done = r.t(1, "done")
        okls, tls, nls = r.browse("ls")
        okcd, tcd, _ = r.browse("cd")
        diag("%s: browsing during a 48 MiB download at 12 MiB/s: login+cd "
             "answered at %s ms, ls at %s ms, the download done at %s ms" %
             (label, tcd, tls, done))
        ok(okcd and okls and nls == "20", "%s: cd and ls on the browsing "
           "session while the download runs (%s entries)" % (label, nls))
        ok(tls is not None and done is not None and tls < done,
           "%s: the listing completes before the download does" % label)
        ok(tls is not None and tls - 500 < 2000, "%s: ... promptly (%s ms "
           "after the browsing started)" % (label, tls - 500 if tls else
                                             None))
        is_(r.state(1), "done", "%s: the download is done" % label)
        ok(servers.sha256_file(os.path.join(d, "big.bin")) ==
           servers.sha256_file(os.path.join(root, "big.bin")),
           "%s: SHA-256 equal" % label)
        shutil.rmtree(d, ignore_errors=True)


def test_one_conn(srv, label, sample):
    want = {p[len("pub/linux/"):]: s for p, s in
            sampletree.expected_sums().items() if p.startswith("pub/linux/")}
    d = servers.workdir("xq-one-")
    r = xq([login(srv), "set parallel 4", "get -r /pub/linux %s" % d,
            "wait", "list", "stats"], timeout=300)
    check_run(r, label)
    ok(r.rc == 0 and r.state(1) == "done", "%s, one connection per "
       "address, parallel 4: every job done" % label)
    is_(servers.tree_sums(os.path.join(d, "linux")), want, "%s: the files "
        "are right" % label)
    like(r.err, r"\] < 421 ", "%s: the server did refuse more (421)" % label)
    is_(r.stats().get("failed"), 0, "%s: nothing failed" % label)
    shutil.rmtree(d, ignore_errors=True)


def test_upload(srv, label):
    src = servers.workdir("xq-up-")
    want = servers.make_tree(src, seed=5)
    t_src = os.path.join(src, "bin", "random-1000.bin")
    os.utime(t_src, (1234567890, 1234567890))
    r = xq([login(srv, True), "set parallel 3", "put -r %s up" % src,
            "wait", "stats"], timeout=300)
    check_run(r, label)
    ok(r.rc == 0 and r.state(1) == "done", "%s: recursive upload done" %
       label)
    is_(servers.tree_sums(os.path.join(srv.write_dir, "up")), want,
        "%s: the uploaded tree is byte-exact" % label)
    is_(r.stats().get("done"), len(want), "%s: stats count every file" %
        label)
    if "MFMT" in r.err:
        ok(os.stat(os.path.join(srv.write_dir, "up", "bin",
                                "random-1000.bin")).st_mtime == 1234567890,
           "%s: the time set with MFMT" % label)
    else:
        ok("MFMT" not in r.err, "%s: no MFMT offered, none sent" % label)
    d = servers.workdir("xq-back-")
    r = xq([login(srv, True), "set parallel 2", "get -r up %s back" % d,
            "wait"], timeout=300)
    check_run(r, label)
    ok(r.rc == 0 and r.state(1) == "done", "%s: downloaded back" % label)
    is_(servers.tree_sums(os.path.join(d, "back")), want, "%s: the round "
        "trip is byte-exact (names with spaces, UTF-8, empty files)" % label)
    shutil.rmtree(d, ignore_errors=True)
    shutil.rmtree(src, ignore_errors=True)


def main():
    sample = sampletree.shared()
    root = big_root()
    for Server, label, one in (
            (servers.PyFtpd, "pyftpdlib",
             lambda: servers.PyFtpd(sample, server={"max_cons_per_ip": 1})),
            (servers.Vsftpd, "vsftpd",
             lambda: servers.Vsftpd(sample, max_per_ip=1))):
        with tap.skipping(N_SRV, label):
            with Server(sample) as srv:
                test_tree(srv, label, sample)
            test_browse(Server, label, root)
            with one() as srv:
                test_one_conn(srv, label + " (1 per address)", sample)
            with Server(sample) as srv:
                test_upload(srv, label)
    shutil.rmtree(root, ignore_errors=True)


tap.main(main)
