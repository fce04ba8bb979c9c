/* id.h - ticket IDs and the paths that follow from them.
 *
 * Hand-made tickets: "YYMM-TTTTRR": the local year and month of creation,
 * then six Crockford base32 characters (no I, L, O, U): TTTT counts
 * 2.56-second steps since the month began (so IDs sort by creation time),
 * RR is 10 random bits (so two clones working offline do not mint the
 * same ID: they would have to create a ticket within the same 2.56 s and
 * draw the same 1-in-1024 number; a local clash is seen and redrawn, and
 * `sync` repairs the rest). The file is tickets/20YY/MM/<id>.md.
 *
 * Recurring tickets: "r-<key>[-<instance>]-<period>" in lowercase, e.g.
 * r-routine-check-2026-11, r-version-up-apexone-fy2026, derived from the
 * recurrence key alone; the file is under the year and month in which the
 * period starts.
 */
#ifndef SSS_ID_H
#define SSS_ID_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

struct strbuf;
struct sss_error;
struct sss_period;

#define SSS_ID_MAX 100

/* Mint a hand-made ID for local time t with 10 random bits (rnd). */
void sss_id_mint(struct strbuf *out, time_t t, uint32_t rnd);
/* 10 random bits from the kernel. */
uint32_t sss_id_random(void);
/* Append the recurring ID of key[/instance]@period (instance may be NULL). */
void sss_id_recurring(struct strbuf *out, const char *key,
		      const char *instance, struct sss_period p);
/* True when id is a whole, valid ID of either kind: "YYMM-" and six
 * Crockford base32 characters, or "r-" + lowercase [a-z0-9-] without "--"
 * ending in a period ("-2026-11", "-2026-w48", "-fy2026h1", "-fy2026"),
 * at most SSS_ID_MAX characters. */
bool sss_id_valid(const char *id);
/* True when s could be (a prefix of) an ID: [0-9A-Za-z-], 1..SSS_ID_MAX
 * characters, not starting with '-'. Nothing else reaches the file system. */
bool sss_id_is_prefix_syntax(const char *s);
/* Upper-case hand-made IDs, lower-case recurring ones (IDs are matched
 * without regard to case). Returns a new string. */
char *sss_id_canonical(const char *s);
/* Append the repository-relative path of a full ID; fails for strings
 * that are not IDs. fy_start places fiscal periods. */
struct sss_error *sss_id_path(struct strbuf *out, const char *id, int fy_start);

#endif
