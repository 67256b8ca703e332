"""Browse and copy with the keys, at 80x24 and at 160x48.

jangada starts against pyftpdlib serving the sample tree, the keys walk
into pub/linux/logos/pictures/ (the filter finds each directory, Enter
opens it), Space marks tux-small.png and tux.png, F5 copies them: the
transfers pane says "done" for both, the local pane lists them, and the
files on disk are byte-exact. q quits, the terminal is given back and
no sanitizer report was written. The main screen of each size is printed
as diagnostics (the closing note of issue 6 quotes them).
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
import sampletree
from servers import PyFtpd, sha256_file, workdir
from tuitest import Screen, need_jangada

PICS = "pub/linux/logos/pictures/"


def local_side(screen):
    """The text of the local pane (the right half of the wide layout)."""
    out = []
    for line in screen.split("\n"):
        parts = line.split("\u2502")
        if len(parts) >= 4:
            out.append(parts[2])
    return "\n".join(out)


def enter_dir(s, name, path):
    """Wait for the directory in the listing, filter to it, open it, wait
    for its title (keys typed before the listing arrives would act on the
    one before it)."""
    if not s.waits(re.compile(r"\u2502 %s/ " % re.escape(name)), 15):
        return None
    s.keys("/")
    s.text(name)
    s.keys("Enter", "Enter")
    return s.waits(path, 10)


def browse(w, h, root, sums):
    dl = workdir("tui-dl-")
    with PyFtpd(root) as srv, \
            Screen(["127.0.0.1", srv.port], w, h, cwd=dl) as s:
        what = "%dx%d" % (w, h)
        if s.wait("connected anonymous@127.0.0.1", "%s: connected" % what,
                  15) is None:
            diag(srv.log())
            return
        s.wait(re.compile(r"pub/\s"), "%s: the root listing shows pub/" %
               what)
        path = ""
        for name in ("pub", "linux", "logos", "pictures"):
            path += "/" + name
            if not enter_dir(s, name, path):
                ok(False, "%s: opened %s" % (what, path))
                diag(s.capture())
                return
        ok(True, "%s: walked into %s with the keys" % (what, PICS))
        s.wait("tux-small.png", "%s: the pictures are listed" % what)
        # the filter leaves the four tux files; mark the 2nd and 3rd
        s.keys("/")
        s.text("tux")
        s.keys("Enter")
        s.wait(re.compile(r"/tux 4/\d+"), "%s: the filter shows 4 "
               "entries" % what)
        s.keys("Down", "Space", "Space")
        s.wait("2 marked", "%s: two marked" % what)
        screen = s.capture()
        ok("*tux-small.png" in screen and "*tux.png" in screen,
           "%s: the marks show on tux-small.png and tux.png" % what)
        s.keys("F5")
        done = re.compile(r"tux-small\.png.*done[\s\S]*tux\.png.*done|"
                          r"tux\.png.*done[\s\S]*tux-small\.png.*done")
        if s.wait(done, "%s: the transfers pane says done for both" % what,
                  30) is None:
            diag(srv.log())
        ok(s.waits(lambda_local("tux-small.png", "tux.png"), 10),
           "%s: the local pane lists both files" % what)
        for name in ("tux-small.png", "tux.png"):
            p = os.path.join(dl, name)
            got = sha256_file(p) if os.path.exists(p) else None
            is_(got, sums[PICS + name], "%s: %s is byte-exact" % (what,
                                                                   name))
        ok(not [f for f in os.listdir(dl) if f.endswith(".part")],
           "%s: no .part left" % what)
        s.show("the main screen after F5")
        if w == 80:
            overwrite(s, dl, sums)
        s.keys("Escape")
        s.quit(what)


def overwrite(s, dl, sums):
    """F5 on a file that is already here: the overwrite question."""
    s.keys("Up", "F5")
    s.wait("The target exists", "the overwrite question comes")
    screen = s.settle()
    ok(screen is not None and "[o] Overwrite" in screen and "[s] Skip" in
       screen and "[r] Rename" in screen and "[c] Resume" in screen,
       "it offers overwrite, skip, rename and resume")
    s.keys("a")
    s.wait("[x]", "a ticks 'the same for the rest'")
    s.keys("r")
    ok(s.wait_gone("The target exists", 5), "r answers it")
    renamed = [f for f in os.listdir(dl) if f.startswith("tux.png") and
               f != "tux.png"]
    deadline = time.monotonic() + 15
    while not renamed and time.monotonic() < deadline:
        time.sleep(0.1)
        renamed = [f for f in os.listdir(dl) if f.startswith("tux.png") and
                   f != "tux.png" and not f.endswith(".part")]
    ok(len(renamed) == 1, "the copy went to a new name: %r" % renamed)
    if renamed:
        is_(sha256_file(os.path.join(dl, renamed[0])), sums[PICS +
            "tux.png"], "the renamed copy is byte-exact")
        s.wait(lambda_local(renamed[0]), "the local pane lists %s" %
               renamed[0])
    is_(sha256_file(os.path.join(dl, "tux.png")), sums[PICS + "tux.png"],
        "the first copy is untouched")


class lambda_local:
    """A 'regex' for wait_for: names in the local pane."""

    def __init__(self, *names):
        self.names = names
        self.pattern = "local pane lists %s" % ", ".join(names)

    def search(self, screen):
        side = local_side(screen)
        return all(n in side for n in self.names)


def main():
    need_jangada()
    root = sampletree.shared()
    sums = sampletree.expected_sums()
    browse(80, 24, root, sums)
    browse(160, 48, root, sums)


tap.main(main)
