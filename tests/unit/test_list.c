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
#include "../../src/ftp/list_vms.c"
#include "../../src/ftp/list_as400.c"
#include "../../src/ftp/list_mvs.c"
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
	/* R41 IIS: 4-digit years, 24 hours, and the Unix style (no <DIR>). */
	{ "R41 IIS ISO date 24h dir", "2023-05-01  14:22  <DIR>  name",
	    L, 1, DIR_, "name", NULL, NOSIZE, "2023-05-01 14:22:00", 1, NOMODE },
	{ "R41 IIS 2-digit year PM file", "05-01-23  02:22PM  1234 name",
	    L, 1, FILE_, "name", NULL, 1234, "2023-05-01 14:22:00", 1, NOMODE },
	{ "R41 IIS 4-digit year PM dir", "05-01-2023  02:22PM       <DIR>          aspnet_client",
	    L, 1, DIR_, "aspnet_client", NULL, NOSIZE, "2023-05-01 14:22:00", 1, NOMODE },
	{ "R41 IIS ISO date 24h file with commas", "2023-05-01  14:22            1,234,567 relat\xf3rio 2023.xlsx",
	    L, 1, FILE_, "relat\xf3rio 2023.xlsx", NULL, 1234567, "2023-05-01 14:22:00", 1, NOMODE },
	{ "R41 IIS Unix style dir", "d---------   1 owner    group               0 Jun 27 13:19 aspnet_client",
	    L, 1, DIR_, "aspnet_client", NULL, 0, "2026-06-27 13:19:00", 1, 0 },
	{ "R41 IIS Unix style file", "-r-xr-xr-x   1 owner    group            1006 Dec 11  2019 iisstart.htm",
	    L, 1, FILE_, "iisstart.htm", NULL, 1006, "2019-12-11 00:00:00", 0, 0555 },
	/* R41 NetWare: all rights, a year date, padding before the name. */
	{ "R41 NetWare all rights", "d [RWCEAFMS] owner 512 Jul 24 10:06 name",
	    L, 1, DIR_, "name", NULL, 512, "2026-07-24 10:06:00", 1, NOMODE },
	{ "R41 NetWare year date", "- [RWCEAFMS] jstaff                     12345 Apr 14  2003    report.txt",
	    L, 1, FILE_, "report.txt", NULL, 12345, "2003-04-14 00:00:00", 0, NOMODE },
	{ "R41 NetWare name with spaces", "d [-WCE-F--] admin           512       Jan 16 18:53    two  spaces ",
	    L, 1, DIR_, "two  spaces ", NULL, 512, "2026-01-16 18:53:00", 1, NOMODE },
	/* R41 VMS (MultiNet, TCPware, UCX): blocks are no size. */
	{ "R41 VMS file", "CII-MANUAL.TEX;1  213/216  29-JAN-1996 03:33:12  [ANONYMOU,ANONYMOUS]   (RWED,RWED,,)",
	    L, 1, FILE_, "CII-MANUAL.TEX;1", NULL, NOSIZE, "1996-01-29 03:33:12", 1, NOMODE },
	{ "R41 VMS file as in the issue", "NAME.EXT;1  5/6  23-NOV-2020 10:00:00 [GROUP,OWNER] (RWED,RWED,RE,)",
	    L, 1, FILE_, "NAME.EXT;1", NULL, NOSIZE, "2020-11-23 10:00:00", 1, NOMODE },
	{ "R41 VMS dir: .DIR;1 dropped", "36-vms-dir.DIR;1  1 19-NOV-2001 21:41 [root,root] (RWE,RWE,RE,RE)",
	    L, 1, DIR_, "36-vms-dir", NULL, NOSIZE, "2001-11-19 21:41:00", 1, NOMODE },
	{ "R41 VMS dir in lower case", "sub.dir;1  1/3  19-NOV-2001 21:41 [a,b] (RWE,RWE,RE,RE)",
	    L, 1, DIR_, "sub", NULL, NOSIZE, "2001-11-19 21:41:00", 1, NOMODE },
	{ "R41 VMS hundredths, no owner", "37-vms-file;1       155   2-JUL-2003 10:30:13.64",
	    L, 1, FILE_, "37-vms-file;1", NULL, NOSIZE, "2003-07-02 10:30:13", 1, NOMODE },
	{ "R41 VMS no time", "38-vms-notime-file;1    2/8    7-JAN-2000    [IV2_XXX]   (RWED,RWED,RE,)",
	    L, 1, FILE_, "38-vms-notime-file;1", NULL, NOSIZE, "2000-01-07 00:00:00", 0, NOMODE },
	{ "R41 VMS bare owner", "BACKUP.SAV;12    6/8    15-JUL-2002    PRONAS   (RWED,RWED,RE,)",
	    L, 1, FILE_, "BACKUP.SAV;12", NULL, NOSIZE, "2002-07-15 00:00:00", 0, NOMODE },
	{ "R41 VMS owner before size", "42-vms-alternate-field-order-file;1   [SUMMARY]    1/3     2-AUG-2006 13:05  (RWE,RWE,RE,)",
	    L, 1, FILE_, "42-vms-alternate-field-order-file;1", NULL, NOSIZE, "2006-08-02 13:05:00", 1, NOMODE },
	{ "R41 VMS date before size", "43-vms-alternate-field-order-file;1       17-JUN-1994 17:25:37     6308/13     (RWED,RWED,R,)",
	    L, 1, FILE_, "43-vms-alternate-field-order-file;1", NULL, NOSIZE, "1994-06-17 17:25:37", 1, NOMODE },
	{ "R41 VMS size in KB", "56-VMS-complex-size;1 2KB 23-SEP-2005 14:57:07.27",
	    L, 1, FILE_, "56-VMS-complex-size;1", NULL, NOSIZE, "2005-09-23 14:57:07", 1, NOMODE },
	{ "R41 VMS 2-digit year 99", "LOGIN.COM;3   2/3  5-MAR-99 08:15 [USER] (RWED,RWED,RE,)",
	    L, 1, FILE_, "LOGIN.COM;3", NULL, NOSIZE, "1999-03-05 08:15:00", 1, NOMODE },
	{ "R41 VMS 2-digit year 05", "A.TXT;32767   1/3  5-MAR-05 [USER] (RWED,RWED,RE,)",
	    L, 1, FILE_, "A.TXT;32767", NULL, NOSIZE, "2005-03-05 00:00:00", 0, NOMODE },
	{ "R41 VMS header skipped", "Directory DISK$USER:[ANONYMOUS.PUB]",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS trailer skipped", "Total of 3 files, 217/225 blocks.",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS grand total skipped", "Grand total of 1 directory, 3 files, 217/225 blocks.",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS error line: raw", "SECRET.DAT;1  %RMS-E-PRV, insufficient privilege or file protection violation",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS numeric date: raw", "A.TXT;1  1/3  1-2-2000 10:00 [U] (R,R,R,R)",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS two ';': raw", "a;b;1  1/3  19-NOV-2001 [U] (R,R,R,R)",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS no date: raw", "A.TXT;1  1/3  [U] (R,R,R,R)",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 VMS name alone: raw as a line", "LONG_FILE_NAME.TXT;1",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	/* R41 AS/400 (IBM i): sizes in bytes, a trailing '/' is a directory. */
	{ "R41 AS/400 dir", "QSYS            77824 02/23/00 15:09:55 *DIR       QOPENSYS/",
	    L, 1, DIR_, "QOPENSYS", NULL, 77824, "2000-02-23 15:09:55", 1, NOMODE },
	{ "R41 AS/400 dir with a space", "QSYS            77824 02/23/00 15:09:55 *DIR 44-ibm-as400 dir/",
	    L, 1, DIR_, "44-ibm-as400 dir", NULL, 77824, "2000-02-23 15:09:55", 1, NOMODE },
	{ "R41 AS/400 file D/M/Y", "QSYS            77824 23/02/00 15:09:55 *FILE 45-ibm-as400-date file",
	    L, 1, FILE_, "45-ibm-as400-date file", NULL, 77824, "2000-02-23 15:09:55", 1, NOMODE },
	{ "R41 AS/400 file D.M.Y", "QPGMR           36864 18.09.06 14:21:26 *FILE      55-AS400.FILE",
	    L, 1, FILE_, "55-AS400.FILE", NULL, 36864, "2006-09-18 14:21:26", 1, NOMODE },
	{ "R41 AS/400 file with members, no time", "QPGMR 36864 20/05/98 *FILE DIR.FILE/",
	    L, 1, DIR_, "DIR.FILE", NULL, 36864, "1998-05-20 00:00:00", 0, NOMODE },
	{ "R41 AS/400 member", "QSYS                                    *MEM       QGPL/QSYSPRT.FILE/QSYSPRT.MBR",
	    L, 1, FILE_, "QGPL/QSYSPRT.FILE/QSYSPRT.MBR", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "R41 AS/400 stream file", "JANGADA         1234 11/21/26 09:21:12 *STMF      relat\xc3\xb3rio.txt",
	    L, 1, FILE_, "relat\xc3\xb3rio.txt", NULL, 1234, "2026-11-21 09:21:12", 1, NOMODE },
	{ "R41 AS/400 folder", "QDOC            24576 11/21/97 09:21:12 *FLR       QDLS",
	    L, 1, DIR_, "QDLS", NULL, 24576, "1997-11-21 09:21:12", 1, NOMODE },
	{ "R41 AS/400 lower-case type: raw", "QSYS  5 02/23/00 15:09:55 *dir x",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 AS/400 no name: raw", "QSYS  5 02/23/00 15:09:55 *DIR",
	    L, -1, 0, NULL, NULL, 0, NULL, 0, 0 },
	/* R41 z/OS data sets: PO is a directory; tracks are no size. */
	{ "R41 MVS header skipped", "Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 MVS PS data set", "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  60-MVS.FILE",
	    L, 1, FILE_, "60-MVS.FILE", NULL, NOSIZE, "2003-05-21 00:00:00", 0, NOMODE },
	{ "R41 MVS PO data set is a dir", "WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  61-MVS.DATASET",
	    L, 1, DIR_, "61-MVS.DATASET", NULL, NOSIZE, "2004-03-04 00:00:00", 0, NOMODE },
	{ "R41 MVS never referred", "NRP004 3390   **NONE**    1   15  NONE     0     0  PO  62-MVS-NONEDATE.DATASET",
	    L, 1, DIR_, "62-MVS-NONEDATE.DATASET", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "R41 MVS Ext and Used run together", "TSO005 3390   2005/06/06 213000 U 0 27998 PO 63-MVS.DATASET",
	    L, 1, DIR_, "63-MVS.DATASET", NULL, NOSIZE, "2005-06-06 00:00:00", 0, NOMODE },
	{ "R41 MVS PO-E", "WYOSPT 3420   2003/05/21  1 3 U 6447    6447  PO-E 81-MVS.DIR",
	    L, 1, DIR_, "81-MVS.DIR", NULL, NOSIZE, "2003-05-21 00:00:00", 0, NOMODE },
	{ "R41 MVS Used ++++", "GISBWI 3390   2011/08/25  2 ++++  FB     904 18080  PS  80-MVS.FILE",
	    L, 1, FILE_, "80-MVS.FILE", NULL, NOSIZE, "2011-08-25 00:00:00", 0, NOMODE },
	{ "R41 MVS VSAM", "TSO004 3390   VSAM 64-mvs-file",
	    L, 1, FILE_, "64-mvs-file", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "R41 MVS tape", "V43525 Tape                                             73-MSV-TAPE.FILE",
	    L, 1, FILE_, "73-MSV-TAPE.FILE", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "R41 MVS migrated", "Migrated\t\t\t\t69-SOME.FILE",
	    L, 1, FILE_, "69-SOME.FILE", NULL, NOSIZE, NULL, 0, NOMODE },
	{ "R41 MVS three words: raw", "ABC 1234 name", L, -1, 0, NULL, NULL, 0,
	    NULL, 0, 0 },
	/* R41 z/OS PDS members: Size counts records; load modules in hex bytes. */
	{ "R41 MVS member header skipped", " Name     VV.MM   Created       Changed      Size  Init   Mod   Id",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 MVS member", "MEMBER1   01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12",
	    L, 1, FILE_, "MEMBER1", NULL, NOSIZE, "2004-06-22 16:32:00", 1, NOMODE },
	{ "R41 MVS member with seconds", "JCLLIB    01.03 2019/01/07 2023/05/01 14:22:05    14    12    2 IBMUSER",
	    L, 1, FILE_, "JCLLIB", NULL, NOSIZE, "2023-05-01 14:22:05", 1, NOMODE },
	{ "R41 MVS load module header skipped", " Name      Size   TTR   Alias-of AC --------- Attributes --------- Amode Rmode",
	    L, 0, 0, NULL, NULL, 0, NULL, 0, 0 },
	{ "R41 MVS load module", "67-MVSPDSMEMBER2 00B308 000411  00 FO                31    ANY",
	    L, 1, FILE_, "67-MVSPDSMEMBER2", NULL, 45832, NULL, 0, NOMODE },
	{ "R41 MVS load module, attributes", "IEFBR14   000008 00000F          00 FO             RN RU            24    24",
	    L, 1, FILE_, "IEFBR14", NULL, 8, NULL, 0, NOMODE },
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

static const char odd_line[] =
    " 1123      A    07-14-99   12:37  25-os2 file";

static const char mixed_list[] =
    "total 12\n"
    "drwxr-xr-x   3 root root 4096 Nov 21 12:21 .\n"
    "drwxr-xr-x   3 root root 4096 Nov 21 12:21 ..\n"
    "04-27-00  09:09PM       <DIR>          licensed\n"
    "\n"
    "+i8388621.48594,m825718503,r,s280,\tdjb.html\n"
    "CII-MANUAL.TEX;1  213/216  29-JAN-1996 03:33:12  [ANONYMOU,ANONYMOUS]   (RWED,RWED,,)\n"
    " 1123      A    07-14-99   12:37  25-os2 file\n"
    "d [R----F--] supervisor            512       Jan 16 18:53    login\n"
    "QSYS            77824 02/23/00 15:09:55 *DIR       QOPENSYS/\n"
    "-rw-r--r-- 1 u g 5 Jan  1  2020 last without LF";

/*
 * R41 VMS (MultiNet style): a header, long names alone on their line with
 * the rest on the next, a name alone that nothing completes, the trailer.
 */
static const char vms_list[] =
    "\r\n"
    "Directory DISK$USER:[ANONYMOUS.PUB]\r\n"
    "\r\n"
    "40-VMS-MULTILINE-FILE-WITH-A-LONG-NAME.TXT;1\r\n"
    "170774/170775     24-APR-2003 08:16:15  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)\r\n"
    "41-vms-multiline-file;1\r\n"
    "               10     2-JUL-2003 10:30:08.59  [FTP_CLIENT,SCOT]      (RWED,RWED,RE,)\r\n"
    "AAA.DIR;1            1/3      23-NOV-2020 10:00:00  [GROUP,OWNER]  (RWE,RWE,RE,RE)\r\n"
    "A_VERY_LONG_DIRECTORY_NAME_INDEED.DIR;1\r\n"
    "      1/3      23-NOV-2020 10:00:00  [GROUP,OWNER]  (RWE,RWE,RE,RE)\r\n"
    "LONE.TXT;1\r\n"
    "not the rest of it\r\n"
    "TWICE.TXT;1\r\n"
    "THEN.TXT;2\r\n"
    "          4/6      23-NOV-2020 10:00:00  [GROUP,OWNER]  (RWED,RWED,RE,)\r\n"
    "LAST.TXT;2\r\n"
    "\r\n"
    "Total of 8 files, 170789/170795 blocks.\r\n"
    "END.TXT;1\r\n";

/* R41 z/OS: the data sets of a qualifier, then the members of a PDS. */
static const char mvs_list[] =
    "Volume Unit    Referred Ext Used Recfm Lrecl BlkSz Dsorg Dsname\r\n"
    "WYOSPT 3420   2003/05/21  1  200  FB      80  8053  PS  USER.FILE\r\n"
    "WPTA01 3290   2004/03/04  1    3  FB      80  3125  PO  USER.PDS\r\n"
    "NRP004 3390   **NONE**    1   15  NONE     0     0  PO  USER.NONEDATE\r\n"
    "TSO004 3390   VSAM USER.CLUSTER\r\n"
    "Migrated                                                USER.OLD\r\n";
static const char pds_list[] =
    " Name     VV.MM   Created       Changed      Size  Init   Mod   Id\r\n"
    "MEMBER1   01.01 2004/06/22 2004/06/22 16:32   128   128    0 BOBY12\r\n"
    "NOSTATS\r\n"
    "JCLLIB    01.03 2019/01/07 2023/05/01 14:22:05    14    12    2 IBMUSER\r\n";

/* R41 AS/400: an IFS directory and QSYS.LIB objects. */
static const char as400_list[] =
    "QSYS            77824 02/23/00 15:09:55 *DIR       QOPENSYS/\r\n"
    "QPGMR           36864 18.09.06 14:21:26 *FILE      55-AS400.FILE\r\n"
    "QPGMR           36864 20/05/98          *FILE      DIR.FILE/\r\n"
    "QSYS                                    *MEM       DIR.FILE/DIR.MBR\r\n";

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
	e = find(&l, "two  spaces");
	ok(e != NULL && ftp_entry_owner(e) != NULL &&
	    strcmp(ftp_entry_owner(e), "root") == 0 &&
	    strcmp(e->name, "two  spaces") == 0,
	    "the owner column (set columns owner), the name unchanged");
	ftp_listing_free(&l);
	{
		static const char ml[] = "type=file;size=1;modify="
		    "20240102030405;unix.uid=1000;unix.mode=0644; f.txt\r\n"
		    "type=dir;unix.owner=alice;unix.uid=7; d\r\n"
		    "type=file;size=2; none\r\n";

		check_chunkings("MLSD owners", ml, sizeof ml - 1, M, &l);
		e = find(&l, "f.txt");
		ok(e != NULL && e->mtime_has_sec && ftp_entry_owner(e) &&
		    strcmp(ftp_entry_owner(e), "1000") == 0,
		    "MLSD: unix.uid as the owner, seconds known");
		e = find(&l, "d");
		ok(e != NULL && ftp_entry_owner(e) &&
		    strcmp(ftp_entry_owner(e), "alice") == 0,
		    "MLSD: unix.owner before unix.uid");
		e = find(&l, "none");
		ok(e != NULL && ftp_entry_owner(e) == NULL,
		    "MLSD: no owner fact, no owner");
		ftp_listing_free(&l);
	}

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
	is_int(l.n, 7, "R41 mixed: total, ., .. and blank skipped");
	ok(find(&l, "licensed") && find(&l, "djb.html") && find(&l, "login") &&
	    find(&l, "CII-MANUAL.TEX;1") && find(&l, "QOPENSYS") &&
	    find(&l, "last without LF"),
	    "R41 mixed: DOS, EPLF, VMS, NetWare, AS/400, Unix");
	is_int(l.n > 3 ? (int)l.entries[3].type : -1, FTP_ENT_RAW,
	    "R41 mixed: the OS/2 line kept raw");
	ok(l.n > 3 && l.entries[3].namelen == sizeof odd_line - 1 &&
	    memcmp(l.entries[3].name, odd_line, sizeof odd_line - 1) == 0,
	    "R41 mixed: the raw entry is the whole line");
	ftp_listing_free(&l);

	check_chunkings("R41 VMS multi-line", vms_list, sizeof vms_list - 1, L,
	    &l);
	is_int(l.n, 10, "R41 VMS: header, blanks and trailer skipped, 10 entries");
	e = find(&l, "40-VMS-MULTILINE-FILE-WITH-A-LONG-NAME.TXT;1");
	ok(e != NULL && e->type == FTP_ENT_FILE && !e->has_size &&
	    e->has_mtime && e->mtime == 1051172175,
	    "R41 VMS: a long name joined to the next line");
	e = find(&l, "41-vms-multiline-file;1");
	ok(e != NULL && e->type == FTP_ENT_FILE && e->mtime == 1057141808,
	    "R41 VMS: the next line may start with blanks");
	e = find(&l, "A_VERY_LONG_DIRECTORY_NAME_INDEED");
	ok(e != NULL && e->type == FTP_ENT_DIR,
	    "R41 VMS: a long directory name joined, .DIR;1 dropped");
	e = find(&l, "AAA");
	ok(e != NULL && e->type == FTP_ENT_DIR, "R41 VMS: a one-line directory");
	ok(l.n == 10 && l.entries[4].type == FTP_ENT_RAW &&
	    strcmp(l.entries[4].name, "LONE.TXT;1") == 0 &&
	    l.entries[5].type == FTP_ENT_RAW &&
	    strcmp(l.entries[5].name, "not the rest of it") == 0,
	    "R41 VMS: a name nothing completes stays raw, and so does the line");
	ok(l.n == 10 && l.entries[6].type == FTP_ENT_RAW &&
	    strcmp(l.entries[6].name, "TWICE.TXT;1") == 0 &&
	    l.entries[7].type == FTP_ENT_FILE &&
	    strcmp(l.entries[7].name, "THEN.TXT;2") == 0,
	    "R41 VMS: two names in a row: the first raw, the second joined");
	e = find(&l, "LAST.TXT;2");
	ok(e != NULL && e->type == FTP_ENT_RAW,
	    "R41 VMS: a name before a blank line stays raw");
	e = find(&l, "END.TXT;1");
	ok(e != NULL && e->type == FTP_ENT_RAW && l.entries[l.n - 1].name ==
	    e->name, "R41 VMS: a name on the last line stays raw, last");
	ftp_listing_free(&l);

	check_chunkings("R41 z/OS data sets", mvs_list, sizeof mvs_list - 1, L,
	    &l);
	is_int(l.n, 5, "R41 z/OS: header skipped, 5 data sets");
	e = find(&l, "USER.PDS");
	ok(e != NULL && e->type == FTP_ENT_DIR, "R41 z/OS: a PDS is a directory");
	e = find(&l, "USER.OLD");
	ok(e != NULL && e->type == FTP_ENT_FILE && !e->has_mtime,
	    "R41 z/OS: a migrated data set");
	ftp_listing_free(&l);
	check_chunkings("R41 z/OS members", pds_list, sizeof pds_list - 1, L,
	    &l);
	ok(l.n == 3 && l.entries[0].type == FTP_ENT_FILE &&
	    l.entries[1].type == FTP_ENT_RAW &&
	    strcmp(l.entries[1].name, "NOSTATS") == 0 &&
	    strcmp(l.entries[2].name, "JCLLIB") == 0,
	    "R41 z/OS: members; one without statistics is its raw name");
	ftp_listing_free(&l);

	check_chunkings("R41 AS/400", as400_list, sizeof as400_list - 1, L, &l);
	ok(l.n == 4 && l.entries[0].type == FTP_ENT_DIR &&
	    l.entries[1].type == FTP_ENT_FILE &&
	    l.entries[2].type == FTP_ENT_DIR &&
	    strcmp(l.entries[2].name, "DIR.FILE") == 0 &&
	    l.entries[3].type == FTP_ENT_FILE &&
	    strcmp(l.entries[3].name, "DIR.FILE/DIR.MBR") == 0,
	    "R41 AS/400: directories, files and members");
	ftp_listing_free(&l);

	/* R41 VMS: a name alone is never joined in NLST or MLSD. */
	check_chunkings("R41 VMS NLST", "A.TXT;1\r\nB.TXT;1\r\n", 18, N, &l);
	ok(l.n == 2 && strcmp(l.entries[0].name, "A.TXT;1") == 0 &&
	    strcmp(l.entries[1].name, "B.TXT;1") == 0,
	    "R41 VMS: NLST names with versions are names");
	ftp_listing_free(&l);
	/* A long name and a line that would join past LIM_LIST_LINE. */
	big = xmalloc(LIM_LIST_LINE * 2 + 100);
	memset(big, 'V', LIM_LIST_LINE - 10);
	i = LIM_LIST_LINE - 10;
	i += (size_t)sprintf(big + i, ";1\r\n 1/3 23-NOV-2020 10:00:00 [A,B] "
	    "(RWED,RWED,RE,)\r\n");
	check_chunkings("R41 VMS join too long", big, i, L, &l);
	ok(l.n == 2 && l.entries[0].type == FTP_ENT_RAW &&
	    l.entries[1].type == FTP_ENT_RAW,
	    "R41 VMS: a join longer than a line is not made; both raw");
	ftp_listing_free(&l);
	free(big);

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

	/* A listing of ls's error lines (BSD ftpd's LIST -a /dir with spaces). */
	p = ftp_list_new(L, NOW);
	ftp_list_feed(p, "/pub/docs/Guia: No such file or directory\r\n"
	    "do: No such file or directory\r\n"
	    "-rw-r--r-- 1 u g 5 Jan  1  2020 No such file or directory\r\n",
	    133);
	rc = ftp_list_finish(p, &l);
	ok(rc == 0 && l.n == 3 && ftp_entry_is_error(&l.entries[0]) &&
	    ftp_entry_is_error(&l.entries[1]) &&
	    !ftp_entry_is_error(&l.entries[2]),
	    "error lines are told from a file named like one");
	ftp_listing_free(&l);
	ftp_list_free(p);

	ftp_list_free(NULL);
	return done_testing();
}
