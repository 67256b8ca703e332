/*
 * tls.h: the transport under the control and data connections: a plain
 * socket or a TLS session (OpenSSL 3), read and written through one small
 * interface, net_io_read/net_io_write, so the FTP engine does not care
 * which. A NULL struct net_tls is the plain socket: read(2)/write(2), and
 * the caller may splice(2) it. Everything is non-blocking: a call that
 * would block fails with EAGAIN (the TLS layer may want the other
 * direction: net_tls_events says which to poll for).
 */
#ifndef JANGADA_NET_TLS_H
#define JANGADA_NET_TLS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct ev_io;
struct net_tls;
struct net_tls_ctx;

/* The SHA-256 of the peer's certificate: "SHA256:" and 64 hex digits. */
#define NET_TLS_FPLEN	80

/*
 * A client context: the system's CA store, and ca_file (PEM) when not
 * NULL or "". NULL with a message in err.
 */
struct net_tls_ctx *net_tls_ctx_new(const char *ca_file, char *err,
		    size_t errlen);
void		 net_tls_ctx_free(struct net_tls_ctx *);

/*
 * A client session on the connected socket fd (not taken: the caller
 * closes it after net_tls_free). host is checked against the certificate
 * (a name, or an IP literal) and sent as SNI when a name. resume, when not
 * NULL, is the session whose TLS session is offered again (a data
 * connection resumes its control connection's: vsftpd's
 * require_ssl_reuse).
 */
struct net_tls	*net_tls_new(struct net_tls_ctx *, int fd, const char *host,
		    struct net_tls *resume, char *err, size_t errlen);
void		 net_tls_free(struct net_tls *);

/* Go on with the handshake: 0 done, -1 with errno EAGAIN, or -1 + err. */
int		 net_tls_handshake(struct net_tls *, char *err, size_t errlen);
/* What the last EAGAIN waits for: POLLIN or POLLOUT. */
short		 net_tls_events(const struct net_tls *);

/*
 * Send close_notify: 0 sent, -1 with errno EAGAIN (call again when the
 * socket is writable), -1 otherwise.
 */
int		 net_tls_close(struct net_tls *);
/* The peer ended with close_notify (not a bare TCP close). */
bool		 net_tls_clean_eof(const struct net_tls *);
/* The handshake resumed the offered session. */
bool		 net_tls_resumed(const struct net_tls *);

/*
 * The certificate check after the handshake: 0 trusted by the CA store
 * and the name matches; -1 with why (translated) in err.
 */
int		 net_tls_verify(struct net_tls *, char *err, size_t errlen);
/* The peer certificate's fingerprint (see NET_TLS_FPLEN); "" if none. */
void		 net_tls_fingerprint(struct net_tls *, char *out, size_t);
/* "TLSv1.3 TLS_AES_256_GCM_SHA384" */
void		 net_tls_describe(struct net_tls *, char *out, size_t);
/* Subject, issuer, validity, one per line (for status). */
void		 net_tls_cert_text(struct net_tls *, char *out, size_t);
/* The chain the peer sent, as openssl s_client shows it ("0 s:... i:"). */
void		 net_tls_chain_text(struct net_tls *, char *out, size_t);

/*
 * The transport: t NULL is the plain socket. Returns as read(2)/write(2);
 * a TLS connection's end is 0 whether clean or not (net_tls_clean_eof).
 */
ssize_t		 net_io_read(int fd, struct net_tls *t, void *, size_t);
ssize_t		 net_io_write(int fd, struct net_tls *t, const void *, size_t);
/*
 * Close a connection the loop watches: its watcher, its TLS (if any) and
 * its socket (if open); all three are cleared (NULL, NULL, -1).
 */
void		 net_io_close(struct ev_io **io, struct net_tls **t, int *fd);

#endif
