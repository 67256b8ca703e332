"""mirror and verify on the screen (issue 17).

- `mirror --delete t` with local files gone upstream: the counted plan
  is asked in a dialog; n changes nothing, y deletes them and fetches
  what is new.
- the queue pane shows the mirror as one row with its totals (files,
  bytes, done, skipped, deleted, failed), not its file rows.
- set verify auto: after `get good.iso` (SHA256SUMS beside it) the
  transfer's row says "verified sha256"; after `get bad.iso` (a wrong
  digest) it says "sha256 mismatch" and the file stays a .part.
"""

import hashlib
import os
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada, wait_file


def main():
    need_jangada()
    root = workdir("tui-mirror-root-")
    home = workdir("tui-home-")
    env = {"HOME": home, "XDG_STATE_HOME": os.path.join(home, ".state"),
           "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    with PyFtpd(root) as srv:
        t = os.path.join(srv.write_dir, "t")
        os.makedirs(os.path.join(t, "a"))
        good, bad = b"good " * 1000, b"bad " * 1000
        for rel, data in (("a/new.txt", b"new\n"), ("good.iso", good),
                          ("bad.iso", bad)):
            with open(os.path.join(t, rel), "wb") as f:
                f.write(data)
        with open(os.path.join(t, "SHA256SUMS"), "w") as f:
            f.write("%s  good.iso\n%s  bad.iso\n" %
                    (hashlib.sha256(good).hexdigest(),
                     hashlib.sha256(b"not bad").hexdigest()))
        wd = workdir("tui-mirror-")
        loc = os.path.join(wd, "t")
        os.makedirs(os.path.join(loc, "gone"))
        for rel in ("old.txt", "gone/x"):
            with open(os.path.join(loc, rel), "w") as f:
                f.write("stale\n")
        url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                             srv.port)
        with Screen([url], 120, 30, env=env, cwd=wd) as s:
            if s.wait("connected %s@127.0.0.1" % srv.user, "connected",
                      15) is None:
                return
            s.command("set verify off")
            s.keys(":")
            s.text("mirror --delete --exclude '*.iso' t")
            s.keys("Enter")
            s.wait("Mirror: delete 3 local files and directories?",
                   "mirror --delete: the counted plan is asked")
            s.keys("n")
            time.sleep(0.5)
            ok(os.path.exists(os.path.join(loc, "old.txt")) and
               not os.path.exists(os.path.join(loc, "a", "new.txt")),
               "n: nothing deleted, nothing fetched")
            s.text("mirror --delete --exclude '*.iso' t")
            s.keys("Enter")
            s.wait("Mirror: delete 3 local files and directories?",
                   "asked again")
            s.keys("y")
            ok(wait_file(os.path.join(loc, "a", "new.txt"), 4, 15),
               "y: the new file is fetched")
            ok(not os.path.exists(os.path.join(loc, "old.txt")) and
               not os.path.exists(os.path.join(loc, "gone")),
               "y: what is gone upstream is deleted")
            s.wait("mirror /t: files 2, 153 B of 153 B, done 2, skipped 0, "
                   "deleted 3, failed 0",
                   "the queue pane shows the mirror as one tree row with "
                   "its totals")
            ok("a/new.txt" not in s.capture(),
               "the tree's file rows are not listed one by one")
            s.keys("Escape")
            s.command("set verify auto")
            s.command("cd t")
            # As a user does: the next command once the listing is there
            # (an Escape typed ahead while cd runs would stop it).
            s.waits("good.iso", 10)
            s.command("get good.iso")
            s.wait("good.iso  \u2713 verified sha256",
                   "verify auto: the row says verified", 15)
            s.command("get bad.iso")
            s.wait("bad.iso  \u2717 sha256 mismatch",
                   "verify auto: the row says mismatch", 15)
            time.sleep(0.3)
            ok(os.path.exists(os.path.join(wd, ".bad.iso.part")) and
               not os.path.exists(os.path.join(wd, "bad.iso")),
               "verify auto: the bad download is not committed")
            s.show("the rows with their checks")
            s.keys("Escape")
            s.quit("mirror")


tap.main(main)
