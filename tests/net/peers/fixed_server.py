"""A TCP server that answers each client with a fixed reply.

Exercise 1 of a sockets course: bind, listen, accept, receive what the
client says, send the same reply to everyone, close. It serves CLIENTS
clients (default 1) and exits; it prints "PORT n" first (port 0 = any).

    python3 fixed_server.py [PORT [CLIENTS]]
"""
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 0
CLIENTS = int(sys.argv[2]) if len(sys.argv) > 2 else 1
REPLY = b"Hello from the Python server\n"

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(5)
server.settimeout(30)
print("PORT", server.getsockname()[1], flush=True)

for _ in range(CLIENTS):
    conn, addr = server.accept()
    conn.settimeout(30)
    print("connected", addr[0], flush=True)
    data = conn.recv(1024)
    print("received", repr(data), flush=True)
    conn.sendall(REPLY)
    conn.close()
server.close()
