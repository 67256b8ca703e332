/*
 * count.h: counts with their nouns, in the user's language (count.c).
 */
#ifndef JANGADA_BASE_COUNT_H
#define JANGADA_BASE_COUNT_H

#include <stddef.h>
#include <stdint.h>

#define COUNT_LEN	64

char	*count_bytes(char *, size_t, uint64_t);
char	*count_files(char *, size_t, uint64_t);
char	*count_dirs(char *, size_t, uint64_t);

#endif
