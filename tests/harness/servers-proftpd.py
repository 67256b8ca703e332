"""proftpd as a fixture (tests/lib/servers.py Proftpd): from the unpacked
Debian package and the test's own config, on 127.0.0.1 and ::1: anonymous
read-only over the sample tree with ASCII conversion and MLSD, the local
user jangada-test with write access, MaxClientsPerHost, and nothing left
after stop()."""

import ftplib

import tap
from tap import ok, is_, like
import ftpchecks
import ftpraw
import sampletree
import servers

N_V4 = 23
N_V6 = 19


def main():
    root = sampletree.shared()
    sums = sampletree.expected_sums()
    text = open(root + "/pub/linux/README", "rb").read()
    with tap.skipping(N_V4, "proftpd"):
        with servers.Proftpd(root) as srv:
            ok(srv.alive(), "proftpd runs (pid %d, port %d)" % (srv.pid,
                                                                 srv.port))
            like(srv.banner, rb"ProFTPD", "it is proftpd")
            ftpchecks.check_anonymous(srv, sums, "proftpd")
            ftpchecks.check_user(srv, "proftpd")
            ftpchecks.check_ascii(srv, "pub/linux/README", text, "proftpd")
            f = ftplib.FTP(timeout=20)
            f.connect(srv.host, srv.port)
            f.login()
            facts = dict(f.mlsd("pub/linux/logos/pictures"))
            is_(facts.get("tux.png", {}).get("size"),
                str(len(open(root + "/pub/linux/logos/pictures/tux.png",
                             "rb").read())), "MLSD facts")
            f.quit()
            ftpchecks.check_stopped(srv, "proftpd")
    if servers.has_ipv6():
        with tap.skipping(N_V6, "proftpd ::1"):
            with servers.Proftpd(root, host="::1") as srv:
                is_(srv.url, "ftp://[::1]:%d/" % srv.port, "::1 url")
                ftpchecks.check_anonymous(srv, sums, "proftpd ::1")
                ftpchecks.check_user(srv, "proftpd ::1")
                ftpchecks.check_stopped(srv, "proftpd ::1")
    else:
        tap.skip("no IPv6 loopback", N_V6)
    with tap.skipping(2, "proftpd MaxClientsPerHost"):
        with servers.Proftpd(root, max_per_ip=1, local=False) as srv:
            a = ftpraw.RawFTP(srv.host, srv.port)
            like(a.login(), rb"^230", "the first connection logs in")
            b = ftpraw.RawFTP(srv.host, srv.port)
            like(b.login(), rb"^530 Sorry, the maximum number of clients",
                 "max_per_ip=1: a second connection is refused at login")
            a.close()
            b.close()


tap.main(main)
