/*
 * job_type.c: text or binary: the type (TYPE A or I) a file moves in,
 * from the job's options and, for "auto", from its name.
 *
 * Calls nothing else of the queue.
 */
#include "config.h"

#include <ctype.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>

#include "xfer/xq_priv.h"

/* Does s end with suffix, ASCII case folded? */
static bool
suffix_ci(const char *s, size_t n, const char *suffix)
{
	size_t m = strlen(suffix);

	return n >= m && strncasecmp(s + n - m, suffix, m) == 0;
}

/* Is name (a file name or path) a text file by its name? */
bool
xq_type_for_name(const char *name)
{
	static const char *suffixes[] = {
		".txt", ".text", ".c", ".h", ".cc", ".cpp", ".hh", ".hpp",
		".md", ".html", ".htm", ".css", ".csv", ".tsv", ".xml",
		".json", ".sh", ".py", ".pl", ".pm", ".rb", ".tcl", ".el",
		".lisp", ".scm", ".js", ".java", ".tex", ".bib", ".diff",
		".patch", ".lsm", ".asc", ".ini", ".cfg", ".conf", ".log",
		".s", ".S", ".y", ".l", ".awk", ".sed", ".m4", ".am", ".in",
		".ac", ".mk", ".po", ".pot", ".sgml", ".texi", ".rst", ".man",
		".nfo", ".diz", ".bat", ".cmd"
	};
	static const char *names[] = {
		"readme", "install", "copying", "changelog", "changes",
		"news", "makefile", "gnumakefile", "authors", "thanks",
		"todo", "license", "licence", "index", "00index.txt",
		".message", "md5sums", "sha1sums", "sha256sums", "sha512sums",
		"manifest", "faq", "bugs", "hacking", "copyright",
		"configure", "ls-lr"
	};
	const char *slash = strrchr(name, '/');
	const char *base = slash != NULL ? slash + 1 : name;
	size_t n = strlen(base), i;

	if (n == 0)
		return false;
	for (i = 0; i < sizeof names / sizeof names[0]; i++)
		if (strcasecmp(base, names[i]) == 0)
			return true;
	if (strncasecmp(base, "readme", 6) == 0 && !suffix_ci(base, n, ".gz") &&
	    !suffix_ci(base, n, ".bz2") && !suffix_ci(base, n, ".xz") &&
	    !suffix_ci(base, n, ".zip") && !suffix_ci(base, n, ".pdf"))
		return true;
	/*
	 * Man pages: name.1 to name.9 (and name.3p, name.1x ...), but not
	 * a version number (linux-2.6.1).
	 */
	if (n >= 3 && base[n - 2] == '.' && base[n - 1] >= '1' &&
	    base[n - 1] <= '9' && !isdigit((unsigned char)base[n - 3]))
		return true;
	if (n >= 4 && base[n - 3] == '.' && base[n - 2] >= '1' &&
	    base[n - 2] <= '9' && base[n - 1] >= 'a' && base[n - 1] <= 'z' &&
	    !isdigit((unsigned char)base[n - 4]))
		return true;
	for (i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
		if (suffix_ci(base, n, suffixes[i]) && n > strlen(suffixes[i]))
			return true;
	return false;
}

/* FTP_TYPE_A or _I for a file name under opts. */
enum ftp_type
job_type_for(const struct xq_opts *opts, const char *name)
{
	switch (opts->type) {
	case XQ_TYPE_ASCII:
		return FTP_TYPE_A;
	case XQ_TYPE_AUTO:
		return xq_type_for_name(name) ? FTP_TYPE_A : FTP_TYPE_I;
	default:
		return FTP_TYPE_I;
	}
}
