/*
 * date.h: calendar arithmetic in UTC, the one home for it (proleptic
 * Gregorian, Howard Hinnant's days_from_civil and civil_from_days).
 * Listings, MDTM replies and `ls -l` lines all count days here; nothing
 * depends on the process's time zone.
 */
#ifndef JANGADA_BASE_DATE_H
#define JANGADA_BASE_DATE_H

#include <stdbool.h>
#include <stdint.h>

/* Days from 1970-01-01 to y-m-d (m 1..12, d 1..31; any day count adds up). */
int64_t	 date_days(int64_t y, unsigned m, unsigned d);
/* The date of a day count from 1970-01-01 (negative: before it). */
void	 date_civil(int64_t days, int64_t *y, unsigned *m, unsigned *d);
/* The day count and the seconds into that day of t (floor division). */
int64_t	 date_split(int64_t t, unsigned *secs);
/* Is y a leap year? Days in month m (1..12) of year y. */
bool	 date_leap(int64_t y);
unsigned date_mdays(int64_t y, unsigned m);

#endif
