"""A chat client: select() over the keyboard (stdin) and the socket.

Exercise 6 of a sockets course: every line typed goes to the chat server,
every line from the server is printed ("GOT line"). It stops after EXPECT
lines have come (or 15 s), printing "DONE".

    python3 chat_client.py HOST PORT EXPECT
"""
import os
import select
import socket
import sys
import time

HOST = sys.argv[1]
PORT = int(sys.argv[2])
EXPECT = int(sys.argv[3])

sock = socket.create_connection((HOST, PORT), timeout=15)
print("CONNECTED", flush=True)
inputs = [sock, sys.stdin.fileno()]
pending = b""
got = 0
deadline = time.time() + 15
while got < EXPECT and time.time() < deadline:
    ready, _, _ = select.select(inputs, [], [], deadline - time.time())
    for r in ready:
        if r is sock:
            data = sock.recv(4096)
            if not data:
                print("CLOSED", flush=True)
                sys.exit(0)
            pending += data
            while b"\n" in pending:
                line, pending = pending.split(b"\n", 1)
                print("GOT", line.decode(errors="replace"), flush=True)
                got += 1
        else:
            typed = os.read(r, 4096)
            if not typed:
                inputs.remove(r)
            else:
                sock.sendall(typed)
print("DONE", got, flush=True)
sock.close()
