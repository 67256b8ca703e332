/*
 * mirror.c: the plan of a mirror (see mirror.h).
 *
 * Both sides are sorted by path (bytes) and merged: a path on both sides
 * is compared, one only on the source is added, one only on the
 * destination is deleted (if asked). A parent is a prefix of its children,
 * so in path order it comes before them: directories are created in that
 * order, and deletions run in the reverse order (children first).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "base/xmalloc.h"
#include "xfer/mirror.h"

/* Floor t to a multiple of grain (times before 1970 too). */
static long long
floor_to(time_t t, int grain)
{
	long long v = (long long)t, g = grain > 0 ? grain : 1;

	return v >= 0 ? v / g : -((-v + g - 1) / g);
}

int
mir_time_cmp(time_t a, int agrain, time_t b, int bgrain)
{
	int g = agrain > bgrain ? agrain : bgrain;
	long long fa = floor_to(a, g), fb = floor_to(b, g);

	return fa < fb ? -1 : fa > fb ? 1 : 0;
}

enum mir_cmp
mir_compare(const struct mir_entry *here, const struct mir_entry *there)
{
	int tc;

	if (there == NULL)
		return MIR_CMP_ONLY;
	if (here->type != there->type)
		return MIR_CMP_KIND;
	if (here->type == MIR_DIR)
		return MIR_CMP_SAME;
	if (here->has_mtime && there->has_mtime &&
	    (tc = mir_time_cmp(here->mtime, here->grain, there->mtime,
	    there->grain)) != 0)
		return tc > 0 ? MIR_CMP_NEWER : MIR_CMP_OLDER;
	if (here->has_size && there->has_size && here->size != there->size)
		return MIR_CMP_SIZE;
	return MIR_CMP_SAME;
}

char
mir_cmp_letter(enum mir_cmp c)
{
	switch (c) {
	case MIR_CMP_ONLY:
		return '+';
	case MIR_CMP_MISSING:
		return '-';
	case MIR_CMP_NEWER:
		return '>';
	case MIR_CMP_OLDER:
		return '<';
	case MIR_CMP_SIZE:
	case MIR_CMP_KIND:
		return '!';
	case MIR_CMP_LINK:
		return '@';
	case MIR_CMP_SAME:
		break;
	}
	return ' ';
}

int
mir_differs(const struct mir_entry *src, const struct mir_entry *dst,
    const struct mir_opts *o)
{
	bool times = src->has_mtime && dst->has_mtime;
	enum mir_cmp c = mir_compare(src, dst);

	if (o->only_missing)
		return 0;
	if (o->only_newer)
		/* Without times to compare, a size change is all we see. */
		return times ? c == MIR_CMP_NEWER : c == MIR_CMP_SIZE;
	return c != MIR_CMP_SAME;
}

/* The entries by path, for mir_compare_sides. */
static int
ptr_cmp(const void *a, const void *b)
{
	const struct mir_entry *const *x = a, *const *y = b;

	return strcmp((*x)->path, (*y)->path);
}

/* Pointers to the n entries of a, by path (n + 1 allocated). */
static const struct mir_entry **
by_path(const struct mir_entry *a, size_t n)
{
	const struct mir_entry **p = xreallocarray(NULL, n + 1, sizeof *p);
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = &a[i];
	qsort(p, n, sizeof *p, ptr_cmp);
	return p;
}

void
mir_compare_sides(const struct mir_entry *a, size_t na,
    const struct mir_entry *b, size_t nb, enum mir_cmp *ra,
    enum mir_cmp *rb)
{
	const struct mir_entry **pa = by_path(a, na), **pb = by_path(b, nb);
	size_t i = 0, j = 0;
	int c;

	while (i < na || j < nb) {
		if (i == na)
			c = 1;
		else if (j == nb)
			c = -1;
		else
			c = strcmp(pa[i]->path, pb[j]->path);
		if (c < 0) {
			ra[pa[i] - a] = MIR_CMP_ONLY;
			i++;
		} else if (c > 0) {
			rb[pb[j] - b] = MIR_CMP_ONLY;
			j++;
		} else {
			ra[pa[i] - a] = mir_compare(pa[i], pb[j]);
			rb[pb[j] - b] = mir_compare(pb[j], pa[i]);
			i++;
			j++;
		}
	}
	free(pa);
	free(pb);
}

