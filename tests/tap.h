/*
 * tap.h: a tiny TAP producer for the C unit tests.
 *
 * Each unit test is one program that #includes the .c file of the module it
 * tests (so it reaches the module's static functions) and this header, then
 * prints "ok N - name" / "not ok N - name" lines and a plan at the end.
 * automake's tap-driver.sh reads them.
 */
#ifndef JANGADA_TAP_H
#define JANGADA_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_count;
static int tap_failed;

static int	tap_ok(int, const char *, int, const char *, ...)
		    __attribute__((format(printf, 4, 5), unused));
static void	tap_diag(const char *, ...)
		    __attribute__((format(printf, 1, 2), unused));

static int
tap_ok(int cond, const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	tap_count++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - ", cond ? "" : "not ", tap_count);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (!cond)
		printf("#   failed at %s:%d\n", file, line);
	fflush(stdout);
	return cond;
}

#define ok(cond, ...) tap_ok(!!(cond), __FILE__, __LINE__, __VA_ARGS__)

#define is_int(got, want, ...) do {					\
	long long tap_g_ = (long long)(got), tap_w_ = (long long)(want); \
	if (!ok(tap_g_ == tap_w_, __VA_ARGS__))				\
		printf("#   got %lld, want %lld\n", tap_g_, tap_w_);	\
} while (0)

#define is_str(got, want, ...) do {					\
	const char *tap_g_ = (got), *tap_w_ = (want);			\
	int tap_c_ = (tap_g_ == NULL || tap_w_ == NULL) ?		\
	    tap_g_ == tap_w_ : strcmp(tap_g_, tap_w_) == 0;		\
	if (!ok(tap_c_, __VA_ARGS__))					\
		printf("#   got \"%s\", want \"%s\"\n",			\
		    tap_g_ ? tap_g_ : "(null)", tap_w_ ? tap_w_ : "(null)"); \
} while (0)

#define is_mem(got, glen, want, wlen, ...) do {				\
	size_t tap_gl_ = (glen), tap_wl_ = (wlen);			\
	if (!ok(tap_gl_ == tap_wl_ &&					\
	    memcmp((got), (want), tap_wl_) == 0, __VA_ARGS__))		\
		printf("#   lengths %zu and %zu\n", tap_gl_, tap_wl_);	\
} while (0)

static void
tap_diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

/* Print the plan; the exit status says whether all passed. */
static inline int
done_testing(void)
{
	printf("1..%d\n", tap_count);
	return tap_failed ? 1 : 0;
}

#endif
