"""The network tools through condrive: resolve (forward and reverse, as the
system's resolver answers), port (as /etc/services says), probe (time to
connect, the first line, silence, refusal). Loopback only, every wait
bounded."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import netlib
from netlib import condrive, server, free_port


def run(*args, timeout=20):
    """Run a tool; (exit status, the INFO texts, the ERROR texts, seconds)."""
    t0 = time.time()
    c = condrive(*args)
    rc = c.wait(timeout)
    took = time.time() - t0
    info = [l.split(" ", 3)[3] for l in c.lines if l.startswith("INFO ")]
    errs = [l.split(" ", 3)[3] for l in c.lines if l.startswith("ERROR ")]
    rep = c.asan_report()
    if rep:
        diag(rep)
    ok(not rep, "%s: no sanitizer report" % " ".join(map(str, args)))
    return rc, info, errs, took


def system_addrs(name):
    """Addresses as getaddrinfo gives them, deduplicated, in its order."""
    out = []
    for fam, _, _, _, sa in socket.getaddrinfo(name, None, socket.AF_UNSPEC,
                                               socket.SOCK_STREAM):
        fam = "IPv6" if fam == socket.AF_INET6 else "IPv4"
        item = "%s: %s" % (fam, sa[0])
        if item not in out:
            out.append(item)
    return out


def test_resolve():
    rc, info, errs, _ = run("resolve", "localhost")
    is_(rc, 0, "resolve localhost succeeds")
    want = system_addrs("localhost")
    got = [l for l in info if l.startswith("IPv")]
    is_(got, want, "localhost: every address, as the system resolver "
        "gives them (%s)" % ", ".join(want))
    ok(any(w in got for w in ("IPv4: 127.0.0.1", "IPv6: ::1")),
       "127.0.0.1 or ::1 among them")
    canon = socket.getaddrinfo("localhost", None, 0, socket.SOCK_STREAM, 0,
                               socket.AI_CANONNAME)[0][3]
    if canon:
        ok("canonical name: %s" % canon in info, "the canonical name: " +
           canon)
    else:
        tap.skip("the system gives no canonical name for localhost")

    rc, info, errs, _ = run("resolve", "127.0.0.1")
    try:
        name = socket.getnameinfo(("127.0.0.1", 0), socket.NI_NAMEREQD)[0]
    except socket.gaierror:
        name = None
    ok("IPv4: 127.0.0.1" in info, "127.0.0.1: its family and address")
    if name is not None:
        is_(rc, 0, "127.0.0.1 reverse-resolves")
        ok("name: %s" % name in info, "to the system's answer: " + name)
    else:
        ok(rc == 1 and errs and "no name" in errs[0],
           "127.0.0.1 has no name here, and says so")
        tap.skip("no reverse name for 127.0.0.1 here")

    # ::1: the system may have a name for it, or not; either way, clearly.
    rc, info, errs, _ = run("resolve", "::1")
    try:
        name6 = socket.getnameinfo(("::1", 0, 0, 0), socket.NI_NAMEREQD)[0]
    except socket.gaierror:
        name6 = None
    ok("IPv6: ::1" in info, "::1: its family and address")
    if name6 is not None:
        ok(rc == 0 and "name: %s" % name6 in info,
           "::1 reverse-resolves to " + name6)
    else:
        ok(rc == 1 and len(errs) == 1 and
           errs[0] == "::1 has no name (no reverse record)",
           "::1 without a name says so: %s" % errs)

    rc, info, errs, took = run("resolve", "no-such-host.invalid", timeout=30)
    is_(rc, 1, "a name that does not exist fails")
    ok(len(errs) == 1 and errs[0].startswith("no-such-host.invalid: "),
       "one error, naming the name")
    like(errs[0] if errs else "", r"no such host name|temporary failure|"
         r"timed out|has no address", "and saying why: %s" % errs)
    ok(took < 15, "quickly (%.1f s), not a hang" % took)

    rc, info, errs, _ = run("resolve", "")
    ok(rc == 1 and errs == ["no name or address given"], "an empty name")
    rc, info, errs, _ = run("resolve", "bad\x1b[2Jname.invalid", timeout=30)
    ok(rc == 1 and errs and "\x1b" not in errs[0] and "\\x1b" in errs[0],
       "a name with an escape is shown escaped")


def service_lines(name_or_port, proto=None):
    protos = [proto] if proto else ["tcp", "udp"]
    out = []
    for pr in protos:
        try:
            if isinstance(name_or_port, int):
                out.append("%s %d/%s" % (socket.getservbyport(name_or_port,
                                                              pr),
                                         name_or_port, pr))
            else:
                port = socket.getservbyname(name_or_port, pr)
                out.append("%s %d/%s" % (socket.getservbyport(port, pr),
                                         port, pr))
        except OSError:
            pass
    return out


def test_port():
    for args, want in (
            (["ftp"], service_lines("ftp")),
            (["21"], service_lines(21)),
            (["domain", "udp"], service_lines("domain", "udp")),
            (["53"], service_lines(53)),
            (["53", "tcp"], service_lines(53, "tcp")),
            (["ssh", "tcp"], service_lines("ssh", "tcp"))):
        rc, info, errs, _ = run("port", *args)
        ok(rc == 0 and want, "port %s succeeds" % " ".join(args))
        is_(info, want, "port %s matches /etc/services" % " ".join(args))
    rc, info, errs, _ = run("port", "ftp")
    is_(info, ["ftp 21/tcp"], "port ftp: ftp 21/tcp")
    rc, info, errs, _ = run("port", "53")
    is_(info, ["domain 53/tcp", "domain 53/udp"], "port 53: domain, tcp "
        "and udp")

    for args, pattern in (
            (["no-such-service"], r"^unknown service no-such-service"),
            (["0"], r"^port 0 is out of range \(1-65535\)$"),
            (["70000"], r"^port 70000 is out of range \(1-65535\)$"),
            (["-3"], r"^port -3 is out of range"),
            (["ftp", "sctp"], r"^unknown protocol sctp: tcp or udp$")):
        rc, info, errs, _ = run("port", *args)
        ok(rc == 1 and len(errs) == 1, "port %s fails" % " ".join(args))
        like(errs[0] if errs else "", pattern, "clearly: %s" % errs)


def test_probe():
    srv = server("misbehave_server.py", "banner")
    rc, info, errs, _ = run("probe", "127.0.0.1", srv.port)
    is_(rc, 0, "probe of a server that speaks first")
    like(info[0] if info else "", r"^connected to 127\.0\.0\.1:%d in "
         r"\d+\.\d ms$" % srv.port, "the time to connect, in ms")
    is_(info[1:], ["first line: 220 probe me"], "its first line")

    srv = server("misbehave_server.py", "silent")
    rc, info, errs, took = run("probe", "127.0.0.1", srv.port)
    is_(rc, 0, "probe of a silent server")
    is_(info[1:], ["the peer said nothing within 1.5 s"], "says it was "
        "silent")
    ok(1.4 < took < 8, "after about 1.5 s (%.1f s)" % took)

    srv = server("misbehave_server.py", "slowpartial")
    rc, info, errs, took = run("probe", "127.0.0.1", srv.port)
    is_(info[1:], ["first line (no end of line within 1.5 s): 220 no end "
        "of line"], "a first line without its end")

    srv = server("misbehave_server.py", "hangup")
    rc, info, errs, _ = run("probe", "127.0.0.1", srv.port)
    is_(info[1:], ["the peer closed the connection without sending "
        "anything"], "a server that hangs up at once")

    srv = server("misbehave_server.py", "hostile")
    rc, info, errs, _ = run("probe", "127.0.0.1", srv.port)
    line = info[1] if len(info) > 1 else ""
    ok(line.startswith("first line: title \\x1b]0;pwned\\x07"),
       "a hostile first line is shown escaped")
    ok(not any(ord(ch) < 0x20 or 0x7f <= ord(ch) < 0xa0 for ch in line),
       "with no control character left")

    port = free_port()
    rc, info, errs, _ = run("probe", "127.0.0.1", port)
    is_(rc, 1, "probe of a closed port fails")
    is_(errs, ["127.0.0.1:%d: Connection refused" % port,
               "cannot connect to 127.0.0.1 port %d" % port],
        "saying the connection was refused")

    for p, pattern in (("0", r"^port 0 is out of range \(1-65535\)$"),
                       ("65536", r"^port 65536 is out of range"),
                       ("no-such-service", r"^unknown service")):
        rc, info, errs, _ = run("probe", "127.0.0.1", p)
        ok(rc == 1 and len(errs) == 1 and not info, "probe port %s fails"
           % p)
        like(errs[0] if errs else "", pattern, "clearly: %s" % errs)
    rc, info, errs, took = run("probe", "no-such-host.invalid", "21",
                               timeout=30)
    ok(rc == 1 and errs and errs[0].startswith("no-such-host.invalid: "),
       "probe of a name that does not exist: %s" % errs)
    ok(took < 15, "quickly (%.1f s)" % took)


def main():
    try:
        test_resolve()
        test_port()
        test_probe()
    finally:
        netlib.stop_all()


tap.main(main)
