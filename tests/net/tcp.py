"""TCP console sessions through condrive against Python peers written as a
sockets course writes them: jangada as a client gets their replies, as a
server answers them (typed lines, echo), relays a chat between three
clients, and moves files byte-exact over raw sockets both ways (--save,
--send). Loopback only, every wait bounded."""

import hashlib
import os
import shutil
import socket
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import tap
from tap import ok, is_, like, diag
import netlib
from netlib import condrive, peer, server

TMP = tempfile.mkdtemp(prefix="jangada-net-")


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def clean(c, what):
    """The driver exited cleanly, without a sanitizer report."""
    rep = c.asan_report()
    if rep:
        diag(rep)
    ok(not rep, "%s: no sanitizer report" % what)


def make_file(name, size):
    """A file with every byte value, NULs, CR LF and random bytes."""
    path = os.path.join(TMP, name)
    head = bytes(range(256)) * 4 + b"\r\n\r\n\0\0\0\n\n"
    with open(path, "wb") as f:
        f.write(head)
        left = size - len(head)
        while left > 0:
            n = min(left, 1 << 20)
            f.write(os.urandom(n))
            left -= n
    return path


def test_client_fixed_reply():
    srv = server("fixed_server.py")
    c = condrive("tcp-connect", "127.0.0.1", srv.port)
    ok(c.wait_for(r"^INFO 0 127\.0\.0\.1:%d connected to 127\.0\.0\.1:%d "
                  r"\(from 127\.0\.0\.1:\d+\)$" % (srv.port, srv.port)),
       "client: connected, with both ends")
    c.send("hello server")
    is_(c.wait_for(r"^IN "), "IN 0 127.0.0.1:%d Hello from the Python "
        "server" % srv.port, "client: the server's reply, with direction "
        "and peer")
    ok(c.wait_for(r"^INFO 0 - connection closed by 127\.0\.0\.1:%d$" %
                  srv.port), "client: the server closing is reported")
    is_(c.wait_closed(), 0, "client: the session ends when the server "
        "closes")
    ok("OUT 0 127.0.0.1:%d hello server" % srv.port in c.lines,
       "client: the typed line is shown as sent")
    ok(srv.wait_for(r"^received b'hello server\\n'$"),
       "the server got the line with an LF")
    ok("BYTES in 29 out 13" in c.lines, "client: the byte counter")
    clean(c, "fixed reply")


def test_client_upper_echo():
    srv = server("upper_server.py")
    c = condrive("tcp-connect", "127.0.0.1", srv.port, "--crlf")
    c.send("hello there")
    is_(c.wait_for(r"^IN "), "IN 0 127.0.0.1:%d HELLO THERE" % srv.port,
        "client: the upper-casing server's answer (its CR LF not shown)")
    ok(srv.wait_for(r"^received b'hello there\\r\\n'$"),
       "--crlf: the line went with CR LF")
    c.send("@eol none")
    c.send("no end")
    ok(srv.wait_for(r"^received b'no end'$"), "eol none: no line end")
    ok(c.wait_for(r"^IN 0 \S+ NO END$", timeout=5),
       "a reply without its end is shown after a short silence")
    c.send("@eol lf")
    c.send("@hex on")
    c.send("abc")
    like(c.wait_for(r"^IN 0 \S+ 00000013 "), r"^IN 0 \S+ 00000013  41 42 "
         r"43 0a {38} \|ABC\.\|$", "hex: offset in the stream, bytes, "
         "ASCII column")
    ok(c.matching(r"^OUT 0 \S+ 00000013  61 62 63 0a "),
       "hex: what was sent is dumped too, at its offset")
    c.send("@hex off")
    c.send("back to text")
    ok(c.wait_for(r"^IN 0 \S+ BACK TO TEXT$"), "and back to text")
    c.send("@quit")
    is_(c.wait_closed(), 0, "@quit closes the session")
    ok(srv.wait_for(r"^closed$"), "the server saw the close")
    clean(c, "upper echo")


