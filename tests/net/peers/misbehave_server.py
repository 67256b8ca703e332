"""A TCP server that misbehaves on purpose, for the bad-input tests.

Prints "PORT n" first, serves one client, then:
  flood MIB      MIB MiB of random binary, "\nEND-OF-FLOOD\n", then waits
                 for the client to close (or "close" on stdin)
  longline N     a line of N bytes, then "after\n", then waits as flood
  midline        "complete line\n" "partial li", then closes
  hostile        escape sequences, C1 controls, bidi, invalid UTF-8; closes
  banner         "220 probe me\r\n", then waits
  silent         says nothing, waits
  slowpartial    "220 no end of line" without its end, waits
  hangup         closes at once

    python3 misbehave_server.py MODE [ARG]
"""
import os
import select
import socket
import sys
import time

MODE = sys.argv[1]
ARG = int(sys.argv[2]) if len(sys.argv) > 2 else 0

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", 0))
server.listen(1)
server.settimeout(30)
print("PORT", server.getsockname()[1], flush=True)
conn, addr = server.accept()
conn.settimeout(60)


def wait_close(seconds=30):
    """Until the client closes, "close" comes on stdin, or time is up."""
    deadline = time.time() + seconds
    while time.time() < deadline:
        r, _, _ = select.select([conn, sys.stdin], [], [], 0.5)
        if conn in r:
            try:
                if not conn.recv(65536):
                    return
            except OSError:
                return
        if sys.stdin in r and sys.stdin.readline().strip() in ("close", ""):
            return


if MODE == "flood":
    block = os.urandom(1 << 20)
    sent = 0
    for i in range(ARG):
        # A different block each time, cheaply: rotate it.
        k = (i * 7919) % len(block)
        conn.sendall(block[k:] + block[:k])
        sent += len(block)
    conn.sendall(b"\nEND-OF-FLOOD\n")
    print("SENT", sent + 14, flush=True)
    wait_close()
elif MODE == "longline":
    chunk = b"A" * 65536
    left = ARG
    while left > 0:
        conn.sendall(chunk[:min(left, len(chunk))])
        left -= min(left, len(chunk))
    conn.sendall(b"\nafter\n")
    print("SENT", ARG + 7, flush=True)
    wait_close()
elif MODE == "midline":
    conn.sendall(b"complete line\n")
    time.sleep(0.1)
    conn.sendall(b"partial li")
elif MODE == "hostile":
    conn.sendall(b"title \x1b]0;pwned\x07 clear \x1b[2J csi \xc2\x9b31m "
                 b"bidi \xe2\x80\xae reversed nul \x00 bad \xff\xfe end\n")
elif MODE == "banner":
    conn.sendall(b"220 probe me\r\n")
    wait_close(10)
elif MODE == "silent":
    wait_close(10)
elif MODE == "slowpartial":
    conn.sendall(b"220 no end of line")
    wait_close(10)
elif MODE == "hangup":
    pass
conn.close()
server.close()
