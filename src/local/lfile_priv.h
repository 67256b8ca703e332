/*
 * lfile_priv.h: what lfile.c shares with lfile_part.c and nothing else
 * includes: opening one name under a directory fd, the directory's name
 * and the messages for a failed write or open, the umask, and the rename
 * that replaces nothing.
 */
#ifndef JANGADA_LOCAL_LFILE_PRIV_H
#define JANGADA_LOCAL_LFILE_PRIV_H

#include <sys/types.h>

#include <stdbool.h>
#include <stddef.h>

const char	*lf_dir_name(int dirfd, char *buf, size_t size);
int		 lf_openat(int dirfd, const char *name, int flags, mode_t mode);
mode_t		 lf_umask(void);
void		 lf_write_error(char *err, size_t errlen, int error,
    const char *file, int dirfd);
void		 lf_open_error(char *err, size_t errlen, int error,
    const char *file, int dirfd, bool create);
int		 lf_rename_noreplace(int dirfd, const char *from, const char *to);

#endif
