#!/usr/bin/env python3
"""fakeftpd.py: a scripted fake FTP server for transcript and fault tests.

Python 3 standard library only.  Modelled on curl's tests/ftpserver.pl and
its <servercmd> block: a test starts it on a free loopback port with a
*case* that says what to reply to each command and how to misbehave; the
client under test talks to it; afterwards the test reads back the exact
bytes the client sent (PASS included, unmasked), the files it uploaded and
the data connections it opened, and asserts on them.

Python API
----------
    from fakeftpd import FakeFTPD

    with FakeFTPD("tests/cases/greeting-multiline.case") as srv:  # a file
        ...  run the client against srv.host, srv.port (srv.url) ...
        srv.wait_closed(5)            # every control connection ended
        srv.commands()   -> ["USER anonymous", "PASS anonymous@", ...]
        srv.commands(sid) -> the same, of one control connection
        srv.sessions()   -> the ids of the control connections
        srv.transcript() -> [b"USER anonymous\\r\\n", ...]  (exact bytes)
        srv.raw()        -> all bytes received on the control connections
        srv.uploads      -> [Upload(cmd, arg, offset, path, .data), ...]
        srv.upload("name") -> bytes of the last upload of that name (as
                              sent, or resolved: "/dir/name")
        srv.data_conns   -> [{"session", "cmd", "mode", "peer", "local"}]
        srv.trap_hits    -> connections that went to the PASVBADIP address
        srv.log()        -> the server's own event log (for diag)

`case` may be a path (str or pathlib.Path) of a case file, the text of a
case (str or bytes: "" is the all-defaults case), or a Case built in
Python: Case.parse(text) then case.reply("USER", b"331 raw\\r\\n"),
case.body("RETR", "f.bin", data) for bytes that are awkward to escape.
FakeFTPD(case, host="::1") listens on IPv6 loopback.  Per-command counts
are global over all connections of one server (the 2nd USER may come on a
second connection).  The server stops on leaving the `with` block, at
stop(), at exit, or after `lifetime` seconds (default 600); every wait
inside it is bounded and all its threads are daemonic, so it never hangs a
test.

Command line (for shell tests and the C engine tests)
-----------------------------------------------------
    python3 tests/lib/fakeftpd.py CASEFILE [--host 127.0.0.1|::1] [--port 0]
            [--record DIR] [--lifetime SECS] [--sessions N]

prints the port on the first line of stdout, then serves until SIGTERM or
SIGINT, until N control connections have ended (--sessions), or for at
most SECS seconds (default 300).  With --record DIR it writes, as they
happen: DIR/control.raw (every byte received on control connections),
DIR/commands.txt (one received line per line, terminator removed),
DIR/events.log, and DIR/uploads/NNN-NAME (each upload).

Case format
-----------
One directive per line; blank lines and lines starting with "#" are
ignored.  A directive is

    KEYWORD [TARGET ["ARG"]] [TEXT]

TARGET is an FTP verb (USER, RETR, ...) or GREETING (the banner sent when
a client connects).  "VERB#N" applies only to the Nth such command (the Nth
connection for GREETING), counted from 1 over the server's whole life.
"ARG", double-quoted with the escapes below, limits the directive to
commands with that argument: the argument exactly as sent, or the same
absolute path once resolved against the session's current directory
(a listing's options, "-a", are dropped first, and a listing with no
name is the current directory's).
The most specific rule wins: VERB#N "ARG", VERB#N, VERB "ARG", VERB.

TEXT is the rest of the line after one space, with escapes \\r \\n \\t \\0
\\e (ESC) \\a (BEL) \\s (space) \\\\ \\" \\xHH, and %repeat[N x TEXT]%
(TEXT N times, as in curl) for huge lines.  Any other byte is sent as it is
in the file (UTF-8, Latin-1, anything).  TEXT may be a here-document:
"<<WORD" alone, then lines up to one that is exactly WORD.

Replies (each directive is one action; a target's actions run in file
order and replace the built-in answer; each REPLY is one write):
    REPLY T TEXT      each line of TEXT (split at \\n, or the here-doc's
                      lines) sent with CRLF
    REPLYLF T TEXT    the same with LF-only endings
    REPLYRAW T TEXT   exactly these bytes, nothing added
    GREETING TEXT     = REPLY GREETING TEXT (also GREETINGLF, GREETINGRAW)
    DROP T            close the control connection (after the actions
                      before it: REPLYRAW then DROP drops mid-reply)
    SLEEP T SECS      pause between two actions
    XFER T [N] [hold|reset]
                      do the data part of the command here: take the data
                      connection, send the body (or receive the upload),
                      close it.  N: stop after N bytes.  hold: do not
                      close the data connection (it stays open, silent,
                      until ABOR, QUIT or the end of the session).
                      reset: close it with a TCP reset (SO_LINGER 0),
                      unread bytes and all.
    DEFAULT T         run the built-in answer here (e.g. REPLY RETR 200 x
                      then DEFAULT RETR: a 200 before the usual 150/226)
    DELAY T SECS      wait SECS before answering T (built-in or scripted)

Bodies (for LIST, NLST, MLSD, RETR; SIZE and MDTM use the RETR bodies):
    BODY CMD ["ARG"] TEXT      exact bytes; several BODY lines append; a
                               here-document's lines each end with CRLF
    BODYLF CMD ["ARG"] TEXT    the same, here-document lines end with LF
    BODYFILE CMD ["ARG"] PATH  a file (relative to the case file)
    BODYRANDOM CMD ["ARG"] SIZE [SEED]   SIZE deterministic pseudo-random
                               bytes: random_bytes(SIZE, SEED)
A body without "ARG" is the default for that command.  A RETR without a
body gets 550; a listing without one is empty.

Transfers of the built-in data commands (optional CMD limits it to one of
LIST NLST MLSD RETR STOR APPE STOU):
    GLUE [CMD]             150 and 226 in one write, before the data
    FINAL [CMD] before|after|never   226 before the data, after it (the
                           default), or never
    NODATACONN [CMD]       send 150, then never touch the data connection
                           and never send a final reply
    ABORT [CMD] CODE [N]   after 150, reply CODE (425/426/451) instead of
                           226; with N, first accept and send N bytes
    SHORT [CMD] N          send only N bytes of the body, then 226 (R22)
    STALL [CMD] N          send N bytes, keep the data connection open,
                           no final reply
    PRELIM [CMD] TEXT      the text of the 150 line (default "150 Opening
                           BINARY mode data connection for NAME (N bytes).")
Data connections:
    PASVBADIP [IP]   227 advertises IP (default 127.0.0.2) but the server
                     listens on its own address; if IP is another loopback
                     address, a trap listens there on the same port and
                     records any connection in trap_hits
    EPSVREFUSE       229 names a port where nothing listens (refused)
    PASVREFUSE       the same for 227
    BLACKHOLE [EPSV|PASV]  the advertised listener's queue is kept full,
                     so a connect to it hangs (SYN dropped) until timeout
    SLOWDOWNDATA [SECS]    data sent one byte per write
Control connection and server:
    SLOWDOWN [SECS]  every reply sent one byte per write, SECS apart
                     (default 0.002)
    MAXCONN N        a connection beyond N at once gets 421 and is closed
    STRICTRNFR       after RNFR, anything but RNTO gets 501 once (proftpd)
    RELATIVEONLY     names only relative to the current directory (many
                     embedded, VMS, MVS, AS/400 servers): an argument with
                     "/" gets 550, except CWD's
    TIMEOUT421 SECS  after SECS without a command: 421, close
    LOGIN USER PASS  only this login succeeds (530 otherwise)
    FEATURES A,B,... the FEAT list (default EPSV,PASV,SIZE,MDTM,
                     REST STREAM,UTF8)
    MDTMTIME YYYYMMDDHHMMSS   the built-in MDTM answer (default
                     20240102030405)
    DATATIMEOUT SECS       wait for a data connection (default 10)
    CONTROLTIMEOUT SECS    idle control connection closed silently (60)

Built-in answers (when no directive targets the command): USER 331, PASS
230, ACCT 202, SYST 215 UNIX, FEAT, OPTS 200, TYPE A/I 200, MODE S, STRU F,
PWD 257 (with "" doubling), CWD/CDUP 250 (tracked), NOOP 200, REST 350,
SIZE/MDTM from the RETR bodies, EPSV 229 / PASV 227 (a listener on the
control connection's local address), PORT/EPRT to loopback only, LIST NLST
MLSD RETR (150, data, 226), STOR APPE STOU (150, the upload is kept, 226),
ABOR (426+226 while a transfer is open, else 225), MKD 257, RMD DELE RNTO
250, RNFR 350, SITE 200, STAT 211, HELP 214, ALLO 202, QUIT 221 and close;
anything else 500.  A transfer that sees "ABOR" arrive on the control
connection stops.

Example (tests/cases/README has more):

    GREETING <<END
    220-Welcome to the \\e[1mfake\\e[0m server
    220 ready
    END
    REPLY USER#1 530 Not now
    REPLY EPSV 502 EPSV not implemented
    PASVBADIP 127.0.0.2
    BODY LIST <<END
    -rw-r--r--   1 ftp ftp   12 Jan 01  2024 README
    END
    BODYRANDOM RETR "/pub/big.bin" 1048576 7
    GLUE RETR
"""

