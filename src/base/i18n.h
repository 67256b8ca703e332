/*
 * i18n.h: gettext for user-visible strings.
 *
 * _() translates now, N_() marks a string translated later (tables),
 * NC_(ctx, s) the same in a context (msgctxt: key names, keyname.c).
 */
#ifndef JANGADA_BASE_I18N_H
#define JANGADA_BASE_I18N_H

#include <libintl.h>
#include <locale.h>

#define _(s)	gettext(s)
#define N_(s)	(s)
/* A string marked in a context (msgctxt), translated later. */
#define NC_(c, s)	(s)

#endif
