/*
 * test_explain: every command jangada sends and every reply code listed
 * has a sentence; 227 and 229 say the port computed from the reply; the
 * inner lines of a multi-line reply and unknown verbs get none; the
 * sentences are those of the catalogue (pure: line in, sentence out).
 */
#include "../../src/ftp/explain.c"
#include "../tap.h"

static const char *const sent_verbs[] = { "USER", "PASS", "ACCT", "CWD",
	"CDUP", "PWD", "TYPE", "MODE", "STRU", "SIZE", "MDTM", "MFMT", "REST",
	"EPSV", "PASV", "EPRT", "PORT", "RETR", "STOR", "APPE", "LIST", "MLSD",
	"NLST", "DELE", "RMD", "MKD", "RNFR", "RNTO", "SITE", "NOOP", "QUIT",
	"ABOR", "FEAT", "OPTS", "SYST", "AUTH", "PBSZ", "PROT" };

static const int listed[] = { 110, 120, 125, 150, 200, 211, 213, 215, 220,
	221, 226, 227, 229, 230, 250, 257, 331, 332, 350, 421, 425, 426, 450,
	451, 452, 500, 501, 502, 503, 504, 530, 550, 551, 552, 553 };

int
main(void)
{
	size_t i;
	char *s, line[32];
	int c;

	for (i = 0; i < sizeof sent_verbs / sizeof sent_verbs[0]; i++) {
		snprintf(line, sizeof line, "%s x", sent_verbs[i]);
		s = ftp_explain(true, line);
		ok(s != NULL && strncmp(s, sent_verbs[i],
		    strlen(sent_verbs[i])) == 0 && strlen(s) > 12,
		    "%s is explained", sent_verbs[i]);
		free(s);
	}
	s = ftp_explain(true, "pass ****");
	ok(s != NULL && strstr(s, "password") != NULL,
	    "a verb in lower case too");
	free(s);
	ok(ftp_explain(true, "XFROB a") == NULL, "an unknown verb: nothing");
	ok(ftp_explain(true, "") == NULL, "an empty line: nothing");

	/* every listed code has its own sentence, not its class's */
	for (i = 0; i < sizeof listed / sizeof listed[0]; i++) {
		char *cls;

		c = listed[i];
		snprintf(line, sizeof line, "%d %s", c, c == 227 ?
		    "(1,2,3,4,5,6)" : c == 229 ? "(|||7|)" : "text");
		s = ftp_explain(false, line);
		cls = ftp_explain_code(c / 100 * 100 + 99, "");
		ok(s != NULL && atoi(s) == c && cls != NULL &&
		    strstr(s, cls) == NULL, "%d has its own sentence", c);
		free(s);
		free(cls);
	}
	for (c = 1; c <= 5; c++) {
		s = ftp_explain_code(c * 100 + 98, "");
		ok(s != NULL, "class %dxx has a sentence", c);
		free(s);
	}
	ok(ftp_explain_code(600, "") == NULL, "no class 6: nothing");

	s = ftp_explain(false, "227 Entering Passive Mode (10,0,0,7,192,0).");
	ok(s != NULL && strstr(s, "port 49152") != NULL &&
	    strstr(s, "not to the address") != NULL,
	    "227: the port computed from the reply");
	free(s);
	s = ftp_explain(false, "227 =127,0,0,1,4,1");
	ok(s != NULL && strstr(s, "port 1025") != NULL,
	    "227 without parentheses");
	free(s);
	s = ftp_explain(false, "227 Entering Passive Mode");
	ok(s != NULL && strstr(s, "port") == NULL && atoi(s) == 227,
	    "227 without numbers: the class's sentence");
	free(s);
	s = ftp_explain(false, "229 Entering Extended Passive Mode (|||50001|)");
	ok(s != NULL && strstr(s, "port 50001") != NULL, "229: the port");
	free(s);
	s = ftp_explain(false, "530 Login incorrect.");
	ok(s != NULL && strstr(s, "refused the login") != NULL, "530");
	free(s);
	ok(ftp_explain(false, "230-Welcome") == NULL,
	    "an inner line of a multi-line reply: nothing");
	ok(ftp_explain(false, " some text") == NULL, "a text line: nothing");
	ok(ftp_explain(false, "99") == NULL, "a short line: nothing");
	s = ftp_explain(false, "226");
	ok(s != NULL && atoi(s) == 226, "a bare code");
	free(s);
	return done_testing();
}
