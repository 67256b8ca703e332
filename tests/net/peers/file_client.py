"""Receive a file over a raw TCP socket: everything until the server closes.

The other half of the file exercise. Prints "RECEIVED n".

    python3 file_client.py HOST PORT OUTFILE
"""
import socket
import sys

HOST = sys.argv[1]
PORT = int(sys.argv[2])

client = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
client.settimeout(30)
client.connect((HOST, PORT))
received = 0
with open(sys.argv[3], "wb") as f:
    while True:
        data = client.recv(65536)
        if not data:
            break
        f.write(data)
        received += len(data)
client.close()
print("RECEIVED", received, flush=True)
