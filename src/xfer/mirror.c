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

int
mir_differs(const struct mir_entry *src, const struct mir_entry *dst,
    const struct mir_opts *o)
{
	bool times = src->has_mtime && dst->has_mtime;
	int tc = times ? mir_time_cmp(src->mtime, src->grain, dst->mtime,
	    dst->grain) : 0;
	bool sizes = src->has_size && dst->has_size && src->size != dst->size;

	if (o->only_missing)
		return 0;
	if (o->only_newer)
		/* Without times to compare, a size change is all we see. */
		return times ? tc > 0 : sizes;
	return sizes || tc != 0;
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
