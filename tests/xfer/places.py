"""A queued job owns its places (issue 12): its local directory is bound
when it is queued, so a later lcd (chdir) never moves it, for downloads
and uploads alike; a cd of the browsing session never moves it on the
server either."""

import os

import tap
from tap import ok, is_, diag
from xqlib import xq, sanitizer_trouble
import servers


def test_lcd_get(srv, a, b):
    """set parallel 1, two downloads into ".", lcd while the first runs:
    the second lands where it was queued."""
    r = xq(["lcd %s" % a, "server 127.0.0.1 %d" % srv.port,
            "set parallel 1", "set rate 100000",
            "get /one.bin dl", "get /two.txt dl",
            "get /sub/three.txt dl/sub",
            "until 1 active", "lcd %s" % b, "wait 60"])
    ok(not sanitizer_trouble(r), "lcd get: no sanitizer report")
    is_([r.state(1), r.state(2), r.state(3)], ["done", "done", "done"],
        "lcd get: every job is done")
    if r.state(2) != "done" or r.state(3) != "done":
        diag(r.text[-2000:])
    ok(os.path.exists(os.path.join(a, "dl", "two.txt")) and
       os.path.exists(os.path.join(a, "dl", "sub", "three.txt")),
       "lcd get: the queued jobs land where they were queued")
    is_(sorted(os.listdir(os.path.join(b, "dl"))), ["sub"],
        "lcd get: nothing lands in the new directory")


def test_lcd_put(srv, a, b):
    """The same for uploads: a relative local path is bound when queued."""
    r = xq(["lcd %s" % a,
            "server 127.0.0.1 %d %s %s" % (srv.port, servers.PYFTPD_USER,
                                           servers.PASSWORD),
            "set parallel 1", "set rate 100000",
            "put one.bin /up-one.bin", "put two.txt /up-two.txt",
            "until 1 active", "lcd %s" % b, "wait 60"])
    ok(not sanitizer_trouble(r), "lcd put: no sanitizer report")
    is_([r.state(1), r.state(2)], ["done", "done"],
        "lcd put: both uploads are done")
    if r.state(2) != "done":
        diag(r.text[-2000:])
    up = os.path.join(srv.write_dir, "up-two.txt")
    ok(os.path.exists(up) and open(up, "rb").read() == b"two\n",
       "lcd put: the file queued is the file sent")


def test_cd(srv, a):
    """A cd of the browsing session between two queued gets: both come
    from where they were named."""
    r = xq(["lcd %s" % a, "server 127.0.0.1 %d" % srv.port,
            "set parallel 1", "set rate 100000", "browse open",
            "browse wait", "get /one.bin cd1", "get two.txt cd1",
            "until 1 active", "browse cd /sub", "browse wait", "wait 60"])
    is_([r.state(1), r.state(2)], ["done", "done"], "cd: both done")
    ok(os.path.exists(os.path.join(a, "cd1", "two.txt")) and
       open(os.path.join(a, "cd1", "two.txt"), "rb").read() == b"two\n",
       "cd: the queued job took the file it named")


def main():
    root = servers.workdir("places-")
    with open(os.path.join(root, "one.bin"), "wb") as f:
        f.write(os.urandom(300 * 1000))
    with open(os.path.join(root, "two.txt"), "wb") as f:
        f.write(b"two\n")
    os.mkdir(os.path.join(root, "sub"))
    with open(os.path.join(root, "sub", "three.txt"), "wb") as f:
        f.write(b"three\n")
    with open(os.path.join(root, "sub", "two.txt"), "wb") as f:
        f.write(b"not this one\n")
    a = servers.workdir("places-a-")
    b = servers.workdir("places-b-")
    for d in (a, b):
        os.makedirs(os.path.join(d, "dl", "sub"))
    os.mkdir(os.path.join(a, "cd1"))
    with open(os.path.join(a, "one.bin"), "wb") as f:
        f.write(os.urandom(300 * 1000))
    with open(os.path.join(a, "two.txt"), "wb") as f:
        f.write(b"two\n")
    with tap.skipping(9, "pyftpdlib"):
        with servers.PyFtpd(root) as srv:
            test_lcd_get(srv, a, b)
            test_lcd_put(srv, a, b)
            test_cd(srv, a)


tap.main(main)
