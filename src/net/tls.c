/*
 * tls.c: TLS client sessions over the loop's non-blocking sockets
 * (OpenSSL 3), and the transport both connections use (see tls.h).
 *
 * The certificate is checked after the handshake, not inside it: the
 * handshake always completes (SSL_VERIFY_NONE) and the verification
 * result OpenSSL recorded, the host name or IP address check included
 * (SSL_set1_host, X509_VERIFY_PARAM_set1_ip_asc), decides. That lets the
 * caller name the certificate's fingerprint when it refuses it, and accept
 * a fingerprint the user trusted.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "base/i18n.h"
#include "base/limits.h"
#include "base/log.h"
#include "base/str.h"
#include "base/xmalloc.h"
#include "ev/loop.h"
#include "net/tls.h"

/* The unused sessions kept: a full handshake brings 2 TLS 1.3 tickets. */

struct net_tls_ctx {
	SSL_CTX		*ctx;
	SSL_SESSION	*pool[LIM_TLS_POOL];	/* unused sessions, newest last */
	int		 npool;
};

struct net_tls {
	SSL		*ssl;
	short		 events;	/* what the last EAGAIN waits for */
	bool		 clean_eof;
	bool		 ip;		/* host is an IP literal */
	bool		 held;		/* an end or error due next read */
	int		 held_rc, held_errno;
};

/* The first queued OpenSSL error, or what. */
static void
tls_err(char *err, size_t errlen, const char *what)
{
	unsigned long e = ERR_get_error();
	char buf[256];

	if (e != 0) {
		ERR_error_string_n(e, buf, sizeof buf);
		snprintf(err, errlen, "%s: %s", what, buf);
	} else
		snprintf(err, errlen, "%s", what);
	ERR_clear_error();
}

/*
 * Every new session (a TLS 1.2 session, or each TLS 1.3 ticket, on any
 * connection of this context) joins the pool the next data connections
 * offer from, newest first, each once, before they fall back to offering
 * the control connection's session again (net_tls_new). A full handshake
 * brings two tickets, a resumed download or listing one more; proftpd
 * 1.3.8 sends none on a resumed upload's data connection, not even to a
 * client that reads up to its close_notify.
 *
 * The pool keeps a copy, not the connection's own session: OpenSSL marks
 * a connection's current session not resumable when the connection fails
 * (a fatal alert), and a copy is not touched by that.
 */
static int
tls_new_session(SSL *ssl, SSL_SESSION *sess)
{
	struct net_tls_ctx *c = SSL_CTX_get_app_data(SSL_get_SSL_CTX(ssl));
	SSL_SESSION *copy;

	if (c == NULL || (copy = SSL_SESSION_dup(sess)) == NULL)
		return 0;
	if (c->npool == LIM_TLS_POOL) {		/* drop the oldest */
		SSL_SESSION_free(c->pool[0]);
		memmove(c->pool, c->pool + 1, (LIM_TLS_POOL - 1) * sizeof
		    c->pool[0]);
		c->npool--;
	}
	c->pool[c->npool++] = copy;
	log_debug("tls: a new session to resume (%s)",
	    SSL_session_reused(ssl) ? "on a resumed connection" :
	    "on a full handshake");
	return 0;	/* the connection's own reference stays its own */
}

/*
 * Offer a copy of sess: after a resumed TLS 1.3 handshake, OpenSSL's
 * client marks the session it offered not resumable (tls_finish_handshake:
 * "we encourage applications to only use TLSv1.3 tickets once"), and
 * would then offer no ticket at all the next time it is given that
 * session. Servers do not ask for that: proftpd 1.3.8 (stateless tickets)
 * resumes the same ticket any number of times, as lftp (GnuTLS) offers
 * it, and the upload after two uploads in a row needs that.
 */
static void
tls_offer(SSL *ssl, SSL_SESSION *sess)
{
	SSL_SESSION *copy = SSL_SESSION_dup(sess);

	if (copy == NULL)
		return;		/* no memory: a full handshake then */
	SSL_set_session(ssl, copy);
	SSL_SESSION_free(copy);
}

