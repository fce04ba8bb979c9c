/* i18n.c - gettext for sssctl's messages (see i18n.h). */
#include <libintl.h>
#include <locale.h>
#include <stdlib.h>

#include "sss/i18n.h"

void sss_i18n_init(const char *localedir)
{
	const char *dir = getenv("SSSCTL_LOCALEDIR");

	/* only these two: LC_NUMERIC and LC_TIME would change how numbers
	 * and dates print, LC_COLLATE the sort orders */
	setlocale(LC_CTYPE, "");
	setlocale(LC_MESSAGES, "");
	bindtextdomain(SSS_TEXTDOMAIN, dir && *dir ? dir : localedir);
	/* tickets, titles and reports are UTF-8 whatever the locale's
	 * character set: the messages that quote them are too */
	bind_textdomain_codeset(SSS_TEXTDOMAIN, "UTF-8");
	textdomain(SSS_TEXTDOMAIN);
}

const char *sss_gettext(const char *msgid)
{
	/* "" is the catalog's header entry, never a message */
	if (!msgid || !*msgid)
		return msgid;
	return dgettext(SSS_TEXTDOMAIN, msgid);
}
