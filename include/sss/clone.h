/* clone.h - making a clone of a shared data repository (lib/git/clone.c):
 * `sssctl clone URL [DIR]`. The transports and their credentials are
 * lib/git/remote.h's (a local path, file://, ssh, https).
 */
#ifndef SSS_CLONE_H
#define SSS_CLONE_H

#include <stdbool.h>

struct sss_error;
struct strbuf;

/* The directory git would clone url into: the last component of its path
 * without a trailing "/", "/.git" or ".git" ("ssh://host/srv/team.git"
 * -> "team"), or the host when the path is empty. NULL when url names
 * none ("/", "host:"). Caller frees. */
char *sss_clone_dir_for(const char *url);

/* Append url with any password in it left out ("https://user@host/..."),
 * for messages. */
void sss_clone_url_shown(struct strbuf *out, const char *url);

/* Clone url into dir, which must not exist or be an empty directory, and
 * set the ticket merge driver in its .git/config
 * (sss_repo_merge_driver_setup()). Transfer progress goes to stderr when
 * progress. A repository without .sss/config.yml is refused as not a
 * sssctl data repository. On any failure what the clone made is removed
 * (an empty dir that was there stays, empty), and the error says why. */
struct sss_error *sss_repo_clone(const char *url, const char *dir,
				 bool progress);

#endif
