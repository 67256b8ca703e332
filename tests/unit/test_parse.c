/*
 * test_parse: 227, 229, 257, SIZE, MDTM, FEAT and 150 parsers (R1-R4,
 * R35-R38).
 */
#include "../../src/ftp/parse.c"
#include "../tap.h"

/* One 227 case: text, expected result, address and port. */
static const struct {
	const char	*text;
	int		 rc;
	const char	*addr;
	unsigned	 port;
	const char	*name;
} pasv[] = {
	{ "227 Entering Passive Mode (192,168,1,2,4,1)", 0, "192.168.1.2",
	    1025, "vsftpd form" },
	{ "227 Entering Passive Mode (127,0,0,1,0,22)", 0, "127.0.0.1", 22,
	    "R2: parsed; the session ignores the address" },
	{ "227 Entering passive mode (127,0,0,1,129,113).", 0, "127.0.0.1",
	    33137, "pyftpdlib form" },
	{ "227 Entering passive mode. 10,0,0,7,195,80", 0, "10.0.0.7", 50000,
	    "no parentheses" },
	{ "227 =10,0,0,7,195,80", 0, "10.0.0.7", 50000, "'=' form" },
	{ "227 Entering Passive Mode (10, 0, 0, 7, 195, 80)", 0, "10.0.0.7",
	    50000, "blanks after commas" },
	{ "227 Entering Passive Mode (255,255,255,255,255,255)", 0,
	    "255.255.255.255", 65535, "all 255" },
	{ "227 Entering Passive Mode (1216,256,2,127,127,127)", -1, NULL, 0,
	    "R3: octets above 255" },
	{ "227 Entering Passive Mode (1,2,3,256,4,5)", -1, NULL, 0,
	    "R3: 256" },
	{ "227 Entering Passive Mode (1,2,3,4,5)", -1, NULL, 0,
	    "R3: five numbers" },
	{ "227 Entering Passive Mode (1,2,3,4,5,)", -1, NULL, 0,
	    "R3: empty sixth" },
	{ "227 Entering Passive Mode (1,2,3,4,5,6,7)", -1, NULL, 0,
	    "R3: seven numbers" },
	{ "227 Entering Passive Mode (1,2,3,4,0,0)", -1, NULL, 0,
	    "port 0" },
	{ "227 Entering Passive Mode (1,2,3,4,-5,6)", -1, NULL, 0,
	    "negative" },
	{ "227 Entering Passive Mode", -1, NULL, 0, "no numbers" },
	{ "", -1, NULL, 0, "empty" },
	{ "227 Entering Passive Mode (0001,2,3,4,5,6)", -1, NULL, 0,
	    "four-digit octet" },
	{ "227 Entering Passive Mode (99999999999999999999,2,3,4,5,6)", -1,
	    NULL, 0, "huge number" },
};

/* One 229 case. */
static const struct {
	const char	*text;
	int		 rc;
	unsigned	 port;
	const char	*name;
} epsv[] = {
	{ "229 Entering Extended Passive Mode (|||6446|)", 0, 6446, "RFC 2428" },
	{ "229 Entering Extended Passive Mode (!!!6446!)", 0, 6446,
	    "R4: '!' delimiter" },
	{ "229 ok (###1#)", 0, 1, "port 1" },
	{ "229 ok (|||65535|)", 0, 65535, "port 65535" },
	{ "229 ok (|||65536|)", -1, 0, "R4: port 65536" },
	{ "229 ok (|||1000000|)", -1, 0, "R4: port 1000000" },
	{ "229 ok (|||0|)", -1, 0, "R4: port 0" },
	{ "229 ok (||6446|)", -1, 0, "R4: two delimiters" },
	{ "229 ok (|!|6446|)", -1, 0, "R4: mixed delimiters" },
	{ "229 ok (|||6446!)", -1, 0, "R4: wrong closing delimiter" },
	{ "229 ok (|||6446)", -1, 0, "R4: no closing delimiter" },
	{ "229 ok (|||)", -1, 0, "R4: no port" },
	{ "229 ok (||| 6446|)", -1, 0, "R4: blank before port" },
	{ "229 ok (|||-1|)", -1, 0, "R4: negative" },
	{ "229 ok (1116446)", -1, 0, "R4: digit delimiter" },
	{ "229 ok (   6446 )", -1, 0, "R4: space delimiter" },
	{ "229 ok |||6446|", -1, 0, "no parenthesis" },
	{ "229 x (y) (|||2121|)", 0, 2121, "second parenthesis" },
	{ "229 ok (|||99999999999999999999|)", -1, 0, "huge" },
	{ "229 ok (", -1, 0, "truncated" },
};