def test_server_answers():
    c = condrive("tcp-listen", "127.0.0.1", 0)
    port = c.read_port()
    ok(port > 0, "server: bound to a free port (%d)" % port)
    ok(c.wait_for(r"^INFO 0 - listening on 127\.0\.0\.1:%d$" % port),
       "server: says where it listens")
    cl = peer("tcp_client.py", "127.0.0.1", port, "ping", "second")
    ok(c.wait_for(r"^INFO 1 127\.0\.0\.1:\d+ client 1 connected from "
                  r"127\.0\.0\.1:\d+$"), "server: who connected, numbered")
    ok(c.wait_for(r"^IN 1 127\.0\.0\.1:\d+ ping$"), "server: what client 1 "
       "sent")
    c.send("@1 pong")
    ok(cl.wait_for(r"^REPLY pong$"), "the Python client got the typed "
       "answer")
    ok(c.wait_for(r"^IN 1 \S+ second$"), "its second line")
    c.send("pong again")
    ok(cl.wait_for(r"^REPLY pong again$"), "a line to all reaches it too")
    ok(c.wait_for(r"^INFO 1 \S+ client 1 disconnected$"),
       "server: the client leaving")
    c.send("@7 nobody")
    ok(c.wait_for(r"^ERROR 0 - no client 7$"), "to a client that is not "
       "there: a clear error")
    c.send("@0 nobody")
    ok(c.wait_for(r"^ERROR 0 - no client is connected$"),
       "to all with nobody there: a clear error")
    c.send("@quit")
    is_(c.wait_closed(), 0, "server: closes")
    clean(c, "server answers")


def test_server_echo():
    c = condrive("tcp-listen", "127.0.0.1", 0, "--echo")
    port = c.read_port()
    cl = peer("tcp_client.py", "127.0.0.1", port, "echo me", "and me")
    ok(cl.wait_for(r"^REPLY echo me$"), "--echo: the client gets its line "
       "back")
    ok(cl.wait_for(r"^REPLY and me$"), "--echo: and the next")
    ok(c.wait_for(r"^IN 1 \S+ and me$"), "--echo: the server shows them")
    c.send("@quit")
    is_(c.wait_closed(), 0, "echo server closes")
    clean(c, "echo")


def test_relay():
    c = condrive("tcp-listen", "127.0.0.1", 0, "--relay")
    port = c.read_port()
    names = ["ana", "bo", "cy"]
    clients = [peer("chat_client.py", "127.0.0.1", port, 3) for _ in names]
    got = c.wait_count(r"^INFO \d \S+ client \d connected", 3)
    is_(len(got), 3, "relay: three clients connected")
    for cl in clients:
        ok(cl.wait_for(r"^CONNECTED$"), "chat client connected")
    for name, cl in zip(names, clients):
        cl.send("%s says hi" % name)
        ok(c.wait_for(r"^IN \d \S+ %s says hi$" % name),
           "relay: the server shows %s's line" % name)
    c.send("@0 server says bye")
    for name, cl in zip(names, clients):
        cl.wait_for(r"^DONE", timeout=15)
        want = sorted(["%s says hi" % n for n in names if n != name] +
                      ["server says bye"])
        got = sorted(l[4:] for l in cl.lines if l.startswith("GOT "))
        is_(got, want, "relay: %s got the other two's lines and the "
            "server's, not its own" % name)
    c.send("@quit")
    is_(c.wait_closed(), 0, "relay server closes")
    clean(c, "relay")


def test_save():
    path = make_file("source.bin", 5 * 1024 * 1024 + 17)
    srv = server("file_server.py", path)
    dest = os.path.join(TMP, "saved.bin")
    c = condrive("tcp-connect", "127.0.0.1", srv.port, "--save", dest,
                 seconds=60)
    is_(c.wait_closed(60), 0, "--save: the session ends when the server "
        "closes")
    ok(os.path.exists(dest), "--save: the file is there")
    ok(os.path.exists(dest) and sha(dest) == sha(path),
       "--save: byte-exact (5 MiB + 17, every byte value)")
    is_(sorted(f for f in os.listdir(TMP) if f.endswith(".part")), [],
        "--save: no .part left")
    ok("INFO 0 - saved %s (%d bytes)" % (dest, os.path.getsize(path))
       in c.lines, "--save: says it saved, and how much")
    ok(not c.matching(r"^IN "), "--save: the bytes went to the file, not "
       "the screen")
    ok("BYTES in %d out 0" % os.path.getsize(path) in c.lines,
       "--save: the byte counter")
    clean(c, "save")

    # An existing file is never replaced: refused before connecting.
    with open(dest, "rb") as f:
        before = f.read()
    srv2 = server("fixed_server.py")
    c = condrive("tcp-connect", "127.0.0.1", srv2.port, "--save", dest)
    is_(c.wait(), 1, "--save over an existing file is refused")
    is_(c.lines, ["ERROR 0 - %s exists; it will not be replaced" % dest],
        "with a clear message")
    with open(dest, "rb") as f:
        ok(f.read() == before, "and the file is untouched")
    srv2.kill()

    # Closed before the peer is done: the .part stays, no file appears.
    srv3 = server("misbehave_server.py", "flood", 64)
    dest3 = os.path.join(TMP, "cut.bin")
    c = condrive("tcp-connect", "127.0.0.1", srv3.port, "--save", dest3)
    ok(c.wait_for(r"^INFO 0 \S+ saving what arrives to "), "--save: says "
       "where it saves")
    for _ in range(100):
        c.send("@stats")
        line = c.wait_for(r"^STATS in [1-9]\d{6,} ", timeout=0.2)
        if line:
            break
    ok(line, "--save: a few MiB came")
    c.send("@quit")
    is_(c.wait_closed(), 0, "--save: closed before the end")
    like(c.text(), r"(?m)^ERROR 0 - %s is incomplete: the \d+ bytes "
         r"received are kept in its \.part file$" % dest3, "--save: says "
         "the file is incomplete")
    ok(not os.path.exists(dest3), "--save: no file under the final name")
    ok(os.path.exists(os.path.join(TMP, ".cut.bin.part")),
       "--save: the .part is kept")
    srv3.kill()

    c = condrive("tcp-connect", "127.0.0.1", srv2.port, "--save",
                 os.path.join(TMP, "no-such-dir", "x"))
    is_(c.wait(), 1, "--save into a missing directory is refused")
    like(c.text(), r"^ERROR 0 - cannot open directory .*no-such-dir",
         "with a clear message")


