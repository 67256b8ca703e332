"""The keys of the panes and the dialogs, at 80x24 and at 160x48.

Against pyftpdlib serving the sample tree: the incremental filter (/),
the sort (s, S), the help overlay (?: every key and the commands of the
command table), the viewer (F3 on a file, v on the README the status
line offers). Then, logged in as a user (the password dialog, no echo:
the password is never on the screen nor in the history file), in the
user's writable home: F7 asks a name and makes the directory, F8 asks
before deleting (n keeps the file, y deletes it). In the local pane, F5
uploads (the remote listing follows), F7 makes a local directory and F8
deletes a local file.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import sampletree
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada


def listing_rows(s, first, last):
    """The remote pane's entries between two screen rows (wide layout)."""
    out = []
    for line in s.lines()[first:last]:
        parts = line.split("\u2502")
        if len(parts) >= 3:
            out.append(parts[1].strip())
    return out


def test_browse_keys(s):
    s.command("cd pub/linux/logos/pictures")
    s.wait("pictures", "cd by the command line")
    s.wait("tux.ppm")
    # the filter
    s.keys("/")
    s.text("tux")
    s.wait(re.compile(r"/tux_ 4/8"), "the filter counts as it is typed")
    s.keys("Enter")
    s.wait(re.compile(r"/tux 4/8"), "Enter keeps the filter")
    screen = s.settle()
    ok(screen is not None and "INDEX" not in screen and
       "tux-small.png" in screen, "only the matching names are shown")
    s.keys("Escape")
    s.wait("INDEX", "Esc clears the filter")
    # the sort
    s.keys("s")
    s.wait("[size", "s sorts by size")
    rows = [r for r in listing_rows(s, 1, 10) if r]
    ok(len(rows) > 2 and rows[1].startswith("tux.ppm"),
       "the largest file comes first: %r" % rows[:3])
    s.keys("S")
    s.wait("[size\u2191]", "S reverses the order")
    rows = [r for r in listing_rows(s, 1, 10) if r]
    ok(len(rows) > 2 and rows[1].startswith("README"),
       "the smallest file comes first: %r" % rows[:3])
    s.keys("s")
    s.wait("[date", "s again sorts by date")
    s.keys("s")
    s.waits(lambda_gone("[name"))
    # the help overlay
    s.keys("?")
    s.wait("jangada help", "? opens the help")
    s.wait("Ctrl-C", "the help starts with the screen's keys")
    # at 80x24 the file pane's keys come a page down (the table, by
    # context)
    seen = s.settle()
    for _ in range(3):
        if s.waits("F8, Delete", 1.0):
            break
        s.keys("PageDown")
        seen += s.settle()
    s.wait("F8, Delete", "the help lists the keys")
    screen = seen + s.settle()
    ok(screen is not None and "F5" in screen and "Backspace" in screen,
       "F5, F8, Backspace...")
    s.keys("End")
    s.wait("view-limit", "the help ends with the commands and options")
    screen = s.settle()
    ok(screen is not None and "help" in screen,
       "the commands of the table are in the help")
    s.keys("g")
    s.keys("q")
    ok(s.wait_gone("jangada help", 5), "q closes the help")
    s.keys("F1")
    s.wait("jangada help", "F1 opens the help too")
    s.keys("Escape")
    ok(s.wait_gone("jangada help", 5), "Esc closes it")
    # the viewer
    s.wait("v: view README", "the status line offers the README")
    s.keys("v")
    s.wait("Tux was drawn by Larry Ewing", "v shows the README")
    s.keys("q")
    ok(s.wait_gone("Tux was drawn", 5), "q closes the viewer")
    s.keys("Home", "Down")      # INDEX
    s.keys("F3")
    s.wait("Pictures of Tux, the Linux penguin.",
           "F3 views the file under the cursor")
    screen = s.settle()
    ok(screen is not None and "lines 1-" in screen,
       "the viewer says which lines it shows")
    s.keys("F3")
    ok(s.wait_gone("Pictures of Tux,", 5), "F3 closes the viewer")