struct net_tls_ctx *
net_tls_ctx_new(const char *ca_file, char *err, size_t errlen)
{
	struct net_tls_ctx *c;
	SSL_CTX *ctx;

	ctx = SSL_CTX_new(TLS_client_method());
	if (ctx == NULL) {
		tls_err(err, errlen, _("cannot start TLS"));
		return NULL;
	}
	SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION);
	SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, NULL);
	/* Sessions are kept by hand (net_tls_new's resume), not cached. */
	SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_CLIENT |
	    SSL_SESS_CACHE_NO_INTERNAL_STORE);
	SSL_CTX_set_mode(ctx, SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER |
	    SSL_MODE_ENABLE_PARTIAL_WRITE);
	if (SSL_CTX_set_default_verify_paths(ctx) != 1)
		ERR_clear_error();	/* no system store: ca_file may do */
	if (ca_file != NULL && *ca_file != '\0' &&
	    SSL_CTX_load_verify_locations(ctx, ca_file, NULL) != 1) {
		char what[512];

		snprintf(what, sizeof what, _("cannot load the CA file %s"),
		    ca_file);
		tls_err(err, errlen, what);
		SSL_CTX_free(ctx);
		return NULL;
	}
	c = xcalloc(1, sizeof *c);
	c->ctx = ctx;
	SSL_CTX_set_app_data(ctx, c);
	SSL_CTX_sess_set_new_cb(ctx, tls_new_session);
	return c;
}

void
net_tls_ctx_free(struct net_tls_ctx *c)
{
	if (c == NULL)
		return;
	while (c->npool > 0)
		SSL_SESSION_free(c->pool[--c->npool]);
	SSL_CTX_free(c->ctx);
	free(c);
}

struct net_tls *
net_tls_new(struct net_tls_ctx *c, int fd, const char *host,
    struct net_tls *resume, char *err, size_t errlen)
{
	struct net_tls *t;
	unsigned char addr[16];
	SSL_SESSION *sess;
	SSL *ssl;

	ssl = SSL_new(c->ctx);
	if (ssl == NULL || SSL_set_fd(ssl, fd) != 1) {
		SSL_free(ssl);
		tls_err(err, errlen, _("cannot start TLS"));
		return NULL;
	}
	t = xcalloc(1, sizeof *t);
	t->ssl = ssl;
	t->events = POLLOUT;
	t->ip = inet_pton(AF_INET, host, addr) == 1 ||
	    inet_pton(AF_INET6, host, addr) == 1;
	if (t->ip)
		X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(ssl), host);
	else {
		SSL_set_tlsext_host_name(ssl, host);
		SSL_set1_host(ssl, host);
	}
	log_debug("tls: connecting, offering %s (%d unused)", resume == NULL ?
	    "nothing" : c->npool > 0 ? "the newest unused session" :
	    "the control's session", c->npool);
	/*
	 * An unused ticket first (a server may take each once), then the
	 * control's session again, however often it was offered before.
	 */
	if (resume != NULL && c->npool > 0) {
		sess = c->pool[--c->npool];
		tls_offer(ssl, sess);
		SSL_SESSION_free(sess);
	} else if (resume != NULL &&
	    (sess = SSL_get1_session(resume->ssl)) != NULL) {
		tls_offer(ssl, sess);
		SSL_SESSION_free(sess);
	}
	SSL_set_connect_state(ssl);
	return t;
}

