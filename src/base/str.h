/*
 * str.h: small string helpers.
 */
#ifndef JANGADA_BASE_STR_H
#define JANGADA_BASE_STR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

size_t	 str_lcpy(char *, const char *, size_t);
size_t	 str_lcat(char *, const char *, size_t);
bool	 str_has_prefix(const char *, const char *);
bool	 str_has_suffix(const char *, const char *);
bool	 str_has_prefix_ci(const char *, const char *);
bool	 str_has_crlfnul(const char *, size_t);
void	 str_rtrim(char *);
int	 str_to_u64(const char *, uint64_t *);
int	 str_to_port(const char *, unsigned *);
char	*str_human_size(char *, size_t, uint64_t);
const char *str_name_in(const char *const *, size_t, size_t);

/* The name of the value i in the table names ("?": none). */
#define STR_NAME_IN(names, i) \
	str_name_in((names), sizeof (names) / sizeof (names)[0], (size_t)(i))

#endif