def test_user_dialogs(s, srv):
    home = srv.write_dir
    for name in ("keep.txt", "victim.txt"):
        with open(os.path.join(home, name), "w") as f:
            f.write("%s\n" % name)
    s.command("close")
    s.wait("not connected", "close")
    s.keys(":")
    s.text("open ftp://%s@127.0.0.1:%d/" % (srv.user, srv.port))
    s.keys("Enter")
    s.wait("Password for %s@127.0.0.1" % srv.user,
           "the password dialog opens")
    s.text(srv.password)
    time.sleep(0.3)
    screen = s.capture()
    ok(srv.password not in screen and "*" * len(srv.password) not in screen,
       "the password is not shown as it is typed")
    s.keys("Enter")
    s.keys("Escape")
    s.wait("connected %s@127.0.0.1" % srv.user, "logged in as the user")
    s.wait("victim.txt", "the home directory is listed")
    # F7: mkdir with a name
    s.keys("F7")
    s.wait("Make a directory", "F7 asks for a name")
    s.text("made by F7")
    s.keys("Enter")
    s.wait("made by F7/", "the new directory is listed")
    ok(os.path.isdir(os.path.join(home, "made by F7")),
       "the directory exists on the server")
    # F8: asks; n keeps, y deletes
    s.keys("/")
    s.text("victim")
    s.keys("Enter")
    s.keys("F8")
    s.wait(re.compile(r"Delete 1 item on the remote\s+side\?"),
           "F8 asks before deleting")
    s.wait("victim.txt")
    s.keys("n")
    ok(s.wait_gone("Delete 1 item", 5), "n closes the question")
    time.sleep(0.5)
    ok(os.path.exists(os.path.join(home, "victim.txt")),
       "n keeps the file")
    s.keys("F8")
    s.wait("Delete 1 item", "F8 asks again")
    s.keys("y")
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and \
            os.path.exists(os.path.join(home, "victim.txt")):
        time.sleep(0.05)
    ok(not os.path.exists(os.path.join(home, "victim.txt")),
       "y deletes the file on the server")
    s.keys("Escape")
    ok(s.wait_gone("victim.txt", 10), "the listing no longer shows it")
    ok(os.path.exists(os.path.join(home, "keep.txt")),
       "the other file is still there")
    # the local pane: F5 uploads, F7 makes a local directory, F8 deletes
    dl = s.cwd
    with open(os.path.join(dl, "upload-me.txt"), "w") as f:
        f.write("uploaded by F5\n")
    s.keys("Tab", "r")
    s.wait("upload-me.txt", "the local pane lists a new file after r")
    s.keys("/")
    s.text("upload")
    s.keys("Enter", "F5")
    up = os.path.join(home, "upload-me.txt")
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and not (os.path.exists(up) and
                                               os.path.getsize(up) == 15):
        time.sleep(0.05)
    ok(os.path.exists(up) and open(up).read() == "uploaded by F5\n",
       "F5 in the local pane uploads the file")
    ok(s.waits(re.compile(r"^\u2502 upload-me\.txt", re.M), 10),
       "the remote pane lists the upload")
    s.keys("Escape", "F7")
    s.wait("Name of the new local directory", "F7 in the local pane")
    s.text("local dir")
    s.keys("Enter")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and \
            not os.path.isdir(os.path.join(dl, "local dir")):
        time.sleep(0.05)
    ok(os.path.isdir(os.path.join(dl, "local dir")),
       "the local directory is made (lmkdir)")
    s.keys("/")
    s.text("upload")
    s.keys("Enter", "F8")
    s.wait(re.compile(r"Delete 1 item on the local\s+side\?"),
           "F8 in the local pane asks")
    s.keys("y")
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and \
            os.path.exists(os.path.join(dl, "upload-me.txt")):
        time.sleep(0.05)
    ok(not os.path.exists(os.path.join(dl, "upload-me.txt")),
       "y deletes the local file")
    s.keys("Escape", "BTab")
    hist = os.path.join(s.home, ".local", "state", "jangada", "history")
    text = open(hist).read() if os.path.exists(hist) else ""
    ok(srv.password not in text, "the password is not in the history")


class lambda_gone:
    """A 'regex' for wait_for: text no longer on the screen."""

    def __init__(self, text):
        self.text = text
        self.pattern = "%r gone" % text

    def search(self, screen):
        return self.text not in screen


def main():
    need_jangada()
    root = sampletree.shared()
    for w, h in ((80, 24), (160, 48)):
        diag("---- %dx%d ----" % (w, h))
        dl = workdir("tui-keys-")
        with PyFtpd(root) as srv, \
                Screen(["127.0.0.1", srv.port], w, h, cwd=dl) as s:
            if s.wait("connected anonymous@127.0.0.1", "connected",
                      15) is None:
                return
            test_browse_keys(s)
            test_user_dialogs(s, srv)
            s.quit("keys %dx%d" % (w, h))


tap.main(main)