void
net_tls_free(struct net_tls *t)
{
	if (t == NULL)
		return;
	/*
	 * Keep the session resumable however the connection ended: SSL_free
	 * would mark it dead after an end without close_notify, and the next
	 * data connection would find no session the server accepts (vsftpd:
	 * 522). A cut data connection is judged by its size, not here; the
	 * session's keys are no weaker for it.
	 */
	SSL_set_shutdown(t->ssl, SSL_get_shutdown(t->ssl) |
	    SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
	SSL_free(t->ssl);
	free(t);
}

/*
 * Map the SSL_ERROR_* of the last call: -1 with errno EAGAIN (events say
 * for what), 0 the end (clean_eof when close_notify came), -2 with errno
 * set (EPROTO: not TLS, or broken).
 */
static int
tls_again(struct net_tls *t, int rc)
{
	int saved = errno;
	unsigned long e;

	switch (SSL_get_error(t->ssl, rc)) {
	case SSL_ERROR_WANT_READ:
		t->events = POLLIN;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_WANT_WRITE:
		t->events = POLLOUT;
		errno = EAGAIN;
		return -1;
	case SSL_ERROR_ZERO_RETURN:
		t->clean_eof = true;
		return 0;
	case SSL_ERROR_SYSCALL:
		if (ERR_peek_error() == 0 && saved == 0)
			return 0;	/* a bare TCP close */
		errno = saved != 0 ? saved : ECONNRESET;
		return -2;
	default:
		e = ERR_peek_error();
		if (ERR_GET_LIB(e) == ERR_LIB_SSL &&
		    ERR_GET_REASON(e) == SSL_R_UNEXPECTED_EOF_WHILE_READING) {
			ERR_clear_error();
			return 0;	/* a bare TCP close */
		}
		errno = EPROTO;
		return -2;
	}
}

int
net_tls_handshake(struct net_tls *t, char *err, size_t errlen)
{
	int rc;

	ERR_clear_error();
	errno = 0;
	rc = SSL_connect(t->ssl);
	if (rc == 1)
		return 0;
	rc = tls_again(t, rc);
	if (rc == -1)
		return -1;
	if (rc == 0 || errno == ECONNRESET || errno == EPIPE)
		snprintf(err, errlen, "%s", _("the TLS handshake failed: the "
		    "server closed the connection"));
	else
		tls_err(err, errlen, _("the TLS handshake failed"));
	errno = EPROTO;
	return -1;
}

short
net_tls_events(const struct net_tls *t)
{
	return t->events;
}

int
net_tls_close(struct net_tls *t)
{
	int rc;

	ERR_clear_error();
	rc = SSL_shutdown(t->ssl);
	if (rc >= 0)
		return 0;	/* ours is sent; theirs need not come */
	if (tls_again(t, rc) != -1)
		errno = EPIPE;
	ERR_clear_error();
	return -1;
}

bool
net_tls_clean_eof(const struct net_tls *t)
{
	return t->clean_eof;
}

bool
net_tls_resumed(const struct net_tls *t)
{
	return SSL_session_reused(t->ssl) == 1;
}

int
net_tls_verify(struct net_tls *t, char *err, size_t errlen)
{
	X509 *cert = SSL_get0_peer_certificate(t->ssl);
	long rc;

	if (cert == NULL) {
		snprintf(err, errlen, "%s", _("the server sent no "
		    "certificate"));
		return -1;
	}
	rc = SSL_get_verify_result(t->ssl);
	if (rc == X509_V_OK)
		return 0;
	switch (rc) {
	case X509_V_ERR_HOSTNAME_MISMATCH:
	case X509_V_ERR_IP_ADDRESS_MISMATCH:
		snprintf(err, errlen, "%s", _("the certificate is for "
		    "another host name"));
		break;
	case X509_V_ERR_CERT_HAS_EXPIRED:
		snprintf(err, errlen, "%s", _("the certificate has "
		    "expired"));
		break;
	case X509_V_ERR_CERT_NOT_YET_VALID:
		snprintf(err, errlen, "%s", _("the certificate is not valid "
		    "yet"));
		break;
	case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
	case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
		snprintf(err, errlen, "%s", _("the certificate is "
		    "self-signed"));
		break;
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
	case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
		snprintf(err, errlen, "%s", _("the certificate's issuer is "
		    "not a known authority"));
		break;
	default:
		snprintf(err, errlen, _("the certificate is not trusted: "
		    "%s"), X509_verify_cert_error_string(rc));
		break;
	}
	return -1;
}

void
net_tls_fingerprint(struct net_tls *t, char *out, size_t outlen)
{
	X509 *cert = SSL_get0_peer_certificate(t->ssl);
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0, i;
	size_t off;

	*out = '\0';
	if (cert == NULL || outlen < NET_TLS_FPLEN ||
	    X509_digest(cert, EVP_sha256(), md, &n) != 1)
		return;
	off = (size_t)snprintf(out, outlen, "SHA256:");
	for (i = 0; i < n && off + 3 < outlen; i++)
		off += (size_t)snprintf(out + off, outlen - off, "%02x",
		    md[i]);
}

void
net_tls_describe(struct net_tls *t, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s %s", SSL_get_version(t->ssl),
	    SSL_get_cipher_name(t->ssl));
}

/* A memory BIO to print into, out emptied meanwhile; NULL: none. */
static BIO *
text_bio(char *out)
{
	*out = '\0';
	return BIO_new(BIO_s_mem());
}

/* What was printed into b, as a string in out; b freed. */
static void
text_take(BIO *b, char *out, size_t outlen)
{
	char *p;
	long n = BIO_get_mem_data(b, &p);

	snprintf(out, outlen, "%.*s", (int)(n > 0 ? n : 0), p);
	BIO_free(b);
}

