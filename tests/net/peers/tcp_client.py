"""A TCP client: connect, send each message as a line, print each reply.

Exercise 4 of a sockets course (the client of exercise 1 and 2).

    python3 tcp_client.py HOST PORT MESSAGE...
"""
import socket
import sys

HOST = sys.argv[1]
PORT = int(sys.argv[2])

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(15)
client.connect((HOST, PORT))
print("CONNECTED", flush=True)
for message in sys.argv[3:]:
    client.sendall(message.encode() + b"\n")
    reply = client.recv(1024)
    print("REPLY", reply.decode(errors="replace").rstrip("\r\n"), flush=True)
client.close()
