/*
 * net.h: sockets for the loop: non-blocking connect over every address of
 * a name, listening sockets, and address formatting.
 */
#ifndef JANGADA_NET_NET_H
#define JANGADA_NET_NET_H

#include <stdbool.h>
#include <sys/socket.h>

struct ev_loop;
struct net_connect;

/*
 * The outcome of a connect: fd >= 0 (non-blocking, close-on-exec, now the
 * callback's) and peer, or fd -1 and a translated message in err.
 */
typedef void (*net_connect_cb)(int fd, const struct sockaddr *peer,
    socklen_t peerlen, const char *err, void *arg);

struct net_connect *net_connect_start(struct ev_loop *, const char *host,
		    const char *port, int family, int socktype,
		    int timeout_ms, net_connect_cb, void *);
struct net_connect *net_connect_addr(struct ev_loop *,
		    const struct sockaddr *, socklen_t, int timeout_ms,
		    net_connect_cb, void *);
void		 net_connect_cancel(struct net_connect *);

int		 net_listen(const char *host, const char *port, int socktype,
		    int backlog, char *err, size_t errlen);
char		*net_addr_str(const struct sockaddr *, socklen_t, char *,
		    size_t, bool with_port);
int		 net_addr_port(const struct sockaddr *);
bool		 net_addr_same_host(const struct sockaddr *,
		    const struct sockaddr *);

#define NET_ADDRSTRLEN	64

#endif
