/* query.c - ticket filters and PCRE2 search. */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/labels.h"
#include "sss/query.h"
#include "sss/sla.h"
#include "sss/strbuf.h"
#include "sss/ticket.h"

static const char *const fields[SSS_QUERY_FIELDS] = { "status", "kind", "sow", "assignee",
						       "priority" };

static bool in_set(const char *const *set, const char *v)
{
	for (size_t i = 0; set[i]; i++)
		if (!strcmp(set[i], v))
			return true;
	return false;
}

struct sss_error *sss_query_add(struct sss_query *q, const char *field,
				const char *values)
{
	int f = -1;
	for (int i = 0; i < SSS_QUERY_FIELDS; i++)
		if (!strcmp(fields[i], field))
			f = i;
	if (f < 0)
		return sss_error_one_line(sss_error(
		    SSS_ERR_USAGE, "cannot filter on '%s'", field));
	const char *p = values;
	for (;;) {
		size_t n = strcspn(p, ",");
		if (n == 0)
			return sss_error_one_line(
			    sss_error(SSS_ERR_USAGE, "empty value in --%s '%s'",
				      field, values));
		char *v = xstrndup(p, n);
		const char *const *set = f == 0 ? sss_statuses : f == 1 ? sss_kinds
				       : f == 4 ? sss_priorities : NULL;
		/* 対応中, 高, 障害: the Japanese labels name the same values */
		const char *canon = set ? sss_label_value(field, v) : NULL;
		if (canon) {
			free(v);
			v = xstrdup(canon);
		}
		if (set && !in_set(set, v)) {
			struct strbuf all = STRBUF_INIT;
			for (size_t i = 0; set[i]; i++)
				strbuf_addf(&all, "%s%s", i ? ", " : "", set[i]);
			strbuf_addstr(&all, " or");
			for (size_t i = 0; set[i]; i++)
				strbuf_addf(&all, "%s%s", i ? ", " : " ",
					    sss_label_of(field, set[i]));
			struct sss_error *err = sss_error(SSS_ERR_USAGE,
				"unknown %s '%s' (use %s)", field, v, all.buf);
			strbuf_release(&all);
			free(v);
			return sss_error_one_line(err);
		}
		SSS_GROW(q->values[f], q->alloc[f], q->count[f] + 1);
		q->values[f][q->count[f]++] = v;
		if (!p[n])
			break;
		p += n + 1;
	}
	return NULL;
}

struct sss_error *sss_query_add_sla(struct sss_query *q, const char *values)
{
	const char *p = values;
	for (;;) {
		size_t n = strcspn(p, ",");
		char *v = xstrndup(p, n);
		int st = sss_sla_state_parse(v);
		if (st < 0) {
			struct strbuf all = STRBUF_INIT;
			for (int i = 0; i < SSS_SLA_NSTATES; i++)
				strbuf_addf(&all, "%s%s", i ? ", " : "",
					    sss_sla_state_name(i));
			struct sss_error *err = sss_error(SSS_ERR_USAGE,
				"unknown service-level state '%s' in --sla (use %s)",
				v, all.buf);
			strbuf_release(&all);
			free(v);
			return sss_error_one_line(err);
		}
		free(v);
		q->sla |= 1u << st;
		if (!p[n])
			break;
		p += n + 1;
	}
	return NULL;
}

bool sss_query_match_sla(const struct sss_query *q, const struct sss_sla *s)
{
	if (!q->sla)
		return true;
	if (!s)
		return false;
	return (s->response.set && (q->sla & (1u << s->response.state))) ||
	       (s->resolve.set && (q->sla & (1u << s->resolve.state)));
}

static bool any_of(char *const *vals, size_t n, const char *v)
{
	if (!n)
		return true;
	if (!v)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!strcmp(vals[i], v))
			return true;
	return false;
}

