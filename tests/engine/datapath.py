"""The engine's data path against the scripted fake server (issue 12): the
warnings go through the session's warning callback with the numbers, a
server that says 350 to REST and sends from 0 gets the file fetched again
(and no more REST), an upload reset before the server read it all fails."""

import hashlib
import os
import tempfile

import tap
from tap import ok, is_, like, diag
from drive import drive
from fakeftpd import FakeFTPD, Case, random_bytes

FAST = ["set timeout reply 3000", "set timeout data-connect 2000",
        "set timeout data-idle 2000", "set timeout final 2000"]


def run(case, ops, timeout=30):
    with FakeFTPD(Case.parse(case)) as srv:
        r = drive(FAST + ["open 127.0.0.1 %d" % srv.port] + ops,
                  timeout=timeout)
        srv.wait_closed(5)
    if r.rc not in (0, 1) or "ERROR: AddressSanitizer" in r.err:
        diag(r.err[-3000:])
    return r, srv


def sha(b):
    return hashlib.sha256(b).hexdigest()


def warnings(r):
    return [l for l in r.out if l.startswith("warning ")]


def test_more_than_size():
    with tempfile.TemporaryDirectory() as d:
        r, srv = run("BODYRANDOM RETR 100000 5\nREPLY SIZE 213 10\n",
                     ["get f.bin %s n.bin" % d, "quit"])
        ok(r.ok("get"), "more than SIZE: done")
        ok(any("100000 bytes arrived, more than the 10 announced" in l
               for l in warnings(r)),
           "more than SIZE: a warning with both numbers: %s" % warnings(r))


def test_rest_ignored():
    data = random_bytes(200000, 8)
    with tempfile.TemporaryDirectory() as d:
        for name in (".f.bin.part", ".g.bin.part"):
            with open(os.path.join(d, name), "wb") as f:
                f.write(data[:50000])
        r, srv = run("BODYRANDOM RETR \"/f.bin\" 200000 8\n"
                     "REPLY REST 350 Restart position accepted.\n",
                     ["get f.bin %s f.bin resume" % d,
                      "get f.bin %s g.bin resume" % d, "quit"])
        ok(r.ok("get") and r.ok("get", 1),
           "REST ignored: the downloads succeed")
        is_([sha(open(os.path.join(d, n), "rb").read())
             for n in ("f.bin", "g.bin")], [sha(data)] * 2,
            "REST ignored: byte-exact")
        ok(any("200000 bytes arrived after resuming at 50000, but the "
               "file has 200000" in l for l in warnings(r)),
           "REST ignored: a warning with the numbers: %s" % warnings(r))
        cmds = srv.commands()
        is_([c for c in cmds if c.startswith(("REST", "RETR"))],
            ["REST 50000", "RETR f.bin", "RETR f.bin", "RETR f.bin"],
            "REST ignored: fetched again from 0; no REST after that")


def test_upload_reset():
    with tempfile.TemporaryDirectory() as d:
        p = os.path.join(d, "up.bin")
        with open(p, "wb") as f:
            f.write(random_bytes(60000, 9))
        r, srv = run("REPLY STOR 150 Ok to send data.\nSLEEP STOR 0.5\n"
                     "XFER STOR 1000 reset\n"
                     "REPLY STOR 226 Transfer complete.\n",
                     ["put %s up.bin" % p, "pwd", "quit"])
        ok(not r.ok("put"), "upload reset, then 226: failed")
        like(r.result("put"), r"not complete", "upload reset: why")
        ok(r.ok("pwd"), "upload reset: the control connection in step")


def main():
    test_more_than_size()
    test_rest_ignored()
    test_upload_reset()


tap.main(main)
