/*
 * test_journal: the saved queue's format (src/xfer/journal.c, issue 18):
 * a round trip keeps every field (escaped names: spaces, '%', '-', line
 * breaks, UTF-8), the empty field, no password anywhere; every truncation
 * and every single changed byte is refused whole; bad versions, records
 * and counts are refused. Version 2: the priority and a segmented
 * download's ranges kept; bad ranges refused; a version 1 journal read.
 */
#include "../../src/xfer/journal.c"
#include "../tap.h"

static void
sample(struct jq_file *f)
{
	struct jq_job j;

	memset(f, 0, sizeof *f);
	memset(&j, 0, sizeof j);
	j.type = 2;
	j.policy = 4;
	j.keep_time = true;
	j.started = true;
	j.total = 123456789012ULL;
	j.done = 4096;
	j.mtime = 1700000000;
	j.host = (char *)"ftp.example.org";
	j.port = (char *)"21";
	j.user = NULL;
	j.remote = (char *)"/pub/a b%c\r\n\xc3\xa9-";
	j.ldir = (char *)"/home/u/down loads";
	j.lname = (char *)"-";
	j.priority = -3;
	j.nranges = 3;
	j.ranges[0].start = 0, j.ranges[0].got = 100, j.ranges[0].end = 1000;
	j.ranges[1].start = 1000, j.ranges[1].got = 2000, j.ranges[1].end = 2000;
	j.ranges[2].start = 2000, j.ranges[2].got = 2000, j.ranges[2].end = 3000;
	jq_add(f, &j);
	memset(&j, 0, sizeof j);
	j.put = true;
	j.paused = true;
	j.recursive = true;
	j.follow_links = true;
	j.host = (char *)"::1";
	j.port = (char *)"2121";
	j.user = (char *)"joe";
	j.remote = (char *)"up/dir";
	j.lpath = (char *)"/tmp/x";
	j.priority = 7;
	jq_add(f, &j);
}

