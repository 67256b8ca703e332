/*
 * test_list: listing lines from real servers, byte-exact names, raw lines
 * kept, the same entries for every chunking, bounded memory (R39-R42,
 * R45).
 */
#include "../../src/ftp/list.c"
#include "../../src/ftp/list_arena.c"
#include "../../src/ftp/list_date.c"
#include "../../src/ftp/list_unix.c"
#include "../../src/ftp/list_eplf.c"
#include "../../src/ftp/list_dos.c"
#include "../../src/ftp/list_mlsd.c"
#include "../tap.h"

#include <time.h>

#include "base/buf.h"

/* 2026-11-21 12:00:00 UTC: "now" for dates without a year. */
#define NOW	((time_t)1795262400)

#define L	FTP_LIST_LIST
#define M	FTP_LIST_MLSD
#define N	FTP_LIST_NLST
#define FILE_	FTP_ENT_FILE
#define DIR_	FTP_ENT_DIR
#define LINK_	FTP_ENT_LINK
#define OTHER_	FTP_ENT_OTHER
#define NOSIZE	(-1LL)
#define NOMODE	(-1)

/* One line: what it must parse to. A NULL name with rc 1 is never used. */
static const struct lcase {
	const char	*label;
	const char	*line;
	enum ftp_list_mode mode;
	int		 rc;
	enum ftp_ent_type type;
	const char	*name;
	const char	*target;
	long long	 size;
	const char	*mtime;		/* "YYYY-MM-DD HH:MM:SS" or NULL */
	int		 has_time;
	int		 perm;
} cases[] = {
	/* Unix, pyftpdlib. */
	{ "pyftpdlib file", "-rw-r--r--   1 root     root            6 Nov 21 12:21 a.txt",
	    L, 1, FILE_, "a.txt", NULL, 6, "2026-11-21 12:21:00", 1, 0644 },
	{ "R39 leading space", "-rw-r--r--   1 root     root            2 Nov 21 12:21  leading",
	    L, 1, FILE_, " leading", NULL, 2, "2026-11-21 12:21:00", 1, 0644 },
	{ "R39 trailing space", "-rw-r--r--   1 root     root            2 Nov 21 12:21 trailing ",
	    L, 1, FILE_, "trailing ", NULL, 2, "2026-11-21 12:21:00", 1, 0644 },
	{ "R39 two spaces", "-rw-r--r--   1 root     root            2 Nov 21 12:21 two  spaces",
	    L, 1, FILE_, "two  spaces", NULL, 2, "2026-11-21 12:21:00", 1, 0644 },
	{ "R39 three leading spaces", "-rw-r--r--   1 root     root            2 Nov 21 12:21    x  ",
	    L, 1, FILE_, "   x  ", NULL, 2, "2026-11-21 12:21:00", 1, 0644 },
	{ "R40 file named a -> b", "-rw-r--r--   1 root     root            2 Nov 21 12:21 a -> b",
	    L, 1, FILE_, "a -> b", NULL, 2, "2026-11-21 12:21:00", 1, 0644 },
	{ "R40 link target holds ->", "lrwxrwxrwx   1 root     root            6 Nov 21 12:21 lnk -> x -> y",
	    L, 1, LINK_, "lnk", "x -> y", 6, "2026-11-21 12:21:00", 1, 0777 },
	{ "link", "lrwxrwxrwx   1 root     root            5 Nov 21 12:21 good-link -> a.txt",
	    L, 1, LINK_, "good-link", "a.txt", 5, "2026-11-21 12:21:00", 1, 0777 },
	{ "link without arrow", "lrwxrwxrwx 1 u g 3 Jan  1  2020 nolink",
	    L, 1, LINK_, "nolink", NULL, 3, "2020-01-01 00:00:00", 0, 0777 },
	{ "link named with spaces", "lrwxrwxrwx 1 u g 3 Jan  1  2020  a b  -> c d ",
	    L, 1, LINK_, " a b ", "c d ", 3, "2020-01-01 00:00:00", 0, 0777 },
	{ "year date", "-rw-r--r--   1 root     root            0 May 04  2019 old.txt",
	    L, 1, FILE_, "old.txt", NULL, 0, "2019-05-04 00:00:00", 0, 0644 },
	{ "directory with a space", "drwxr-xr-x   2 root     root         4096 Nov 21 12:21 sub dir",
	    L, 1, DIR_, "sub dir", NULL, 4096, "2026-11-21 12:21:00", 1, 0755 },
	/* vsftpd, proftpd, pure-ftpd. */
	{ "vsftpd dir", "drwxr-xr-x    2 0        0            4096 Jan 01  2020 pub",
	    L, 1, DIR_, "pub", NULL, 4096, "2020-01-01 00:00:00", 0, 0755 },
	{ "vsftpd date in the future is last year", "-rw-r--r--    1 ftp      ftp           123 Dec 25 10:00 xmas",
	    L, 1, FILE_, "xmas", NULL, 123, "2025-12-25 10:00:00", 1, 0644 },
	{ "a few hours ahead is this year", "-rw-r--r--    1 ftp      ftp           123 Nov 22 01:00 soon",
	    L, 1, FILE_, "soon", NULL, 123, "2026-11-22 01:00:00", 1, 0644 },
	{ "proftpd", "-rw-r--r--   1 ftp      ftp             5 Nov 20 09:05 a.txt",
	    L, 1, FILE_, "a.txt", NULL, 5, "2026-11-20 09:05:00", 1, 0644 },
	{ "pure-ftpd numeric owners", "-rw-r--r--    1 1000       1000                6 Nov 21 12:21 a.txt",
	    L, 1, FILE_, "a.txt", NULL, 6, "2026-11-21 12:21:00", 1, 0644 },
	{ "uid 1 gid 1 size like a year", "drwxr-xr-x    2 1        1            4096 Jan 01 12:00 d",
	    L, 1, DIR_, "d", NULL, 4096, "2026-01-01 12:00:00", 1, 0755 },
	{ "missing group", "dr-xr-xr-x   2 root                  512 Apr  8  1994 01-unix-nogroup dir",
	    L, 1, DIR_, "01-unix-nogroup dir", NULL, 512, "1994-04-08 00:00:00", 0, 0555 },
	{ "no owner, no group", "-r--r--r-- 0125039 12 Nov 11 2005 53-noownergroup file",
	    L, 1, FILE_, "53-noownergroup file", NULL, 12, "2005-11-11 00:00:00", 0, 0444 },
	{ "domain column", "-rw-r--r--   1 group domain user 531 Jan 29 03:26 13-unix-domain file",
	    L, 1, FILE_, "13-unix-domain file", NULL, 531, "2026-01-29 03:26:00", 1, 0644 },
	{ "char device major, minor", "crw-rw-rw-   1 root     root       1,   3 Jan 25 00:17 null",
	    L, 1, OTHER_, "null", NULL, NOSIZE, "2026-01-25 00:17:00", 1, 0666 },
	{ "block device major,minor", "brw-rw----   1 root     disk     8,0 Jan 25 00:17 sda",
	    L, 1, OTHER_, "sda", NULL, NOSIZE, "2026-01-25 00:17:00", 1, 0660 },
	{ "fifo", "prw-r--r--   1 root     root            0 Jan 25 00:17 fifo",
	    L, 1, OTHER_, "fifo", NULL, 0, "2026-01-25 00:17:00", 1, 0644 },
	{ "setuid", "-rwsr-xr-x   1 root     root        12345 Jan  1  2020 su",
	    L, 1, FILE_, "su", NULL, 12345, "2020-01-01 00:00:00", 0, 04755 },
	{ "sticky", "drwxrwxrwt  20 root     root         4096 Nov 21 12:21 tmp",
	    L, 1, DIR_, "tmp", NULL, 4096, "2026-11-21 12:21:00", 1, 01777 },
	{ "S and T", "-rwSr-Sr-T   1 a b 1 Jan  1  2020 x",
	    L, 1, FILE_, "x", NULL, 1, "2020-01-01 00:00:00", 0, 07644 },
	{ "ACL +", "-rw-r--r--+  1 u g 10 Jan  1  2020 acl",
	    L, 1, FILE_, "acl", NULL, 10, "2020-01-01 00:00:00", 0, 0644 },
	{ "SELinux .", "-rw-r--r--. 1 u g 10 Jan  1  2020 se",
	    L, 1, FILE_, "se", NULL, 10, "2020-01-01 00:00:00", 0, 0644 },
	{ "long-iso date", "-rw-r--r--   1 root     other        531 2005-06-07 21:22 07-unix-date file",
	    L, 1, FILE_, "07-unix-date file", NULL, 531, "2005-06-07 21:22:00", 1, 0644 },
	{ "full-iso date with zone", "-rw-r--r-- 1 u g 5 2024-01-02 03:04:05.123456789 +0100 f",
	    L, 1, FILE_, "f", NULL, 5, "2024-01-02 02:04:05", 1, 0644 },
	{ "slash date", "-r-xr-xr-x   2 root     other      2235 1999/10/12 17:12 30-datetest file",
	    L, 1, FILE_, "30-datetest file", NULL, 2235, "1999-10-12 17:12:00", 1, 0555 },
	{ "D-M-Y date", "-r-xr-xr-x   2 root     other      2235 24-04-2003 17:12 31-datetest file",
	    L, 1, FILE_, "31-datetest file", NULL, 2235, "2003-04-24 17:12:00", 1, 0555 },
	{ "M-D date with time", "-rw-r--r--   1 root     other        531 09-26 13:45 06-unix-date file",
	    L, 1, FILE_, "06-unix-date file", NULL, 531, "2026-09-26 13:45:00", 1, 0644 },
	{ "M-D date with year", "-rw-r--r--   1 root     other        531 09-26 2000 05-unix-date file",
	    L, 1, FILE_, "05-unix-date file", NULL, 531, "2000-09-26 00:00:00", 0, 0644 },
	{ "German date", "-r-xr-xr-x   2 root     other      2235 2.   Okt.  2003 29-datetest-ger file",
	    L, 1, FILE_, "29-datetest-ger file", NULL, 2235, "2003-10-02 00:00:00", 0, 0555 },
	{ "German date with time", "drwxr-xr-x 6 user sys 1024 30. Jan., 12:40 59-localized-date-dir",
	    L, 1, DIR_, "59-localized-date-dir", NULL, 1024, "2026-01-30 12:40:00", 1, 0755 },
	{ "day before month", "drwxr-xr-x 3 user group 512 01 oct 2004 52-swapped-daymonth dir",
	    L, 1, DIR_, "52-swapped-daymonth dir", NULL, 512, "2004-10-01 00:00:00", 0, 0755 },
	{ "VShell Mon DD, YYYY HH:MM", "-rwxr-xr-x    1 user group        9 Oct 08, 2002 09:47 23-vshell-new file",
	    L, 1, FILE_, "23-vshell-new file", NULL, 9, "2002-10-08 09:47:00", 1, 0755 },
	{ "DD-mon-YY", "-r-xr-xr-x 2 owner group 4512 01-jun-99 47_unix_shortdatemonth file",
	    L, 1, FILE_, "47_unix_shortdatemonth file", NULL, 4512, "1999-06-01 00:00:00", 0, 0555 },
	{ "name that looks like a date", "-rw-r--r-- 1 u g 5 Jan  1  2020 Feb 2 2021 x",
	    L, 1, FILE_, "Feb 2 2021 x", NULL, 5, "2020-01-01 00:00:00", 0, 0644 },
	{ "R44 non-UTF-8 name kept", "-rw-r--r-- 1 u g 5 Jan  1  2020 caf\xe9",
	    L, 1, FILE_, "caf\xe9", NULL, 5, "2020-01-01 00:00:00", 0, 0644 },
	{ "R43 ESC in a name kept raw for the sanitizer", "-rw-r--r-- 1 u g 5 Jan  1  2020 \x1b[2Jx\x07",
	    L, 1, FILE_, "\x1b[2Jx\x07", NULL, 5, "2020-01-01 00:00:00", 0, 0644 },
	{ "R47 name with a slash kept (the session reduces it)", "-rw-r--r-- 1 u g 5 Jan  1  2020 ../../.bashrc",
	    L, 1, FILE_, "../../.bashrc", NULL, 5, "2020-01-01 00:00:00", 0, 0644 },
	{ "dot skipped", "drwxr-xr-x   3 root root 4096 Nov 21 12:21 .",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "dot-dot skipped", "drwxrwxrwt  20 root root 4096 Nov 21 12:21 ..",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "three dots kept", "drwxrwxrwt  20 root root 4096 Nov 21 12:21 ...",
	    L, 1, DIR_, "...", NULL, 4096, "2026-11-21 12:21:00", 1, 01777 },
	{ "dot with a space kept", "drwxr-xr-x   3 root root 4096 Nov 21 12:21  .",
	    L, 1, DIR_, " .", NULL, 4096, "2026-11-21 12:21:00", 1, 0755 },
	{ "total skipped", "total 36", L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "blank skipped", "   ", L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "no name", "-rw-r--r-- 1 u g 5 Jan  1  2020", L, -1, 0, NULL, NULL,
	    0, NULL, 0, 0 },
	{ "no name, one space", "-rw-r--r-- 1 u g 5 Jan  1  2020 ", L, -1, 0,
	    NULL, NULL, 0, NULL, 0, 0 },
	{ "size not a number", "-rw-r--r-- 1 u g x5 Jan  1  2020 f", L, -1,
	    0, NULL, NULL, 0, NULL, 0, 0 },
	{ "size overflows", "-rw-r--r-- 1 u g 99999999999999999999 Jan  1  2020 f",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "bad month", "-rw-r--r-- 1 u g 5 Foo  1  2020 f", L, -1, 0, NULL,
	    NULL, 0, NULL, 0, 0 },
	{ "hour 25", "-rw-r--r-- 1 u g 5 Jan  1 25:00 f", L, -1, 0, NULL,
	    NULL, 0, NULL, 0, 0 },
	{ "day 32", "-rw-r--r-- 1 u g 5 Jan 32 12:00 f", L, -1, 0, NULL,
	    NULL, 0, NULL, 0, 0 },
	{ "bad permissions", "-rw-r--r-X 1 u g 5 Jan  1  2020 f", L, -1, 0,
	    NULL, NULL, 0, NULL, 0, 0 },
	{ "numeric month day: kept raw", "-rw-r--r--   1 root     other        531 3 29 03:26 02-unix-std file",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "NUL in a line", "-rw-r--r-- 1 u g 5 Jan  1  2020 a\0b", L, -1, 0,
	    NULL, NULL, 0, NULL, 0, 0 },

	/* R41 NetWare. */
	{ "R41 NetWare dir", "d [R----F--] supervisor            512       Jan 16 18:53    login",
	    L, 1, DIR_, "login", NULL, 512, "2026-01-16 18:53:00", 1, NOMODE },
	{ "R41 NetWare file", "- [R----F--] rhesus             214059       Oct 20 15:27    cx.exe",
	    L, 1, FILE_, "cx.exe", NULL, 214059, "2026-10-20 15:27:00", 1, NOMODE },
	/* R41 EPLF. */
	{ "R41 EPLF file", "+i8388621.48594,m825718503,r,s280,\tdjb.html",
	    L, 1, FILE_, "djb.html", NULL, 280, "1996-03-01 22:15:03", 1, NOMODE },
	{ "R41 EPLF dir", "+i8388621.50690,m824255907,/,\t514",
	    L, 1, DIR_, "514", NULL, NOSIZE, "1996-02-13 23:58:27", 1, NOMODE },
	{ "R41 EPLF mode", "+i8388621.48598,m824253270,r,s612,up644\tindex.html",
	    L, 1, FILE_, "index.html", NULL, 612, "1996-02-13 23:14:30", 1, 0644 },
	{ "R41 EPLF name with spaces", "+r,s1,\t a  b ",
	    L, 1, FILE_, " a  b ", NULL, 1, NULL, 0, NOMODE },
	{ "R41 EPLF empty name", "+r,s1,\t", L, -1, 0, NULL, NULL, 0, NULL, 0,
	    0 },
	/* R41 DOS/IIS. */
	{ "R41 IIS dir", "04-27-00  09:09PM       <DIR>          licensed",
	    L, 1, DIR_, "licensed", NULL, NOSIZE, "2000-04-27 21:09:00", 1, NOMODE },
	{ "R41 IIS file", "04-14-00  03:47PM                  589 readme.htm",
	    L, 1, FILE_, "readme.htm", NULL, 589, "2000-04-14 15:47:00", 1, NOMODE },
	{ "R41 IIS dir with a space", "04-27-00  12:09PM       <DIR>          16-dos-dateambiguous dir",
	    L, 1, DIR_, "16-dos-dateambiguous dir", NULL, NOSIZE, "2000-04-27 12:09:00", 1, NOMODE },
	{ "R41 IIS 12 AM", "01-16-2019  12:15AM       <DIR>          midnight",
	    L, 1, DIR_, "midnight", NULL, NOSIZE, "2019-01-16 00:15:00", 1, NOMODE },
	{ "R41 IIS 24h and long year", "2002-09-02  18:48       <DIR>          18-dos-longyear dir",
	    L, 1, DIR_, "18-dos-longyear dir", NULL, NOSIZE, "2002-09-02 18:48:00", 1, NOMODE },
	{ "R41 IIS size with commas", "2002-09-02  19:06                9,730 19-dos-longyear file",
	    L, 1, FILE_, "19-dos-longyear file", NULL, 9730, "2002-09-02 19:06:00", 1, NOMODE },
	{ "R41 IIS separate AM", "01-16-19  10:27 AM       <DIR>          sep ampm",
	    L, 1, DIR_, "sep ampm", NULL, NOSIZE, "2019-01-16 10:27:00", 1, NOMODE },
	{ "R41 IIS D-M-Y", "13-01-2019  10:27       <DIR>          dmy",
	    L, 1, DIR_, "dmy", NULL, NOSIZE, "2019-01-13 10:27:00", 1, NOMODE },
	{ "R39 IIS dir with leading spaces", "04-27-00  09:09PM       <DIR>            two lead",
	    L, 1, DIR_, "  two lead", NULL, NOSIZE, "2000-04-27 21:09:00", 1, NOMODE },
	{ "R39 IIS file with leading and trailing spaces", "04-14-00  03:47PM                  589  x ",
	    L, 1, FILE_, " x ", NULL, 589, "2000-04-14 15:47:00", 1, NOMODE },
	{ "R41 DOS short padding", "04-27-00  09:09PM  <DIR>  short pad",
	    L, 1, DIR_, "short pad", NULL, NOSIZE, "2000-04-27 21:09:00", 1, NOMODE },
	{ "R41 DOS 13PM refused", "04-27-00  13:09PM       <DIR>          bad",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	/* R41 VMS, AS/400, OS/2: kept raw. */
	{ "R41 VMS raw", "CII-MANUAL.TEX;1  213/216  29-JAN-1996 03:33:12  [ANONYMOU,ANONYMOUS]   (RWED,RWED,,)",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS dir raw", "36-vms-dir.DIR;1  1 19-NOV-2001 21:41 [root,root] (RWE,RWE,RE,RE)",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 AS/400 raw", "QSYS            77824 02/23/00 15:09:55 *DIR 44-ibm-as400 dir/",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 OS/2 raw", " 1123      A    07-14-99   12:37  25-os2 file",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "garbage", "hello world", L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },

	/* R41 MLSD: pyftpdlib, pure-ftpd, proftpd. */
	{ "MLSD pyftpdlib dir", "modify=20261121122128;perm=el;size=4096;type=dir;unique=fe00ga723e1; sub dir",
	    M, 1, DIR_, "sub dir", NULL, 4096, "2026-11-21 12:21:28", 1, NOMODE },
	{ "R41 MLSD ';' in a name", "modify=20261121122128;perm=r;size=2;type=file;unique=fe00ga7246e; semi;colon",
	    M, 1, FILE_, "semi;colon", NULL, 2, "2026-11-21 12:21:28", 1, NOMODE },
	{ "R41 MLSD '; ' in a name", "type=file;size=1; a; b",
	    M, 1, FILE_, "a; b", NULL, 1, NULL, 0, NOMODE },
	{ "R39 MLSD leading space", "modify=20261121122128;perm=r;size=2;type=file;unique=fe00ga72404;  leading",
	    M, 1, FILE_, " leading", NULL, 2, "2026-11-21 12:21:28", 1, NOMODE },
	{ "R39 MLSD trailing space", "modify=20261121122128;perm=r;size=2;type=file;unique=fe00ga72412; trailing ",
	    M, 1, FILE_, "trailing ", NULL, 2, "2026-11-21 12:21:28", 1, NOMODE },
	{ "R41 MLSD cdir skipped", "type=cdir;sizd=4096;modify=20261121122128;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=803g1a0001; .",
	    M, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 MLSD pdir skipped", "type=pdir;sizd=4096;modify=20261121122128;UNIX.mode=0755;UNIX.uid=0;UNIX.gid=0;unique=803g1a0000; ..",
	    M, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 MLSD cdir with a path skipped", "Type=cdir;Modify=20200101000000; /home/user",
	    M, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "MLSD pure-ftpd file", "type=file;size=6;modify=20261121122128;UNIX.mode=0644;UNIX.uid=0;UNIX.gid=0;unique=803g1a0002; a.txt",
	    M, 1, FILE_, "a.txt", NULL, 6, "2026-11-21 12:21:28", 1, 0644 },
	{ "MLSD pyftpdlib unix.mode (Python's oct)", "modify=20261121122128;perm=r;size=6;type=file;unix.mode=0o640; a.txt",
	    M, 1, FILE_, "a.txt", NULL, 6, "2026-11-21 12:21:28", 1, 0640 },
	{ "MLSD proftpd symlink", "modify=20261121122128;perm=adfr;size=5;type=OS.unix=symlink;unique=FD00U1A2;UNIX.group=0;UNIX.mode=0777;UNIX.owner=0; good-link",
	    M, 1, LINK_, "good-link", NULL, 5, "2026-11-21 12:21:28", 1, 0777 },
	{ "MLSD slink with target", "type=OS.unix=slink:/usr/bin;modify=20200101000000; bin",
	    M, 1, LINK_, "bin", "/usr/bin", NOSIZE, "2020-01-01 00:00:00", 1, NOMODE },
	{ "MLSD other type", "type=OS.unix=chr-3/4; tty",
	    M, 1, OTHER_, "tty", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "MLSD fact names in any case", "Type=File;Size=7;Modify=20200101000000; X",
	    M, 1, FILE_, "X", NULL, 7, "2020-01-01 00:00:00", 1, NOMODE },
	{ "MLSD no facts", " name only", M, 1, FILE_, "name only", NULL, NOSIZE,
	    NULL, 0, NOMODE },
	{ "MLSD bad modify ignored", "type=file;modify=2020;size=x; f",
	    M, 1, FILE_, "f", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "MLSD no space: raw", "type=file;size=1;name", M, -1, 0, NULL, NULL,
	    0, NULL, 0, 0 },
	{ "MLSD empty name: raw", "type=file;size=1; ", M, -1, 0, NULL, NULL,
	    0, NULL, 0, 0 },

	/* NLST. */
	{ "NLST name", "a.txt", N, 1, FILE_, "a.txt", NULL, NOSIZE, NULL, 0,
	    NOMODE },
	{ "R39 NLST leading space", " leading", N, 1, FILE_, " leading", NULL,
	    NOSIZE, NULL, 0, NOMODE },
	{ "NLST \" ..\" is a name", " ..", N, 1, FILE_, " ..", NULL, NOSIZE,
	    NULL, 0, NOMODE },
	{ "NLST path kept", "dir/file", N, 1, FILE_, "dir/file", NULL, NOSIZE,
	    NULL, 0, NOMODE },
	{ "NLST dot", ".", N, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "NLST empty", "", N, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
};

/* Format t as "YYYY-MM-DD HH:MM:SS" (UTC). */
static const char *
fmt_time(time_t t, char *buf, size_t n)
{
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

/* Check one table case. */
static void
check_case(const struct lcase *c)
{
	struct ftp_entry e;
	char *line, tbuf[64];
	size_t len = strlen(c->line);
	int rc;

	if (strcmp(c->label, "NUL in a line") == 0)
		len += 2;	/* the bytes after the NUL */
	line = xmalloc(len + 1);
	memcpy(line, c->line, len);
	rc = ftp_list_parse_line(line, len, c->mode, NOW, &e);
	is_int(rc, c->rc, "%s: result", c->label);
	if (rc != 1 || c->rc != 1) {
		if (c->rc == -1)
			ok(memcmp(line, c->line, len) == 0,
			    "%s: line left intact for a raw entry", c->label);
		free(line);
		return;
	}
	ok(e.namelen == strlen(c->name) &&
	    memcmp(e.name, c->name, e.namelen) == 0 && e.name[e.namelen] == '\0',
	    "%s: name \"%s\" byte-exact", c->label, c->name);
	is_int(e.type, c->type, "%s: type", c->label);
	is_str(e.target, c->target, "%s: target", c->label);
	if (c->size == NOSIZE)
		ok(!e.has_size, "%s: no size", c->label);
	else
		ok(e.has_size && e.size == (uint64_t)c->size, "%s: size %lld",
		    c->label, c->size);
	if (c->mtime == NULL)
		ok(!e.has_mtime, "%s: no time", c->label);
	else {
		is_str(e.has_mtime ? fmt_time(e.mtime, tbuf, sizeof tbuf) :
		    "none", c->mtime, "%s: time", c->label);
		is_int(e.mtime_has_time, c->has_time, "%s: time of day",
		    c->label);
	}
	if (c->perm == NOMODE)
		ok(!e.has_mode, "%s: no mode", c->label);
	else
		ok(e.has_mode && e.mode == (unsigned)c->perm, "%s: mode %o",
		    c->label, c->perm);
	free(line);
}

static unsigned long rnd_state = 4242;

/* A small deterministic random generator. */
static unsigned
rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return (unsigned)(rnd_state >> 33);
}

/*
 * Parse data in chunks (0 whole, 1 byte, -1 random up to 300) and write
 * every entry, every field, into *dump. Returns the finish result.
 */
static int
parse_all(const void *data, size_t n, enum ftp_list_mode mode, int chunk,
    struct ftp_listing *l, struct buf *dump)
{
	struct ftp_list_parser *p = ftp_list_new(mode, NOW);
	const char *s = data;
	size_t off = 0, len, i;
	int rc = 0;

	while (off < n && rc == 0) {
		if (chunk == 0)
			len = n - off;
		else if (chunk > 0)
			len = (size_t)chunk;
		else
			len = 1 + rnd() % 300;
		if (len > n - off)
			len = n - off;
		rc = ftp_list_feed(p, s + off, len);
		off += len;
	}
	if (rc == 0)
		rc = ftp_list_finish(p, l);
	else
		memset(l, 0, sizeof *l);
	buf_init(dump, 64 << 20);
	for (i = 0; i < l->n; i++) {
		const struct ftp_entry *e = &l->entries[i];

		buf_printf(dump, "%d %zu:", e->type, e->namelen);
		buf_append(dump, e->name, e->namelen);
		buf_printf(dump, "|%s|%d %llu|%d %lld %d|%d %o\n",
		    e->target ? e->target : "-", e->has_size,
		    (unsigned long long)e->size, e->has_mtime,
		    (long long)e->mtime, e->mtime_has_time, e->has_mode,
		    e->mode);
	}
	ftp_list_free(p);
	return rc;
}

/* Parse data whole, byte by byte and in random chunks; all must agree. */
static void
check_chunkings(const char *label, const void *data, size_t n,
    enum ftp_list_mode mode, struct ftp_listing *out)
{
	struct ftp_listing l;
	struct buf whole, d;
	int i, same = 1, rc;

	rc = parse_all(data, n, mode, 0, out, &whole);
	is_int(rc, 0, "%s: parsed", label);
	for (i = 0; i < 12 && same; i++) {
		rc = parse_all(data, n, mode, i == 0 ? 1 : -1, &l, &d);
		same = rc == 0 && buf_len(&d) == buf_len(&whole) &&
		    memcmp(buf_data(&d), buf_data(&whole), buf_len(&d)) == 0;
		buf_free(&d);
		ftp_listing_free(&l);
	}
	ok(same, "%s: same entries for whole, 1-byte and random chunks", label);
	buf_free(&whole);
}

/* The entry named name (byte-exact), or NULL. */
static const struct ftp_entry *
find(const struct ftp_listing *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->entries[i].namelen == strlen(name) &&
		    memcmp(l->entries[i].name, name, l->entries[i].namelen) == 0)
			return &l->entries[i];
	return NULL;
}

/* The bytes a listing holds: entries array and arena. */
static size_t
listing_bytes(const struct ftp_listing *l)
{
	return l->cap * sizeof *l->entries + (l->arena ? l->arena->bytes : 0);
}

/* pyftpdlib 1.5.7, LIST, captured on loopback. */
static const char pyftpd_list[] =
    "-rw-r--r--   1 root     root            2 Nov 21 12:21  leading\r\n"
    "-rw-r--r--   1 root     root            2 Nov 21 12:21 a -> b\r\n"
    "-rw-r--r--   1 root     root            6 Nov 21 12:21 a.txt\r\n"
    "lrwxrwxrwx   1 root     root            5 Nov 21 12:21 good-link -> a.txt\r\n"
    "lrwxrwxrwx   1 root     root            6 Nov 21 12:21 lnk -> x -> y\r\n"
    "-rw-r--r--   1 root     root            0 May 04  2019 old.txt\r\n"
    "-rw-r--r--   1 root     root            2 Nov 21 12:21 semi;colon\r\n"
    "drwxr-xr-x   2 root     root         4096 Nov 21 12:21 sub dir\r\n"
    "-rw-r--r--   1 root     root            2 Nov 21 12:21 trailing \r\n"
    "-rw-r--r--   1 root     root            2 Nov 21 12:21 two  spaces\r\n";

/* vsftpd 3.0.3, LIST -a, captured on loopback. */
static const char vsftpd_list[] =
    "-rw-r--r--    1 0        0               2 Nov 21 12:21  leading\r\n"
    "dr-xr-xr-x    3 0        0            4096 Nov 21 12:21 .\r\n"
    "drwxrwxrwt   35 0        0            4096 Nov 21 12:29 ..\r\n"
    "-rw-r--r--    1 0        0               2 Nov 21 12:21 a -> b\r\n"
    "-rw-r--r--    1 0        0               6 Nov 21 12:21 a.txt\r\n"
    "lrwxrwxrwx    1 0        0               5 Nov 21 12:21 good-link -> a.txt\r\n"
    "lrwxrwxrwx    1 0        0               6 Nov 21 12:21 lnk -> x -> y\r\n"
    "-rw-r--r--    1 0        0               0 May 04  2019 old.txt\r\n"
    "-rw-r--r--    1 0        0               2 Nov 21 12:21 semi;colon\r\n"
    "drwxr-xr-x    2 0        0            4096 Nov 21 12:21 sub dir\r\n"
    "-rw-r--r--    1 0        0               2 Nov 21 12:21 trailing \r\n"
    "-rw-r--r--    1 0        0               2 Nov 21 12:21 two  spaces\r\n";

/* lftp's test: cdir and pdir in the middle of the list. */
static const char mlsd_mixed[] =
    "type=file;size=10;modify=20200101000000; first\r\n"
    "type=cdir;modify=20200101000000; /home/user\r\n"
    "type=dir;modify=20200101000000; middle dir\r\n"
    "type=pdir;modify=20200101000000; /home\r\n"
    "type=file;size=1; a;b; c\r\n"
    "garbage without facts\r\n"
    "type=file;size=2; last";

static const char vms_line[] =
    "CII-MANUAL.TEX;1  213/216  29-JAN-1996 03:33:12  [ANONYMOU,ANONYMOUS]   (RWED,RWED,,)";

static const char mixed_list[] =
    "total 12\n"
    "drwxr-xr-x   3 root root 4096 Nov 21 12:21 .\n"
    "drwxr-xr-x   3 root root 4096 Nov 21 12:21 ..\n"
    "04-27-00  09:09PM       <DIR>          licensed\n"
    "\n"
    "+i8388621.48594,m825718503,r,s280,\tdjb.html\n"
    "CII-MANUAL.TEX;1  213/216  29-JAN-1996 03:33:12  [ANONYMOU,ANONYMOUS]   (RWED,RWED,,)\n"
    "d [R----F--] supervisor            512       Jan 16 18:53    login\n"
    "-rw-r--r-- 1 u g 5 Jan  1  2020 last without LF";

int
main(void)
{
	struct ftp_list_parser *p;
	struct ftp_listing l;
	const struct ftp_entry *e;
	struct buf b;
	struct timespec t0, t1;
	char *big;
	size_t i, n, maxname;
	double ms;
	int rc;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++)
		check_case(&cases[i]);

	/* Whole listings from real servers, every chunking. */
	check_chunkings("pyftpdlib LIST", pyftpd_list, sizeof pyftpd_list - 1,
	    L, &l);
	is_int(l.n, 10, "pyftpdlib LIST: 10 entries");
	ok(find(&l, " leading") && find(&l, "trailing ") &&
	    find(&l, "two  spaces") && find(&l, "a -> b") &&
	    find(&l, "sub dir"), "R39/R40: names byte-exact");
	e = find(&l, "lnk");
	ok(e != NULL && e->type == FTP_ENT_LINK && e->target != NULL &&
	    strcmp(e->target, "x -> y") == 0, "R40: link target with ->");
	ftp_listing_free(&l);

	check_chunkings("vsftpd LIST", vsftpd_list, sizeof vsftpd_list - 1, L,
	    &l);
	is_int(l.n, 10, "vsftpd LIST -a: 10 entries, . and .. skipped");
	e = find(&l, "lnk");
	ok(e != NULL && e->type == FTP_ENT_LINK &&
	    strcmp(e->target, "x -> y") == 0, "vsftpd LIST: R40 link");
	e = find(&l, "sub dir");
	ok(e != NULL && e->type == FTP_ENT_DIR && e->size == 4096,
	    "vsftpd LIST: directory with a space");
	ok(find(&l, " leading") && find(&l, "trailing ") &&
	    find(&l, "two  spaces"), "vsftpd LIST: R39 names byte-exact");
	ftp_listing_free(&l);

	check_chunkings("R41 MLSD cdir/pdir mid-list", mlsd_mixed,
	    sizeof mlsd_mixed - 1, M, &l);
	is_int(l.n, 5, "R41 MLSD: cdir and pdir skipped, the rest kept");
	ok(find(&l, "first") && find(&l, "middle dir") && find(&l, "a;b; c") &&
	    find(&l, "last"), "R41 MLSD: names around cdir/pdir");
	e = find(&l, "garbage without facts");
	ok(e != NULL && e->type == FTP_ENT_RAW, "R41 MLSD: bad line kept raw");
	ftp_listing_free(&l);

	check_chunkings("R41 mixed formats", mixed_list, sizeof mixed_list - 1,
	    L, &l);
	is_int(l.n, 5, "R41 mixed: total, ., .. and blank skipped");
	ok(find(&l, "licensed") && find(&l, "djb.html") && find(&l, "login") &&
	    find(&l, "last without LF"), "R41 mixed: DOS, EPLF, NetWare, Unix");
	is_int(l.entries[2].type, FTP_ENT_RAW, "R41 mixed: VMS line kept raw");
	ok(l.entries[2].namelen == sizeof vms_line - 1 &&
	    memcmp(l.entries[2].name, vms_line, sizeof vms_line - 1) == 0,
	    "R41 mixed: the raw entry is the whole line");
	ftp_listing_free(&l);

	/* R28-style: CR at the end of one chunk, LF in the next. */
	p = ftp_list_new(N, NOW);
	ftp_list_feed(p, "a\r", 2);
	ftp_list_feed(p, "\nb\r", 3);
	ftp_list_feed(p, "\r\n", 2);
	ftp_list_feed(p, "c\r", 2);
	rc = ftp_list_finish(p, &l);
	is_int(rc, 0, "CR split from LF");
	ok(l.n == 3 && strcmp(l.entries[0].name, "a") == 0 &&
	    strcmp(l.entries[1].name, "b\r") == 0 &&
	    strcmp(l.entries[2].name, "c") == 0,
	    "one CR before LF removed, a CR at EOF too, others kept");
	ftp_listing_free(&l);
	/* The parser can be finished again, empty. */
	rc = ftp_list_finish(p, &l);
	ok(rc == 0 && l.n == 0, "finish twice gives an empty listing");
	ftp_listing_free(&l);
	ftp_list_free(p);

	/* R42: a 1 MB line is cut to one raw entry; the next line parses. */
	n = 1 << 20;
	big = xmalloc(n + 200);
	memset(big, 'x', n);
	i = n;
	i += (size_t)sprintf(big + i, "\r\n-rw-r--r-- 1 u g 5 Jan  1  2020 after\r\n");
	check_chunkings("R42 1 MB line", big, i, L, &l);
	is_int(l.n, 2, "R42: 1 MB line gives one raw entry, then the next");
	ok(l.n == 2 && l.entries[0].type == FTP_ENT_RAW &&
	    l.entries[0].namelen == LIM_LIST_LINE, "R42: cut at LIM_LIST_LINE");
	ok(l.n == 2 && strcmp(l.entries[1].name, "after") == 0,
	    "R42: the following line is parsed");
	ok(listing_bytes(&l) < 200 * 1024, "R42: memory bounded (%zu bytes)",
	    listing_bytes(&l));
	ftp_listing_free(&l);
	/* Exactly LIM_LIST_LINE fits; one more byte is cut. */
	memset(big, 'y', LIM_LIST_LINE + 2);
	memcpy(big + LIM_LIST_LINE, "\r\n", 2);
	check_chunkings("line of LIM_LIST_LINE", big, LIM_LIST_LINE + 2, N, &l);
	ok(l.n == 1 && l.entries[0].type == FTP_ENT_FILE &&
	    l.entries[0].namelen == LIM_LIST_LINE, "line of LIM_LIST_LINE kept");
	ftp_listing_free(&l);
	big[LIM_LIST_LINE] = 'y';
	memcpy(big + LIM_LIST_LINE + 1, "\r\n", 2);
	check_chunkings("line of LIM_LIST_LINE + 1", big, LIM_LIST_LINE + 3, N,
	    &l);
	ok(l.n == 1 && l.entries[0].type == FTP_ENT_RAW &&
	    l.entries[0].namelen == LIM_LIST_LINE, "one byte more: cut, raw");
	ftp_listing_free(&l);
	free(big);

	/* R45: a 5,000-character name. */
	big = xmalloc(6000);
	i = (size_t)sprintf(big, "-rw-r--r-- 1 u g 5 Jan  1  2020 ");
	memset(big + i, 'n', 5000);
	i += 5000;
	memcpy(big + i, "\r\n", 2);
	check_chunkings("R45 5,000-char name", big, i + 2, L, &l);
	ok(l.n == 1 && l.entries[0].type == FTP_ENT_FILE &&
	    l.entries[0].namelen == 5000 &&
	    strlen(l.entries[0].name) == 5000, "R45: 5,000-char name parsed");
	ftp_listing_free(&l);
	free(big);

	/* R42: random bytes: every chunking agrees, nothing unbounded. */
	n = 256 * 1024;
	big = xmalloc(n);
	for (i = 0; i < n; i++)
		big[i] = rnd() % 8 == 0 ? "\n\r -d:;\t"[rnd() % 8] :
		    (char)rnd();
	check_chunkings("R42 random bytes LIST", big, n, L, &l);
	for (i = 0, maxname = 0; i < l.n; i++)
		if (l.entries[i].namelen > maxname)
			maxname = l.entries[i].namelen;
	ok(maxname <= LIM_LIST_LINE, "R42: random entries bounded (%zu)",
	    maxname);
	ftp_listing_free(&l);
	check_chunkings("R42 random bytes MLSD", big, n, M, &l);
	ftp_listing_free(&l);
	check_chunkings("R42 random bytes NLST", big, n, N, &l);
	ftp_listing_free(&l);
	free(big);

	/* LIM_LIST_BYTES: a stream too large is an error, memory bounded. */
	n = 1 << 20;
	big = xmalloc(n);
	memset(big, 'z', n);
	p = ftp_list_new(L, NOW);
	for (i = 0, rc = 0; i <= LIM_LIST_BYTES / n && rc == 0; i++)
		rc = ftp_list_feed(p, big, n);
	is_int(rc, -1, "more than LIM_LIST_BYTES is an error");
	is_str(ftp_list_error(p), "listing too large", "listing too large");
	ok(listing_bytes(&p->out) < 200 * 1024,
	    "memory bounded while 256 MiB streamed (%zu)",
	    listing_bytes(&p->out));
	is_int(ftp_list_feed(p, "a\n", 2), -1, "the parser stays failed");
	is_int(ftp_list_finish(p, &l), -1, "and finish fails");
	ftp_list_free(p);
	free(big);

	/* 100,000 entries: memory and time. */
	buf_init(&b, 64 << 20);
	for (i = 0; i < 100000; i++)
		buf_printf(&b, "-rw-r--r--    1 1000     1000     %9zu Nov %2zu "
		    "12:%02zu file-%06zu.tar.gz\r\n", i * 7919, 1 + i % 28,
		    i % 60, i);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	p = ftp_list_new(L, NOW);
	rc = ftp_list_feed(p, buf_data(&b), buf_len(&b));
	rc |= ftp_list_finish(p, &l);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
	ok(rc == 0 && l.n == 100000, "R45: 100,000 entries parsed");
	ok(l.n == 100000 && l.entries[99999].size == 99999ULL * 7919 &&
	    strcmp(l.entries[99999].name, "file-099999.tar.gz") == 0,
	    "R45: the last entry is right");
	ok(listing_bytes(&l) < 30 * 1024 * 1024,
	    "R45: 100,000 entries in %.1f MiB (< 30 MiB)",
	    (double)listing_bytes(&l) / (1024 * 1024));
	tap_diag("100,000 lines (%.1f MiB) parsed in %.1f ms; %zu bytes held",
	    (double)buf_len(&b) / (1024 * 1024), ms, listing_bytes(&l));
	ftp_listing_free(&l);
	ftp_list_free(p);
	buf_free(&b);

	/* R45: 200,000 entries (NLST), memory bounded. */
	buf_init(&b, 64 << 20);
	for (i = 0; i < 200000; i++)
		buf_printf(&b, "file-%06zu\r\n", i);
	p = ftp_list_new(N, NOW);
	rc = ftp_list_feed(p, buf_data(&b), buf_len(&b));
	rc |= ftp_list_finish(p, &l);
	ok(rc == 0 && l.n == 200000 &&
	    strcmp(l.entries[199999].name, "file-199999") == 0,
	    "R45: 200,000 entries");
	ok(listing_bytes(&l) < 16 * 1024 * 1024,
	    "R45: 200,000 entries in %.1f MiB",
	    (double)listing_bytes(&l) / (1024 * 1024));
	ftp_listing_free(&l);
	ftp_list_free(p);
	buf_free(&b);

	ftp_list_free(NULL);
	return done_testing();
}