const struct mir_entry *
mir_zone_probe(const struct mir_entry *rem, size_t nrem,
    const struct mir_entry *loc, size_t nloc)
{
	const struct mir_entry **pr = by_path(rem, nrem);
	const struct mir_entry **pl = by_path(loc, nloc);
	const struct mir_entry *r, *l, *found = NULL;
	size_t i = 0, j = 0;
	int c;

	while (found == NULL && i < nrem && j < nloc) {
		r = pr[i];
		l = pl[j];
		if ((c = strcmp(r->path, l->path)) < 0)
			i++;
		else if (c > 0)
			j++;
		else {
			if (r->type == MIR_FILE && l->type == MIR_FILE &&
			    r->grain == MIR_GRAIN_MIN && r->has_mtime &&
			    l->has_mtime && r->has_size && l->has_size &&
			    r->size == l->size && mir_time_cmp(r->mtime,
			    r->grain, l->mtime, l->grain) != 0)
				found = r;
			i++;
			j++;
		}
	}
	free(pr);
	free(pl);
	return found;
}

int
mir_list_grain(bool mtime_has_time)
{
	return mtime_has_time ? MIR_GRAIN_MIN : MIR_GRAIN_DAY;
}

static int
entry_cmp(const void *a, const void *b)
{
	const struct mir_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

static void
add(struct mir_plan *p, size_t *cap, enum mir_action act,
    const struct mir_entry *e, const struct mir_entry *d)
{
	if (p->n == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		p->items = xreallocarray(p->items, *cap, sizeof *p->items);
	}
	p->items[p->n].act = act;
	p->items[p->n].e = e;
	p->items[p->n].d = d;
	p->n++;
}

void
mir_plan_make(struct mir_entry *src, size_t nsrc, struct mir_entry *dst,
    size_t ndst, const struct mir_opts *o, struct mir_plan *p)
{
	struct mir_item *dels = NULL, tmp;
	size_t i = 0, j = 0, cap = 0, k, ndels;
	int c;

	memset(p, 0, sizeof *p);
	if (nsrc > 1)
		qsort(src, nsrc, sizeof *src, entry_cmp);
	if (ndst > 1)
		qsort(dst, ndst, sizeof *dst, entry_cmp);
	while (i < nsrc || j < ndst) {
		if (i == nsrc)
			c = 1;
		else if (j == ndst)
			c = -1;
		else
			c = strcmp(src[i].path, dst[j].path);
		if (c < 0) {
			if (src[i].type == MIR_DIR) {
				add(p, &cap, MIR_MKDIR, &src[i], NULL);
				p->dirs++;
			} else {
				add(p, &cap, MIR_NEW, &src[i], NULL);
				p->news++;
				p->bytes += src[i].size;
			}
			i++;
		} else if (c > 0) {
			if (o->del) {
				add(p, &cap, MIR_DELETE, &dst[j], NULL);
				p->deletes++;
			}
			j++;
		} else {
			if (src[i].type != dst[j].type) {
				add(p, &cap, MIR_CONFLICT, &src[i], &dst[j]);
				p->conflicts++;
			} else if (src[i].type == MIR_FILE) {
				if (mir_differs(&src[i], &dst[j], o)) {
					add(p, &cap, MIR_UPDATE, &src[i],
					    &dst[j]);
					p->updates++;
					p->bytes += src[i].size;
				} else
					p->same++;
			}
			i++;
			j++;
		}
	}
	/*
	 * The deletions go last, children before their parents: in path
	 * order a parent comes first, so reverse them. Everything under a
	 * conflicting directory stays (it was never planned).
	 */
	for (k = 0, ndels = 0; k < p->n; k++)
		if (p->items[k].act == MIR_DELETE)
			ndels++;
	if (ndels > 0) {
		dels = xreallocarray(NULL, ndels, sizeof *dels);
		for (k = 0, i = 0, j = 0; k < p->n; k++)
			if (p->items[k].act == MIR_DELETE)
				dels[i++] = p->items[k];
			else
				p->items[j++] = p->items[k];
		for (k = 0; k < ndels / 2; k++) {
			tmp = dels[k];
			dels[k] = dels[ndels - 1 - k];
			dels[ndels - 1 - k] = tmp;
		}
		memcpy(p->items + j, dels, ndels * sizeof *dels);
		free(dels);
	}
}

long
mir_zone_offset(time_t list_time, time_t mdtm)
{
	long long z = (long long)list_time - floor_to(mdtm, MIR_GRAIN_MIN) *
	    MIR_GRAIN_MIN;

	if (z % 900 != 0 || z > 14 * 3600 || z < -14 * 3600)
		return 0;
	return (long)z;
}

void
mir_shift(struct mir_entry *e, size_t n, long off)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (e[i].has_mtime && e[i].grain == MIR_GRAIN_MIN)
			e[i].mtime -= off;
}

void
mir_plan_free(struct mir_plan *p)
{
	free(p->items);
	memset(p, 0, sizeof *p);
}

void
mir_entries_free(struct mir_entry *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(e[i].path);
		free(e[i].src);
	}
	free(e);
}
