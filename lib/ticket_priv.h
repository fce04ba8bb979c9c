/* ticket_priv.h - the ticket's layout, shared by the ticket model's files
 * (ticket.c, ticket_load.c, ticket_write.c, ticket_body.c), and front
 * matter splitting (frontmatter.c), shared with the tests; not part of
 * the public API. */
#ifndef SSS_TICKET_PRIV_H
#define SSS_TICKET_PRIV_H

#include <stdbool.h>
#include <stddef.h>

struct sss_error;
struct sss_node;

/* ---- the ticket --------------------------------------------------------- */

/* The scalar fields, indexes into sss_ticket_fields[]. */
enum field {
	F_ID,
	F_TITLE,
	F_SOW,
	F_KIND,
	F_STATUS,
	F_PRIORITY,
	F_ASSIGNEE,
	F_REQUESTER,
	F_MESSAGE_ID,
	F_CREATED,
	F_UPDATED,
	F_DUE,
	F_ESTIMATE,
	F_CLOSED,
	F_RECURRENCE,
	NFIELDS
};

struct link {
	char *rel;
	char *id;
};

struct strlist {
	char **v;
	size_t len, alloc;
};

struct sss_ticket {
	char *path;		 /* in strs when made by sss_ticket_new_loaded */
	char *field[NFIELDS];
	unsigned in_strs;	 /* bit f: field[f] lies in strs, not malloc'd */
	struct sss_node *params; /* MAP of scalars; never NULL */
	struct link *links;
	size_t nlinks, links_alloc;
	struct strlist tags, docs;
	struct sss_node *extra; /* MAP; never NULL */
	char *body;		/* never NULL */
	/* A loaded ticket's strings: free bytes [strs, strs_end) at the
	 * end of the ticket's own allocation (see sss_ticket_new_loaded). */
	char *strs, *strs_end;
};

/* SSS_TICKET_SCALARS, NULL-terminated: the name of each enum field. */
extern const char *const sss_ticket_fields[];

/* The enum field named name, or -1 (also for NULL). */
int sss_ticket_field_index(const char *name);
/* True for the fields every ticket has: id, title, status, created. */
bool sss_ticket_field_required(int f);
/* sss_ticket_set for field f, known already (field its name). When
 * owned is not NULL it is value, malloc'd, and the ticket takes it
 * (*owned becomes NULL) instead of a copy. */
struct sss_error *sss_ticket_set_field(struct sss_ticket *t, int f,
				       const char *field, const char *value,
				       char **owned);
/* A ticket for the loader, with room for strings bytes of field values
 * beside it (one allocation) and path copied there; its body is NULL
 * until the loader sets it. Free it with sss_ticket_free. */
struct sss_ticket *sss_ticket_new_loaded(const char *path, size_t strings);
/* sss_ticket_set_field for the loader: value checked, then copied into
 * t's room for strings while it lasts (else malloc'd). */
struct sss_error *sss_ticket_load_field(struct sss_ticket *t, int f,
					const char *field, const char *value);
/* Append a copy of s to l. */
void sss_strlist_add(struct strlist *l, const char *s);

/* sss_ticket_parse, with the YAML fast path (fast) or libyaml alone:
 * both must give the same ticket (the unit tests compare them). */
struct sss_error *sss_ticket_parse_with(struct sss_ticket **out,
					const char *buf, size_t len,
					const char *path, bool fast);

/* Where section "## <name>" lies in t's body: its first line at
 * body + *start, up to (not including) the next heading at body + *end;
 * false when there is none (the work log's reader, worklog.c). */
bool sss_ticket_section_span(const struct sss_ticket *t, const char *name,
			     size_t *start, size_t *end);

/* ---- front matter ------------------------------------------------------- */

/* A ticket file cut in two. Both parts point into the text given to
 * sss_frontmatter_split. */
struct sss_frontmatter {
	const char *yaml; /* the lines between the two "---" lines */
	size_t yaml_len;
	int yaml_line;	  /* file line of yaml's first line (2) */
	const char *body; /* everything after the closing "---" line */
	size_t body_len;
};

/* Copy buf[0..len) into a new NUL-terminated *text (caller frees), drop a
 * UTF-8 BOM, turn CRLF into LF, and refuse files over SSS_TICKET_MAX_FILE,
 * NUL bytes and invalid UTF-8 with "'<path>' line N: ..." messages. */
struct sss_error *sss_frontmatter_text(char **text, size_t *text_len,
				       const char *buf, size_t len,
				       const char *path);
/* The same for a malloc'd buf of len + 1 bytes or more, which it takes:
 * normalised in place and handed back as *text (freed on error). */
struct sss_error *sss_frontmatter_text_take(char **text, size_t *text_len,
					    char *buf, size_t len,
					    const char *path);

/* Split normalised text: it must start with a "---" line and the front
 * matter (at most SSS_TICKET_MAX_FRONTMATTER bytes) must end with another
 * "---" line. Trailing blanks after the dashes are allowed. */
struct sss_error *sss_frontmatter_split(struct sss_frontmatter *fm,
					const char *text, size_t len,
					const char *path);

#endif
