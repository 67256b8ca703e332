"""A server for a line protocol as the Internet's text protocols speak it
(SMTP, POP3, FTP...): a line ends with CR LF, and only then is it answered.

Greets "220 ready", answers each CR LF line with "250 got LINE" and
"221 bye" to QUIT, then closes. A bare LF is not the end of a line: the
bytes wait for their CR LF, as a strict server's do (so a client that
sends LF only never gets an answer). Prints "PORT n" first, then each line
it got, with repr.

    python3 line_server.py PORT
"""
import socket
import sys

HOST = "127.0.0.1"
PORT = int(sys.argv[1]) if len(sys.argv) > 1 else 0

srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
srv.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
srv.bind((HOST, PORT))
srv.listen(1)
srv.settimeout(30)
print("PORT", srv.getsockname()[1], flush=True)

conn, addr = srv.accept()
conn.settimeout(30)
conn.sendall(b"220 ready\r\n")
held = b""
try:
    while True:
        data = conn.recv(4096)
        if not data:
            break
        held += data
        while b"\r\n" in held:
            line, held = held.split(b"\r\n", 1)
            print("LINE", repr(line), flush=True)
            if line.upper() == b"QUIT":
                conn.sendall(b"221 bye\r\n")
                raise SystemExit
            conn.sendall(b"250 got " + line + b"\r\n")
        if held:
            print("HELD", repr(held), flush=True)
finally:
    conn.close()
    srv.close()