import argparse
import ipaddress
import os
import posixpath
import random
import re
import select
import shutil
import signal
import socket
import struct
import sys
import tempfile
import threading
import time

__all__ = ["FakeFTPD", "Case", "CaseError", "Upload", "random_bytes",
           "unescape"]

DATA_CMDS = ("LIST", "NLST", "MLSD", "RETR", "STOR", "APPE", "STOU")
UPLOAD_CMDS = ("STOR", "APPE", "STOU")
LISTING_CMDS = ("LIST", "NLST", "MLSD")
MAX_LINE = 1024 * 1024          # a command line longer than this is cut
MAX_EXPAND = 256 * 1024 * 1024  # %repeat% cap
RANDOM_BLOCK = 65536


class CaseError(ValueError):
    """A case file that cannot be understood."""


# ---------------------------------------------------------------- text

_ESCAPES = {"r": b"\r", "n": b"\n", "t": b"\t", "0": b"\0", "e": b"\x1b",
            "a": b"\a", "s": b" ", "\\": b"\\", '"': b'"'}
_REPEAT = re.compile(r"%repeat\[(\d+) x (.*?)\]%")


def _expand_repeat(text):
    def rep(m):
        n, what = int(m.group(1)), m.group(2)
        if n * max(len(what), 1) > MAX_EXPAND:
            raise CaseError("%repeat% too large")
        return what * n
    return _REPEAT.sub(rep, text)


def unescape(text):
    """Case-file text (str, surrogateescape) to bytes: escapes, %repeat%."""
    text = _expand_repeat(text)
    out = bytearray()
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c != "\\":
            j = text.find("\\", i)
            j = n if j == -1 else j
            out += text[i:j].encode("utf-8", "surrogateescape")
            i = j
            continue
        if i + 1 >= n:
            raise CaseError("backslash at end of text")
        e = text[i + 1]
        if e in _ESCAPES:
            out += _ESCAPES[e]
            i += 2
        elif e == "x" and re.match(r"[0-9A-Fa-f]{2}", text[i + 2:i + 4]):
            out.append(int(text[i + 2:i + 4], 16))
            i += 4
        else:
            raise CaseError("unknown escape \\%s" % e)
    return bytes(out)


def random_bytes(size, seed=0, offset=0):
    """SIZE deterministic pseudo-random bytes (as BODYRANDOM sends them)."""
    return b"".join(_random_chunks(size, seed, offset))


def _random_chunks(size, seed, offset=0):
    pos = offset
    while pos < size:
        block = pos // RANDOM_BLOCK
        data = random.Random("%s:%d" % (seed, block)).randbytes(RANDOM_BLOCK)
        start = pos - block * RANDOM_BLOCK
        end = min(RANDOM_BLOCK, size - block * RANDOM_BLOCK)
        yield data[start:end]
        pos += end - start


# ---------------------------------------------------------------- case

class Body:
    """The bytes of a data transfer: inline parts, files, random runs."""

    def __init__(self):
        self.parts = []

    def size(self):
        total = 0
        for p in self.parts:
            if isinstance(p, bytes):
                total += len(p)
            elif p[0] == "file":
                total += os.path.getsize(p[1])
            else:
                total += p[1]
        return total

    def chunks(self, offset=0, chunk=65536):
        """Yield the body from offset on, in chunks of at most `chunk`."""
        for p in self.parts:
            if isinstance(p, bytes):
                plen = len(p)
                if offset < plen:
                    for i in range(offset, plen, chunk):
                        yield p[i:i + chunk]
            elif p[0] == "file":
                plen = os.path.getsize(p[1])
                if offset < plen:
                    with open(p[1], "rb") as f:
                        f.seek(offset)
                        while True:
                            b = f.read(chunk)
                            if not b:
                                break
                            yield b
            else:
                plen = p[1]
                if offset < plen:
                    for b in _random_chunks(plen, p[2], offset):
                        for i in range(0, len(b), chunk):
                            yield b[i:i + chunk]
            offset = max(0, offset - plen)

    def data(self):
        return b"".join(self.chunks())


class Rule:
    def __init__(self):
        self.actions = []       # (kind, value)
        self.delay = None


_TARGET = re.compile(r"([A-Za-z][A-Za-z0-9]*)(?:#(\d+))?")
_KEY_WITH_TEXT = ("REPLY", "REPLYLF", "REPLYRAW", "SLEEP", "DELAY", "XFER",
                  "DROP", "DEFAULT", "BODY", "BODYLF", "BODYFILE",
                  "BODYRANDOM")
_SCOPED = ("GLUE", "FINAL", "NODATACONN", "ABORT", "SHORT", "STALL",
           "PRELIM")


