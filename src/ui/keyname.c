/*
 * keyname.c: a key's name as the user reads it, in the user's language:
 * the one place that names keys for the help overlay, the viewer's hint
 * line, the dialogs and the status line ("Space" is "Espaço" in each of
 * them). The key table (keymap.c) holds the English names; --dump-keys
 * and the man pages use those.
 */
#include "config.h"

#include <string.h>

#include "base/i18n.h"
#include "base/str.h"
#include "ui/ui_priv.h"

/* The names a translation may change, each in the "key" context. */
static const char *const names[] = {
	NC_("key", "Space"), NC_("key", "Enter"), NC_("key", "Esc"),
	NC_("key", "Tab"), NC_("key", "Backspace"), NC_("key", "Insert"),
	NC_("key", "Delete"), NC_("key", "Home"), NC_("key", "End"),
	NC_("key", "PgUp"), NC_("key", "PgDn"), NC_("key", "Up"),
	NC_("key", "Down"), NC_("key", "Left"), NC_("key", "Right"),
	NC_("key", "Shift-Tab"),
};

/*
 * The display name of the key the table calls name ("Space", "Ctrl-C",
 * "F5", "q"): translated when the language names it otherwise; else the
 * name itself. The result lives as long as name or the catalogue.
 */
const char *
ui_key_label(const char *name)
{
	char full[64];
	const char *t;
	size_t i;

	if (name == NULL)
		return "";
	for (i = 0; i < sizeof names / sizeof names[0]; i++) {
		if (strcmp(names[i], name) != 0)
			continue;
		/* gettext's context: "key" EOT name */
		str_lcpy(full, "key\004", sizeof full);
		str_lcat(full, name, sizeof full);
		t = gettext(full);
		return t == full || strcmp(t, full) == 0 ? names[i] : t;
	}
	return name;
}
