"""The screen answers at once while a big download runs, and a listing of
100,000 entries scrolls without lag.

pyftpdlib serves a fixture directory holding a 1 GiB file (sparse); with
"set rate-limit 2M" the download runs for minutes. While it runs, a key
that switches the bottom pane changes the screen within 200 ms (measured
from here: send-keys to the first capture that shows the change, tmux's
own latency included), five times in a row; the progress keeps moving.
q asks before quitting (a transfer runs), y quits, and the partial file
is kept as a .part, the target is not made.

Then a fake server lists 100,000 entries (at 160x48): End, PgUp, Home
and a filter each show their result within 200 ms.
"""

import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from fakeftpd import FakeFTPD
from servers import PyFtpd, workdir
from tuitest import Screen, need_jangada

BOUND = 0.200
BIG = 1 << 30
ENTRIES = 100000


def timed(s, keys, what, timeout=5.0):
    """Seconds from sending keys until what shows on the screen."""
    t0 = time.monotonic()
    s.send_keys(*keys)
    while time.monotonic() - t0 < timeout:
        screen = s.capture()
        if (what.search(screen) if hasattr(what, "search") else
                what in screen):
            return time.monotonic() - t0
        time.sleep(0.002)
    return None


def done_bytes(row):
    """The bytes done of a transfers row ("3.3 MiB/1.0 GiB"), or None."""
    m = re.search(r"([\d.]+) (B|KiB|MiB|GiB)/1\.0 GiB", row or "")
    if m is None:
        return None
    mul = {"B": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
    return float(m.group(1)) * mul[m.group(2)]


class Gone:
    """A 'regex' for timed: text no longer on the screen."""

    def __init__(self, text):
        self.text = text

    def search(self, screen):
        return self.text not in screen


def download():
    fix = workdir("tui-bigfix-")
    with open(os.path.join(fix, "big.bin"), "wb") as f:
        f.truncate(BIG)
    dl = workdir("tui-bigdl-")
    with PyFtpd(fix) as srv, \
            Screen(["127.0.0.1", srv.port], 80, 24, cwd=dl) as s:
        if s.wait("connected anonymous@127.0.0.1", "connected", 15) is None:
            return
        s.wait("big.bin", "the big file is listed")
        s.command("set rate-limit 2M")
        s.keys("Down", "F5")
        s.wait(re.compile(r"big\.bin.*\d+%.*active"), "the download runs",
               20)
        first = done_bytes(s.row("\u2193 big.bin"))
        times = []
        for i in range(5):
            t = timed(s, ["p"], "[protocol]")
            times.append(t)
            t = timed(s, ["t"], "[transfers]")
            times.append(t)
        diag("key to screen: %s" % ", ".join(
            "%.0f ms" % (t * 1000) if t is not None else "none"
            for t in times))
        ok(None not in times and max(times) < BOUND,
           "every key press changed the screen within %d ms" %
           (BOUND * 1000))
        time.sleep(1.5)
        row = s.row("\u2193 big.bin") or ""
        ok(re.search(r"\d+%.*/1\.0 GiB.*(MiB|KiB)/s.*ETA \d+:\d\d", row)
           is not None, "the transfer shows its progress, rate and ETA: "
           "%r" % row.strip())
        later = done_bytes(row)
        ok(first is not None and later is not None and later > first,
           "the bytes done keep growing: %r, then %r" % (first, later))
        done = [f for f in os.listdir(dl)]
        diag("download directory: %r" % done)
        s.show("a download running")
        s.keys("q")
        s.wait("Quit and stop it?", "q asks while the transfer runs")
        s.quit("download", keys=("y",))
        ok(not os.path.exists(os.path.join(dl, "big.bin")),
           "the unfinished file was not put in place")


def big_listing():
    path = os.path.join(workdir("tui-100k-"), "list.txt")
    with open(path, "w") as f:
        for i in range(ENTRIES):
            f.write("-rw-r--r--    1 ftp      ftp     %8d Jan 01  2024 "
                    "entry-%06d.dat\r\n" % (i, i))
    case = "FEATURES EPSV,PASV,SIZE,MDTM,UTF8\nBODYFILE LIST %s\n" % path
    with FakeFTPD(case) as srv, \
            Screen(["127.0.0.1", srv.port], 160, 48,
                   cwd=workdir("tui-100kdl-")) as s:
        if s.wait("entry-000001.dat", "100,000 entries listed", 60) is None:
            diag(srv.log())
            return
        t_end = timed(s, ["End"], "entry-099999.dat")
        t_up = timed(s, ["PageUp"], Gone("entry-099999.dat"))
        t_home = timed(s, ["Home"], "entry-000000.dat")
        s.keys("/")
        t_filt = timed(s, ["5", "5", "5", "5", "5"], "/55555_ 1/100000")
        diag("End %s, PgUp %s, Home %s, filter %s" % tuple(
            "%.0f ms" % (t * 1000) if t is not None else "none"
            for t in (t_end, t_up, t_home, t_filt)))
        ok(None not in (t_end, t_up, t_home) and
           max(t_end, t_up, t_home) < BOUND,
           "End, PgUp and Home in 100,000 entries within %d ms" %
           (BOUND * 1000))
        ok(t_filt is not None and t_filt < 1.0,
           "the filter over 100,000 names keeps up with typing")
        s.keys("Escape")
        s.quit("100,000 entries")


def main():
    need_jangada()
    download()
    big_listing()


tap.main(main)
