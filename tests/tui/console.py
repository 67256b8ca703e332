"""A TCP console session in the console pane, talking to an echo server.

A Python server written the way a sockets course writes it sends back
what it receives in upper case. In jangada, ":tcp connect 127.0.0.1 PORT"
opens the session: the console pane comes up with the focus, the prompt
names the session and its line end ("tcp 127.0.0.1:PORT [lf]>"), a typed
line goes to the
server and its echo comes back in the pane; ":" on the empty line
returns to commands ("jangada>"), Esc leaves, Tab moves the focus away
and back brings the session's prompt again. F2/c/t switch the bottom
pane; "console eol crlf" changes the line end and the prompt says so.
At 80x24 and at 160x48.
"""

import os
import re
import socket
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, diag
from servers import workdir
from tuitest import Screen, need_jangada


class EchoServer:
    """An upper-casing echo server on a loopback port, one thread."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(5)
        self.sock.settimeout(60)
        self.port = self.sock.getsockname()[1]
        self.received = b""
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()

    def run(self):
        try:
            conn, _ = self.sock.accept()
        except OSError:
            return
        conn.settimeout(60)
        with conn:
            while True:
                try:
                    data = conn.recv(1024)
                except OSError:
                    break
                if not data:
                    break
                self.received += data
                conn.sendall(data.upper())

    def close(self):
        self.sock.close()


def session(w, h):
    what = "%dx%d" % (w, h)
    srv = EchoServer()
    with Screen([], w, h, cwd=workdir("tui-con-")) as s:
        s.wait("not connected", "%s: started without a server" % what)
        s.keys(":")
        s.text("tcp connect 127.0.0.1 %d" % srv.port)
        s.keys("Enter")
        prompt = "tcp 127.0.0.1:%d [lf]>" % srv.port
        s.wait(re.compile(r"^%s\s*$" % re.escape(prompt), re.M),
               "%s: the prompt names the session" % what)
        s.wait("[console]", "%s: the console pane is shown" % what)
        s.wait("connected to 127.0.0.1:%d" % srv.port,
               "%s: the pane says it connected" % what)
        s.text("hello, echo server")
        s.keys("Enter")
        s.wait("> hello, echo server", "%s: the line sent is shown" % what)
        s.wait("< HELLO, ECHO SERVER", "%s: the echo comes back" % what)
        is_(srv.received, b"hello, echo server\n",
            "%s: the server got the line with LF" % what)
        s.keys(":")
        s.wait(re.compile(r"^jangada>\s*$", re.M),
               "%s: ':' returns to commands" % what)
        s.text("console list")
        s.keys("Enter")
        s.wait(re.compile(r"\*\s*1 tcp 127\.0\.0\.1:%d" % srv.port),
               "%s: console list shows the session" % what)
        s.keys("Escape")
        s.keys("c")
        s.wait("[console]", "%s: c shows the console again" % what)
        s.wait(re.compile(r"^%s\s*$" % re.escape(prompt), re.M),
               "%s: with the session's prompt" % what)
        s.keys("Tab")
        ok(s.wait_gone(prompt, 5), "%s: Tab moves the focus away" % what)
        s.keys("Tab", "Tab")
        s.wait(re.compile(r"^%s\s*$" % re.escape(prompt), re.M),
               "%s: focusing the console pane types at the session" % what)
        s.text("second")
        s.keys("Enter")
        s.wait("< SECOND", "%s: a second line" % what)
        s.keys(":")
        s.wait(re.compile(r"^jangada>\s*$", re.M), "%s: ':' again" % what)
        s.text("console eol crlf")
        s.keys("Enter")
        s.keys("Escape")
        s.keys("c")
        crlf = "tcp 127.0.0.1:%d [crlf]>" % srv.port
        s.wait(re.compile(r"^%s\s*$" % re.escape(crlf), re.M),
               "%s: console eol crlf: the prompt shows it" % what)
        s.text("third")
        s.keys("Enter")
        s.wait("< THIRD", "%s: a line with CR LF" % what)
        ok(srv.received.endswith(b"second\nthird\r\n"),
           "%s: the server got it with CR LF" % what)
        prompt = crlf
        s.keys("Escape")
        ok(s.wait_gone(prompt, 5), "%s: Esc leaves the session's prompt" %
           what)
        s.keys("t")
        s.wait("[transfers]", "%s: t shows the transfers" % what)
        s.keys("F2")
        s.wait("[protocol]", "%s: F2 the next view" % what)
        s.show("console session")
        s.keys("q")
        s.wait("1 console session is open. Quit and close it?",
               "%s: q asks while the session is open" % what)
        s.quit("console %s" % what, keys=("y",))
    srv.close()


def udp_listen():
    """udp listen in the pane: each datagram shown with its sender."""
    s0 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s0.bind(("127.0.0.1", 0))
    port = s0.getsockname()[1]
    s0.close()
    u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    u.bind(("127.0.0.1", 0))
    me = u.getsockname()[1]
    with Screen([], 100, 30, cwd=workdir("tui-udp-")) as s:
        s.wait("not connected", "udp: started")
        s.keys(":")
        s.text("udp listen 127.0.0.1 %d" % port)
        s.keys("Enter")
        s.wait("listening on 127.0.0.1:%d" % port, "udp: listening")
        u.sendto(b"datagram one\n", ("127.0.0.1", port))
        s.wait("< [127.0.0.1:%d] datagram one" % me,
               "udp listen: the pane shows the datagram with its sender")
        s.keys("Escape")
        s.keys("q")
        s.wait("1 console session is open. Quit and close it?",
               "udp listen: q asks while the session is open")
        s.quit("udp listen", keys=("y",))
    u.close()


def main():
    need_jangada()
    session(80, 24)
    session(160, 48)
    udp_listen()


tap.main(main)
