/* i18n.h - the messages in the person's language (gettext, text domain
 * "sssctl").
 *
 * English is the default and the msgid: a message is written in English in
 * the source and looked up at the moment it is printed or made into an
 * error (sss_error() and sss_error_prefix() translate their format).
 * Japanese comes from po/ja.po, built into LOCALEDIR/ja/LC_MESSAGES/
 * sssctl.mo. Only messages for people are translated: ticket content,
 * reports, JSON/TSV, commit messages and trailers, the work-log format and
 * the "sssctl: error:" / "sssctl: warning:" prefixes stay as they are.
 */
#ifndef SSS_I18N_H
#define SSS_I18N_H

/* The text domain of every sssctl message. */
#define SSS_TEXTDOMAIN "sssctl"

/* Take the language from the environment (LC_ALL, LC_MESSAGES, LANG and
 * LANGUAGE, as gettext reads them; LC_CTYPE for the character set) and
 * find the catalog in localedir (SSSCTL_LOCALEDIR overrides it, for a
 * build tree). LC_NUMERIC, LC_TIME and the rest stay "C": numbers and
 * dates read and print the same in every language. Messages are always
 * UTF-8, as everything else sssctl prints. Called once, by main, before
 * any thread starts. */
void sss_i18n_init(const char *localedir);

/* The translation of msgid (a static string, not to be freed), or msgid
 * itself: when there is no catalog, no translation, or msgid is "". */
const char *sss_gettext(const char *msgid) __attribute__((format_arg(1)));

/* _("text"): translated where it is used. N_("text"): only marked for
 * xgettext, in a table; translated with _() where it is printed. */
#define _(s) sss_gettext(s)
#define N_(s) s

#endif
