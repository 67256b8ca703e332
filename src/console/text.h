/*
 * text.h: the console's pure text handling: no session, no I/O (text.c).
 */
#ifndef JANGADA_CONSOLE_TEXT_H
#define JANGADA_CONSOLE_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* A hex dump row: offset, 16 bytes, ASCII column, NUL (80 would do). */
#define CON_HEX_ROW	128

/*
 * How many bytes at the end of d (at most 3) begin a UTF-8 character that
 * is not complete yet: a cut keeps them for the next piece.
 */
size_t	con_utf8_tail(const unsigned char *d, size_t n);
/* The length of a line's text: without a trailing LF or CR LF. */
size_t	con_text_len(const unsigned char *d, size_t n);
/* Format up to 16 bytes at offset off as one hex dump row into row. */
void	con_hex_row(char row[CON_HEX_ROW], const unsigned char *d, size_t k,
	    uint64_t off);

#endif
