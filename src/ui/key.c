/*
 * key.c: what a key is (struct ui_key: a character, or a curses KEY_*
 * code) and the questions every widget asks of one: is it this
 * character, this code, Enter, the key that erases back? It calls
 * nothing of the screen.
 */
#include "config.h"

#include <curses.h>

#include "ui/ui_priv.h"

/* Is the key the character ch? */
bool
ui_key_is(const struct ui_key *k, wint_t ch)
{
	return !k->code && k->ch == ch;
}

/* Is the key the curses code? */
bool
ui_key_code(const struct ui_key *k, int code)
{
	return k->code && k->ch == (wint_t)code;
}

/* Is the key Enter (Return, ^J, the keypad's)? */
bool
ui_key_enter(const struct ui_key *k)
{
	return ui_key_is(k, '\r') || ui_key_is(k, '\n') ||
	    ui_key_code(k, KEY_ENTER);
}

/* Is the key the one that erases back (Backspace, DEL, ^H)? */
bool
ui_key_back(const struct ui_key *k)
{
	return ui_key_code(k, KEY_BACKSPACE) || ui_key_is(k, 0x7f) ||
	    ui_key_is(k, 0x08);
}
