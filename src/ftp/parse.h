/*
 * parse.h: parsers for the text of single replies. Pure functions: no
 * allocation except where a result is returned, no state, no I/O. Each
 * returns 0 or -1 (malformed, out of range: the caller reports it).
 */
#ifndef JANGADA_FTP_PARSE_H
#define JANGADA_FTP_PARSE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

/* What FEAT told us (RFC 2389); false when FEAT was refused. */
struct ftp_features {
	bool	 mlsd;		/* MLST listed: MLSD and MLST usable */
	bool	 size;
	bool	 mdtm;
	bool	 mfmt;
	bool	 rest_stream;
	bool	 utf8;
	bool	 epsv;
	bool	 eprt;
	bool	 tvfs;
	bool	 auth_tls;	/* "AUTH TLS" (RFC 4217), alone or among others */
	unsigned mlst_offered;	/* FTP_FACT_* the MLST line names */
	unsigned mlst_on;	/* ... of them, those marked '*' (enabled) */
	/* a file's digest on the server: HASH (draft-bryan-ftpext-hash),
	   XSHA512, XSHA256, XSHA1, XMD5 */
	bool	 hash, xsha512, xsha256, xsha1, xmd5;
};

/* The MLST facts jangada asks for (OPTS MLST), in the order sent. */
enum {
	FTP_FACT_TYPE = 1 << 0,
	FTP_FACT_SIZE = 1 << 1,
	FTP_FACT_MODIFY = 1 << 2,
	FTP_FACT_PERM = 1 << 3,
	FTP_FACT_UNIX_MODE = 1 << 4,
	FTP_FACT_UNIX_OWNER = 1 << 5,
	FTP_FACT_UNIX_GROUP = 1 << 6,
	FTP_FACT_UNIX_UID = 1 << 7	/* the owner's number (pyftpdlib) */
};

/*
 * 227 "Entering Passive Mode (h1,h2,h3,h4,p1,p2)": finds the six numbers
 * anywhere in text (with or without parentheses), each 0..255; port =
 * p1*256+p2 must be 1..65535. addr receives "h1.h2.h3.h4" (for the log:
 * the address is never used to connect, R1/R2). R3.
 */
int	ftp_parse_pasv(const char *text, char addr[16], unsigned *port);

/*
 * 229 "Entering Extended Passive Mode (|||port|)": the delimiter is any
 * character 33..126 but a digit (which would make the port ambiguous), the
 * same four times; the two fields before the port are empty; port
 * 1..65535. R4.
 */
int	ftp_parse_epsv(const char *text, unsigned *port);

/*
 * 257 "PATH" comment: msg is the text after "257 ". The path starts at the
 * first '"', "" inside it is one '"', and it ends at a lone '"'. Refused:
 * no opening or no closing quote (R36), a control byte (< 0x20, 0x7f) in
 * the path (R38). *path is allocated (free it). R37.
 */
int	ftp_parse_257(const char *msg, char **path);

/*
 * 213 SIZE reply text (after "213 "): decimal digits only, optionally
 * followed by spaces, no sign, at most INT64_MAX (an off_t) (R35).
 */
int	ftp_parse_size(const char *msg, uint64_t *size);

/*
 * 213 MDTM reply text: YYYYMMDDHHMMSS[.fff], UTC (RFC 3659), fields in
 * range. *t is seconds since the epoch.
 */
int	ftp_parse_mdtm(const char *msg, time_t *t);

/*
 * A 211 FEAT reply's full text (every line). Unknown lines are ignored.
 * The MLST line's facts ("MLST type*;size*;modify*;perm;unix.mode;") are
 * noted in mlst_offered/mlst_on, any case.
 */
void	ftp_parse_feat(const char *text, struct ftp_features *);

/*
 * The argument of "OPTS MLST" asking for the facts jangada reads among
 * those the server offers ("type;size;modify;perm;unix.mode;"), into
 * buf: 1; 0 when there is nothing to ask (no MLST, no such fact, or
 * every such fact already enabled), -1 when it does not fit.
 */
int	ftp_mlst_opts(const struct ftp_features *, char *buf, size_t size);

/*
 * The size a 150 reply announces, "... (12345 bytes)", if any (the
 * "(N bytes)" form most servers use; a RETR has no SIZE otherwise). The
 * last such group counts (a file name may hold one); at most INT64_MAX.
 */
int	ftp_parse_150_size(const char *msg, uint64_t *size);

#endif
