/* remote.c - the callbacks of remote operations (remote.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sss/alloc.h"
#include "sss/error.h"

#include "git_priv.h"
#include "remote.h"

void sss_remote_auth_init(struct sss_remote_auth *a, git_repository *repo,
			  const char *url, bool progress)
{
	memset(a, 0, sizeof(*a));
	a->repo = repo;
	a->url = xstrdup(url ? url : "");
	a->progress = progress;
	strbuf_init(&a->reason, 0);
}

void sss_remote_auth_callbacks(struct sss_remote_auth *a,
			       git_remote_callbacks *cb)
{
	cb->payload = a;
}

struct sss_error *sss_remote_auth_fail(struct sss_remote_auth *a,
				       const char *what)
{
	if (a->reason.len) {
		git_error_clear();
		return sss_error(SSS_ERR_IO, "%s: %s", what, a->reason.buf);
	}
	return sss_git_fail(what);
}

void sss_remote_auth_release(struct sss_remote_auth *a)
{
	free(a->url);
	a->url = NULL;
	strbuf_release(&a->reason);
}
