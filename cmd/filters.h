/* filters.h - the ticket filters that list and export share: one set of
 * options filling one struct sss_query (query.h), so that the two
 * commands select the same tickets from the same words. */
#ifndef SSS_CMD_FILTERS_H
#define SSS_CMD_FILTERS_H

#include "options.h"

struct sss_query;

/* The filter options into the struct sss_query at q, for a command's
 * option table: --status, --kind, --sow, --assignee, --overdue (the
 * synopsis starts a new line there), --sla, --all. */
#define OPT_FILTERS(q)                                                        \
	OPT_CALLBACK(0, "status", (q), "S[,S...]", 0, cmd_filter_option,     \
		     "status"),                                               \
	OPT_CALLBACK(0, "kind", (q), "K", 0, cmd_filter_option, "kind"),     \
	OPT_CALLBACK(0, "priority", (q), "P", 0, cmd_filter_option,          \
		     "priority"),                                             \
	OPT_CALLBACK(0, "sow", (q), "KEY", 0, cmd_filter_option, "sow"),     \
	OPT_CALLBACK(0, "assignee", (q), "NAME", 0, cmd_filter_option,       \
		     "assignee"),                                             \
	OPT_BOOL(0, "overdue", &(q)->overdue, CMD_OPT_BREAK),                 \
	OPT_CALLBACK(0, "sla", (q), "STATE[,STATE...]", 0, cmd_sla_option,   \
		     NULL),                                                   \
	OPT_BOOL(0, "all", &(q)->all, 0)

/* --status, --kind, --priority, --sow, --assignee: values for the field opt->defval
 * of the query opt->value. */
struct sss_error *cmd_filter_option(struct sss_ctx *ctx,
				    const struct cmd_option *opt,
				    const char *arg);
/* --sla at-risk,breached: states of the service levels. */
struct sss_error *cmd_sla_option(struct sss_ctx *ctx,
				 const struct cmd_option *opt, const char *arg);
/* What follows from the options once they are all parsed: --sla met or
 * missed (finished tickets' states) looks at finished tickets too. */
void cmd_filters_done(struct sss_query *q);

#endif
