"""edit and the pager (issue 14) in batch mode against pyftpdlib and
vsftpd: an editor that changes the file (uploaded), one that does not
(not uploaded), a file changed on the server meanwhile (size, then only
the time: refused, the copy kept), a new file, an editor that fails; the
private directory (0700) gone afterwards; less/more/page/pager through
$PAGER."""

import glob
import os
import stat
import tempfile

import tap
from tap import ok, is_, like, diag
from jrun import jangada
import sampletree
import servers


def script(d, name, body):
    p = os.path.join(d, name)
    with open(p, "w") as f:
        f.write("#!/bin/sh\n" + body)
    os.chmod(p, 0o755)
    return p


def test(srv, label):
    wd = srv.write_dir
    pw = getattr(srv, "pw", None)
    url = "ftp://%s:%s@%s:%d/" % (srv.user, srv.password, srv.host,
                                  srv.port)
    target = os.path.join(wd, "notes.txt")

    def put(data, mtime=None):
        with open(target, "wb") as f:
            f.write(data)
        if mtime:
            os.utime(target, (mtime, mtime))
        if pw is not None:
            os.chown(target, pw.pw_uid, pw.pw_gid)

    with tempfile.TemporaryDirectory() as d:
        tmp = os.path.join(d, "tmp")
        os.mkdir(tmp)

        def run(cmds, **env):
            e = {"TMPDIR": tmp, "VISUAL": ""}
            e.update(env)
            return jangada(["-c", "open %s; %s" % (url, cmds)], cwd=d,
                           stdin="", timeout=60, env=e)

        put(b"one\ntwo\n", 1600000000)
        seen = os.path.join(d, "seen")
        ed = script(d, "ed.sh", 'ls -ld "$(dirname "$1")" > %s\n'
                    'printf "three\\n" >> "$1"\n' % seen)
        r = run("edit notes.txt", EDITOR=ed)
        is_(r.rc, 0, "%s: edit with a changing editor: exit 0" % label)
        if r.rc:
            diag(r.err)
        is_(open(target, "rb").read(), b"one\ntwo\nthree\n",
            "%s: the change is uploaded" % label)
        like(open(seen).read(), r"^drwx------ ",
             "%s: the private directory is 0700" % label)
        is_(os.listdir(tmp), [], "%s: and gone afterwards" % label)

        put(b"same\n", 1600000000)
        r = run("edit notes.txt", EDITOR="true")
        is_(r.rc, 0, "%s: an editor that changes nothing: exit 0" % label)
        like(r.err, r"not changed; nothing was uploaded",
             "%s: ... says so" % label)
        is_(os.stat(target).st_mtime, 1600000000,
            "%s: ... and uploads nothing" % label)

        put(b"before\n", 1600000000)
        ed = script(d, "race.sh", 'printf "server\\n" > %s\n'
                    'printf "mine\\n" >> "$1"\n' % target)
        r = run("edit notes.txt", EDITOR=ed)
        is_(r.rc, 1, "%s: changed on the server meanwhile: exit 1" % label)
        like(r.err, r"changed on the server meanwhile; nothing was "
             r"uploaded \(your copy is (\S+)\)", "%s: ... refused" % label)
        is_(open(target, "rb").read(), b"server\n",
            "%s: ... the server's file kept" % label)
        kept = glob.glob(os.path.join(tmp, "jangada-edit-*", "notes.txt"))
        ok(kept and open(kept[0], "rb").read() == b"before\nmine\n",
           "%s: ... the edited copy kept" % label)

        put(b"before\n", 1600000000)
        ed = script(d, "touch.sh", "touch -d 2021-02-03 %s\n"
                    'printf "x" >> "$1"\n' % target)
        r = run("edit notes.txt", EDITOR=ed)
        is_(r.rc, 1, "%s: only the remote time changed: refused" % label)

        new = os.path.join(wd, "new.txt")
        ed = script(d, "new.sh", 'printf "fresh\\n" > "$1"\n')
        r = run("edit new.txt", EDITOR=ed)
        is_(r.rc, 0, "%s: edit of a new file: exit 0" % label)
        ok(os.path.exists(new) and open(new, "rb").read() == b"fresh\n",
           "%s: ... uploaded" % label)

        put(b"keep\n", 1600000000)
        ed = script(d, "fail.sh", 'printf "y" >> "$1"; exit 4\n')
        r = run("edit notes.txt", EDITOR=ed)
        is_(r.rc, 1, "%s: an editor that fails: exit 1" % label)
        is_(open(target, "rb").read(), b"keep\n",
            "%s: ... nothing uploaded" % label)

        r = run("edit notes.txt", EDITOR="true", VISUAL="false")
        is_(r.rc, 1, "%s: $VISUAL comes before $EDITOR" % label)

        for name in ("less", "more", "page", "pager"):
            r = run("%s notes.txt" % name, PAGER="cat")
            is_((r.rc, r.out), (0, "keep\n"),
                "%s: %s FILE through $PAGER" % (label, name))
        r = run("less missing.txt", PAGER="cat")
        is_(r.rc, 1, "%s: the pager on a missing file: exit 1" % label)
        os.unlink(new)


def main():
    root = sampletree.shared()
    for cls in (servers.PyFtpd, servers.Vsftpd):
        with tap.skipping(22, cls.name):
            with cls(root) as srv:
                test(srv, cls.name)


tap.main(main)
