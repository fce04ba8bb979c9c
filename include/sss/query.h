/* query.h - ticket filters (list, due, report) and the PCRE2 search. */
#ifndef SSS_QUERY_H
#define SSS_QUERY_H

#include <stdbool.h>
#include <stddef.h>

#include "sss/date.h"

struct sss_error;
struct sss_sla;
struct sss_ticket;

/* A filter: every set criterion must hold; a criterion given several
 * values ("open,waiting") holds when any value does. */
#define SSS_QUERY_FIELDS 5
struct sss_query {
	char **values[SSS_QUERY_FIELDS]; /* status, kind, sow, assignee, priority */
	size_t count[SSS_QUERY_FIELDS];
	size_t alloc[SSS_QUERY_FIELDS];
	bool all;         /* include finished tickets (closed, cancelled) */
	bool overdue;     /* due before today and not finished */
	sss_date today;
	unsigned sla;     /* --sla: bits 1 << enum sss_sla_state; 0: any */
};

#define SSS_QUERY_INIT { { NULL }, { 0 }, { 0 }, false, false, 0, 0 }

/* Add "field=v1,v2" style values for field status, kind, sow, assignee
 * or priority. Statuses, kinds and priorities are checked against the
 * fixed sets, and may be given by their Japanese labels (labels.h). */
struct sss_error *sss_query_add(struct sss_query *q, const char *field,
				const char *values);
/* Add the service-level states of a comma list ("at-risk,breached")
 * to q->sla; an unknown state is a usage error naming the ones known. */
struct sss_error *sss_query_add_sla(struct sss_query *q, const char *values);
/* True when q has no --sla filter or one of s's clocks (s NULL: a
 * ticket without figures) is in a state it names. */
bool sss_query_match_sla(const struct sss_query *q, const struct sss_sla *s);
/* True when t meets every criterion of q. */
bool sss_query_match(const struct sss_query *q, const struct sss_ticket *t);
/* Free the values q holds (q itself is the caller's). */
void sss_query_release(struct sss_query *q);

/* A compiled PCRE2 pattern (UTF, Unicode properties, JIT when available,
 * a match limit against runaway patterns). */
struct sss_regex;
/* Compile pattern into *out, owned by the caller (sss_regex_free, which
 * takes NULL too); a bad pattern is an error naming where it fails. */
struct sss_error *sss_regex_compile(struct sss_regex **out, const char *pattern,
				    bool caseless);
/* 1 on a match, 0 on none; a hit match limit is an error. */
struct sss_error *sss_regex_match(const struct sss_regex *re, const char *s,
				  size_t len, bool *matched);
/* sss_regex_match() for text the caller knows is valid UTF-8 (it passed
 * sss_utf8_check(), as every parsed ticket's text has): PCRE2 does not
 * check it again, which was most of the time of matching one ticket. */
struct sss_error *sss_regex_match_valid(const struct sss_regex *re,
					const char *s, size_t len,
					bool *matched);
void sss_regex_free(struct sss_regex *re);

#define SSS_REGEX_MATCH_LIMIT 1000000
#define SSS_REGEX_DEPTH_LIMIT 10000

#endif
