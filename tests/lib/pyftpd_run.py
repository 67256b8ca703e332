#!/usr/bin/env python3
"""pyftpd_run.py: run pyftpdlib for the tests (started by servers.PyFtpd).

    python3 pyftpd_run.py --root DIR [--host 127.0.0.1] [--port 0]
        [--user NAME --password PW --home DIR] [--no-anonymous]
        [--passive LO-HI] [--masquerade IP] [--handler JSON] [--server JSON]
        [--tls CERT KEY]

Anonymous: read-only ("elr") on --root.  --user: full permissions
("elradfmwMT") on --home.  --handler: a JSON object of FTPHandler
attributes (banner, use_sendfile, timeout, ...); --server: FTPServer
attributes (max_cons, max_cons_per_ip).  Prints
"PORT <n>" on stdout once listening, then serves until killed; it also
exits when its parent goes away.
"""

import argparse
import json
import logging
import os
import sys
import threading
import time

from pyftpdlib.authorizers import DummyAuthorizer
from pyftpdlib.handlers import FTPHandler
from pyftpdlib.servers import FTPServer


def watch_parent(ppid):
    while True:
        if os.getppid() != ppid:
            os._exit(0)
        time.sleep(0.5)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--root", required=True)
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=0)
    ap.add_argument("--user")
    ap.add_argument("--password")
    ap.add_argument("--home")
    ap.add_argument("--no-anonymous", action="store_true")
    ap.add_argument("--passive")
    ap.add_argument("--masquerade")
    ap.add_argument("--handler", default="{}")
    ap.add_argument("--server", default="{}")
    ap.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    a = ap.parse_args()

    logging.basicConfig(stream=sys.stderr, level=logging.INFO,
                        format="%(asctime)s %(message)s")
    auth = DummyAuthorizer()
    if not a.no_anonymous:
        auth.add_anonymous(a.root, perm="elr")
    if a.user:
        auth.add_user(a.user, a.password, a.home or a.root,
                      perm="elradfmwMT")

    base = FTPHandler
    if a.tls:
        # explicit TLS (AUTH TLS); needs python3-openssl
        from pyftpdlib.handlers import TLS_FTPHandler
        base = TLS_FTPHandler

    class Handler(base):
        pass
    if a.tls:
        Handler.certfile, Handler.keyfile = a.tls
    Handler.authorizer = auth
    Handler.banner = "jangada test server (pyftpdlib) ready."
    Handler.permit_foreign_addresses = False
    if a.passive:
        lo, hi = a.passive.split("-")
        Handler.passive_ports = range(int(lo), int(hi) + 1)
    if a.masquerade:
        Handler.masquerade_address = a.masquerade
    for k, v in json.loads(a.handler).items():
        setattr(Handler, k, v)

    server = FTPServer((a.host, a.port), Handler)
    server.max_cons = 256
    for k, v in json.loads(a.server).items():
        setattr(server, k, v)
    print("PORT %d" % server.socket.getsockname()[1], flush=True)
    threading.Thread(target=watch_parent, args=(os.getppid(),),
                     daemon=True).start()
    server.serve_forever(timeout=0.5)


if __name__ == "__main__":
    main()
