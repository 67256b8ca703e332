# src/ftp: the protocol engine (see doc/architecture.md)
