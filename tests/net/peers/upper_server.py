"""An echo server that sends back what it receives in upper case.

Exercise 2 of a sockets course: one client, a loop of recv and sendall
until the client closes. Prints "PORT n" first, then what it received.

    python3 upper_server.py [PORT]
"""
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 0

server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
server.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
server.bind((HOST, PORT))
server.listen(1)
server.settimeout(30)
print("PORT", server.getsockname()[1], flush=True)

conn, addr = server.accept()
conn.settimeout(30)
print("connected", addr[0], flush=True)
while True:
    data = conn.recv(1024)
    if not data:
        break
    print("received", repr(data), flush=True)
    conn.sendall(data.upper())
conn.close()
print("closed", flush=True)