/* One X509_NAME as "CN=..., O=..." (escaped, one line). */
static void
name_text(const X509_NAME *name, char *out, size_t outlen)
{
	BIO *b = text_bio(out);

	if (b == NULL)
		return;
	X509_NAME_print_ex(b, name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
	text_take(b, out, outlen);
}

/* An ASN1_TIME as text. */
static void
time_text(const ASN1_TIME *tm, char *out, size_t outlen)
{
	BIO *b = text_bio(out);

	if (b == NULL)
		return;
	ASN1_TIME_print(b, tm);
	text_take(b, out, outlen);
}

void
net_tls_cert_text(struct net_tls *t, char *out, size_t outlen)
{
	X509 *cert = SSL_get0_peer_certificate(t->ssl);
	char subj[512], iss[512], nb[64], na[64], fp[NET_TLS_FPLEN];

	*out = '\0';
	if (cert == NULL)
		return;
	name_text(X509_get_subject_name(cert), subj, sizeof subj);
	name_text(X509_get_issuer_name(cert), iss, sizeof iss);
	time_text(X509_get0_notBefore(cert), nb, sizeof nb);
	time_text(X509_get0_notAfter(cert), na, sizeof na);
	net_tls_fingerprint(t, fp, sizeof fp);
	snprintf(out, outlen, _("Subject: %s\nIssuer: %s\nValid from %s "
	    "to %s\nFingerprint: %s"), subj, iss, nb, na, fp);
}

void
net_tls_chain_text(struct net_tls *t, char *out, size_t outlen)
{
	STACK_OF(X509) *chain = SSL_get_peer_cert_chain(t->ssl);
	char subj[512], iss[512], line[1100];
	int i;

	*out = '\0';
	for (i = 0; chain != NULL && i < sk_X509_num(chain) && i < 10; i++) {
		name_text(X509_get_subject_name(sk_X509_value(chain, i)), subj,
		    sizeof subj);
		name_text(X509_get_issuer_name(sk_X509_value(chain, i)), iss,
		    sizeof iss);
		snprintf(line, sizeof line, "%d s:%s\n  i:%s\n", i, subj, iss);
		str_lcat(out, line, outlen);
	}
}

/*
 * The next TLS record waiting on the socket is a big one: application data
 * of a bulk transfer (alerts, tickets and key updates are short). Only
 * then does net_io_read go on to another record: an end (close_notify)
 * is never taken out of the socket behind poll's back.
 */
static bool
tls_big_record_next(int fd)
{
	unsigned char h[5];

	return recv(fd, h, sizeof h, MSG_PEEK | MSG_DONTWAIT) ==
	    (ssize_t)sizeof h && (h[3] << 8 | h[4]) >= 1024;
}

/*
 * TLS: SSL_read gives one record (16 KiB) a call; while another whole one
 * fits and a big record waits, read on, so a download moves up to
 * LIM_XFER_CHUNK per write(2) and per pass of the loop. Without read-ahead
 * nothing stays decrypted inside OpenSSL out of poll's sight. An error met
 * after some bytes is held for the next call.
 */
ssize_t
net_io_read(int fd, struct net_tls *t, void *p, size_t n)
{
	size_t got = 0;
	int rc;

	if (t == NULL)
		return read(fd, p, n);
	if (t->held) {
		t->held = false;
		errno = t->held_errno;
		return t->held_rc;
	}
	for (;;) {
		ERR_clear_error();
		errno = 0;
		rc = SSL_read(t->ssl, (char *)p + got, n - got > INT32_MAX ?
		    INT32_MAX : (int)(n - got));
		if (rc > 0) {
			got += (size_t)rc;
			if (n - got < SSL3_RT_MAX_PLAIN_LENGTH ||
			    SSL_has_pending(t->ssl) || !tls_big_record_next(fd))
				return (ssize_t)got;
			continue;
		}
		rc = tls_again(t, rc);
		ERR_clear_error();
		if (rc == -2)
			rc = -1;
		if (got == 0)
			return rc;
		if (rc != -1 || errno != EAGAIN) {
			t->held = true;
			t->held_rc = rc;
			t->held_errno = errno;
		}
		return (ssize_t)got;
	}
}

ssize_t
net_io_write(int fd, struct net_tls *t, const void *p, size_t n)
{
	int rc;

	if (t == NULL)
		return write(fd, p, n);
	ERR_clear_error();
	errno = 0;
	rc = SSL_write(t->ssl, p, n > INT32_MAX ? INT32_MAX : (int)n);
	if (rc > 0)
		return rc;
	rc = tls_again(t, rc);
	ERR_clear_error();
	if (rc == 0)
		errno = EPIPE;
	return -1;
}

void
net_io_close(struct ev_io **io, struct net_tls **t, int *fd)
{
	ev_io_free(*io);
	*io = NULL;
	net_tls_free(*t);
	*t = NULL;
	if (*fd != -1)
		close(*fd);
	*fd = -1;
}
