"""bounds.py: preliminary replies cannot keep a wait going for ever
(issue 12, "every wait has a deadline that 1xx, 120 cannot extend").

  - a server that repeats "120 ready in N minutes" every 0.5 s: with
    "set timeout 3" the open fails after 3 s, naming the greeting;
  - a late reply: the timeout message names the command;
  - a server that answers RETR with a run of "200" replies (each of which
    used to restart the reply timer): the session ends after
    LIM_REPLIES_PER_CMD replies, naming the command.
"""

import time

import tap
from tap import ok, is_, like, diag
from fakeftpd import FakeFTPD
from jrun import jangada


def test_greeting_120():
    case = "".join("REPLY GREETING 120 ready in 1 minutes\n"
                   "SLEEP GREETING 0.5\n" for _ in range(24))
    case += "REPLY GREETING 220 ready at last\n"
    with FakeFTPD(case, lifetime=60) as srv:
        t0 = time.monotonic()
        r = jangada(["-c", "set timeout 3; open %s; pwd" % srv.url],
                    timeout=30)
        t = time.monotonic() - t0
    is_(r.rc, 1, "repeated 120: open fails")
    like(r.err, r"no greeting from 127\.0\.0\.1 within 3 seconds",
         "repeated 120: the message names the greeting and the timeout")
    ok(t < 7, "repeated 120: bounded by the timeout (%.1f s, not 12)" % t)
    ok("Sanitizer" not in r.err, "repeated 120: no sanitizer report")


def test_many_replies():
    case = "BODYRANDOM RETR 1000 3\n"
    case += "".join("REPLY RETR 200 not yet\nSLEEP RETR 0.2\n"
                    for _ in range(30))
    case += "DEFAULT RETR\n"
    with FakeFTPD(case, lifetime=60) as srv:
        t0 = time.monotonic()
        r = jangada(["-c", "set timeout 3; open %s; get -o /dev/null f.bin"
                     % srv.url], timeout=30)
        t = time.monotonic() - t0
    is_(r.rc, 1, "a run of 200s to RETR: the get fails")
    like(r.err, r"sent 9 replies to RETR and no end",
         "a run of 200s: the message names the command")
    ok(t < 5, "a run of 200s: ended after 9 replies (%.1f s, not 6)" % t)
    ok("Sanitizer" not in r.err, "a run of 200s: no sanitizer report")


def test_named_timeout():
    with FakeFTPD("DELAY SIZE 6\nBODYRANDOM RETR 10 1\n",
                  lifetime=60) as srv:
        t0 = time.monotonic()
        r = jangada(["-c", "set timeout 2; open %s; size f.bin" % srv.url],
                    timeout=30)
        t = time.monotonic() - t0
    is_(r.rc, 1, "a late SIZE reply: size fails")
    like(r.err, r"no reply to SIZE from 127\.0\.0\.1 within 2 seconds",
         "the timeout names the command it waited for")
    ok(t < 5, "after the timeout (%.1f s)" % t)


def main():
    test_named_timeout()
    test_greeting_120()
    test_many_replies()


tap.main(main)