class Case:
    """A parsed case: rules per command, bodies, options."""

    def __init__(self, basedir="."):
        self.basedir = basedir
        self.rules = {}         # (VERB, n or None, arg or None) -> Rule
        self.bodies = {}        # (VERB, arg or None) -> Body
        self.opts = {
            "slowdown": None, "slowdowndata": None, "pasvbadip": None,
            "epsvrefuse": False, "pasvrefuse": False, "blackhole": (),
            "maxconn": 0, "timeout421": None, "login": None,
            "strictrnfr": False, "relativeonly": False,
            "features": ["EPSV", "PASV", "SIZE", "MDTM", "REST STREAM",
                         "UTF8"],
            "mdtmtime": "20240102030405", "datatimeout": 10.0,
            "controltimeout": 60.0,
        }
        self.scoped = {}        # (OPTION, VERB or None) -> value

    # -- building from Python
    def _rule(self, verb, n=None, arg=None):
        key = (verb.upper(), n, arg)
        return self.rules.setdefault(key, Rule())

    def reply(self, verb, data, n=None, arg=None):
        """Append a raw write (bytes, sent as is) to a command's actions."""
        self._rule(verb, n, arg).actions.append(("send", bytes(data)))
        return self

    def action(self, verb, kind, value=None, n=None, arg=None):
        """Append an action: drop, sleep, xfer, default."""
        self._rule(verb, n, arg).actions.append((kind, value))
        return self

    def delay(self, verb, secs, n=None, arg=None):
        self._rule(verb, n, arg).delay = float(secs)
        return self

    def body(self, verb, arg, data):
        """Append bytes to the body of VERB ARG (arg None: the default)."""
        self.bodies.setdefault((verb.upper(), arg), Body()).parts.append(
            bytes(data))
        return self

    def option(self, name, value, verb=None):
        """Set a transfer option (GLUE, FINAL, ...) or a server option."""
        if name.upper() in _SCOPED:
            self.scoped[(name.upper(), verb)] = value
        else:
            self.opts[name.lower()] = value
        return self

    def scoped_opt(self, name, verb):
        if (name, verb) in self.scoped:
            return self.scoped[(name, verb)]
        return self.scoped.get((name, None))

    # -- parsing
    @classmethod
    def parse(cls, text, basedir="."):
        case = cls(basedir)
        case.feed(text)
        return case

    @classmethod
    def load(cls, path):
        with open(path, "rb") as f:
            data = f.read()
        return cls.parse(data.decode("utf-8", "surrogateescape"),
                         os.path.dirname(os.path.abspath(path)))

    def feed(self, text):
        if isinstance(text, bytes):
            text = text.decode("utf-8", "surrogateescape")
        lines = text.split("\n")
        i = 0
        while i < len(lines):
            line = lines[i].rstrip("\r")
            lineno = i + 1
            i += 1
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            m = re.match(r"\s*([A-Z][A-Z0-9_]*)(?:\s(.*))?$", line)
            if not m:
                raise CaseError("line %d: not a directive: %r" % (lineno, line))
            kw, rest = m.group(1), m.group(2) or ""
            heredoc = None
            hm = re.search(r"(?:^|\s)<<([A-Za-z_][A-Za-z0-9_]*)$", rest)
            if hm:
                word = hm.group(1)
                rest = rest[:hm.start()].rstrip()
                heredoc = []
                while True:
                    if i >= len(lines):
                        raise CaseError("line %d: here-document %s not ended"
                                        % (lineno, word))
                    hl = lines[i].rstrip("\r")
                    i += 1
                    if hl == word:
                        break
                    heredoc.append(unescape(hl))
            try:
                self._directive(kw, rest, heredoc)
            except CaseError as e:
                raise CaseError("line %d: %s" % (lineno, e)) from None
            except ValueError as e:
                raise CaseError("line %d: %s: %s" % (lineno, kw, e)) from None
        return self

    @staticmethod
    def _split_target(rest):
        """'VERB#N "arg" text' -> (VERB, N, arg, text)."""
        m = _TARGET.match(rest)
        if not m:
            raise CaseError("a command name is needed: %r" % rest)
        verb, n = m.group(1).upper(), m.group(2)
        n = int(n) if n is not None else None
        rest = rest[m.end():]
        arg = None
        if rest.startswith(" ") and rest[1:2] == '"':
            j, buf = 2, []
            while True:
                if j >= len(rest):
                    raise CaseError("unterminated \"argument\"")
                c = rest[j]
                if c == "\\" and j + 1 < len(rest):
                    buf.append(rest[j:j + 2])
                    j += 2
                    continue
                if c == '"':
                    break
                buf.append(c)
                j += 1
            arg = unescape("".join(buf)).decode("utf-8", "surrogateescape")
            rest = rest[j + 1:]
        if rest.startswith(" ") or rest.startswith("\t"):
            rest = rest[1:]
        elif rest:
            raise CaseError("expected a space after the command: %r" % rest)
        return verb, n, arg, rest

    def _text(self, kw, text, heredoc):
        """The bytes one directive sends, with its framing."""
        if heredoc is not None:
            if kw in ("REPLY", "BODY"):
                return b"".join(l + b"\r\n" for l in heredoc)
            if kw in ("REPLYLF", "BODYLF"):
                return b"".join(l + b"\n" for l in heredoc)
            return b"\n".join(heredoc)          # REPLYRAW
        data = unescape(text)
        if kw in ("REPLY", "REPLYLF"):
            parts = data.split(b"\n")
            if len(parts) > 1 and parts[-1] == b"":
                parts.pop()
            eol = b"\r\n" if kw == "REPLY" else b"\n"
            return b"".join(p + eol for p in parts)
        return data

    def _directive(self, kw, rest, heredoc):
        if kw in ("GREETING", "GREETINGLF", "GREETINGRAW"):
            kw = "REPLY" + kw[8:]
            rest = "GREETING " + rest if rest or heredoc is not None \
                else "GREETING"
        if kw in _KEY_WITH_TEXT:
            verb, n, arg, text = self._split_target(rest)
            if kw in ("REPLY", "REPLYLF", "REPLYRAW"):
                self._rule(verb, n, arg).actions.append(
                    ("send", self._text(kw, text, heredoc)))
            elif kw == "DROP":
                self._rule(verb, n, arg).actions.append(("drop", None))
            elif kw == "DEFAULT":
                self._rule(verb, n, arg).actions.append(("default", None))
            elif kw == "SLEEP":
                self._rule(verb, n, arg).actions.append(("sleep", float(text)))
            elif kw == "DELAY":
                self._rule(verb, n, arg).delay = float(text)
            elif kw == "XFER":
                words = text.split()
                limit = None
                hold = False
                for w in words:
                    if w.lower() in ("hold", "reset"):
                        hold = w.lower() if w.lower() == "reset" else True
                    else:
                        limit = int(w)
                self._rule(verb, n, arg).actions.append(("xfer", (limit, hold)))
            elif kw in ("BODY", "BODYLF"):
                if n is not None:
                    raise CaseError("a body takes no #N")
                self.bodies.setdefault((verb, arg), Body()).parts.append(
                    self._text(kw, text, heredoc))
            elif kw == "BODYFILE":
                path = text.strip()
                if not os.path.isabs(path):
                    path = os.path.join(self.basedir, path)
                if not os.path.isfile(path):
                    raise CaseError("BODYFILE: no file %s" % path)
                self.bodies.setdefault((verb, arg), Body()).parts.append(
                    ("file", path))
            elif kw == "BODYRANDOM":
                words = text.split()
                size = int(words[0])
                seed = words[1] if len(words) > 1 else "0"
                self.bodies.setdefault((verb, arg), Body()).parts.append(
                    ("random", size, seed))
            return
        if kw in _SCOPED:
            words = rest.split(None, 1)
            verb = None
            if words and words[0].upper() in DATA_CMDS:
                verb = words[0].upper()
                rest = words[1] if len(words) > 1 else ""
            if kw in ("GLUE", "NODATACONN"):
                val = True
            elif kw == "FINAL":
                val = rest.strip().lower()
                if val not in ("before", "after", "never"):
                    raise CaseError("FINAL before|after|never")
            elif kw == "ABORT":
                w = rest.split()
                val = (int(w[0]), int(w[1]) if len(w) > 1 else None)
            elif kw in ("SHORT", "STALL"):
                val = int(rest)
            else:                                       # PRELIM
                val = self._text("REPLY", rest, heredoc)
            self.scoped[(kw, verb)] = val
            return
        w = rest.split()
        o = self.opts
        if kw == "SLOWDOWN":
            o["slowdown"] = float(w[0]) if w else 0.002
        elif kw == "SLOWDOWNDATA":
            o["slowdowndata"] = float(w[0]) if w else 0.002
        elif kw == "PASVBADIP":
            ip = w[0] if w else "127.0.0.2"
            ipaddress.IPv4Address(ip)
            o["pasvbadip"] = ip
        elif kw == "EPSVREFUSE":
            o["epsvrefuse"] = True
        elif kw == "PASVREFUSE":
            o["pasvrefuse"] = True
        elif kw == "BLACKHOLE":
            o["blackhole"] = tuple(x.upper() for x in w) or ("EPSV", "PASV")
        elif kw == "STRICTRNFR":
            o["strictrnfr"] = True
        elif kw == "RELATIVEONLY":
            o["relativeonly"] = True
        elif kw == "MAXCONN":
            o["maxconn"] = int(w[0])
        elif kw == "TIMEOUT421":
            o["timeout421"] = float(w[0])
        elif kw == "LOGIN":
            if len(w) != 2:
                raise CaseError("LOGIN USER PASS")
            o["login"] = (w[0], w[1])
        elif kw == "FEATURES":
            o["features"] = [f.strip() for f in rest.split(",") if f.strip()]
        elif kw == "MDTMTIME":
            o["mdtmtime"] = w[0]
        elif kw == "DATATIMEOUT":
            o["datatimeout"] = float(w[0])
        elif kw == "CONTROLTIMEOUT":
            o["controltimeout"] = float(w[0])
        else:
            raise CaseError("unknown directive %s" % kw)

    # -- lookups
    def find_rule(self, verb, n, args):
        for key in [(verb, n, a) for a in args] + [(verb, n, None)] + \
                   [(verb, None, a) for a in args] + [(verb, None, None)]:
            r = self.rules.get(key)
            if r is not None and (r.actions or r.delay is not None):
                yield r

    def find_body(self, verb, args, default=True):
        for a in args:
            b = self.bodies.get((verb, a))
            if b is not None:
                return b
        return self.bodies.get((verb, None)) if default else None


