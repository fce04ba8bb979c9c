/* filters.c - the ticket filter options of list and export (filters.h). */
#include "filters.h"
#include "sss/query.h"
#include "sss/sla.h"

struct sss_error *cmd_filter_option(struct sss_ctx *ctx,
				    const struct cmd_option *opt,
				    const char *arg)
{
	(void)ctx;
	return sss_query_add(opt->value, opt->defval, arg);
}

struct sss_error *cmd_sla_option(struct sss_ctx *ctx,
				 const struct cmd_option *opt, const char *arg)
{
	(void)ctx;
	return sss_query_add_sla(opt->value, arg);
}

void cmd_filters_done(struct sss_query *q)
{
	if (q->sla & ((1u << SSS_SLA_MET) | (1u << SSS_SLA_MISSED)))
		q->all = true;
}
