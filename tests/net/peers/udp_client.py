"""A UDP client: send a datagram, wait for the answer, print it.

Exercise 5 of a sockets course (the client of exercise 3).

    python3 udp_client.py HOST PORT MESSAGE
"""
import socket
import sys

HOST = sys.argv[1]
PORT = int(sys.argv[2])

sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
sock.settimeout(15)
sock.sendto(sys.argv[3].encode(), (HOST, PORT))
print("SENT", flush=True)
data, addr = sock.recvfrom(65535)
print("REPLY", data.decode(errors="replace").rstrip("\r\n"), "FROM",
      "%s:%d" % addr, flush=True)
sock.close()