# ---------------------------------------------------------------- server

class Upload:
    """One received upload: STOR/APPE/STOU ARG at OFFSET, kept in PATH."""

    def __init__(self, cmd, arg, offset, path):
        self.cmd, self.arg, self.offset, self.path = cmd, arg, offset, path
        self.complete = False

    @property
    def data(self):
        with open(self.path, "rb") as f:
            return f.read()

    def __repr__(self):
        return "Upload(%s %r offset=%d, %d bytes)" % (
            self.cmd, self.arg, self.offset, os.path.getsize(self.path))


class _Drop(Exception):
    """Close the control connection now."""


class _Pending:
    """A data connection on offer: a listener (passive) or an address."""

    def __init__(self, mode, sock=None, addr=None):
        self.mode, self.sock, self.addr = mode, sock, addr
        self.keep = []          # trap/blackhole sockets closed with it

    def close(self):
        for s in [self.sock] + self.keep:
            if s is not None:
                try:
                    s.close()
                except OSError:
                    pass


def _nodelay(sock):
    # Each write leaves at once: write boundaries are what the case says.
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        pass


def _is_loopback(ip):
    try:
        a = ipaddress.ip_address(ip.split("%")[0])
    except ValueError:
        return False
    if getattr(a, "ipv4_mapped", None):
        a = a.ipv4_mapped
    return a.is_loopback


