"""A segmented download in the transfers pane (issue 18).

A pget runs outside the transfer queue (src/xfer/segment.c); the pane
shows it as a row like a queue job's (the local name, percent, bytes,
rate, ETA, state) and, from 120 columns, a line under it with one bar
per range, each filled by that range's GOT/(END-START), then "4
segments". Narrower, the row alone, its name followed by x4.

vsftpd caps each connection (anon_max_rate), so `pget -n 4` of a 4 MiB
file lasts about 2.5 s:
- 160x48: mid-way the row is active and 4 bars are partly filled; it
  updates as bytes arrive; at the end the row says done, the bars full,
  and the tabs row counts it (1 done); `queue clear` removes it.
- 80x24: the row with x4 and no bars, no line wider than the screen,
  done at the end; another one interrupted (Ctrl-C) says cancelled; a
  quit with one running is clean (no sanitizer report).
- Portuguese (160x48): "4 segmentos", ativo, concluído.
- A pget that fails (no such file): its row says failed, with the reason.
"""

import os
import random
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "i18n"))

import tap
import i18nlib
from tap import ok, diag, skip
import servers
from tuitest import Screen, need_jangada, disp_width

MiB = 1024 * 1024
BAR = re.compile("\\[([\u2588\u2589\u258a\u258b\u258c\u258d\u258e\u258f ]+)"
                 "\\]")
WORDS = {"en": ("segments", "active", "done", "failed"),
         "pt": ("segmentos", "ativo", "conclu\u00eddo", "falhou")}


def bars(s, word):
    """The fill of each bar on the line of '4 <word>' (cells, of cells)."""
    line = s.row("4 %s" % word)
    if line is None:
        return None
    return [(len(b) - b.count(" "), len(b)) for b in BAR.findall(line)]


def partly(bs):
    return (bs is not None and len(bs) == 4 and
            0 < sum(f for f, n in bs) < sum(n for f, n in bs))


def wide(srv, lang, words):
    what = "160x48 %s" % lang
    seg, active, done, failed = words
    dl = servers.workdir("tui-segbars-")
    env = i18nlib.env() if lang.startswith("pt") else None
    with Screen(["127.0.0.1", srv.port], 160, 48, cwd=dl, lang=lang,
                env=env) as s:
        if s.wait(re.compile(r"big\.bin"), "%s: connected" % what,
                  15) is None:
            return
        s.command("set segment-min 1M")
        s.command("pget -n 4 big.bin")
        row = re.compile("\u2193 big\\.bin +\\d+%% .*/s .* %s" % active)
        ok(s.waits(row, 5), "%s: the pget's row: name, percent, bytes, "
           "rate, state" % what) or diag(s.capture())
        seen = []
        t0 = time.time()
        while time.time() - t0 < 6 and len(seen) < 2:
            bs = bars(s, seg)
            if partly(bs) and (not seen or bs != seen[-1]):
                seen.append(bs)
            time.sleep(0.15)
        ok(len(seen) >= 1, "%s: mid-way, 4 bars partly filled: %r" %
           (what, seen)) or diag(s.capture())
        ok(len(seen) >= 2, "%s: the bars grow as bytes arrive" % what)
        if seen:
            s.show("%s mid-way" % what)
        ok(all(disp_width(l) <= 160 for l in s.lines()), "%s: no line "
           "wider than the screen" % what)
        ok(s.waits(re.compile("\u2193 big\\.bin +100%% .* %s" % done), 15),
           "%s: at the end the row says %s" % (what, done)) or \
            diag(s.capture())
        bs = bars(s, seg)
        ok(bs is not None and len(bs) == 4 and all(f == n for f, n in bs),
           "%s: ... and the 4 bars are full: %r" % (what, bs))
        tabs = s.row("\u251c\u2500[") or ""
        ok(re.search(r"\s1 %s\s" % done.replace("o", "[oa]"), tabs),
           "%s: the tabs row counts it: %r" % (what, tabs))
        ok(servers.sha256_file(os.path.join(dl, "big.bin")) == srv.want,
           "%s: the file arrived whole" % what)
        if lang.startswith("pt"):
            s.quit(what)
            return
        s.command("queue clear")
        time.sleep(0.5)
        ok(s.row("\u2193 big.bin") is None,
           "%s: queue clear removes the ended row" % what)
        s.command("pget -n 4 nosuch.bin")
        ok(s.waits(re.compile("\u2193 nosuch\\.bin +%s: " % failed), 10),
           "%s: a failed pget's row says failed, with the reason" % what) \
            or diag(s.capture())
        s.quit(what)


def narrow(srv):
    what = "80x24"
    dl = servers.workdir("tui-segbars-")
    with Screen(["127.0.0.1", srv.port], 80, 24, cwd=dl) as s:
        if s.wait(re.compile(r"big\.bin"), "%s: connected" % what,
                  15) is None:
            return
        s.command("set segment-min 1M")
        s.command("pget -n 4 big.bin")
        ok(s.waits(re.compile("\u2193 big\\.bin +\u00d74 +\\d+% .* active"),
                   5), "%s: the row, x4 after the name" % what) or \
            diag(s.capture())
        s.show("%s mid-way" % what)
        ok(not BAR.search(s.capture()) and s.row("segments") is None,
           "%s: no bars" % what)
        ok(all(disp_width(l) <= 80 for l in s.lines()), "%s: no line "
           "wider than the screen" % what)
        ok(s.waits(re.compile("\u2193 big\\.bin.* 100% .* done"), 15),
           "%s: at the end the row says done" % what) or diag(s.capture())
        s.command("pget -n 4 -o again.bin big.bin")
        s.waits(re.compile("\u2193 again\\.bin +\u00d74 +\\d+% .* active"), 5)
        s.keys("C-c")
        ok(s.waits(re.compile("\u2193 again\\.bin.* cancelled"), 5),
           "%s: Ctrl-C: the row says cancelled" % what) or \
            diag(s.capture())
        s.command("pget -n 4 -o third.bin big.bin")
        ok(s.waits(re.compile("\u2193 third\\.bin +\u00d74 +\\d+% .* active"),
                   5), "%s: quitting with a pget running..." % what)
        s.quit(what, answer="y")


def main():
    need_jangada()
    root = servers.workdir("tui-segbars-root-")
    with open(os.path.join(root, "big.bin"), "wb") as f:
        f.write(random.Random(18).randbytes(4 * MiB))
    pt = i18nlib.has_locale(i18nlib.PT)
    with tap.skipping(14 + 10 + 12, "vsftpd"):
        with servers.Vsftpd(root, extra={"anon_max_rate": "400000"}) \
                as srv:
            srv.want = servers.sha256_file(os.path.join(root, "big.bin"))
            wide(srv, "C.UTF-8", WORDS["en"])
            narrow(srv)
            if pt:
                wide(srv, i18nlib.PT, WORDS["pt"])
            else:
                skip("no pt_BR.UTF-8 locale", 12)


tap.main(main)
