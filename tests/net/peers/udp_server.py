"""A UDP server that answers each datagram (in upper case).

Exercise 3 of a sockets course: bind, then recvfrom and sendto the
source. Answers COUNT datagrams (default 1) and exits; prints "PORT n"
first, then each datagram and its source.

    python3 udp_server.py [PORT [COUNT]]
"""
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 0
COUNT = int(sys.argv[2]) if len(sys.argv) > 2 else 1

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.bind((HOST, PORT))
sock.settimeout(30)
print("PORT", sock.getsockname()[1], flush=True)

for _ in range(COUNT):
    data, addr = sock.recvfrom(65535)
    print("received", repr(data), "from", "%s:%d" % addr, flush=True)
    sock.sendto(data.upper(), addr)
sock.close()