bool sss_query_match(const struct sss_query *q, const struct sss_ticket *t)
{
	const char *status = sss_ticket_get(t, "status");
	bool done = status && sss_status_is_done(status);
	/* resolved work waits for confirmation: it stays in the default view */
	bool finished = status && (!strcmp(status, "closed") || !strcmp(status, "cancelled"));
	if (!q->all && !q->count[0] && finished)
		return false;
	for (int f = 0; f < SSS_QUERY_FIELDS; f++)
		if (!any_of(q->values[f], q->count[f], sss_ticket_get(t, fields[f])))
			return false;
	if (q->overdue) {
		const char *due = sss_ticket_get(t, "due");
		sss_date d;
		if (done || !due || sss_date_parse(due, &d) < 0 || d >= q->today)
			return false;
	}
	return true;
}

void sss_query_release(struct sss_query *q)
{
	for (int f = 0; f < SSS_QUERY_FIELDS; f++) {
		for (size_t i = 0; i < q->count[f]; i++)
			free(q->values[f][i]);
		free(q->values[f]);
		q->values[f] = NULL;
		q->count[f] = q->alloc[f] = 0;
	}
}

struct sss_regex {
	pcre2_code *code;
	pcre2_match_data *md;
	pcre2_match_context *mc;
};

struct sss_error *sss_regex_compile(struct sss_regex **out, const char *pattern,
				    bool caseless)
{
	int errcode;
	PCRE2_SIZE off;
	struct sss_regex *re = xcalloc(1, sizeof(*re));
	uint32_t flags = PCRE2_UTF | PCRE2_UCP | PCRE2_MULTILINE |
			 (caseless ? PCRE2_CASELESS : 0);

	*out = NULL;
	re->code = pcre2_compile((PCRE2_SPTR)pattern, PCRE2_ZERO_TERMINATED, flags,
				 &errcode, &off, NULL);
	if (!re->code) {
		PCRE2_UCHAR msg[256];
		pcre2_get_error_message(errcode, msg, sizeof(msg));
		free(re);
		return sss_error_one_line(
		    sss_error(SSS_ERR_USAGE, "bad pattern '%s' at offset %zu: %s",
			      pattern, (size_t)off, (char *)msg));
	}
	/* JIT is an optimisation; without it (no executable memory) we match
	 * with the interpreter, under the same limits */
	pcre2_jit_compile(re->code, PCRE2_JIT_COMPLETE);
	re->md = pcre2_match_data_create_from_pattern(re->code, NULL);
	re->mc = pcre2_match_context_create(NULL);
	pcre2_set_match_limit(re->mc, SSS_REGEX_MATCH_LIMIT);
	pcre2_set_depth_limit(re->mc, SSS_REGEX_DEPTH_LIMIT);
	*out = re;
	return NULL;
}

static struct sss_error *regex_match(const struct sss_regex *re, const char *s,
				     size_t len, uint32_t options, bool *matched)
{
	int rc = pcre2_match(re->code, (PCRE2_SPTR)s, len, 0, options, re->md,
			     re->mc);
	*matched = rc >= 0;
	if (rc >= 0 || rc == PCRE2_ERROR_NOMATCH)
		return NULL;
	if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
	    rc == PCRE2_ERROR_JIT_STACKLIMIT)
		return sss_error(SSS_ERR_LIMIT,
				 "the pattern is too costly (match limit %d reached); simplify it",
				 SSS_REGEX_MATCH_LIMIT);
	PCRE2_UCHAR msg[256];
	pcre2_get_error_message(rc, msg, sizeof(msg));
	return sss_error(SSS_ERR_INVALID, "pattern match failed: %s", (char *)msg);
}

struct sss_error *sss_regex_match(const struct sss_regex *re, const char *s,
				  size_t len, bool *matched)
{
	return regex_match(re, s, len, 0, matched);
}

struct sss_error *sss_regex_match_valid(const struct sss_regex *re,
					const char *s, size_t len,
					bool *matched)
{
	return regex_match(re, s, len, PCRE2_NO_UTF_CHECK, matched);
}

void sss_regex_free(struct sss_regex *re)
{
	if (!re)
		return;
	pcre2_match_data_free(re->md);
	pcre2_match_context_free(re->mc);
	pcre2_code_free(re->code);
	free(re);
}
