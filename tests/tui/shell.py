"""The shell and edit from the screen (issue 14): "!CMD" suspends the screen, the
command's output stays until Enter, and the screen comes back whole; "!"
alone runs a shell that gets Ctrl-C for itself (its own foreground
group), and "exit" brings the screen back; "ls | CMD" the same way.
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


def main():
    need_jangada()
    root = sampletree.shared()
    home = workdir("tui-home-")
    env = {"HOME": home, "SHELL": "/bin/sh",
           "XDG_STATE_HOME": os.path.join(home, ".state"),
           "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    with PyFtpd(root) as srv:
        with Screen(["127.0.0.1", srv.port], 80, 24, env=env,
                    cwd=workdir("tui-shell-")) as s:
            if s.wait("connected anonymous@127.0.0.1", "connected",
                      15) is None:
                return
            s.keys(":")
            s.text("!echo shell-says-$((6*7))")
            s.keys("Enter")
            s.wait("shell-says-42", "!CMD: its output on the terminal")
            s.wait("Press Enter to return", "... kept until Enter")
            s.keys("Enter")
            s.wait("connected anonymous@127.0.0.1",
                   "the screen comes back after Enter")
            s.keys("Escape")
            s.keys(":")
            s.text("!")
            s.keys("Enter")
            time.sleep(0.5)
            s.text("echo in-the-shell-$((2+3))")
            s.keys("Enter")
            s.wait("in-the-shell-5", "! alone: a shell")
            s.keys("C-c")
            time.sleep(0.3)
            s.text("echo still-here")
            s.keys("Enter")
            s.wait("still-here", "Ctrl-C goes to the shell, not jangada")
            s.resize(100, 30)       # while the shell has the terminal
            time.sleep(0.3)
            s.text("exit")
            s.keys("Enter")
            s.wait("connected anonymous@127.0.0.1",
                   "exit: the screen comes back")
            time.sleep(0.5)
            top = s.lines()[0].rstrip()
            is_(len(top), 100, "a resize while the child had the terminal "
                "is laid out after it")
            s.keys("Escape")
            s.keys(":")
            s.text("ls pub | wc -l")
            s.keys("Enter")
            s.wait("Press Enter to return", "ls | CMD on the screen")
            s.wait(re.compile(r"(?m)^\s*7\s*$"),
                   "... the command's output went to the pipe")
            s.keys("Enter")
            s.wait("connected anonymous@127.0.0.1", "... and back")
            s.keys("Escape")
            s.quit("shell")
        # edit: the editor gets the terminal, the change is uploaded
        target = os.path.join(srv.write_dir, "notes.txt")
        with open(target, "w") as f:
            f.write("one\n")
        ed = os.path.join(home, "ed.sh")
        with open(ed, "w") as f:
            f.write('#!/bin/sh\nprintf "editing %s\\n" "$(basename "$1")"'
                    '\nread line </dev/tty\nprintf "%s\\n" "$line" >> "$1"\n')
        os.chmod(ed, 0o755)
        env2 = dict(env, EDITOR=ed, VISUAL="")
        url = "ftp://%s:%s@127.0.0.1:%d/" % (srv.user, srv.password,
                                             srv.port)
        with Screen([url], 80, 24, env=env2,
                    cwd=workdir("tui-edit-")) as s:
            if s.wait("connected %s@127.0.0.1" % srv.user, "edit: connected",
                      15) is None:
                return
            s.keys(":")
            s.text("edit notes.txt")
            s.keys("Enter")
            s.wait("editing notes.txt", "edit: the editor has the terminal")
            s.text("typed-in-editor")
            s.keys("Enter")
            s.wait("ftp://%s@127.0.0.1" % srv.user,
                   "edit: the screen comes back")
            s.wait("notes.txt: uploaded", "edit: says it uploaded")
            time.sleep(0.5)
            is_(open(target).read(), "one\ntyped-in-editor\n",
                "edit: the change is uploaded")
            s.keys("Escape")
            s.quit("edit")


tap.main(main)
