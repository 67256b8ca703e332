/* test_date: calendar arithmetic in UTC, against timegm and gmtime_r. */
#include <time.h>

#include "../../src/base/date.c"
#include "../tap.h"

int
main(void)
{
	static const int64_t probes[] = {
		0, -1, 86399, 86400, -86400, -86401, 951782400, 951868800,
		4107542400LL, 1700000000, -2208988800LL, 253402300799LL
	};
	int64_t t, days, y;
	unsigned m, d, secs, i, bad = 0;
	struct tm tm;
	time_t tt;

	is_int(date_days(1970, 1, 1), 0, "1970-01-01 is day 0");
	is_int(date_days(2000, 3, 1), 11017, "2000-03-01");
	is_int(date_days(1969, 12, 31), -1, "1969-12-31 is day -1");
	ok(date_leap(2000) && !date_leap(1900) && date_leap(2024) &&
	    !date_leap(2023), "leap years: 2000, 2024, not 1900, 2023");
	is_int(date_mdays(2024, 2), 29, "February 2024 has 29 days");
	is_int(date_mdays(2100, 2), 28, "February 2100 has 28 days");
	days = date_split(-1, &secs);
	ok(days == -1 && secs == 86399, "one second before the epoch");
	date_civil(-1, &y, &m, &d);
	ok(y == 1969 && m == 12 && d == 31, "day -1 is 1969-12-31");
	/* Every probe, and every day of 1899..2101, as glibc counts them. */
	for (i = 0; i < sizeof probes / sizeof probes[0]; i++) {
		tt = (time_t)probes[i];
		gmtime_r(&tt, &tm);
		date_civil(date_split(probes[i], &secs), &y, &m, &d);
		if (y != tm.tm_year + 1900 || m != (unsigned)tm.tm_mon + 1 ||
		    d != (unsigned)tm.tm_mday ||
		    secs != (unsigned)(tm.tm_hour * 3600 + tm.tm_min * 60 +
		    tm.tm_sec))
			bad++;
	}
	is_int(bad, 0, "the probes agree with gmtime_r");
	bad = 0;
	for (t = date_days(1899, 1, 1); t <= date_days(2101, 12, 31); t++) {
		memset(&tm, 0, sizeof tm);
		date_civil(t, &y, &m, &d);
		tm.tm_year = (int)y - 1900;
		tm.tm_mon = (int)m - 1;
		tm.tm_mday = (int)d;
		if (timegm(&tm) != (time_t)(t * 86400) ||
		    date_days(y, m, d) != t || d > date_mdays(y, m))
			bad++;
	}
	is_int(bad, 0, "every day of 1899..2101 round-trips, as timegm says");
	return done_testing();
}
