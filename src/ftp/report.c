/*
 * report.c: what the data connections tried and got, kept for the
 * diagnose command (struct ftp_data_report); data.c notes each reply and
 * each failed or opened connection here.
 */
#include "config.h"

#include <string.h>

#include "base/str.h"
#include "ftp/session_priv.h"
#include "net/net.h"

const struct ftp_data_report *
ftp_data_report(const struct ftp_session *s)
{
	return &s->drep;
}

void
ftp_data_report_reset(struct ftp_session *s)
{
	memset(&s->drep, 0, sizeof s->drep);
	s->epsv_failed = false;
}

void
ftp_session_peer(const struct ftp_session *s, char *buf, size_t size)
{
	if (size == 0)
		return;
	buf[0] = '\0';
	if (s->fd != -1 && s->peerlen > 0)
		net_addr_str((const struct sockaddr *)&s->peer, s->peerlen,
		    buf, size, false);
}

/* A passive data connection (EPSV's port, or PASV's) could not be opened. */
void
report_connect_failed(struct ftp_session *s, bool pasv, const char *err)
{
	if (pasv)
		s->drep.pasv_connect_failed = true;
	else
		s->drep.epsv_connect_failed = true;
	str_lcpy(s->drep.connect_err, err != NULL ? err : "",
	    sizeof s->drep.connect_err);
}

/* The 227 named another address than the peer's; true (log it). */
bool
report_pasv_other(struct ftp_session *s, const char *addr)
{
	s->drep.pasv_other = true;
	str_lcpy(s->drep.pasv_addr, addr, sizeof s->drep.pasv_addr);
	return true;
}
