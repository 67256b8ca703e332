"""Secrets on the screen (issue 12): every line that carries a password
(quote pass/Pass/acct, quote "PASS X", a bookmark URL with one,
"pwd; quote PASS X", open USER:PASS@HOST PORT) is kept out of the history
file, never echoed in the bottom pane, never shown in the protocol pane
or the pane title; a line without one still reaches the history."""

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
    home = workdir("tui-secret-")
    state = os.path.join(home, ".local", "state")
    env = {"HOME": home, "XDG_STATE_HOME": state,
           "XDG_CONFIG_HOME": os.path.join(home, ".config")}
    hist = os.path.join(state, "jangada", "history")
    with PyFtpd(root) as srv:
        lines = ["show timeout", "quote pass Sek1a", "quote Pass Sek1b",
                 "quote acct Sek1c", 'quote "PASS Sek2"',
                 "bookmark add b ftp://u:Sek3@127.0.0.1/",
                 "pwd; quote PASS Sek4",
                 "open u:Sek5@127.0.0.1 %d" % srv.port]
        seen = []
        with Screen(["127.0.0.1", srv.port], 100, 30, env=env,
                    cwd=home) as s:
            if s.wait("connected anonymous@127.0.0.1", "connected",
                      15) is None:
                return
            s.keys("p")             # the protocol pane
            for line in lines:
                s.keys(":")
                s.text(line)
                s.keys("Enter")
                time.sleep(0.8)
                seen.append(s.capture())
                s.keys("Escape")
                time.sleep(0.2)
                seen.append(s.capture())
            screen = "\n".join(seen)
            leaked = sorted(set(re.findall(r"Sek\w+", screen)))
            is_(leaked, [], "no password on the screen (echo, protocol "
                "pane, title)")
            if leaked:
                s.show("the screen")
            like(screen, r"jangada> quote \*\*\*\*",
                 "a secret line is echoed as its command and ****")
            if not ok(re.search(r"(?:pass|Pass) \*\*\*\*", screen),
                      "the protocol pane masks pass in any case"):
                diag(seen[2])
            s.quit("secrets", answer="y")
        text = open(hist).read() if os.path.exists(hist) else ""
        ok("show timeout" in text, "a plain line is in the history")
        is_(sorted(set(re.findall(r"Sek\w+", text))), [],
            "no line with a password in the history file")


tap.main(main)