def test_send():
    path = make_file("send.bin", 24 * 1024 * 1024 + 5)
    c = condrive("tcp-listen", "127.0.0.1", 0, "--send", path, seconds=90)
    port = c.read_port()
    outs = [os.path.join(TMP, "got%d.bin" % i) for i in range(2)]
    clients = [peer("file_client.py", "127.0.0.1", port, o) for o in outs]
    for i, cl in enumerate(clients):
        ok(cl.wait_for(r"^RECEIVED \d+$", timeout=60),
           "--send: client %d got everything" % (i + 1))
        ok(os.path.exists(outs[i]) and sha(outs[i]) == sha(path),
           "--send: byte-exact at the Python client (24 MiB + 5)")
    got = c.wait_count(r"^INFO \d \S+ sent .* to client \d \(%d bytes\)$" %
                       os.path.getsize(path), 2)
    is_(len(got), 2, "--send: says it sent the file to each client")
    got = c.wait_count(r"^INFO \d \S+ client \d disconnected$", 2)
    is_(len(got), 2, "--send: each client closed after the file")

    # A client that says something, shuts its side (nc -N), then reads.
    s = socket.create_connection(("127.0.0.1", port), timeout=30)
    s.sendall(b"GET it\n")
    s.shutdown(socket.SHUT_WR)
    h = hashlib.sha256()
    n = 0
    while True:
        data = s.recv(1 << 16)
        if not data:
            break
        h.update(data)
        n += len(data)
    s.close()
    ok(n == os.path.getsize(path) and h.hexdigest() == sha(path),
       "--send: a client that shut its side first still gets it all")
    ok(c.wait_for(r"^IN 3 \S+ GET it$"), "--send: and what it said is "
       "shown")
    ok(c.wait_for(r"^INFO 3 \S+ client 3 disconnected$"), "--send: then "
       "it is closed")
    c.send("@quit")
    is_(c.wait_closed(), 0, "--send server closes")
    clean(c, "send")

    c = condrive("tcp-listen", "127.0.0.1", 0, "--send",
                 os.path.join(TMP, "no-such-file"))
    is_(c.wait(), 1, "--send of a missing file is refused")
    like(c.text(), r"^ERROR 0 - .*no-such-file", "naming the file")


def test_save_log():
    srv = server("upper_server.py")
    c = condrive("tcp-connect", "127.0.0.1", srv.port)
    c.send("log me \x1b[1m")
    c.wait_for(r"^IN ")
    log = os.path.join(TMP, "session.log")
    c.send("@save-log %s" % log)
    ok(c.wait_for(r"^SAVED "), "save-log: written")
    with open(log, "rb") as f:
        text = f.read().decode()
    like(text, r"(?m)^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} OUT 0 "
         r"127\.0\.0\.1:%d log me \\x1b\[1m$" % srv.port,
         "save-log: time, direction, client, peer, sanitized text")
    like(text, r"(?m) IN 0 \S+ LOG ME \\x1b\[1M$", "save-log: the reply")
    ok("\x1b" not in text, "save-log: no raw escape")
    c.send("@save-log %s" % log)
    ok(c.wait_for(r"^ERROR 0 - .*exists"), "save-log: an existing file is "
       "not replaced")
    c.send("@quit")
    is_(c.wait_closed(), 0, "closes")
    clean(c, "save-log")


def main():
    try:
        test_client_fixed_reply()
        test_client_upper_echo()
        test_server_answers()
        test_server_echo()
        test_relay()
        test_save()
        test_send()
        test_save_log()
    finally:
        netlib.stop_all()
        shutil.rmtree(TMP, ignore_errors=True)


tap.main(main)
