"""pyftpdlib as a fixture (tests/lib/servers.py PyFtpd): it starts on a
free loopback port, greets, serves the sample tree anonymously and
read-only, logs the user in with write access, and is gone after stop() or
when its test dies."""

import tap
from tap import ok, is_
import ftpchecks
import sampletree
import servers


def main():
    root = sampletree.shared()
    sums = sampletree.expected_sums()
    with servers.PyFtpd(root) as srv:
        ok(srv.alive(), "pyftpdlib runs (pid %d, port %d)" % (srv.pid,
                                                               srv.port))
        is_(srv.url, "ftp://127.0.0.1:%d/" % srv.port, "url")
        ftpchecks.check_anonymous(srv, sums, "pyftpdlib")
        ftpchecks.check_user(srv, "pyftpdlib")
        ftpchecks.check_ascii(srv, "pub/linux/README",
                              open(root + "/pub/linux/README", "rb").read(),
                              "pyftpdlib")
        ftpchecks.check_stopped(srv, "pyftpdlib")
    if servers.has_ipv6():
        with servers.PyFtpd(root, host="::1") as srv:
            is_(srv.url, "ftp://[::1]:%d/" % srv.port, "::1 url")
            ftpchecks.check_anonymous(srv, sums, "pyftpdlib ::1")
            ftpchecks.check_user(srv, "pyftpdlib ::1")
            ftpchecks.check_stopped(srv, "pyftpdlib ::1")
    else:
        tap.skip("no IPv6 loopback", 19)
    lo, hi = servers.free_ports(10)
    with servers.PyFtpd(root, server={"max_cons_per_ip": 1},
                        masquerade="127.0.0.2",
                        passive_ports=(lo, hi)) as srv:
        import ftpraw
        a = ftpraw.RawFTP(srv.host, srv.port)
        b = ftpraw.RawFTP(srv.host, srv.port)
        ok(b.greeting.startswith(b"421"),
           "server options reach pyftpdlib (max_cons_per_ip=1: 421)")
        a.login()
        ip, port = a.pasv()
        is_(ip, "127.0.0.2", "masquerade sets the 227 address")
        ok(lo <= port <= hi, "passive port %d in %d-%d" % (port, lo, hi))
        a.close()
        b.close()
    for how in ("raise", "sigterm", "sigkill"):
        ftpchecks.check_killed_with_test("PyFtpd", how, root)


tap.main(main)
