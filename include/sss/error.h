/* error.h - the one error type of libsss.
 *
 * Functions that can fail return `struct sss_error *`: NULL on success,
 * otherwise an error the caller owns and frees with sss_error_free().
 * Messages follow git's style: lowercase, the subject quoted, no trailing
 * period, with file and line where that helps.
 */
#ifndef SSS_ERROR_H
#define SSS_ERROR_H

enum sss_errcode {
	SSS_ERR_NOMEM = 1,
	SSS_ERR_USAGE,     /* bad command-line use: exit status 2 */
	SSS_ERR_IO,        /* file system */
	SSS_ERR_PARSE,     /* a file that cannot be parsed */
	SSS_ERR_INVALID,   /* a value that is parsed but not allowed */
	SSS_ERR_NOTFOUND,  /* no such ticket, key, repository */
	SSS_ERR_AMBIGUOUS, /* an ID prefix that names several tickets */
	SSS_ERR_EXISTS,    /* something already there */
	SSS_ERR_LOCKED,    /* another sssctl holds the lock */
	SSS_ERR_GIT,       /* libgit2 failure */
	SSS_ERR_LIMIT,     /* a resource limit was hit */
	SSS_ERR_CONFLICT,  /* the working tree disagrees with HEAD */
};

struct sss_error {
	enum sss_errcode code;
	char *msg;
};

/* Make an error with a printf-style message. Never returns NULL: on
 * allocation failure it returns a static out-of-memory error. */
struct sss_error *sss_error(enum sss_errcode code, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Put "<prefix>: " in front of err's message and return err (NULL stays
 * NULL). Use it to add context at a boundary. */
struct sss_error *sss_error_prefix(struct sss_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Free an error; NULL and the static errors are ignored. */
void sss_error_free(struct sss_error *err);

/* Make err's message one line: line breaks from quoted input (a key or
 * an argument with "\n" in it) become visible "\n" escapes, so that
 * every error prints as a single "sssctl: error:" line. Returns err (NULL
 * stays NULL). */
struct sss_error *sss_error_one_line(struct sss_error *err);

#endif
