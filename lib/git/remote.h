/* remote.h - talking to a remote (private to lib/git/): the callbacks
 * libgit2 needs for fetch, push and clone over a local path, file://,
 * ssh and https: credentials, the check of the server's host key or
 * certificate, and progress on a terminal.
 *
 *	struct sss_remote_auth a;
 *	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
 *	sss_remote_auth_init(&a, repo, url, progress);
 *	sss_remote_auth_callbacks(&a, &fo.callbacks);
 *	if (git_remote_fetch(remote, NULL, &fo, NULL) < 0)
 *		err = sss_remote_auth_fail(&a, "cannot fetch from 'origin'");
 *	sss_remote_auth_release(&a);
 */
#ifndef SSS_GIT_REMOTE_H
#define SSS_GIT_REMOTE_H

#include <stdbool.h>

#include <git2.h>

#include "sss/strbuf.h"

struct sss_error;

struct sss_remote_auth {
	git_repository *repo; /* its config names keys and helpers */
	char *url;            /* the remote's URL, for messages */
	bool progress;        /* report transfer progress on stderr */
	int attempts;         /* credential callback calls so far */
	/* why this side refused the connection (a host key that is not in
	 * ~/.ssh/known_hosts, no credentials to offer), "" when it did not */
	struct strbuf reason;
	/* progress state */
	unsigned last_percent;
	bool progress_shown;
};

/* Set a up for one operation on url (repo may be NULL for a clone). */
void sss_remote_auth_init(struct sss_remote_auth *a, git_repository *repo,
			  const char *url, bool progress);
/* Fill cb's callbacks and payload with a's. */
void sss_remote_auth_callbacks(struct sss_remote_auth *a,
			       git_remote_callbacks *cb);
/* The error for a failed libgit2 remote operation: what, then a's reason
 * when it has one, else libgit2's message. Ends a progress line. */
struct sss_error *sss_remote_auth_fail(struct sss_remote_auth *a,
				       const char *what);
/* Free what a holds (ending a progress line that was shown). */
void sss_remote_auth_release(struct sss_remote_auth *a);

#endif
