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
 *
 * ssh: the user is the URL's (default "git"); the keys offered, each at
 * most once: ssh-agent's when SSH_AUTH_SOCK is set, then the key file
 * named by git config sssctl.sshKey, or else ~/.ssh/id_ed25519,
 * id_ecdsa and id_rsa, those that exist (a key that needs a passphrase
 * is skipped: it must be in ssh-agent). The server's host key must be in
 * ~/.ssh/known_hosts or /etc/ssh/ssh_known_hosts (known_hosts.h): an
 * unknown, changed or revoked key is refused, saying which.
 *
 * https: the server's certificate is checked by libgit2 against the
 * system's CA bundle, or the file named by GIT_SSL_CAINFO, git config
 * http.sslCAInfo or SSL_CERT_FILE (in that order; libgit2 reads none of
 * them itself, and Debian's is built with mbedTLS, which ignores
 * SSL_CERT_FILE), and the directory GIT_SSL_CAPATH, http.sslCAPath or
 * SSL_CERT_DIR. A certificate that does not verify is refused.
 * Credentials: SSSCTL_TOKEN, sent as the password of the URL's user or
 * "sssctl", else `git credential fill` (git's credential helpers, or its
 * prompt on a terminal); those are approved after an operation that
 * worked and rejected when the server refuses them. One try each: a
 * refused password ends the operation with "authentication failed for
 * <url>".
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
	int stage;            /* what the progress line shows (remote.c) */
	/* ssh: the next key to offer (0: ssh-agent, 1.. key files) */
	int ssh_next;
	struct strbuf tried;  /* the keys offered so far, for the message */
	/* https: what was offered, to approve or reject */
	bool token_sent;
	bool helper_asked;
	char *helper_user, *helper_pass; /* from `git credential fill` */
	bool failed;          /* sss_remote_auth_fail() was called */
};

/* Set a up for one operation on url (repo may be NULL for a clone: then
 * git's global configuration is read). For https it also points libgit2
 * at the CA certificates named as above (a process-wide setting). */
void sss_remote_auth_init(struct sss_remote_auth *a, git_repository *repo,
			  const char *url, bool progress);
/* Fill cb's callbacks and payload with a's. */
void sss_remote_auth_callbacks(struct sss_remote_auth *a,
			       git_remote_callbacks *cb);
/* Fill p so that the connection goes through the proxy git would use:
 * remote.<name>.proxy, http.proxy, else https_proxy / http_proxy from
 * the environment (libgit2's GIT_PROXY_AUTO; no_proxy is honoured). */
void sss_remote_auth_proxy(struct sss_remote_auth *a, git_proxy_options *p);
/* The error for a failed libgit2 remote operation: what, then a's reason
 * when it has one, else libgit2's message. Ends a progress line. */
struct sss_error *sss_remote_auth_fail(struct sss_remote_auth *a,
				       const char *what);
/* Free what a holds (ending a progress line that was shown). After an
 * operation that did not fail, credentials from git's helper are
 * approved (`git credential approve`). */
void sss_remote_auth_release(struct sss_remote_auth *a);

/* The parts of a remote URL: scheme://[user[:pass]@]host[:port]/path or
 * scp-like [user@]host:path (scheme "ssh"); a local path or file:// has
 * scheme "file" and no host. Each string is owned by the struct. */
struct sss_remote_url {
	char scheme[16]; /* "ssh", "https", "http", "file", "git" */
	char *user;      /* NULL when the URL names none */
	char *host;      /* without brackets around an IPv6 address */
	int port;        /* 0: the scheme's default */
	char *path;      /* without the leading '/' of an URL */
};
/* Split url into u. Returns 0, or -1 for an URL it cannot read (u is
 * then empty). */
int sss_remote_url_parse(struct sss_remote_url *u, const char *url);
void sss_remote_url_release(struct sss_remote_url *u);
/* Append url with any password in it left out ("https://user@host/..."),
 * for messages. */
void sss_remote_url_shown(struct strbuf *out, const char *url);

#endif