class _Session(threading.Thread):
    def __init__(self, server, sock, peer, sid):
        super().__init__(daemon=True, name="fakeftpd-session-%d" % sid)
        self.srv, self.case, self.sock, self.peer, self.sid = \
            server, server.case, sock, peer, sid
        self.buf = b""
        self.cwd = "/"
        self.user = None
        self.rest = 0
        self.pending = None
        self.held = None            # a held-open data connection
        self.transfer_open = False  # 150 sent, no final reply yet
        self.aborted = False        # a transfer stopped by ABOR
        self.rnfr = None
        self.closed = False
        self.type = "A"

    # -- plumbing
    def ev(self, msg):
        self.srv._event("[%d] %s" % (self.sid, msg))

    def stopping(self):
        return self.srv._stop.is_set()

    def sleep(self, secs):
        if self.srv._stop.wait(secs):
            raise _Drop()

    def send(self, data):
        if not data:
            return
        slow = self.case.opts["slowdown"]
        try:
            if slow is not None:
                for i in range(len(data)):
                    self.sock.sendall(data[i:i + 1])
                    self.sleep(slow)
            else:
                self.sock.sendall(data)
        except OSError as e:
            self.ev("send failed: %s" % e)
            raise _Drop() from None

    def reply(self, text):
        self.send(text.encode("utf-8", "surrogateescape") + b"\r\n")

    def readline(self):
        """One command line (bytes with its terminator), None at the end."""
        timeout421 = self.case.opts["timeout421"]
        idle = self.case.opts["controltimeout"]
        start = time.monotonic()
        while True:
            nl = self.buf.find(b"\n")
            if nl != -1 or len(self.buf) >= MAX_LINE:
                cut = nl + 1 if nl != -1 else MAX_LINE
                line, self.buf = self.buf[:cut], self.buf[cut:]
                return line
            if self.stopping():
                return None
            waited = time.monotonic() - start
            if timeout421 is not None and waited >= timeout421:
                self.ev("idle %.1fs: 421" % waited)
                self.send(b"421 Timeout.\r\n")
                return None
            if waited >= idle:
                self.ev("idle %.1fs: closing" % waited)
                return None
            r, _, _ = select.select([self.sock], [], [], 0.1)
            if not r:
                continue
            try:
                data = self.sock.recv(65536)
            except OSError as e:
                self.ev("recv failed: %s" % e)
                data = b""
            if not data:
                if self.buf:            # a last line without LF
                    line, self.buf = self.buf, b""
                    self.srv._record(self.sid, line)
                self.ev("client closed the control connection")
                return None
            self.srv._raw(self.sid, data)
            self.buf += data
            start = time.monotonic()

    def abor_waiting(self):
        """True when ABOR has arrived on the control connection."""
        try:
            r, _, _ = select.select([self.sock], [], [], 0)
            if not r:
                return b"ABOR" in self.buf.upper()
            peek = self.sock.recv(4096, socket.MSG_PEEK)
        except OSError:
            return True
        if not peek:
            return True     # the client went away: stop too
        return b"ABOR" in (self.buf + peek).upper()

    # -- main
    def run(self):
        try:
            self.serve()
        except _Drop:
            self.ev("control connection dropped")
        except Exception as e:  # noqa: BLE001 - log anything, never hang
            self.ev("session error: %r" % e)
        finally:
            self.close()
            self.srv._session_done(self)

    def close(self):
        if self.closed:
            return
        self.closed = True
        for p in (self.pending,):
            if p is not None:
                p.close()
        self.pending = None
        for s in (self.held, self.sock):
            if s is not None:
                try:
                    s.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                try:
                    s.close()
                except OSError:
                    pass
        self.held = None

    def serve(self):
        # Every blocking write is bounded (a client that stops reading).
        self.sock.settimeout(max(self.case.opts["datatimeout"], 30.0))
        _nodelay(self.sock)
        n = self.srv._count("GREETING")
        self.run_command("GREETING", "", n, self.builtin_greeting)
        while True:
            line = self.readline()
            if line is None:
                return
            self.srv._record(self.sid, line)
            text = line.rstrip(b"\r\n")
            verb, _, arg = text.partition(b" ")
            verb = verb.decode("latin-1").strip("\xff\xf4\xf2").upper()
            arg = arg.decode("utf-8", "surrogateescape")
            if not verb:
                continue
            n = self.srv._count(verb)
            self.run_command(verb, arg, n, None)

    def arg_keys(self, arg):
        keys = [arg]
        if arg:
            p = posixpath.normpath(posixpath.join(self.cwd, arg))
            p = "/" + p.lstrip("/")
            if p not in keys:
                keys.append(p)
        return keys

    def run_command(self, verb, arg, n, builtin):
        if self.case.opts["strictrnfr"] and getattr(self, "rnfr", None) \
                is not None and verb not in ("RNTO", "RNFR", "GREETING"):
            self.rnfr = None
            self.reply("501 Bad sequence of commands (RNTO expected).")
            return
        if self.case.opts["relativeonly"] and verb != "CWD":
            if "/" in arg:
                self.reply("550 %s: No such file or directory." % arg)
                return
        if verb in LISTING_CMDS:
            # ls's options ("-a", "-l") go; no name lists the current
            # directory: its body is the one found for the directory.
            words = arg.split(" ")
            while words and words[0].startswith("-"):
                words.pop(0)
            arg = " ".join(words) or "."
        rules = list(self.case.find_rule(verb, n, self.arg_keys(arg)))
        delay = next((r.delay for r in rules if r.delay is not None), None)
        actions = next((r.actions for r in rules if r.actions), None)
        if delay:
            self.sleep(delay)
        if builtin is None:
            builtin = getattr(self, "cmd_" + verb, None)
            if builtin is None:
                builtin = self.cmd_unknown
        if actions is None:
            builtin(verb, arg)
            return
        for kind, val in actions:
            if kind == "send":
                self.send(val)
            elif kind == "drop":
                raise _Drop()
            elif kind == "sleep":
                self.sleep(val)
            elif kind == "default":
                builtin(verb, arg)
            elif kind == "xfer":
                r = self.xfer(verb, arg, limit=val[0], hold=val[1])
                if r == "aborted":
                    return

    # -- data connections
    def new_pending(self, kind):
        if self.pending is not None:
            self.pending.close()
            self.pending = None
        local = self.sock.getsockname()[0]
        fam = self.sock.family
        o = self.case.opts
        refuse = o["epsvrefuse"] if kind == "EPSV" else o["pasvrefuse"]
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.bind((local, 0))
        port = s.getsockname()[1]
        if refuse:
            # Bound, never listening: a connect to it is refused.
            p = _Pending("refused", s)
            self.pending = p
            self.ev("%s: port %d refuses connections" % (kind, port))
            return port
        blackhole = kind in o["blackhole"]
        s.listen(0 if blackhole else 4)
        p = _Pending("pasv", s)
        if blackhole:
            # Fill the accept queue: later SYNs are dropped, connects hang.
            for _ in range(2):
                f = socket.socket(fam, socket.SOCK_STREAM)
                f.setblocking(False)
                try:
                    f.connect((local, port))
                except (BlockingIOError, OSError):
                    pass
                p.keep.append(f)
            time.sleep(0.05)
            p.mode = "blackhole"
            self.ev("%s: port %d is a black hole" % (kind, port))
        if kind == "PASV" and o["pasvbadip"] and o["pasvbadip"] != local \
                and _is_loopback(o["pasvbadip"]):
            t = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            t.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                t.bind((o["pasvbadip"], port))
                t.listen(4)
                p.keep.append(t)
                threading.Thread(target=self.srv._trap, args=(t, self.sid),
                                 daemon=True).start()
                self.ev("trap listening on %s:%d" % (o["pasvbadip"], port))
            except OSError as e:
                self.ev("cannot set the trap on %s:%d: %s" % (
                    o["pasvbadip"], port, e))
                t.close()
        self.pending = p
        return port

    def open_data(self, verb):
        """Take the data connection on offer: a socket, None, 'aborted'."""
        p, self.pending = self.pending, None
        if p is None:
            return None
        timeout = self.case.opts["datatimeout"]
        try:
            if p.mode == "active":
                try:
                    c = socket.create_connection(p.addr[:2], timeout=timeout)
                    _nodelay(c)
                except OSError as e:
                    self.ev("%s: cannot connect to %s: %s" % (verb, p.addr, e))
                    return None
                self.srv._data_conn(self.sid, verb, "active",
                                    c.getpeername(), c.getsockname())
                return c
            if p.mode != "pasv":
                self.ev("%s: no usable data listener (%s)" % (verb, p.mode))
                return None
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                if self.stopping():
                    return None
                r, _, _ = select.select([p.sock], [], [], 0.1)
                if r:
                    c, peer = p.sock.accept()
                    _nodelay(c)
                    self.srv._data_conn(self.sid, verb, "passive", peer,
                                        p.sock.getsockname())
                    return c
                if self.abor_waiting():
                    return "aborted"
            self.ev("%s: no data connection within %.1fs" % (verb, timeout))
            return None
        finally:
            p.close()

    def send_data(self, conn, chunks, limit=None):
        """Send chunks; 'ok', 'aborted' (ABOR arrived) or 'failed'."""
        slow = self.case.opts["slowdowndata"]
        timeout = self.case.opts["datatimeout"]
        sent = 0
        conn.setblocking(False)
        for chunk in chunks:
            if limit is not None:
                chunk = chunk[:limit - sent]
            view = memoryview(chunk)
            while view:
                if self.stopping():
                    return "failed"
                if self.abor_waiting():
                    return "aborted"
                _, w, _ = select.select([], [conn], [], min(timeout, 0.2))
                if not w:
                    timeout -= 0.2
                    if timeout <= 0:
                        self.ev("data send timed out")
                        return "failed"
                    continue
                timeout = self.case.opts["datatimeout"]
                try:
                    k = conn.send(view[:1] if slow is not None else view)
                except BlockingIOError:
                    continue
                except OSError as e:
                    self.ev("data send failed after %d bytes: %s" % (sent, e))
                    return "failed"
                view = view[k:]
                sent += k
                if slow is not None:
                    self.sleep(slow)
            if limit is not None and sent >= limit:
                break
        return "ok"

    def recv_data(self, conn, upload, limit=None):
        timeout = self.case.opts["datatimeout"]
        got = 0
        with open(upload.path, "wb") as f:
            while limit is None or got < limit:
                if self.stopping():
                    return "failed"
                r, _, _ = select.select([conn], [], [], 0.2)
                if not r:
                    if self.abor_waiting():
                        return "aborted"
                    timeout -= 0.2
                    if timeout <= 0:
                        self.ev("upload timed out")
                        return "failed"
                    continue
                timeout = self.case.opts["datatimeout"]
                try:
                    want = 65536 if limit is None else min(65536, limit - got)
                    b = conn.recv(want)
                except OSError as e:
                    self.ev("upload recv failed: %s" % e)
                    return "failed"
                if not b:
                    upload.complete = True
                    return "ok"
                f.write(b)
                f.flush()
                got += len(b)
        return "ok"

    def close_data(self, conn):
        try:
            conn.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        conn.close()

    def xfer(self, verb, arg, limit=None, hold=False, body=None):
        """The data part of a command: 'ok', 'noconn', 'aborted', 'failed'."""
        conn = self.open_data(verb)
        if conn == "aborted":
            self.aborted = True
            return "aborted"
        if conn is None:
            return "noconn"
        offset, self.rest = self.rest, 0
        if verb in UPLOAD_CMDS:
            up = self.srv._new_upload(verb, arg, offset,
                                      self.arg_keys(arg)[-1])
            r = self.recv_data(conn, up, limit)
        else:
            if body is None:
                body = self.case.find_body(verb, self.arg_keys(arg))
            chunks = body.chunks(offset) if body is not None else iter(())
            r = self.send_data(conn, chunks, limit)
        if r == "aborted":
            self.aborted = True
            self.close_data(conn)
            self.ev("%s: transfer aborted by ABOR" % verb)
            return r
        if hold == "reset":
            conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                            struct.pack("ii", 1, 0))
            conn.close()
            self.ev("%s: data connection reset" % verb)
        elif hold:
            if self.held is not None:
                self.close_data(self.held)
            self.held = conn
            self.ev("%s: data connection held open" % verb)
        else:
            self.close_data(conn)
        return r

    # -- built-in answers
    def builtin_greeting(self, verb, arg):
        self.reply("220 jangada fake FTP server ready.")

    def cmd_unknown(self, verb, arg):
        self.reply("500 Unknown command.")

    def cmd_USER(self, verb, arg):
        self.user = arg
        self.reply("331 Please specify the password.")

    def cmd_PASS(self, verb, arg):
        login = self.case.opts["login"]
        if login is not None and (self.user, arg) != login:
            self.reply("530 Login incorrect.")
        else:
            self.reply("230 Login successful.")

    def cmd_ACCT(self, verb, arg):
        self.reply("202 ACCT not needed.")

    def cmd_SYST(self, verb, arg):
        self.reply("215 UNIX Type: L8")

    def cmd_FEAT(self, verb, arg):
        text = "211-Features:\r\n" + "".join(
            " %s\r\n" % f for f in self.case.opts["features"]) + "211 End"
        self.reply(text)

    def cmd_OPTS(self, verb, arg):
        self.reply("200 OK.")

    def cmd_TYPE(self, verb, arg):
        t = arg.upper().split()
        if t and t[0] in ("A", "I", "L"):
            self.type = "A" if t[0] == "A" else "I"
            self.reply("200 Switching to %s mode." % (
                "ASCII" if self.type == "A" else "Binary"))
        else:
            self.reply("504 Bad TYPE command.")

    def cmd_MODE(self, verb, arg):
        self.reply("200 Mode set to S." if arg.upper() == "S"
                   else "504 Bad MODE command.")

    def cmd_STRU(self, verb, arg):
        self.reply("200 Structure set to F." if arg.upper() == "F"
                   else "504 Bad STRU command.")

    def cmd_PWD(self, verb, arg):
        self.reply('257 "%s" is the current directory'
                   % self.cwd.replace('"', '""'))
    cmd_XPWD = cmd_PWD

    def cmd_CWD(self, verb, arg):
        self.cwd = self.arg_keys(arg)[-1] if arg else "/"
        self.reply("250 Directory successfully changed.")
    cmd_XCWD = cmd_CWD

    def cmd_CDUP(self, verb, arg):
        self.cwd = posixpath.dirname(self.cwd.rstrip("/")) or "/"
        self.reply("250 Directory successfully changed.")
    cmd_XCUP = cmd_CDUP

    def cmd_NOOP(self, verb, arg):
        self.reply("200 NOOP ok.")

    def cmd_REST(self, verb, arg):
        if arg.isdigit():
            self.rest = int(arg)
            self.reply("350 Restart position accepted (%d)." % self.rest)
        else:
            self.reply("501 REST requires a value greater than or equal to 0.")

    def cmd_SIZE(self, verb, arg):
        b = self.case.find_body("RETR", self.arg_keys(arg), default=False)
        if b is None:
            self.reply("550 Could not get file size.")
        else:
            self.reply("213 %d" % b.size())

    def cmd_MDTM(self, verb, arg):
        b = self.case.find_body("RETR", self.arg_keys(arg), default=False)
        if b is None:
            self.reply("550 Could not get file modification time.")
        else:
            self.reply("213 %s" % self.case.opts["mdtmtime"])

    def cmd_MLST(self, verb, arg):
        path = self.arg_keys(arg)[-1] if arg else self.cwd
        b = self.case.find_body("RETR", self.arg_keys(arg), default=False)
        if b is not None:
            facts = "type=file;size=%d;modify=%s;" % (
                b.size(), self.case.opts["mdtmtime"])
        else:
            facts = "type=dir;modify=%s;" % self.case.opts["mdtmtime"]
        self.reply("250-Listing %s\r\n %s %s\r\n250 End." % (path, facts, path))

    def cmd_EPSV(self, verb, arg):
        if arg.upper() == "ALL":
            self.reply("200 EPSV ALL ok.")
            return
        port = self.new_pending("EPSV")
        self.reply("229 Entering Extended Passive Mode (|||%d|)" % port)

    def cmd_PASV(self, verb, arg):
        port = self.new_pending("PASV")
        local = self.sock.getsockname()[0]
        ip = self.case.opts["pasvbadip"] or (
            local if self.sock.family == socket.AF_INET else "127.0.0.1")
        self.reply("227 Entering Passive Mode (%s,%d,%d)." % (
            ip.replace(".", ","), port >> 8, port & 255))

    def _set_active(self, ip, port):
        if not _is_loopback(ip) or not 0 < port < 65536:
            self.reply("500 Illegal PORT command (loopback only here).")
            return
        if self.pending is not None:
            self.pending.close()
        self.pending = _Pending("active", addr=(ip, port))
        self.reply("200 PORT command successful. Consider using PASV.")

    def cmd_PORT(self, verb, arg):
        try:
            n = [int(x) for x in arg.split(",")]
            if len(n) != 6 or any(not 0 <= x <= 255 for x in n):
                raise ValueError
        except ValueError:
            self.reply("500 Illegal PORT command.")
            return
        self._set_active("%d.%d.%d.%d" % tuple(n[:4]), n[4] * 256 + n[5])

    def cmd_EPRT(self, verb, arg):
        parts = arg[1:].split(arg[:1]) if arg else []
        if len(parts) < 3 or parts[0] not in ("1", "2") or \
                not parts[2].isdigit():
            self.reply("500 Bad EPRT command.")
            return
        self._set_active(parts[1], int(parts[2]))

    def cmd_ABOR(self, verb, arg):
        if self.held is not None or self.aborted or self.transfer_open:
            if self.held is not None:
                self.close_data(self.held)
                self.held = None
            if self.pending is not None and self.transfer_open:
                self.pending.close()
                self.pending = None
            self.aborted = self.transfer_open = False
            self.send(b"426 Connection closed; transfer aborted.\r\n"
                      b"226 ABOR successful.\r\n")
        else:
            self.reply("225 No transfer to abort.")

    def cmd_QUIT(self, verb, arg):
        self.reply("221 Goodbye.")
        raise _Drop()

    def cmd_MKD(self, verb, arg):
        self.reply('257 "%s" created.' % self.arg_keys(arg)[-1].replace(
            '"', '""'))
    cmd_XMKD = cmd_MKD

    def cmd_RMD(self, verb, arg):
        self.reply("250 Remove directory operation successful.")
    cmd_XRMD = cmd_RMD

    def cmd_DELE(self, verb, arg):
        self.reply("250 Delete operation successful.")

    def cmd_RNFR(self, verb, arg):
        self.rnfr = arg
        self.reply("350 Ready for RNTO.")

    def cmd_RNTO(self, verb, arg):
        if self.rnfr is None:
            self.reply("503 RNFR required first.")
        else:
            self.rnfr = None
            self.reply("250 Rename successful.")

    def cmd_SITE(self, verb, arg):
        self.reply("200 SITE command ok.")

    def cmd_STAT(self, verb, arg):
        self.reply("211-FTP server status:\r\n     Connected to fakeftpd\r\n"
                   "211 End of status")

    def cmd_HELP(self, verb, arg):
        self.reply("214-The following commands are recognized.\r\n"
                   " USER PASS LIST RETR STOR QUIT\r\n214 Help OK.")

    def cmd_ALLO(self, verb, arg):
        self.reply("202 ALLO command ignored.")

    def data_command(self, verb, arg):
        case = self.case
        opt = lambda name: case.scoped_opt(name, verb)  # noqa: E731
        if self.pending is None:
            self.reply("425 Use PORT or PASV first.")
            return
        body = None
        if verb not in UPLOAD_CMDS:
            body = case.find_body(verb, self.arg_keys(arg))
            if body is None and verb == "RETR":
                self.pending.close()
                self.pending = None
                self.reply("550 Failed to open file.")
                return
            if body is None:
                body = Body()
        if verb == "STOU" and not arg:
            arg = "stou.%d" % self.srv._count("_STOU")
        prelim = opt("PRELIM")
        if prelim is None:
            mode = "ASCII" if self.type == "A" else "BINARY"
            if verb in UPLOAD_CMDS:
                text = "150 Ok to send data."
                if verb == "STOU":
                    text = "150 FILE: %s" % arg
            elif verb == "RETR":
                text = "150 Opening %s mode data connection for %s " \
                       "(%d bytes)." % (mode, arg, body.size())
            else:
                text = "150 Here comes the directory listing."
            prelim = text.encode("utf-8", "surrogateescape") + b"\r\n"
        final = b"226 Transfer complete.\r\n"
        if verb in LISTING_CMDS:
            final = b"226 Directory send OK.\r\n"
        finalmode = opt("FINAL") or "after"
        self.aborted = False
        self.transfer_open = True
        if opt("NODATACONN"):
            self.send(prelim)
            self.ev("%s: NODATACONN, the data connection is left alone"
                    % verb)
            p, self.pending = self.pending, None
            self.srv._keep(p)
            return
        abort = opt("ABORT")
        if abort is not None:
            code, nbytes = abort
            self.send(prelim)
            if nbytes is None:
                self.pending.close()
                self.pending = None
            else:
                self.xfer(verb, arg, limit=nbytes, body=body)
            texts = {425: "Can't open data connection.",
                     426: "Connection closed; transfer aborted.",
                     451: "Requested action aborted: local error."}
            self.reply("%d %s" % (code, texts.get(code, "Failed.")))
            self.transfer_open = False
            return
        if opt("GLUE"):
            self.send(prelim + final)
            self.transfer_open = False
            self.xfer(verb, arg, body=body)
            return
        self.send(prelim)
        stall = opt("STALL")
        if stall is not None:
            self.xfer(verb, arg, limit=stall, hold=True, body=body)
            return
        if finalmode == "before":
            # The 226 goes out as soon as the data connection is up.
            c = self.open_data(verb)
            if c is None or c == "aborted":
                self.reply("425 Can't open data connection.")
                self.transfer_open = False
                return
            self.send(final)
            self.transfer_open = False
            self._xfer_on(c, verb, arg, body)
            return
        r = self.xfer(verb, arg, limit=opt("SHORT"), body=body)
        if r == "noconn":
            self.reply("425 Can't open data connection.")
            self.transfer_open = False
        elif r == "aborted":
            pass        # ABOR answers
        elif r == "failed":
            self.reply("426 Failure writing network stream.")
            self.transfer_open = False
        elif finalmode == "after":
            self.send(final)
            self.transfer_open = False
        else:
            self.ev("%s: no final reply (FINAL never)" % verb)

    def _xfer_on(self, conn, verb, arg, body):
        offset, self.rest = self.rest, 0
        if verb in UPLOAD_CMDS:
            up = self.srv._new_upload(verb, arg, offset,
                                      self.arg_keys(arg)[-1])
            self.recv_data(conn, up)
        else:
            self.send_data(conn, body.chunks(offset))
        self.close_data(conn)

    cmd_LIST = cmd_NLST = cmd_MLSD = cmd_RETR = data_command
    cmd_STOR = cmd_APPE = cmd_STOU = data_command


