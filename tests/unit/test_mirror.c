/*
 * test_mirror: the plan of a mirror (src/xfer/mirror.c, issue 17): the
 * time grains (exact, minute, day), --only-newer and --only-missing,
 * what is created, transferred and deleted, and in which order.
 */
#include "../../src/xfer/mirror.c"
#include "../tap.h"

static struct mir_entry *
ents(size_t *n, const char *spec[][2], const uint64_t *sizes,
    const time_t *times, const int *grains)
{
	struct mir_entry *e;
	size_t i, k;

	for (k = 0; spec[k][0] != NULL; k++)
		;
	e = xcalloc(k + 1, sizeof *e);
	for (i = 0; i < k; i++) {
		e[i].path = xstrdup(spec[i][0]);
		e[i].type = spec[i][1][0] == 'd' ? MIR_DIR : MIR_FILE;
		e[i].has_size = e[i].has_mtime = true;
		e[i].size = sizes[i];
		e[i].mtime = times[i];
		e[i].grain = grains[i];
	}
	*n = k;
	return e;
}

static void
test_grains(void)
{
	/* 2026-01-02 03:04:59 UTC and one second later (a new minute). */
	time_t t = 1767323099;

	is_int(mir_time_cmp(t, 1, t, 1), 0, "exact: equal");
	is_int(mir_time_cmp(t + 1, 1, t, 1), 1, "exact: a second newer");
	is_int(mir_time_cmp(t, 1, t - 59, MIR_GRAIN_MIN), 0,
	    "a LIST minute matches the exact time in it");
	is_int(mir_time_cmp(t + 1, 1, t - 59, MIR_GRAIN_MIN), 1,
	    "the next minute is newer");
	is_int(mir_time_cmp(t - 3 * 3600, 1, t, MIR_GRAIN_DAY), 0,
	    "a LIST day matches any time of that day");
	is_int(mir_time_cmp(t - 4 * 3600, 1, t, MIR_GRAIN_DAY), -1,
	    "the day before is older");
	is_int(mir_time_cmp(-61, 1, -120, MIR_GRAIN_MIN), 0,
	    "times before 1970 floor down");
}

static void
test_differs(void)
{
	struct mir_entry a = { .has_size = true, .has_mtime = true,
	    .size = 10, .mtime = 1000, .grain = 1 };
	struct mir_entry b = a;
	struct mir_opts o = { 0 };

	ok(!mir_differs(&a, &b, &o), "same size and time: same");
	b.size = 11;
	ok(mir_differs(&a, &b, &o), "size differs");
	b.size = 10;
	b.mtime = 2000;
	ok(mir_differs(&a, &b, &o), "older source differs too");
	o.only_newer = true;
	ok(!mir_differs(&a, &b, &o), "--only-newer: an older source stays");
	a.mtime = 3000;
	ok(mir_differs(&a, &b, &o), "--only-newer: a newer source goes");
	o.only_newer = false;
	o.only_missing = true;
	ok(!mir_differs(&a, &b, &o), "--only-missing: never an update");
	o.only_missing = false;
	a.has_mtime = false;
	b.mtime = 9;
	ok(!mir_differs(&a, &b, &o), "no time on one side: size decides");
	b.mtime = 1000;
	a.has_mtime = true;
	a.mtime = 1000 + 30;
	b.grain = MIR_GRAIN_MIN;
	b.mtime = 1020;
	ok(!mir_differs(&a, &b, &o), "minute grain: 1030 is in 1020's minute");
}