/* One 257 case. */
static const struct {
	const char	*msg;
	int		 rc;
	const char	*path;
	const char	*name;
} p257[] = {
	{ "\"/\" is the current directory", 0, "/", "root" },
	{ "\"/pub/linux\" is current directory.", 0, "/pub/linux", "path" },
	{ "\"/a\"\"b\" created", 0, "/a\"b", "R37: doubled quote" },
	{ "\"/a\"\"\"\"b\"", 0, "/a\"\"b", "R37: two doubled quotes" },
	{ "\"/a\"\"\"", 0, "/a\"", "R37: doubled quote at the end" },
	{ "\"/x y\"", 0, "/x y", "spaces" },
	{ "MKD command successful: \"/new dir\"", 0, "/new dir",
	    "quote not first" },
	{ "\"/caf\xc3\xa9\"", 0, "/caf\xc3\xa9", "UTF-8 kept" },
	{ "\"/unterminated", -1, NULL, "R36: no closing quote" },
	{ "\"/a\"\"", -1, NULL, "R36: only a doubled quote at the end" },
	{ "no quotes at all", -1, NULL, "R36: no quote" },
	{ "\"\"", -1, NULL, "empty path" },
	{ "\"/a\x1b[2Jb\"", -1, NULL, "R38: ESC" },
	{ "\"/a\rb\"", -1, NULL, "R38: CR" },
	{ "\"/a\nb\"", -1, NULL, "R38: LF" },
	{ "\"/a\x7f\"", -1, NULL, "R38: DEL" },
	{ "\"/a\tb\"", -1, NULL, "R38: TAB" },
};

/* One SIZE case. */
static const struct {
	const char	*msg;
	int		 rc;
	uint64_t	 size;
	const char	*name;
} sizes[] = {
	{ "0", 0, 0, "zero" },
	{ "51", 0, 51, "51" },
	{ "1234567890123", 0, 1234567890123ULL, "large" },
	{ "9223372036854775807", 0, 9223372036854775807ULL, "INT64_MAX" },
	{ "51  ", 0, 51, "trailing spaces" },
	{ "9223372036854775808", -1, 0, "R35: past INT64_MAX" },
	{ "18446744073709551615", -1, 0, "R35: 20 digits" },
	{ "99999999999999999999", -1, 0, "R35: 20 nines" },
	{ "123456789012345678901234567890", -1, 0, "R35: 30 digits" },
	{ "-1", -1, 0, "R35: negative" },
	{ "+1", -1, 0, "R35: plus sign" },
	{ "file: 213, Size =51", -1, 0, "R35: junk before" },
	{ "51 bytes", -1, 0, "junk after" },
	{ "", -1, 0, "empty" },
	{ " 51", -1, 0, "leading blank" },
	{ "5 1", -1, 0, "blank inside" },
	{ "0x10", -1, 0, "hex" },
};

/* One MDTM case. */
static const struct {
	const char	*msg;
	int		 rc;
	int64_t		 t;
	const char	*name;
} mdtm[] = {
	{ "19700101000000", 0, 0, "epoch" },
	{ "20240229123456", 0, 1709210096, "leap day" },
	{ "20240229123456.789", 0, 1709210096, "fraction" },
	{ "20000301000000", 0, 951868800, "2000-03-01" },
	{ "19691231235959", 0, -1, "before the epoch" },
	{ "20161231235960", 0, 1483228800, "leap second" },
	{ "20230229000000", -1, 0, "Feb 29 of a common year" },
	{ "20241301000000", -1, 0, "month 13" },
	{ "20240001000000", -1, 0, "month 0" },
	{ "20240100000000", -1, 0, "day 0" },
	{ "20240131240000", -1, 0, "hour 24" },
	{ "20240131236000", -1, 0, "minute 60" },
	{ "20240131235961", -1, 0, "second 61" },
	{ "2024013123595", -1, 0, "short" },
	{ "191000101000000", -1, 0, "Y2K bug year 19100" },
	{ "20240131235959.", -1, 0, "empty fraction" },
	{ "20240131235959 x", -1, 0, "junk" },
	{ "", -1, 0, "empty" },
};