int
main(void)
{
	struct jq_file f, g;
	char err[256], *text, *copy;
	size_t len, i, refused;

	sample(&f);
	text = jq_encode(&f, &len);
	ok(strncmp(text, "jangada-queue 2\n", 16) == 0, "the header");
	ok(strchr(text, '\r') == NULL && strstr(text, "a b") == NULL,
	    "names escaped: no space, no CR inside a field");
	is_int(jq_decode(text, len, &g, err, sizeof err), 0, "decodes: %s",
	    err);
	is_int(g.n, 2, "two records");
	is_str(g.jobs[0].remote, "/pub/a b%c\r\n\xc3\xa9-", "remote kept");
	is_str(g.jobs[0].ldir, "/home/u/down loads", "directory kept");
	is_str(g.jobs[0].lname, "-", "a literal '-' kept");
	ok(g.jobs[0].user == NULL, "anonymous stays anonymous");
	ok(g.jobs[0].total == 123456789012ULL && g.jobs[0].done == 4096 &&
	    g.jobs[0].mtime == 1700000000, "sizes and time kept");
	ok(g.jobs[0].type == 2 && g.jobs[0].policy == 4 &&
	    g.jobs[0].keep_time && g.jobs[0].started &&
	    !g.jobs[0].recursive && !g.jobs[0].put && !g.jobs[0].paused,
	    "type, policy, flags of a get");
	ok(g.jobs[1].put && g.jobs[1].paused && g.jobs[1].recursive &&
	    g.jobs[1].follow_links && !g.jobs[1].started, "flags of a put");
	is_str(g.jobs[1].user, "joe", "the user");
	is_str(g.jobs[1].host, "::1", "an IPv6 host");
	ok(g.jobs[1].ldir == NULL && g.jobs[1].lname == NULL,
	    "empty fields are NULL");
	is_str(g.jobs[1].lpath, "/tmp/x", "the put's local path");
	ok(g.jobs[0].priority == -3 && g.jobs[1].priority == 7,
	    "priorities kept (-3, 7)");
	ok(g.jobs[0].nranges == 3 && g.jobs[1].nranges == 0 &&
	    g.jobs[0].ranges[0].got == 100 && g.jobs[0].ranges[1].got == 2000 &&
	    g.jobs[0].ranges[2].start == 2000 &&
	    g.jobs[0].ranges[2].end == 3000, "a segmented download's ranges "
	    "kept");
	jq_free(&g);

	/* Every truncation is refused. */
	refused = 0;
	for (i = 0; i < len; i++)
		if (jq_decode(text, i, &g, err, sizeof err) == -1)
			refused++;
		else
			jq_free(&g);
	is_int(refused, len, "every one of %zu truncations refused", len);
	/* Every single changed byte is refused. */
	copy = xmalloc(len);
	refused = 0;
	for (i = 0; i < len; i++) {
		memcpy(copy, text, len);
		copy[i] ^= 0x20;
		if (jq_decode(copy, len, &g, err, sizeof err) == -1)
			refused++;
		else
			jq_free(&g);
	}
	is_int(refused, len, "every changed byte refused (%zu)", len);
	free(copy);
	is_int(jq_decode("jangada-queue 3\nend 0 00000000\n", 31, &g, err,
	    sizeof err), -1, "another version refused");
	ok(strstr(err, "version") != NULL, "... saying so: %s", err);
	is_int(jq_decode("hello\n", 6, &g, err, sizeof err), -1,
	    "not a journal");
	free(text);

	/* A record with a bad field, with a right checksum: refused. */
	{
		const char *body = "jangada-queue 1\njob get queued binary x "
		    "ask 0 0 0 h 21 - /r /d n -\n";
		char buf[512];
		int n = snprintf(buf, sizeof buf, "%send 1 %08x\n", body,
		    (unsigned)jq_crc32(body, strlen(body)));

		is_int(jq_decode(buf, (size_t)n, &g, err, sizeof err), -1,
		    "an unknown flag refused");
		body = "jangada-queue 1\njob get queued binary t ask 0 0 0 h "
		    "21 - /r /d n -\n";
		n = snprintf(buf, sizeof buf, "%send 2 %08x\n", body,
		    (unsigned)jq_crc32(body, strlen(body)));
		is_int(jq_decode(buf, (size_t)n, &g, err, sizeof err), -1,
		    "a wrong count refused");
		n = snprintf(buf, sizeof buf, "%send 1 %08x\n", body,
		    (unsigned)jq_crc32(body, strlen(body)));
		is_int(jq_decode(buf, (size_t)n, &g, err, sizeof err), 0,
		    "the same record with its count is read");
		ok(g.n == 1 && g.jobs[0].priority == 0 &&
		    g.jobs[0].nranges == 0, "a version 1 record: priority 0, "
		    "no ranges");
		jq_free(&g);
		/* version 2: bad ranges (GOT past END, overlapping) */
		body = "jangada-queue 2\njob get queued binary s ask 0 0 0 h "
		    "21 - /r /d n - 0 0-5-4\n";
		n = snprintf(buf, sizeof buf, "%send 1 %08x\n", body,
		    (unsigned)jq_crc32(body, strlen(body)));
		is_int(jq_decode(buf, (size_t)n, &g, err, sizeof err), -1,
		    "a range whose GOT is past its END refused");
		body = "jangada-queue 2\njob get queued binary s ask 0 0 0 h "
		    "21 - /r /d n - 0 0-5-10,8-8-20\n";
		n = snprintf(buf, sizeof buf, "%send 1 %08x\n", body,
		    (unsigned)jq_crc32(body, strlen(body)));
		is_int(jq_decode(buf, (size_t)n, &g, err, sizeof err), -1,
		    "overlapping ranges refused");
		body = "jangada-queue 2\njob get queued binary s ask 0 0 0 h "
		    "21 - /r /d n - 5 0-5-10,10-12-20\n";
		n = snprintf(buf, sizeof buf, "%send 1 %08x\n", body,
		    (unsigned)jq_crc32(body, strlen(body)));
		is_int(jq_decode(buf, (size_t)n, &g, err, sizeof err), 0,
		    "good ranges read");
		ok(g.n == 1 && g.jobs[0].priority == 5 && g.jobs[0].nranges == 2
		    && g.jobs[0].ranges[1].got == 12, "... as written");
		jq_free(&g);
	}
	/* The empty queue. */
	memset(&g, 0, sizeof g);
	text = jq_encode(&g, &len);
	is_int(jq_decode(text, len, &g, err, sizeof err), 0, "empty queue");
	is_int(g.n, 0, "no record");
	free(text);
	jq_free(&f);
	return done_testing();
}
