/*
 * lpart.c: the .part rules the transfer queue needs beside lf_part
 * (declared in lfile.h): making a user's short file the .part of its own
 * download (a resume), giving it its name back, dropping an empty .part.
 * The checks are lf_part_open's own: only a regular file of ours with one
 * link is ever resumed into, and nothing is renamed over anything.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/log.h"
#include "local/lfile.h"

/* Make name in dirfd the .part of its own download (see lfile.h). */
int
lf_part_adopt(int dirfd, const char *name, char *err, size_t errlen)
{
	char part[NAME_MAX + 8];
	struct stat st;

	if (lf_part_name(name, part, sizeof part) == -1 ||
	    fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == -1) {
		snprintf(err, errlen, _("cannot resume %s: %s"), name,
		    strerror(errno));
		return -1;
	}
	if (lf_resumable(&st, name, dirfd, err, errlen) == -1)
		return -1;
	if (lf_rename_noreplace(dirfd, name, part) == -1) {
		snprintf(err, errlen, _("cannot rename %s to %s to resume it: "
		    "%s"), name, part, strerror(errno));
		return -1;
	}
	return 0;
}

/* Give an adopted file its name back, never replacing anything. */
void
lf_part_give_back(int dirfd, const char *name)
{
	char part[NAME_MAX + 8];

	if (lf_part_name(name, part, sizeof part) == 0 &&
	    lf_rename_noreplace(dirfd, part, name) == -1)
		log_warn("cannot rename %s back to %s: %s", part, name,
		    strerror(errno));
}

/* Remove the .part of name if it is an empty regular file of ours. */
void
lf_part_drop_empty(int dirfd, const char *name)
{
	char part[NAME_MAX + 8];
	struct stat st;

	if (lf_part_name(name, part, sizeof part) == 0 &&
	    fstatat(dirfd, part, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	    S_ISREG(st.st_mode) && st.st_size == 0 &&
	    st.st_uid == geteuid())
		(void)unlinkat(dirfd, part, 0);
}