int
main(void)
{
	char addr[16], *path;
	unsigned port;
	uint64_t size;
	time_t t;
	struct ftp_features f;
	size_t i;
	int rc;

	for (i = 0; i < sizeof pasv / sizeof pasv[0]; i++) {
		port = 0;
		strcpy(addr, "-");
		rc = ftp_parse_pasv(pasv[i].text, addr, &port);
		is_int(rc, pasv[i].rc, "227 %s", pasv[i].name);
		if (pasv[i].rc == 0) {
			is_str(addr, pasv[i].addr, "227 %s: address",
			    pasv[i].name);
			is_int(port, pasv[i].port, "227 %s: port",
			    pasv[i].name);
		}
	}
	for (i = 0; i < sizeof epsv / sizeof epsv[0]; i++) {
		port = 0;
		rc = ftp_parse_epsv(epsv[i].text, &port);
		is_int(rc, epsv[i].rc, "229 %s", epsv[i].name);
		if (epsv[i].rc == 0)
			is_int(port, epsv[i].port, "229 %s: port",
			    epsv[i].name);
	}
	for (i = 0; i < sizeof p257 / sizeof p257[0]; i++) {
		path = NULL;
		rc = ftp_parse_257(p257[i].msg, &path);
		is_int(rc, p257[i].rc, "257 %s", p257[i].name);
		if (p257[i].rc == 0)
			is_str(path, p257[i].path, "257 %s: path",
			    p257[i].name);
		else
			ok(path == NULL, "257 %s: no path", p257[i].name);
		free(path);
	}
	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		size = 7;
		rc = ftp_parse_size(sizes[i].msg, &size);
		is_int(rc, sizes[i].rc, "SIZE %s", sizes[i].name);
		if (sizes[i].rc == 0)
			ok(size == sizes[i].size, "SIZE %s: value",
			    sizes[i].name);
		else
			ok(size == 7, "SIZE %s: untouched", sizes[i].name);
	}
	for (i = 0; i < sizeof mdtm / sizeof mdtm[0]; i++) {
		t = 12345;
		rc = ftp_parse_mdtm(mdtm[i].msg, &t);
		is_int(rc, mdtm[i].rc, "MDTM %s", mdtm[i].name);
		if (mdtm[i].rc == 0)
			is_int(t, mdtm[i].t, "MDTM %s: value", mdtm[i].name);
	}

	/* FEAT: vsftpd, proftpd and pure-ftpd replies. */
	ftp_parse_feat("211-Features:\n EPRT\n EPSV\n MDTM\n PASV\n"
	    " REST STREAM\n SIZE\n TVFS\n UTF8\n211 End", &f);
	ok(f.eprt && f.epsv && f.mdtm && f.rest_stream && f.size && f.tvfs &&
	    f.utf8 && !f.mlsd && !f.mfmt && !f.auth_tls, "FEAT vsftpd");
	ftp_parse_feat("211-Features:\n AUTH TLS\n CCC\n CLNT\n EPRT\n EPSV\n"
	    " HOST\n LANG en-US*\n MDTM\n MFF modify;UNIX.group;UNIX.mode;\n"
	    " MFMT\n MLST modify*;perm*;size*;type*;unique*;UNIX.group*;"
	    "UNIX.mode*;UNIX.owner*;\n PBSZ\n PROT\n RANG STREAM\n"
	    " REST STREAM\n SIZE\n SSCN\n TVFS\n UTF8\n211 End", &f);
	ok(f.eprt && f.epsv && f.mdtm && f.mfmt && f.mlsd && f.rest_stream &&
	    f.size && f.tvfs && f.utf8 && f.auth_tls, "FEAT proftpd");
	ftp_parse_feat("211-Extensions supported:\n EPRT\n IDLE\n MDTM\n"
	    " SIZE\n MFMT\n REST STREAM\n MLST type*;size*;sizd*;modify*;"
	    "UNIX.mode*;UNIX.uid*;UNIX.gid*;unique*;\n MLSD\n PRET\n"
	    " AUTH TLS\n PBSZ\n PROT\n UTF8\n TVFS\n ESTA\n PASV\n EPSV\n"
	    "211 End.", &f);
	ok(f.mlsd && f.mfmt && f.epsv && f.utf8 && f.auth_tls,
	    "FEAT pure-ftpd");
	/* AUTH: TLS alone or among the mechanisms (FileZilla Server, IIS) */
	ftp_parse_feat("211-Features:\n AUTH TLS;TLS-C;SSL\n211 End", &f);
	ok(f.auth_tls, "FEAT: AUTH TLS;TLS-C;SSL names TLS");
	ftp_parse_feat("211-Features:\n AUTH SSL\n AUTH TLS-C\n211 End", &f);
	ok(!f.auth_tls, "FEAT: AUTH SSL, AUTH TLS-C: no TLS");
	ftp_parse_feat("211-Features supported:\n EPRT\n EPSV\n MDTM\n MFMT\n"
	    " MLST type*;perm*;size*;modify*;unique*;unix.mode;unix.uid;"
	    "unix.gid;\n REST STREAM\n SIZE\n TVFS\n UTF8\n211 End FEAT.", &f);
	ok(f.mlsd && f.mfmt && f.rest_stream && f.utf8 && f.epsv,
	    "FEAT pyftpdlib");
	/* The MLST facts: what to ask for with OPTS MLST. */
	{
		char o[128];

		is_int(ftp_mlst_opts(&f, o, sizeof o), 1,
		    "OPTS MLST pyftpdlib: something to ask");
		is_str(o, "type;size;modify;perm;unix.mode;unix.uid;",
		    "OPTS MLST pyftpdlib: the facts it offers, ours only");
		ok(f.mlst_on == (FTP_FACT_TYPE | FTP_FACT_SIZE |
		    FTP_FACT_MODIFY | FTP_FACT_PERM), "MLST: '*' is on");
		is_int(ftp_mlst_opts(&f, o, 10), -1, "OPTS MLST: too small");
		ftp_parse_feat("211-Features:\n MLST modify*;perm*;size*;"
		    "type*;unique*;UNIX.group*;UNIX.mode*;UNIX.owner*;\n"
		    "211 End", &f);
		is_int(ftp_mlst_opts(&f, o, sizeof o), 0,
		    "OPTS MLST proftpd: all on already, nothing to ask");
		ftp_parse_feat("211-Features:\n MLST Type*;Size;UNIX.mode;"
		    "UNIX.owner;UNIX.group;\n211 End", &f);
		is_int(ftp_mlst_opts(&f, o, sizeof o), 1, "OPTS MLST mixed");
		is_str(o, "type;size;unix.mode;unix.owner;unix.group;",
		    "OPTS MLST: any case, in our order");
		ftp_parse_feat("211-Features:\n MLSD\n SIZE\n211 End", &f);
		is_int(ftp_mlst_opts(&f, o, sizeof o), 0,
		    "OPTS MLST: no MLST line, nothing to ask");
		ftp_parse_feat("211-Features:\n MLST\n211 End", &f);
		ok(f.mlsd && f.mlst_offered == 0, "MLST without facts");
	}
	ftp_parse_feat("211-Features:\n HASH SHA-1;SHA-256*;MD5\n XSHA256\n"
	    " XMD5\n211 End", &f);
	ok(f.hash && f.xsha256 && f.xmd5 && !f.xsha512 && !f.xsha1,
	    "FEAT: HASH, XSHA256, XMD5 (a server's digests)");
	ftp_parse_feat("211-Features:\n REST\n sIzE\n211 End", &f);
	ok(!f.rest_stream && f.size, "FEAT: REST without STREAM; any case");
	ftp_parse_feat("211-Features:\nSIZE\n\tMDTM\n211 End", &f);
	ok(f.size && f.mdtm, "FEAT: lines without the leading space");
	ftp_parse_feat("211 SIZE", &f);
	ok(!f.size, "FEAT: a code line names nothing");
	ftp_parse_feat("", &f);
	ok(!f.size && !f.mlsd && !f.epsv, "FEAT: empty text, nothing");
	ftp_parse_feat("211-x\n SIZEX\n MLSTX\n211 End", &f);
	ok(!f.size && !f.mlsd, "FEAT: whole words only");

	/* 150 (N bytes). */
	is_int(ftp_parse_150_size("Opening BINARY mode data connection for "
	    "big.iso (1073741824 bytes).", &size), 0, "150 vsftpd");
	ok(size == 1073741824ULL, "150 vsftpd: size");
	is_int(ftp_parse_150_size("Opening ASCII mode data connection for "
	    "a (5 bytes)", &size), 0, "150 proftpd");
	ok(size == 5, "150 proftpd: size");
	is_int(ftp_parse_150_size("Opening file (3 bytes) (12 Bytes).", &size),
	    0, "150 the last count wins");
	ok(size == 12, "150 the last count wins: size");
	is_int(ftp_parse_150_size("File status okay. About to open data "
	    "connection.", &size), -1, "150 without a size");
	is_int(ftp_parse_150_size("x (-5 bytes)", &size), -1, "150 negative");
	is_int(ftp_parse_150_size("x (99999999999999999999 bytes)", &size), -1,
	    "150 overflow");
	is_int(ftp_parse_150_size("x (12 kbytes)", &size), -1, "150 kbytes");
	is_int(ftp_parse_150_size("x (12 bytes", &size), -1, "150 unclosed");
	return done_testing();
}
