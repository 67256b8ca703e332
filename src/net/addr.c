/*
 * addr.c: listening sockets and address formatting.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/str.h"
#include "net/net.h"

/* "192.0.2.1:21", "[2001:db8::1]:21", or without the port. */
char *
net_addr_str(const struct sockaddr *sa, socklen_t len, char *out, size_t n,
    bool with_port)
{
	char host[NI_MAXHOST], serv[NI_MAXSERV];
	struct sockaddr_in v4;
	const struct sockaddr_in6 *v6 = (const struct sockaddr_in6 *)sa;

	/* An IPv4 client of a dual-stack socket: shown as plain IPv4. */
	if (sa != NULL && sa->sa_family == AF_INET6 &&
	    len >= sizeof *v6 && IN6_IS_ADDR_V4MAPPED(&v6->sin6_addr)) {
		memset(&v4, 0, sizeof v4);
		v4.sin_family = AF_INET;
		v4.sin_port = v6->sin6_port;
		memcpy(&v4.sin_addr, &v6->sin6_addr.s6_addr[12], 4);
		sa = (const struct sockaddr *)&v4;
		len = sizeof v4;
	}
	if (sa == NULL || getnameinfo(sa, len, host, sizeof host, serv,
	    sizeof serv, NI_NUMERICHOST | NI_NUMERICSERV) != 0) {
		str_lcpy(out, "?", n);
		return out;
	}
	if (!with_port)
		snprintf(out, n, "%s", host);
	else if (sa->sa_family == AF_INET6)
		snprintf(out, n, "[%s]:%s", host, serv);
	else
		snprintf(out, n, "%s:%s", host, serv);
	return out;
}

/* The port of an IPv4 or IPv6 address, or -1. */
int
net_addr_port(const struct sockaddr *sa)
{
	if (sa->sa_family == AF_INET)
		return ntohs(((const struct sockaddr_in *)sa)->sin_port);
	if (sa->sa_family == AF_INET6)
		return ntohs(((const struct sockaddr_in6 *)sa)->sin6_port);
	return -1;
}

/* Do two addresses name the same host (ports ignored)? */
bool
net_addr_same_host(const struct sockaddr *a, const struct sockaddr *b)
{
	if (a->sa_family != b->sa_family)
		return false;
	if (a->sa_family == AF_INET)
		return ((const struct sockaddr_in *)a)->sin_addr.s_addr ==
		    ((const struct sockaddr_in *)b)->sin_addr.s_addr;
	if (a->sa_family == AF_INET6)
		return memcmp(&((const struct sockaddr_in6 *)a)->sin6_addr,
		    &((const struct sockaddr_in6 *)b)->sin6_addr,
		    sizeof(struct in6_addr)) == 0;
	return false;
}

/*
 * Every address: one IPv6 socket that also takes IPv4 (IPV6_V6ONLY off),
 * so clients of both families reach it; -1 where IPv6 is missing or the
 * port is taken there (the caller then tries the addresses one by one).
 */
static int
listen_any(const char *port, int socktype, int backlog)
{
	struct sockaddr_in6 sin6;
	unsigned p;
	int fd, one = 1, zero = 0;

	if (strcmp(port, "0") == 0)
		p = 0;
	else if (str_to_port(port, &p) == -1)
		return -1;
	fd = socket(AF_INET6, socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		return -1;
	memset(&sin6, 0, sizeof sin6);
	sin6.sin6_family = AF_INET6;
	sin6.sin6_addr = in6addr_any;
	sin6.sin6_port = htons((uint16_t)p);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
	if (setsockopt(fd, IPPROTO_IPV6, IPV6_V6ONLY, &zero,
	    sizeof zero) == -1 ||
	    bind(fd, (struct sockaddr *)&sin6, sizeof sin6) == -1 ||
	    (socktype == SOCK_STREAM && listen(fd, backlog) == -1)) {
		close(fd);
		return -1;
	}
	return fd;
}

/*
 * A non-blocking listening (SOCK_STREAM) or bound (SOCK_DGRAM) socket on
 * host (NULL: every address) and port ("0": any free port). On failure
 * returns -1 with a translated reason in err.
 */
int
net_listen(const char *host, const char *port, int socktype, int backlog,
    char *err, size_t errlen)
{
	struct addrinfo hints, *res, *ai;
	int fd = -1, one = 1, rc, saved = 0;

	if (host == NULL && (fd = listen_any(port, socktype, backlog)) != -1)
		return fd;
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = socktype;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, errlen, "%s: %s", host ? host : "*",
		    gai_strerror(rc));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1) {
			saved = errno;
			continue;
		}
		setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
		if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 &&
		    (socktype != SOCK_STREAM || listen(fd, backlog) == 0))
			break;
		saved = errno;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		snprintf(err, errlen, _("cannot listen on %s port %s: %s"),
		    host ? host : "*", port, strerror(saved));
	return fd;
}
