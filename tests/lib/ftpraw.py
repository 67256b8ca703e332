"""ftpraw.py: a raw, byte-exact FTP client for tests of the fixtures.

    from ftpraw import RawFTP
    c = RawFTP("127.0.0.1", port)          # connects; c.greeting: bytes
    c.send(b"USER anonymous\\r\\n")        # exactly these bytes
    c.reply()      -> b"331 ...\\r\\n"     # one complete (multi-line) reply
    c.cmd("PASS x") -> reply bytes         # sends the line with CRLF
    c.epsv() / c.pasv() -> (host, port) as advertised
    d = c.data(port)                       # connect to the control peer
    c.read_eof(d)  -> all bytes until EOF  # bounded by a timeout
    c.close()

Every wait has a timeout (default 5 s); a timeout raises socket.timeout.
It is deliberately simple and trusts nothing: it never connects to the
address a 227 names unless the test asks for it.
"""

import re
import socket
import time

__all__ = ["RawFTP"]


class RawFTP:
    def __init__(self, host, port, timeout=5.0, read_greeting=True):
        self.host, self.port, self.timeout = host, port, timeout
        self.sock = socket.create_connection((host, port), timeout=timeout)
        self.buf = b""
        self.chunks = []            # the recv() results, for write-shape tests
        self.greeting = self.reply() if read_greeting else None

    def send(self, data):
        self.sock.sendall(data)

    def recv_some(self, timeout=None):
        """One recv(); b"" at EOF."""
        self.sock.settimeout(self.timeout if timeout is None else timeout)
        b = self.sock.recv(65536)
        self.chunks.append(b)
        return b

    def reply(self, timeout=None):
        """One complete reply (all its lines, with their endings)."""
        deadline = time.monotonic() + (self.timeout if timeout is None
                                       else timeout)
        while True:
            end = self._reply_end()
            if end is not None:
                r, self.buf = self.buf[:end], self.buf[end:]
                return r
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("no complete reply: %r" % self.buf[:200])
            b = self.recv_some(left)
            if not b:
                r, self.buf = self.buf, b""
                if r:
                    return r
                raise EOFError("control connection closed")
            self.buf += b

    def _reply_end(self):
        """Where the first complete reply in buf ends, or None."""
        m = re.match(rb"(\d{3})([ -])", self.buf)
        if not m:
            nl = self.buf.find(b"\n")
            return nl + 1 if nl != -1 else None
        code = m.group(1)
        pos = 0
        while True:
            nl = self.buf.find(b"\n", pos)
            if nl == -1:
                return None
            line = self.buf[pos:nl + 1]
            if pos == 0 and m.group(2) == b" ":
                return nl + 1
            if pos > 0 and line.startswith(code + b" "):
                return nl + 1
            pos = nl + 1

    def cmd(self, line, timeout=None):
        if isinstance(line, str):
            line = line.encode("utf-8", "surrogateescape")
        self.send(line + b"\r\n")
        return self.reply(timeout)

    def login(self, user="anonymous", password="anonymous@"):
        r = self.cmd("USER " + user)
        if r.startswith(b"331"):
            r = self.cmd("PASS " + password)
        return r

    def epsv(self):
        r = self.cmd("EPSV")
        m = re.search(rb"\((.)\1\1(\d+)\1\)", r)
        if not m:
            raise ValueError("bad EPSV reply %r" % r)
        return self.host, int(m.group(2))

    def pasv(self):
        r = self.cmd("PASV")
        m = re.search(rb"(\d+),(\d+),(\d+),(\d+),(\d+),(\d+)", r)
        if not m:
            raise ValueError("bad PASV reply %r" % r)
        n = [int(x) for x in m.groups()]
        return "%d.%d.%d.%d" % tuple(n[:4]), n[4] * 256 + n[5]

    def data(self, port, host=None, timeout=None):
        """A data connection to host (default: the control peer) : port."""
        return socket.create_connection(
            (host or self.host, port),
            timeout=self.timeout if timeout is None else timeout)

    def read_eof(self, sock, timeout=None, limit=None):
        """Read sock until EOF (or limit bytes); bounded by timeout."""
        deadline = time.monotonic() + (self.timeout if timeout is None
                                       else timeout)
        out = bytearray()
        while limit is None or len(out) < limit:
            left = deadline - time.monotonic()
            if left <= 0:
                raise socket.timeout("data EOF not reached (%d bytes)"
                                     % len(out))
            sock.settimeout(left)
            b = sock.recv(65536)
            if not b:
                break
            out += b
        return bytes(out)

    def retr(self, name, epsv=True):
        """EPSV/PASV + RETR name: (data bytes, 150 reply, final reply)."""
        _, port = self.epsv() if epsv else self.pasv()
        d = self.data(port)
        try:
            r1 = self.cmd("RETR " + name)
            if not r1.startswith(b"1"):
                return None, r1, None
            data = self.read_eof(d, timeout=30)
        finally:
            d.close()
        return data, r1, self.reply(30)

    def is_eof(self, timeout=1.0):
        """True if the server closes the control connection in time."""
        try:
            while True:
                b = self.recv_some(timeout)
                if not b:
                    return True
                self.buf += b
        except (socket.timeout, TimeoutError):
            return False
        except OSError:
            return True

    def close(self):
        try:
            self.sock.close()
        except OSError:
            pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
