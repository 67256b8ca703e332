/*
 * limits.h: every size and time limit of jangada, in one place.
 *
 * Server bytes are hostile: every buffer that holds them is bounded by one
 * of these, and every wait has a timeout from here. Sizes are in bytes,
 * times in milliseconds.
 */
#ifndef JANGADA_BASE_LIMITS_H
#define JANGADA_BASE_LIMITS_H

/* Control connection: one reply line, one whole (multi-line) reply. */
#define LIM_REPLY_LINE		(8 * 1024)
#define LIM_REPLY_TOTAL		(64 * 1024)
#define LIM_REPLY_LINES		1000
/* A command line we send (verb, argument, CRLF). */
#define LIM_COMMAND		(4 * 1024)
/* Queued, not yet written command bytes. */
#define LIM_CMD_QUEUE		(64 * 1024)
/*
 * Replies to one command (1xx, 120, a 200 before 150, the final one):
 * more and the session ends; no run of preliminary replies keeps a wait
 * going for ever.
 */
#define LIM_REPLIES_PER_CMD	8

/* Listings: one line, one whole listing held in memory, entries. */
#define LIM_LIST_LINE		(8 * 1024)
#define LIM_LIST_BYTES		(256 * 1024 * 1024)
#define LIM_LIST_ENTRIES	(2 * 1000 * 1000)
/* A file name, a path. */
#define LIM_NAME		(4 * 1024)
#define LIM_PATH		(16 * 1024)

/* Data transfers: the read size of one pass. */
#define LIM_XFER_CHUNK		(256 * 1024)
/*
 * Receive batching: above LIM_LOWAT_RATE bytes/s a download asks the
 * kernel to wake it only once LIM_RCVLOWAT bytes wait (SO_RCVLOWAT); when
 * no wake came for LIM_LOWAT_GUARD_MS the mark drops back to one byte.
 */
#define LIM_RCVLOWAT		(256 * 1024)
#define LIM_LOWAT_RATE		(64ULL * 1024 * 1024)
#define LIM_LOWAT_GUARD_MS	20
/* cat/view of a text file. */
#define LIM_VIEW_DEFAULT	(64 * 1024)
#define LIM_VIEW_MAX		(16 * 1024 * 1024)

/* Timeouts. */
#define LIM_CONNECT_MS		(15 * 1000)
#define LIM_RESOLVE_MS		(10 * 1000)
#define LIM_REPLY_MS		(60 * 1000)	/* the "timeout" option */
#define LIM_DATA_CONNECT_MS	(15 * 1000)
#define LIM_DATA_IDLE_MS	(60 * 1000)
#define LIM_FINAL_REPLY_MS	(15 * 1000)
#define LIM_KEEPALIVE_MS	(60 * 1000)

/*
 * The defaults of the options (set NAME VALUE) that no other limit here
 * gives (the times above, the XQ_DEFAULT_* of the queue below): how long
 * udp send waits for replies, in seconds.
 */
#define DEF_UDP_WAIT_S		2
/* Tries to log in again after the browsing session was lost. */
#define DEF_RECONNECT		3
/* pget: connections for one file, and the size under which one is used. */
#define DEF_SEGMENTS		4
#define DEF_SEGMENT_MIN		(16ULL * 1024 * 1024)

/* The app: console sessions open at once, remote listings cached. */
#define LIM_APP_CONSOLES	16
#define LIM_APP_DIR_CACHE	32

/*
 * The screen: the protocol pane's lines and each console view's, history
 * lines kept in the file, how long a message stays, how often the
 * transfers pane redraws at most.
 */
#define LIM_UI_LOG_LINES	5000
#define LIM_UI_CON_LINES	2000
#define LIM_UI_HISTORY		1000
#define LIM_UI_MSG_MS		8000
#define LIM_UI_XFER_MS		100
/* the screen's Right and Left enter and leave directories (set arrow-nav) */
#define DEF_ARROW_NAV		1
/* servers kept in $XDG_STATE_HOME/jangada/recent for the site picker */
#define LIM_RECENT		20
/* key bindings of the config file (bind KEY ACTION) */
#define LIM_UI_BINDS		128
/* Keys typed ahead while a command runs or a directory loads. */
#define LIM_UI_AHEAD		64

/* Raw console sessions: one line held, the scrollback kept. */
#define LIM_CONSOLE_LINE	(64 * 1024)
#define LIM_CONSOLE_LOG		(4 * 1024 * 1024)

/*
 * Console sessions: one read (and one datagram), one chunk of a file
 * being sent; reads or writes of one endpoint in one pass of the loop;
 * bytes queued for one endpoint (all clients: 64 MiB at most); clients of
 * one TCP server at once; a partial line is shown after this much
 * silence; after the write side is shut down, wait this long for the
 * peer; accept failing for want of fds: try again after this.
 */
#define LIM_CONSOLE_CHUNK	(64 * 1024)
#define LIM_CONSOLE_PASS	16
#define LIM_CONSOLE_OUTQ	(256 * 1024)
#define LIM_CONSOLE_CLIENTS	256
#define LIM_CONSOLE_IDLE_MS	500
#define LIM_CONSOLE_LINGER_MS	(10 * 1000)
#define LIM_CONSOLE_ACCEPT_MS	1000

/* Log and transcript lines kept in memory for the protocol pane. */
#define LIM_TRANSCRIPT_LINES	5000
#define LIM_LOG_LINE		(2 * 1024)

/* .netrc, config and bookmark files. */
#define LIM_RCFILE		(1024 * 1024)
#define LIM_RC_TOKEN		(1024)

/* The transfer queue (src/xfer): connections, retries, events, trees. */
#define XQ_MAX_PARALLEL		10
#define XQ_DEFAULT_PARALLEL	2
#define XQ_DEFAULT_RETRIES	3
#define XQ_DEFAULT_IDLE_MS	(30 * 1000)
#define XQ_RETRY_BASE_MS	1000	/* 1 s, 2 s, 4 s, ... */
#define XQ_RETRY_MAX_MS		(60 * 1000)
#define XQ_CONNECT_MAX_MS	(30 * 1000)	/* backoff cap, connecting */
/* No connection at all for this long while the server says "too many". */
#define XQ_TOO_MANY_GIVEUP_MS	(5 * 60 * 1000)
#define XQ_EVENT_MS		100	/* changed events: ~10/s per job */
#define XQ_RATE_SAMPLES		24
#define XQ_RATE_STEP_MS		200
#define XQ_RATE_WINDOW_MS	5000
#define XQ_PREPARE_PER_PASS	256	/* local checks per scheduler pass */
#define XQ_MAX_DEPTH		100	/* directory levels of a tree */
/* A tree a download walks, in all (set max-dirs, max-entries). */
#define XQ_DEFAULT_MAX_DIRS	100000
#define XQ_DEFAULT_MAX_ENTRIES	1000000
#define XQ_MAX_LINK_DEPTH	16	/* followed directory links */
#define XQ_RENAME_MAX		999
#define XQ_BLOCKED_MS		250	/* target taken: look again after */

/* Mirror, verify, pget (src/cmd). */
#define LIM_MIRROR_LINKS	1000	/* links followed in one mirror */
#define LIM_VERIFY_DIRS		8	/* checksum files kept, by directory */
#define LIM_PGET_ROWS		8	/* pget rows the screen shows */
#define LIM_PGET_ENDED		4	/* ended pget rows kept */
#define LIM_PGET_TICK_MS	250	/* a running pget row's rate sample */

/* TLS (src/net/tls.c): unused sessions kept for the data connections. */
#define LIM_TLS_POOL		4

#endif
