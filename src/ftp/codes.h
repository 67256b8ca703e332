/*
 * codes.h: FTP reply codes by name (RFC 959, 2228, 2428, 3659).
 */
#ifndef JANGADA_FTP_CODES_H
#define JANGADA_FTP_CODES_H

#define FTP_RESTART_MARKER		110
#define FTP_READY_IN_MINUTES		120
#define FTP_DATA_ALREADY_OPEN		125
#define FTP_FILE_STATUS_OK		150	/* about to open data */

#define FTP_COMMAND_OK			200
#define FTP_SUPERFLUOUS			202
#define FTP_SYSTEM_STATUS		211	/* also FEAT */
#define FTP_DIR_STATUS			212
#define FTP_FILE_STATUS			213	/* SIZE, MDTM, STAT */
#define FTP_HELP			214
#define FTP_SYSTEM_TYPE			215
#define FTP_SERVICE_READY		220
#define FTP_CLOSING_CONTROL		221
#define FTP_DATA_OPEN_NO_TRANSFER	225
#define FTP_CLOSING_DATA		226	/* transfer complete */
#define FTP_PASSIVE			227
#define FTP_EXT_PASSIVE			229
#define FTP_LOGGED_IN			230
#define FTP_LOGGED_IN_SECURE		232
#define FTP_AUTH_OK			234	/* AUTH TLS: the handshake next */
#define FTP_FILE_ACTION_OK		250
#define FTP_PATH_CREATED		257	/* PWD, MKD */

#define FTP_NEED_PASSWORD		331
#define FTP_NEED_ACCOUNT		332
#define FTP_PENDING_FURTHER_INFO	350	/* REST, RNFR */

#define FTP_SERVICE_NOT_AVAILABLE	421
#define FTP_CANT_OPEN_DATA		425
#define FTP_TRANSFER_ABORTED		426
#define FTP_FILE_BUSY			450
#define FTP_LOCAL_ERROR			451
#define FTP_INSUFFICIENT_STORAGE	452

#define FTP_SYNTAX_ERROR		500
#define FTP_SYNTAX_ERROR_ARGS		501
#define FTP_NOT_IMPLEMENTED		502
#define FTP_BAD_SEQUENCE		503
#define FTP_NOT_IMPLEMENTED_PARAM	504
#define FTP_NOT_LOGGED_IN		530
#define FTP_NEED_ACCOUNT_FOR_STORE	532
#define FTP_FILE_UNAVAILABLE		550
#define FTP_PAGE_TYPE_UNKNOWN		551
#define FTP_EXCEEDED_STORAGE		552
#define FTP_BAD_FILE_NAME		553

/* The class of a code: 1 preliminary .. 5 permanent failure. */
#define FTP_CLASS(code)			((code) / 100)
#define FTP_IS_PRELIM(code)		(FTP_CLASS(code) == 1)
#define FTP_IS_OK(code)			(FTP_CLASS(code) == 2)
#define FTP_IS_MORE(code)		(FTP_CLASS(code) == 3)
#define FTP_IS_TRANSIENT(code)		(FTP_CLASS(code) == 4)
#define FTP_IS_PERMANENT(code)		(FTP_CLASS(code) == 5)

#endif
