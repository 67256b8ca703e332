/*
 * optcols.c: the value of "set columns": the columns of the file panes
 * after the name, as a list ("size,time,perm,owner") or as changes to the
 * columns shown ("+perm,-size"); "time-exact" is the time with the date,
 * the hour and the seconds when the listing has them.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "base/i18n.h"
#include "base/str.h"
#include "cmd/app.h"

static const struct {
	const char	*word;
	unsigned	 bit;
} cols[] = {
	{ "name", 0 },
	{ "size", APP_COL_SIZE },
	{ "time", APP_COL_TIME },
	{ "time-exact", APP_COL_TIME | APP_COL_TIME_EXACT },
	{ "perm", APP_COL_PERM },
	{ "owner", APP_COL_OWNER },
};

#define NCOLS	(sizeof cols / sizeof cols[0])

/* The words Tab offers, NULL-ended. */
const char *const *
app_cols_words(void)
{
	static const char *words[NCOLS + 2];
	size_t i;

	if (words[0] == NULL) {
		for (i = 0; i < NCOLS; i++)
			words[i] = cols[i].word;
		words[i] = "default";
	}
	return words;
}

/*
 * Parse value against the columns shown now (*mask): a list sets them,
 * "+word"/"-word" items add or take away; "default" is size,time.
 */
int
app_cols_parse(const char *value, unsigned *mask, char *err, size_t errlen)
{
	char buf[256], *save = NULL, *w;
	unsigned m = *mask, bit;
	bool first = true;
	size_t i;
	int sign;

	if (strlen(value) >= sizeof buf || *value == '\0')
		goto bad;
	str_lcpy(buf, value, sizeof buf);
	for (w = strtok_r(buf, ", ", &save); w != NULL;
	    w = strtok_r(NULL, ", ", &save)) {
		sign = *w == '+' ? 1 : *w == '-' ? -1 : 0;
		if (sign != 0)
			w++;
		if (strcasecmp(w, "default") == 0 && sign == 0) {
			m = APP_COLS_DEFAULT;
			first = false;
			continue;
		}
		for (i = 0; i < NCOLS; i++)
			if (strcasecmp(w, cols[i].word) == 0)
				break;
		if (i == NCOLS)
			goto bad;
		bit = cols[i].bit;
		if (first && sign == 0)
			m = 0;		/* a plain list: only these */
		first = false;
		if (sign < 0)
			m &= bit == (APP_COL_TIME | APP_COL_TIME_EXACT) ?
			    ~APP_COL_TIME_EXACT : ~bit;
		else {
			if (bit & APP_COL_TIME)
				m &= ~APP_COL_TIME_EXACT;
			m |= bit;
		}
	}
	if (first)
		goto bad;
	*mask = m;
	return 0;
bad:
	snprintf(err, errlen, _("columns: give a list of name, size, time, "
	    "time-exact, perm, owner (or +perm,-size to add and take away)"));
	return -1;
}

/* The columns as set would take them: "name,size,time". */
void
app_cols_format(unsigned mask, char *out, size_t n)
{
	size_t i;

	str_lcpy(out, "name", n);
	for (i = 1; i < NCOLS; i++) {
		if (cols[i].bit == APP_COL_TIME &&
		    (mask & APP_COL_TIME_EXACT))
			continue;
		if ((mask & cols[i].bit) == cols[i].bit) {
			str_lcat(out, ",", n);
			str_lcat(out, cols[i].word, n);
		}
	}
}
