/*
 * tools.h: the network look-ups beside the console (resolve, probe, the
 * services database), and the port parser the console sessions share.
 */
#ifndef JANGADA_CONSOLE_TOOLS_H
#define JANGADA_CONSOLE_TOOLS_H

#include <stdbool.h>
#include <stddef.h>

struct ev_loop;

/*
 * Look-ups. Each calls back from the loop, never from inside the call,
 * once per line of result, in order (text sanitized); the last call has
 * last true, and the request is gone after it. error marks a line that
 * says what failed. The request can be cancelled before its last line,
 * also from inside the callback.
 */
struct net_tool;
typedef void (*net_tool_cb)(struct net_tool *, const char *line, bool last,
    bool error, void *arg);

/* HOST: canonical name and every address with its family; ADDRESS:
 * the reverse lookup. */
struct net_tool	*net_resolve(struct ev_loop *, const char *what,
		    net_tool_cb, void *);
/* TCP connect test: time to connect, and the peer's first line if it
 * speaks within a short wait. */
struct net_tool	*net_probe(struct ev_loop *, const char *host,
		    const char *port, int timeout_ms, net_tool_cb, void *);
void		 net_tool_cancel(struct net_tool *);

/*
 * Service name <-> port from the services database: "ftp" -> 21/tcp,
 * "53" -> domain (tcp, udp); proto NULL for both. Lines into out (one
 * per result, '\n' separated); -1 and a message if nothing matches.
 */
int		 net_port_lookup(const char *what, const char *proto,
		    char *out, size_t outlen);
/*
 * A port the user typed, for proto ("tcp", "udp"): digits in 1-65535 (or
 * 0 when zero_ok: any free port) or a service name. The number goes to
 * out as digits; -1 and a translated reason in err.
 */
int		 net_port_parse(const char *port, const char *proto,
		    bool zero_ok, char *out, size_t outlen, char *err,
		    size_t errlen);

#endif
