"""Send a file over a raw TCP socket to the first client, then close.

The file exercise of a sockets course: read the file in chunks and
sendall each one. Prints "PORT n" first and "SENT n" at the end.

    python3 file_server.py FILE [PORT]
"""
import socket
import sys

FILE = sys.argv[1]
PORT = int(sys.argv[2]) if len(sys.argv) > 2 else 0

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind(("127.0.0.1", PORT))
server.listen(1)
server.settimeout(30)
print("PORT", server.getsockname()[1], flush=True)

conn, addr = server.accept()
conn.settimeout(30)
sent = 0
with open(FILE, "rb") as f:
    while True:
        chunk = f.read(4096)
        if not chunk:
            break
        conn.sendall(chunk)
        sent += len(chunk)
conn.close()
print("SENT", sent, flush=True)
