"""UDP console sessions through condrive against Python peers written as a
sockets course writes them: jangada as a client gets the UDP server's
answers (with their source), as a server shows each datagram with its
source, echoes, and answers the last source with a typed line; a one-shot
send. Loopback only, every wait bounded."""

import os
import socket
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import netlib
from netlib import condrive, peer, server, free_port


def clean(c, what):
    rep = c.asan_report()
    if rep:
        diag(rep)
    ok(not rep, "%s: no sanitizer report" % what)


def test_client():
    srv = server("udp_server.py", 0, 3)
    c = condrive("udp-connect", "127.0.0.1", srv.port, "--noeol")
    ok(c.wait_for(r"^INFO 0 127\.0\.0\.1:%d sending datagrams to "
                  r"127\.0\.0\.1:%d \(from 127\.0\.0\.1:\d+\)$" %
                  (srv.port, srv.port)), "client: says where datagrams go")
    c.send("hello udp")
    is_(c.wait_for(r"^IN "), "IN 0 127.0.0.1:%d HELLO UDP" % srv.port,
        "client: the server's answer, with its source")
    ok(srv.wait_for(r"^received b'hello udp' from 127\.0\.0\.1:\d+$"),
       "the server got one datagram, no line end")
    c.send("@eol lf")
    c.send("with lf")
    ok(srv.wait_for(r"^received b'with lf\\n'"), "eol lf: the datagram "
       "ends with LF")
    ok(c.wait_for(r"^IN 0 \S+ WITH LF$"), "and its answer is shown without "
       "it")
    c.send("@hex on")
    c.send("hi")
    like(c.wait_for(r"^IN 0 \S+ 00000000"), r"^IN 0 \S+ 00000000  48 49 0a"
         r" +\|HI\.\|$", "hex: a datagram's dump starts at 0")
    c.send("@stats")
    ok(c.wait_for(r"^STATS in 20 out 20 clients 1$"), "the byte counters")
    c.send("@quit")
    is_(c.wait_closed(), 0, "client: closes")
    clean(c, "udp client")


def test_server():
    c = condrive("udp-listen", "127.0.0.1", 0, "--noeol")
    port = c.read_port()
    ok(c.wait_for(r"^INFO 0 - listening on 127\.0\.0\.1:%d$" % port),
       "server: says where it listens")
    c.send("too early")
    ok(c.wait_for(r"^ERROR 0 - no datagram has come yet: nobody to "
                  r"answer$"), "server: a typed line before any datagram: "
       "a clear error")
    cl = peer("udp_client.py", "127.0.0.1", port, "question?")
    line = c.wait_for(r"^IN ")
    like(line, r"^IN 0 127\.0\.0\.1:\d+ question\?$", "server: the "
         "datagram and its source")
    c.send("answer!")
    ok(cl.wait_for(r"^REPLY answer! FROM 127\.0\.0\.1:%d$" % port),
       "the typed line answered the last source")
    ok(c.wait_for(r"^OUT 0 127\.0\.0\.1:\d+ answer!$"), "server: shows "
       "what it sent and to whom")
    c.send("@quit")
    is_(c.wait_closed(), 0, "server: closes")
    clean(c, "udp server")


def test_server_echo():
    c = condrive("udp-listen", "127.0.0.1", 0, "--echo")
    port = c.read_port()
    clients = [peer("udp_client.py", "127.0.0.1", port, "ping %d" % i)
               for i in range(3)]
    for i, cl in enumerate(clients):
        ok(cl.wait_for(r"^REPLY ping %d FROM 127\.0\.0\.1:%d$" % (i, port)),
           "--echo: client %d got its datagram back" % i)
    is_(len(c.wait_count(r"^IN 0 127\.0\.0\.1:\d+ ping \d$", 3)), 3,
        "--echo: each datagram shown with its source")
    # A binary datagram, through a plain socket.
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.settimeout(10)
    s.sendto(b"\x00\x1b[2J\xff\xfe\n", ("127.0.0.1", port))
    data, _ = s.recvfrom(100)
    is_(data, b"\x00\x1b[2J\xff\xfe\n", "--echo: a binary datagram comes "
        "back byte-exact")
    s.sendto(b"x" * 60000, ("127.0.0.1", port))
    data, _ = s.recvfrom(65535)
    is_(len(data), 60000, "--echo: a 60000-byte datagram too")
    s.close()
    ok(c.wait_for(r"^IN 0 \S+ \\x00\\x1b\[2J\\xff\\xfe$"), "shown escaped")
    ok(b"\x1b" not in c.stdout_bytes(), "no raw escape on stdout")
    c.send("@quit")
    is_(c.wait_closed(), 0, "echo server closes")
    clean(c, "udp echo")


def test_one_shot():
    for host in ("127.0.0.1", "localhost"):
        srv = server("udp_server.py", 0, 1)
        c = condrive("udp-send", host, srv.port, "one shot")
        ok(srv.wait_for(r"^received b'one shot'"), "udp send to %s: the "
           "datagram arrives" % host)
        is_(c.wait_closed(), 0, "and the session ends by itself")
        ok(c.matching(r"^INFO 0 - sent; closed$"), "saying it sent")
        clean(c, "one shot")


def test_unreachable():
    port = free_port(socket.SOCK_DGRAM)
    c = condrive("udp-connect", "127.0.0.1", port)
    c.send("anyone?")
    c.send("anyone at all?")
    line = c.wait_for(r"^ERROR ", timeout=5)
    if line is None:
        tap.skip("no ICMP port unreachable on this loopback")
    else:
        like(line, r"^ERROR 0 127\.0\.0\.1:%d 127\.0\.0\.1:%d: port "
             r"unreachable" % (port, port), "a closed UDP port: a clear "
             "error")
    c.send("@quit")
    is_(c.wait_closed(), 0, "and the session stays usable until closed")
    clean(c, "unreachable")


def main():
    try:
        test_client()
        test_server()
        test_server_echo()
        test_one_shot()
        test_unreachable()
    finally:
        netlib.stop_all()


tap.main(main)
