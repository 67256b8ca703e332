"""vsftpd as a fixture (tests/lib/servers.py Vsftpd): from the unpacked
Debian package and the test's own config, on 127.0.0.1 and ::1: anonymous
read-only over the sample tree with ASCII conversion, the local user
jangada-test (PAM) with write access, max_per_ip, and gone after stop()
or when its test dies."""

import tap
from tap import ok, is_, like
import ftpchecks
import ftpraw
import sampletree
import servers

N_V4 = 22
N_V6 = 19


def main():
    root = sampletree.shared()
    sums = sampletree.expected_sums()
    text = open(root + "/pub/linux/README", "rb").read()
    with tap.skipping(N_V4, "vsftpd"):
        with servers.Vsftpd(root) as srv:
            ok(srv.alive(), "vsftpd runs (pid %d, port %d)" % (srv.pid,
                                                                srv.port))
            like(srv.banner, rb"vsFTPd", "it is vsftpd")
            ftpchecks.check_anonymous(srv, sums, "vsftpd")
            ftpchecks.check_user(srv, "vsftpd")
            ftpchecks.check_ascii(srv, "pub/linux/README", text, "vsftpd")
            ftpchecks.check_stopped(srv, "vsftpd")
    if servers.has_ipv6():
        with tap.skipping(N_V6, "vsftpd ::1"):
            with servers.Vsftpd(root, host="::1") as srv:
                is_(srv.url, "ftp://[::1]:%d/" % srv.port, "::1 url")
                ftpchecks.check_anonymous(srv, sums, "vsftpd ::1")
                ftpchecks.check_user(srv, "vsftpd ::1")
                ftpchecks.check_stopped(srv, "vsftpd ::1")
    else:
        tap.skip("no IPv6 loopback", N_V6)
    with tap.skipping(3, "vsftpd max_per_ip"):
        with servers.Vsftpd(root, max_per_ip=1, local=False) as srv:
            a = ftpraw.RawFTP(srv.host, srv.port)
            b = ftpraw.RawFTP(srv.host, srv.port)
            like(b.greeting, rb"^421 ", "max_per_ip=1: a second connection "
                                        "gets 421")
            like(a.login(), rb"^230", "the first one logs in")
            a.close()
            b.close()
            ftpchecks.check_killed_with_test("Vsftpd", "sigkill", root)


tap.main(main)