class FakeFTPD:
    """A scripted fake FTP server on a loopback port (see the module doc)."""

    def __init__(self, case=None, host="127.0.0.1", port=0, workdir=None,
                 keep=None, lifetime=600.0, max_sessions=None):
        if case is None:
            case = Case()
        elif isinstance(case, Case):
            pass
        elif isinstance(case, bytes):
            case = Case.parse(case, os.getcwd())
        elif isinstance(case, str) and not os.path.isfile(case):
            # Case text; something that only looks like a path is an error.
            if "\n" not in case and case.strip() and \
                    not re.match(r"\s*[A-Z#]", case):
                raise CaseError("no case file %s" % case)
            case = Case.parse(case, os.getcwd())
        else:
            case = Case.load(os.fspath(case))
        self.case = case
        self.host = host
        self._req_port = port
        self.port = None
        self.lifetime = lifetime
        self.max_sessions = max_sessions
        if keep is None:
            keep = os.environ.get("FAKEFTPD_KEEP") == "1"
        self._keep_dir = keep or workdir is not None
        if workdir is None:
            base = os.environ.get("TOP_BUILDDIR")
            base = os.path.join(base, "tests", "tmp") if base else None
            if base:
                os.makedirs(base, exist_ok=True)
            workdir = tempfile.mkdtemp(prefix="fakeftpd-", dir=base)
            if not keep:
                _WORKDIRS.append(workdir)
        os.makedirs(os.path.join(workdir, "uploads"), exist_ok=True)
        self.workdir = workdir
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._counts = {}
        self._lines = []            # (sid, bytes)
        self._rawdata = []          # (sid, bytes)
        self._events = []
        self.uploads = []
        self.data_conns = []
        self.trap_hits = []
        self.sessions_started = 0
        self.sessions_done = 0
        self._active = set()
        self._threads = []
        self._kept = []
        self._listener = None
        self._files = {}
        self._done_cond = threading.Condition(self._lock)

    # -- lifecycle
    def start(self):
        fam = socket.AF_INET6 if ":" in self.host else socket.AF_INET
        s = socket.socket(fam, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if fam == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        s.bind((self.host, self._req_port))
        s.listen(16)
        self._listener = s
        self.port = s.getsockname()[1]
        self._started = time.monotonic()
        self._open_record_files()
        self._event("listening on %s port %d" % (self.host, self.port))
        t = threading.Thread(target=self._accept_loop, daemon=True,
                             name="fakeftpd-accept")
        t.start()
        self._threads.append(t)
        _LIVE.add(self)
        return self

    def stop(self):
        if self._stop.is_set():
            return
        self._stop.set()
        if self._listener is not None:
            try:
                self._listener.close()
            except OSError:
                pass
        with self._lock:
            active = list(self._active)
        for sess in active:
            sess.close()
        for t in self._threads:
            t.join(2.0)
        for p in self._kept:
            p.close()
        for f in self._files.values():
            f.close()
        self._files = {}
        _LIVE.discard(self)
        # The work directory (uploads) stays readable after stop(); it is
        # removed at exit unless kept.

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    @property
    def address(self):
        return (self.host, self.port)

    @property
    def url(self):
        h = "[%s]" % self.host if ":" in self.host else self.host
        return "ftp://%s:%d/" % (h, self.port)

    def _accept_loop(self):
        while not self._stop.is_set():
            if time.monotonic() - self._started > self.lifetime:
                self._event("lifetime over: stopping")
                threading.Thread(target=self.stop, daemon=True).start()
                return
            try:
                r, _, _ = select.select([self._listener], [], [], 0.1)
                if not r:
                    continue
                c, peer = self._listener.accept()
            except OSError:
                return
            with self._lock:
                n_active = len(self._active)
                self.sessions_started += 1
                sid = self.sessions_started
            maxconn = self.case.opts["maxconn"]
            if maxconn and n_active >= maxconn:
                self._event("[%d] refused (MAXCONN %d): 421" % (sid, maxconn))
                try:
                    c.sendall(b"421 Too many connections.\r\n")
                    c.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
                c.close()
                with self._lock:
                    self.sessions_done += 1
                    self._done_cond.notify_all()
                continue
            self._event("[%d] connection from %s" % (sid, peer[:2],))
            sess = _Session(self, c, peer, sid)
            with self._lock:
                self._active.add(sess)
                self._threads.append(sess)
            sess.start()

    def _session_done(self, sess):
        with self._lock:
            self._active.discard(sess)
            self.sessions_done += 1
            done = self.sessions_done
            self._done_cond.notify_all()
        self._event("[%d] session ended" % sess.sid)
        if self.max_sessions is not None and done >= self.max_sessions:
            threading.Thread(target=self.stop, daemon=True).start()

    def _trap(self, sock, sid):
        while not self._stop.is_set():
            try:
                r, _, _ = select.select([sock], [], [], 0.1)
                if not r:
                    continue
                c, peer = sock.accept()
            except (OSError, ValueError):
                return
            with self._lock:
                self.trap_hits.append({"session": sid, "peer": peer,
                                       "local": c.getsockname()})
            self._event("[%d] TRAP: connection from %s to the advertised "
                        "PASV address %s" % (sid, peer, c.getsockname()))
            c.close()

    def _keep(self, pending):
        if pending is not None:
            with self._lock:
                self._kept.append(pending)

    # -- records
    def _open_record_files(self):
        if self._keep_dir:
            for name in ("control.raw", "commands.txt", "events.log"):
                self._files[name] = open(os.path.join(self.workdir, name),
                                         "ab", buffering=0)

    def _write(self, name, data):
        f = self._files.get(name)
        if f is not None:
            try:
                f.write(data)
            except (OSError, ValueError):
                pass

    def _event(self, msg):
        line = "%8.3f %s" % (time.monotonic() - getattr(self, "_started", 0),
                             msg)
        with self._lock:
            self._events.append(line)
            self._write("events.log", line.encode("utf-8", "replace") + b"\n")

    def _count(self, verb):
        with self._lock:
            self._counts[verb] = self._counts.get(verb, 0) + 1
            return self._counts[verb]

    def _raw(self, sid, data):
        with self._lock:
            self._rawdata.append((sid, data))
            self._write("control.raw", data)

    def _record(self, sid, line):
        with self._lock:
            self._lines.append((sid, line))
            self._write("commands.txt", line.rstrip(b"\r\n") + b"\n")
            self._done_cond.notify_all()

    def _data_conn(self, sid, cmd, mode, peer, local):
        with self._lock:
            self.data_conns.append({"session": sid, "cmd": cmd, "mode": mode,
                                    "peer": peer, "local": local})
        self._event("[%d] %s: %s data connection %s -> %s" % (
            sid, cmd, mode, peer[:2], local[:2]))

    def _new_upload(self, cmd, arg, offset, full=None):
        with self._lock:
            n = len(self.uploads) + 1
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", arg)[-80:] or "noname"
            path = os.path.join(self.workdir, "uploads", "%03d-%s" % (n, safe))
            up = Upload(cmd, arg, offset, path)
            up.full = full if full is not None else arg
            self.uploads.append(up)
        self._event("upload %d: %s %r offset %d -> %s" % (
            n, cmd, arg, offset, path))
        return up

    # -- what the test reads
    def transcript(self, session=None):
        """Every line received (bytes, terminator included), in order."""
        with self._lock:
            return [l for s, l in self._lines if session in (None, s)]

    def sessions(self):
        """The ids of the control connections that sent something."""
        with self._lock:
            return sorted(set(s for s, _ in self._lines))

    def commands(self, session=None):
        """Every line received as str, without its CR LF."""
        return [l.rstrip(b"\r\n").decode("utf-8", "surrogateescape")
                for l in self.transcript(session)]

    def raw(self, session=None):
        """All bytes received on control connections."""
        with self._lock:
            return b"".join(d for s, d in self._rawdata
                            if session in (None, s))

    def upload(self, name):
        """The bytes of the last upload whose argument is name (or whose
        absolute path is, resolved against the session's directory)."""
        with self._lock:
            ups = [u for u in self.uploads if name in (u.arg, u.full)]
        return ups[-1].data if ups else None

    def log(self):
        with self._lock:
            return "\n".join(self._events)

    def wait_closed(self, timeout=10.0, sessions=1):
        """Wait until `sessions` connections were made and all ended."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while not (self.sessions_started >= sessions and
                       self.sessions_done >= self.sessions_started):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._done_cond.wait(min(left, 0.1))
            return True

    def wait_command(self, verb, timeout=10.0, count=1):
        """Wait until `count` lines starting with verb were received."""
        deadline = time.monotonic() + timeout
        want = verb.upper().encode()
        with self._lock:
            while True:
                n = sum(1 for _, l in self._lines
                        if l.upper().split(b" ")[0].rstrip(b"\r\n") == want)
                if n >= count:
                    return True
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._done_cond.wait(min(left, 0.1))


_LIVE = set()
_WORKDIRS = []


def _stop_all():
    for s in list(_LIVE):
        try:
            s.stop()
        except Exception:  # noqa: BLE001 - at exit, best effort
            pass
    for d in _WORKDIRS:
        shutil.rmtree(d, ignore_errors=True)


import atexit  # noqa: E402
atexit.register(_stop_all)


# ---------------------------------------------------------------- CLI

def main(argv=None):
    ap = argparse.ArgumentParser(
        description="Scripted fake FTP server for tests (prints its port).")
    ap.add_argument("case", help="case file")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--record", metavar="DIR",
                    help="write control.raw, commands.txt, events.log, "
                         "uploads/ here")
    ap.add_argument("--lifetime", type=float, default=300.0)
    ap.add_argument("--sessions", type=int, default=None,
                    help="exit after N control connections have ended")
    a = ap.parse_args(argv)
    if a.record:
        os.makedirs(a.record, exist_ok=True)
    srv = FakeFTPD(a.case, host=a.host, port=a.port, workdir=a.record,
                   lifetime=a.lifetime, max_sessions=a.sessions)
    done = threading.Event()

    def on_signal(signo, frame):
        done.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    srv.start()
    print(srv.port, flush=True)
    while not done.is_set() and not srv._stop.is_set():
        done.wait(0.1)
    srv.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