static void
test_plan(void)
{
	const char *s[][2] = {
		{ "a", "d" }, { "a/new.txt", "f" }, { "a/same", "f" },
		{ "a/upd", "f" }, { "b", "d" }, { "b/x", "f" },
		{ "clash", "f" }, { "top", "f" }, { NULL, NULL } };
	const uint64_t ss[] = { 0, 5, 7, 9, 0, 1, 3, 100 };
	const time_t st[] = { 0, 50, 60, 120, 0, 10, 10, 10 };
	const int sg[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	const char *d[][2] = {
		{ "top", "f" }, { "a", "d" }, { "a/same", "f" },
		{ "a/upd", "f" }, { "a/gone", "f" }, { "old", "d" },
		{ "old/deep", "d" }, { "old/deep/f", "f" }, { "clash", "d" },
		{ NULL, NULL } };
	const uint64_t ds[] = { 100, 0, 7, 9, 1, 0, 0, 1, 0 };
	const time_t dt[] = { 10, 0, 60, 60, 1, 0, 0, 0, 0 };
	const int dg[] = { 1, 1, 1, 1, 1, 1, 1, 1, 1 };
	struct mir_entry *src, *dst;
	struct mir_opts o = { .del = true };
	struct mir_plan p;
	size_t ns, nd, i;
	char got[512] = "";

	src = ents(&ns, s, ss, st, sg);
	dst = ents(&nd, d, ds, dt, dg);
	mir_plan_make(src, ns, dst, nd, &o, &p);
	for (i = 0; i < p.n; i++) {
		static const char *an[] = { "mkdir", "new", "update", "delete",
		    "conflict" };
		size_t l = strlen(got);

		snprintf(got + l, sizeof got - l, "%s%s %s", i ? "," : "",
		    an[p.items[i].act], p.items[i].e->path);
	}
	is_str(got, "new a/new.txt,update a/upd,mkdir b,new b/x,"
	    "conflict clash,delete old/deep/f,delete old/deep,delete old,"
	    "delete a/gone", "the plan, in order");
	is_int(p.dirs, 1, "one directory to create");
	is_int(p.news, 2, "two new files");
	is_int(p.updates, 1, "one update");
	is_int(p.deletes, 4, "four deletions");
	is_int(p.conflicts, 1, "one conflict");
	is_int(p.same, 2, "two files the same");
	ok(p.bytes == 5 + 9 + 1, "bytes to move");
	mir_plan_free(&p);

	o.del = false;
	mir_plan_make(src, ns, dst, nd, &o, &p);
	is_int(p.deletes, 0, "no --delete: nothing deleted");
	mir_plan_free(&p);
	mir_entries_free(src, ns);
	mir_entries_free(dst, nd);

	mir_plan_make(NULL, 0, NULL, 0, &o, &p);
	is_int((int)p.n, 0, "two empty trees: nothing to do");
	mir_plan_free(&p);
}

static void
test_zone(void)
{
	time_t utc = 1767323099;	/* 03:04:59 UTC */
	time_t list = utc - 59;		/* "03:04" */
	struct mir_entry e[2] = {
		{ .has_mtime = true, .mtime = list + 7200, .grain = 60 },
		{ .has_mtime = true, .mtime = 86400 * 100, .grain = 86400 } };

	is_int((int)mir_zone_offset(list, utc), 0, "zone: LIST in UTC: 0");
	is_int((int)mir_zone_offset(list + 7200, utc), 7200,
	    "zone: LIST two hours ahead");
	is_int((int)mir_zone_offset(list - 5 * 3600 - 1800, utc),
	    -5 * 3600 - 1800, "zone: five and a half hours behind");
	is_int((int)mir_zone_offset(list + 7200 + 60, utc), 0,
	    "zone: not a quarter-hour: no zone's");
	is_int((int)mir_zone_offset(list + 15 * 3600, utc), 0,
	    "zone: more than 14 hours: no zone's");
	mir_shift(e, 2, 7200);
	ok(e[0].mtime == list && e[1].mtime == 86400 * 100,
	    "shift: minute times moved, day dates left");
}

/* The file to ask MDTM about: a minute-listed remote file of the same
   size as the local one, its time another; the first by path. */
static void
test_zone_probe(void)
{
	static const char *l[][2] = { { "z", "f" }, { "day", "f" },
	    { "size", "f" }, { "same", "f" }, { "dir", "d" }, { "m", "f" },
	    { NULL } };
	static const char *r[][2] = { { "m", "f" }, { "dir", "d" },
	    { "same", "f" }, { "size", "f" }, { "day", "f" }, { "z", "f" },
	    { "only", "f" }, { NULL } };
	uint64_t ls[] = { 3, 3, 5, 3, 0, 3 };
	uint64_t rs[] = { 3, 0, 3, 6, 3, 3, 3 };
	time_t lt[] = { 100, 100, 100, 100, 100, 100 };
	time_t rt[] = { 7300, 7300, 100, 7300, 7300 + 86400 * 3, 7300, 7300 };
	int lg[] = { 1, 1, 1, 1, 1, 1 };
	int rg[] = { 60, 60, 60, 60, 86400, 60, 60 };
	struct mir_entry *a, *b;
	const struct mir_entry *p;
	size_t na, nb;

	a = ents(&na, l, ls, lt, lg);
	b = ents(&nb, r, rs, rt, rg);
	p = mir_zone_probe(b, nb, a, na);
	ok(p != NULL && strcmp(p->path, "m") == 0,
	    "probe: the first minute-listed file, same size, time differs");
	p = mir_zone_probe(b, nb, a, na - 1);	/* no local m */
	ok(p != NULL && strcmp(p->path, "z") == 0,
	    "probe: then the next by path");
	b[5].mtime = 100;			/* z the same now */
	ok(mir_zone_probe(b, nb, a, na - 1) == NULL,
	    "probe: none when only size, day grain, dirs or the same differ");
	ok(mir_zone_probe(a, na, b, nb) == NULL,
	    "probe: an exact side is not a listing");
	mir_entries_free(a, na);
	mir_entries_free(b, nb);
}

/* compare's rule: each kind of difference, both sides, any order. */
static void
test_compare(void)
{
	static const char *l[][2] = { { "only_l", "f" }, { "newer_l", "f" },
	    { "newer_r", "f" }, { "size", "f" }, { "same", "f" },
	    { "grain", "f" }, { "both", "d" }, { "kind", "f" }, { NULL } };
	static const char *r[][2] = { { "kind", "d" }, { "both", "d" },
	    { "grain", "f" }, { "same", "f" }, { "size", "f" },
	    { "newer_r", "f" }, { "newer_l", "f" }, { "only_r", "f" },
	    { NULL } };
	uint64_t ls[] = { 1, 1, 1, 5, 1, 1, 0, 1 };
	uint64_t rs[] = { 0, 0, 1, 1, 6, 1, 1, 1 };
	time_t lt[] = { 100, 4000, 100, 100, 100, 159, 0, 100 };
	time_t rt[] = { 0, 0, 120, 100, 100, 4000, 100, 100 };
	int lg[] = { 1, 1, 1, 1, 1, 1, 1, 1 };
	int rg[] = { 60, 60, 60, 60, 60, 60, 60, 60 };
	struct mir_entry *a, *b;
	enum mir_cmp ra[8], rb[8];
	char la[9], lb[9];
	size_t na, nb, i;

	a = ents(&na, l, ls, lt, lg);
	b = ents(&nb, r, rs, rt, rg);
	mir_compare_sides(a, na, b, nb, ra, rb);
	for (i = 0; i < na; i++)
		la[i] = mir_cmp_letter(ra[i]);
	for (i = 0; i < nb; i++)
		lb[i] = mir_cmp_letter(rb[i]);
	la[na] = lb[nb] = '\0';
	is_str(la, "+><!   !", "local side: + > < ! same, grain, dir, kind");
	is_str(lb, "!   !><+", "remote side: kind, dir, grain, same, ! < > +");
	is_int(mir_cmp_letter(MIR_CMP_MISSING), '-', "only there: -");
	ok(ra[7] == MIR_CMP_KIND && rb[0] == MIR_CMP_KIND,
	    "a file against a directory: its own result (not marked)");
	ok(strcmp(a[0].path, "only_l") == 0, "the arrays are not moved");
	mir_entries_free(a, na);
	mir_entries_free(b, nb);
}

int
main(void)
{
	test_compare();
	test_zone();
	test_zone_probe();
	test_grains();
	test_differs();
	test_plan();
	return done_testing();
}
