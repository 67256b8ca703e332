"""tlspeer.py: a tiny FTPS server for the TLS fault tests (Python's ssl
module; no pyftpdlib), a thread per session, on 127.0.0.1.

    from tlspeer import TlsPeer
    with TlsPeer(cert, key, body=b"...", mode="clean") as p:
        ... connect to p.port (explicit: AUTH TLS; implicit=True: TLS
        from the first byte) ...
        p.commands  -> the commands received, in order

RETR of any name sends body on a TLS data connection (EPSV only):
    mode "clean"      every byte, then close_notify, then 226
    mode "noclose"    every byte, then a bare TCP close, then 226
    mode "short"      half the bytes, a bare TCP close, then 226
SIZE answers len(body). Every wait is bounded; the thread is a daemon.
"""

import socket
import ssl
import threading


class TlsPeer:
    def __init__(self, cert, key, body=b"", mode="clean", implicit=False):
        self.ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self.ctx.load_cert_chain(cert, key)
        self.body, self.mode, self.implicit = body, mode, implicit
        self.commands = []
        self.lsock = socket.socket()
        self.lsock.bind(("127.0.0.1", 0))
        self.lsock.listen(4)
        self.lsock.settimeout(20)
        self.port = self.lsock.getsockname()[1]
        self.t = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self):
        self.t.start()
        return self

    def __exit__(self, *exc):
        self.lsock.close()
        self.t.join(5)

    def _serve(self):
        while True:
            try:
                c, _ = self.lsock.accept()
            except OSError:
                return
            threading.Thread(target=self._one, args=(c,),
                             daemon=True).start()

    def _one(self, c):
        try:
            c.settimeout(20)
            if self.implicit:
                c = self.ctx.wrap_socket(c, server_side=True)
            self._session(c)
        except (OSError, ssl.SSLError):
            pass
        finally:
            c.close()

    def _session(self, c):
        f = [c, b""]

        def send(line):
            f[0].sendall(line.encode() + b"\r\n")

        def readline():
            while b"\r\n" not in f[1]:
                b = f[0].recv(4096)
                if not b:
                    return None
                f[1] += b
            line, f[1] = f[1].split(b"\r\n", 1)
            return line.decode("utf-8", "replace")

        send("220 tlspeer ready")
        dl = None
        while True:
            line = readline()
            if line is None:
                return
            self.commands.append(line)
            verb = line.split(" ")[0].upper()
            arg = line[len(verb) + 1:]
            if verb == "AUTH":
                send("234 go ahead")
                f[0] = self.ctx.wrap_socket(f[0], server_side=True)
            elif verb in ("USER",):
                send("331 password")
            elif verb == "PASS":
                send("230 logged in")
            elif verb in ("PBSZ", "PROT", "TYPE", "MODE", "STRU", "OPTS"):
                send("200 ok")
            elif verb == "FEAT":
                send("211-Features:\r\n AUTH TLS\r\n EPSV\r\n SIZE\r\n"
                     "211 End")
            elif verb == "SYST":
                send("215 UNIX Type: L8")
            elif verb == "PWD":
                send('257 "/" is here')
            elif verb == "CWD":
                send("550 not a directory")
            elif verb == "SIZE":
                send("213 %d" % len(self.body))
            elif verb == "EPSV":
                dl = socket.socket()
                dl.bind(("127.0.0.1", 0))
                dl.listen(1)
                dl.settimeout(10)
                send("229 Entering Extended Passive Mode (|||%d|)" %
                     dl.getsockname()[1])
            elif verb == "RETR" and dl is not None:
                send("150 here it comes (%d bytes)" % len(self.body))
                d, _ = dl.accept()
                dl.close()
                dl = None
                d.settimeout(10)
                d = self.ctx.wrap_socket(d, server_side=True)
                body = self.body
                if self.mode == "short":
                    body = body[:len(body) // 2]
                d.sendall(body)
                if self.mode == "clean":
                    try:
                        d.unwrap()
                    except (OSError, ssl.SSLError):
                        pass
                d.close()       # no close_notify unless unwrapped
                send("226 done")
            elif verb == "QUIT":
                send("221 bye")
                return
            else:
                send("502 not here")
