/* remote.c - the callbacks of remote operations (remote.h): credentials
 * for ssh and https, the host key and certificate checks, progress. */
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <spawn.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/i18n.h"

#include "git_priv.h"
#include "known_hosts.h"
#include "remote.h"

extern char **environ;

/* The default keys, in the order OpenSSH offers them. */
static const char *const default_keys[] = { "id_ed25519", "id_ecdsa",
					    "id_rsa" };
#define N_DEFAULT_KEYS (sizeof(default_keys) / sizeof(default_keys[0]))

/* More calls than any one operation needs (an ssh-agent, a few keys, one
 * password): a bug or a server that keeps asking ends here. */
#define MAX_ATTEMPTS 12

/* ---- URLs ---------------------------------------------------------------- */

static bool has_scheme(const char *url, const char **rest)
{
	const char *p = strstr(url, "://");
	if (!p || p == url)
		return false;
	for (const char *q = url; q < p; q++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz+-.", *q))
			return false;
	*rest = p + 3;
	return true;
}

/* host[:port] of an authority (after any user@), brackets for IPv6. */
static int parse_hostport(struct sss_remote_url *u, const char *s, size_t n)
{
	const char *end = s + n, *colon;

	if (n && *s == '[') {
		const char *rb = memchr(s, ']', n);
		if (!rb)
			return -1;
		u->host = xstrndup(s + 1, (size_t)(rb - s - 1));
		colon = rb + 1 < end && rb[1] == ':' ? rb + 1 : NULL;
	} else {
		colon = memchr(s, ':', n);
		u->host = xstrndup(s, (size_t)((colon ? colon : end) - s));
	}
	if (colon && colon + 1 < end) {
		char *e;
		long port = strtol(colon + 1, &e, 10);
		if (e != end || port <= 0 || port > 65535)
			return -1;
		u->port = (int)port;
	}
	return *u->host ? 0 : -1;
}

int sss_remote_url_parse(struct sss_remote_url *u, const char *url)
{
	const char *rest, *slash, *at, *colon;

	memset(u, 0, sizeof(*u));
	if (has_scheme(url, &rest)) {
		size_t n = (size_t)(rest - 3 - url);
		if (n >= sizeof(u->scheme))
			goto bad;
		memcpy(u->scheme, url, n);
		u->scheme[n] = '\0';
		if (!strcmp(u->scheme, "ssh+git") || !strcmp(u->scheme, "git+ssh"))
			strcpy(u->scheme, "ssh");
		if (!strcmp(u->scheme, "file")) {
			u->path = xstrdup(rest);
			return 0;
		}
		slash = strchr(rest, '/');
		if (!slash)
			slash = rest + strlen(rest);
		at = memchr(rest, '@', (size_t)(slash - rest));
		if (at) {
			colon = memchr(rest, ':', (size_t)(at - rest));
			u->user = xstrndup(rest, (size_t)((colon ? colon : at) - rest));
			rest = at + 1;
		}
		if (parse_hostport(u, rest, (size_t)(slash - rest)))
			goto bad;
		u->path = xstrdup(*slash ? slash + 1 : "");
		return 0;
	}
	/* scp-like: a colon before any slash */
	colon = strchr(url, ':');
	slash = strchr(url, '/');
	if (colon && (!slash || colon < slash) && colon != url) {
		strcpy(u->scheme, "ssh");
		at = memchr(url, '@', (size_t)(colon - url));
		if (at)
			u->user = xstrndup(url, (size_t)(at - url));
		u->host = xstrndup(at ? at + 1 : url,
				   (size_t)(colon - (at ? at + 1 : url)));
		u->path = xstrdup(colon + 1);
		if (!*u->host)
			goto bad;
		return 0;
	}
	strcpy(u->scheme, "file");
	u->path = xstrdup(url);
	return 0;
bad:
	sss_remote_url_release(u);
	return -1;
}

void sss_remote_url_release(struct sss_remote_url *u)
{
	free(u->user);
	free(u->host);
	free(u->path);
	memset(u, 0, sizeof(*u));
}

void sss_remote_url_shown(struct strbuf *out, const char *url)
{
	const char *p = strstr(url, "://"), *slash, *at, *colon;

	if (!p) {
		strbuf_addstr(out, url);
		return;
	}
	p += 3;
	slash = strchr(p, '/');
	if (!slash)
		slash = p + strlen(p);
	at = memchr(p, '@', (size_t)(slash - p));
	colon = at ? memchr(p, ':', (size_t)(at - p)) : NULL;
	if (!colon) {
		strbuf_addstr(out, url);
		return;
	}
	strbuf_add(out, url, (size_t)(colon - url));
	strbuf_addstr(out, at);
}

/* ---- configuration ------------------------------------------------------- */

/* The config snapshot of a's repository, or git's global one for a
 * clone; NULL when none can be read. Caller frees. */
static git_config *auth_config(struct sss_remote_auth *a)
{
	git_config *cfg = NULL, *snap = NULL;

	if (a->repo) {
		if (git_repository_config_snapshot(&snap, a->repo) < 0)
			snap = NULL;
	} else if (git_config_open_default(&cfg) == 0) {
		if (git_config_snapshot(&snap, cfg) < 0)
			snap = NULL;
		git_config_free(cfg);
	}
	git_error_clear();
	return snap;
}

/* A path-valued setting (with ~/ expanded) into out; false when unset. */
static bool config_path(git_config *cfg, const char *name, struct strbuf *out)
{
	git_buf buf = { 0 };
	bool ok = cfg && git_config_get_path(&buf, cfg, name) == 0 && buf.size;

	if (ok)
		strbuf_addstr(out, buf.ptr);
	git_buf_dispose(&buf);
	git_error_clear();
	return ok;
}

static const char *home_dir(void)
{
	const char *h = getenv("HOME");
	struct passwd *pw;

	if (h && *h)
		return h;
	pw = getpwuid(getuid());
	return pw && pw->pw_dir ? pw->pw_dir : "/";
}

/* The first of: the environment variable env, the config key, the
 * environment variable fallback, into out; returns the name of the one
 * that was set, or NULL. */
static const char *ca_setting(git_config *cfg, const char *env,
			      const char *key, const char *fallback,
			      struct strbuf *out)
{
	const char *e;

	if ((e = getenv(env)) && *e) {
		strbuf_addstr(out, e);
		return env;
	}
	if (config_path(cfg, key, out))
		return key;
	if ((e = getenv(fallback)) && *e) {
		strbuf_addstr(out, e);
		return fallback;
	}
	return NULL;
}

/* Point libgit2 at the CA certificates a person named (see remote.h). */
static void ssl_setup(struct sss_remote_auth *a)
{
	struct strbuf file = STRBUF_INIT, dir = STRBUF_INIT;
	git_config *cfg = auth_config(a);
	const char *what_file = ca_setting(cfg, "GIT_SSL_CAINFO", "http.sslCAInfo",
					   "SSL_CERT_FILE", &file);
	const char *what_dir = ca_setting(cfg, "GIT_SSL_CAPATH", "http.sslCAPath",
					  "SSL_CERT_DIR", &dir);

	git_config_free(cfg);
	if (!what_file && !what_dir)
		goto done;
	if (what_file && access(file.buf, R_OK) != 0) {
		strbuf_addf(&a->reason, "cannot read the CA certificates '%s' "
			    "(%s): %s", file.buf, what_file, strerror(errno));
		goto done;
	}
	if (git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS,
			     what_file ? file.buf : NULL,
			     what_dir ? dir.buf : NULL) < 0) {
		const git_error *ge = git_error_last();
		strbuf_addf(&a->reason, "cannot use the CA certificates '%s' (%s): %s",
			    what_file ? file.buf : dir.buf,
			    what_file ? what_file : what_dir,
			    ge && ge->message ? ge->message : "unknown error");
		git_error_clear();
	}
done:
	strbuf_release(&file);
	strbuf_release(&dir);
}

/* ---- git credential ------------------------------------------------------ */

/* Run `git credential <action>` (no shell) in a's work tree (or / for a
 * clone, so that no other repository's config is read) with input on its
 * standard input; its output and stderr into out when out is not NULL,
 * else dropped (git's own "fatal:" would be a second error line; its
 * prompts go to the terminal, /dev/tty). Returns 0 when git ran and
 * exited 0. */
static int run_credential(struct sss_remote_auth *a, const char *action,
			  const char *input, struct strbuf *out)
{
	const char *dir = "/";
	const char *argv[] = { "git", "-C", NULL, "credential", action, NULL };
	posix_spawn_file_actions_t fa;
	int in[2] = { -1, -1 }, res[2] = { -1, -1 };
	int status = 0, rc = -1;
	size_t off = 0, len = strlen(input);
	pid_t pid;

	if (a->repo)
		dir = git_repository_workdir(a->repo)
			      ? git_repository_workdir(a->repo)
			      : git_repository_path(a->repo);
	argv[2] = dir;
	/* a socket for its input: send() with MSG_NOSIGNAL cannot kill us
	 * with SIGPIPE when git exits before it reads */
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, in) < 0 ||
	    pipe2(res, O_CLOEXEC) < 0)
		goto done;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[1], 0);
	posix_spawn_file_actions_adddup2(&fa, res[1], 1);
	posix_spawn_file_actions_adddup2(&fa, res[1], 2);
	rc = posix_spawnp(&pid, "git", &fa, NULL, (char *const *)argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[1]);
	close(res[1]);
	in[1] = res[1] = -1;
	if (rc != 0) {
		rc = -1;
		goto done;
	}
	while (off < len) {
		ssize_t n = send(in[0], input + off, len - off, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(in[0]);
	in[0] = -1;
	for (;;) {
		char buf[4096];
		ssize_t n = read(res[0], buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (out && out->len < 65536)
			strbuf_add(out, buf, (size_t)n);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	rc = WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -1;
done:
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (res[i] >= 0)
			close(res[i]);
	}
	return rc;
}

/* The description of a's URL that git credential reads, with the user
 * and password when given. */
static void credential_input(struct sss_remote_auth *a, struct strbuf *sb,
			     const char *user, const char *pass)
{
	struct sss_remote_url u;

	if (sss_remote_url_parse(&u, a->url) == 0) {
		strbuf_addf(sb, "protocol=%s\nhost=%s", u.scheme, u.host ? u.host : "");
		if (u.port)
			strbuf_addf(sb, ":%d", u.port);
		strbuf_addf(sb, "\npath=%s\n", u.path ? u.path : "");
	}
	if (user)
		strbuf_addf(sb, "username=%s\n", user);
	if (pass)
		strbuf_addf(sb, "password=%s\n", pass);
	strbuf_addch(sb, '\n');
	sss_remote_url_release(&u);
}

/* The value of "key=" in git credential's output (caller frees), or NULL. */
static char *credential_value(const char *out, const char *key)
{
	size_t klen = strlen(key);

	for (const char *l = out; *l;) {
		const char *nl = strchr(l, '\n');
		size_t n = nl ? (size_t)(nl - l) : strlen(l);
		if (n > klen && !strncmp(l, key, klen) && l[klen] == '=')
			return xstrndup(l + klen + 1, n - klen - 1);
		l += n + (nl != NULL);
	}
	return NULL;
}

static void helper_tell(struct sss_remote_auth *a, const char *action)
{
	struct strbuf in = STRBUF_INIT;

	credential_input(a, &in, a->helper_user, a->helper_pass);
	run_credential(a, action, in.buf, NULL);
	strbuf_release(&in);
	free(a->helper_user);
	free(a->helper_pass);
	a->helper_user = a->helper_pass = NULL;
}

/* ---- credentials ---------------------------------------------------------- */

/* Say why this side ends the connection (a's reason, which
 * sss_remote_auth_fail() reports) and return the code that makes
 * libgit2 stop. */
static int refuse(struct sss_remote_auth *a, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static int refuse(struct sss_remote_auth *a, const char *fmt, ...)
{
	va_list ap;

	strbuf_setlen(&a->reason, 0);
	va_start(ap, fmt);
	strbuf_vaddf(&a->reason, _(fmt), ap); /* the msgid: i18n.h */
	va_end(ap);
	return GIT_EUSER;
}

/* Whether the private key file at path needs a passphrase: PEM with
 * "ENCRYPTED", or OpenSSH's format with a cipher other than "none". */
static bool key_encrypted(const char *path)
{
	static const char begin[] = "-----BEGIN OPENSSH PRIVATE KEY-----";
	struct strbuf b64 = STRBUF_INIT, raw = STRBUF_INIT;
	char buf[8192];
	bool enc = false;
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	if (strstr(buf, "Proc-Type: 4,ENCRYPTED") ||
	    strstr(buf, "BEGIN ENCRYPTED PRIVATE KEY"))
		return true;
	const char *p = strstr(buf, begin);
	if (!p)
		return false;
	for (p += sizeof(begin) - 1; *p && *p != '-'; p++)
		if (*p != '\n' && *p != '\r')
			strbuf_addch(&b64, *p);
	/* "openssh-key-v1\0", then the cipher name as an SSH string
	 * (whole base64 groups only: the body's padding does not matter) */
	if (sss_base64_decode(&raw, b64.buf, b64.len & ~(size_t)3) == 0 &&
	    raw.len > 15 + 4 + 4 && !memcmp(raw.buf, "openssh-key-v1", 15))
		enc = memcmp(raw.buf + 15, "\0\0\0\4none", 8) != 0;
	strbuf_release(&b64);
	strbuf_release(&raw);
	return enc;
}

/* The key files to offer, in order, into keys (each path a line);
 * true when git config names one (it must then be there). */
static bool ssh_key_files(struct sss_remote_auth *a, struct strbuf *keys)
{
	struct strbuf conf = STRBUF_INIT;
	git_config *cfg = auth_config(a);
	bool configured = config_path(cfg, "sssctl.sshKey", &conf);

	if (configured) {
		strbuf_addf(keys, "%s\n", conf.buf);
	} else {
		for (size_t i = 0; i < N_DEFAULT_KEYS; i++)
			strbuf_addf(keys, "%s/.ssh/%s\n", home_dir(), default_keys[i]);
	}
	git_config_free(cfg);
	strbuf_release(&conf);
	return configured;
}

/* The n-th line of keys (0-based) into out; false past the end. */
static bool nth_line(const char *keys, int n, struct strbuf *out)
{
	strbuf_setlen(out, 0);
	for (const char *l = keys; *l; n--) {
		const char *nl = strchr(l, '\n');
		if (n == 0) {
			strbuf_add(out, l, (size_t)(nl - l));
			return true;
		}
		l = nl + 1;
	}
	return false;
}

/* The next ssh key file to offer, for user: 1 when there is none left,
 * else the result of making the credential (0, or an error). */
static int ssh_key_file(struct sss_remote_auth *a, git_credential **out,
			const char *user)
{
	struct strbuf keys = STRBUF_INIT, key = STRBUF_INIT, pub = STRBUF_INIT;
	bool configured = ssh_key_files(a, &keys);
	struct stat st;
	int rc = 1;

	while (rc > 0 && nth_line(keys.buf, a->ssh_next - 1, &key)) {
		a->ssh_next++;
		if (stat(key.buf, &st) != 0 || !S_ISREG(st.st_mode)) {
			/* a key named in config must be there; a default one may not */
			if (configured)
				rc = refuse(a, "the ssh key '%s' (git config sssctl.sshKey) "
					    "cannot be read: %s", key.buf,
					    errno ? strerror(errno) : "not a file");
			continue;
		}
		if (key_encrypted(key.buf)) {
			strbuf_addf(&a->tried, "%s%s (needs a passphrase: add it to "
				    "ssh-agent with ssh-add)",
				    a->tried.len ? ", " : "", key.buf);
			continue;
		}
		strbuf_setlen(&pub, 0);
		strbuf_addf(&pub, "%s.pub", key.buf);
		strbuf_addf(&a->tried, "%s%s", a->tried.len ? ", " : "", key.buf);
		rc = git_credential_ssh_key_new(out, user,
						access(pub.buf, R_OK) == 0 ? pub.buf
									   : NULL,
						key.buf, NULL);
	}
	strbuf_release(&keys);
	strbuf_release(&key);
	strbuf_release(&pub);
	return rc;
}

static int ssh_credential(struct sss_remote_auth *a, git_credential **out,
			  const char *user)
{
	const char *agent = getenv("SSH_AUTH_SOCK");
	int rc;

	if (a->ssh_next == 0) {
		a->ssh_next = 1;
		if (agent && *agent) {
			strbuf_addstr(&a->tried, "ssh-agent");
			return git_credential_ssh_key_from_agent(out, user);
		}
	}
	errno = 0;
	rc = ssh_key_file(a, out, user);
	if (rc > 0)
		rc = refuse(a, "authentication failed for %s (ssh user '%s'; "
			    "keys offered: %s)", a->url, user,
			    a->tried.len ? a->tried.buf : "none: no ssh-agent, no "
			    "sssctl.sshKey, no ~/.ssh/id_ed25519, id_ecdsa or id_rsa");
	return rc;
}

static int https_credential(struct sss_remote_auth *a, git_credential **out,
			    const char *user)
{
	struct strbuf in = STRBUF_INIT, res = STRBUF_INIT;
	const char *token = getenv("SSSCTL_TOKEN");
	int rc;

	if (a->token_sent)
		return refuse(a, "authentication failed for %s (the server refused "
			      "SSSCTL_TOKEN)", a->url);
	if (a->helper_asked) {
		/* the server refused what the helper gave: tell it, as git does */
		helper_tell(a, "reject");
		return refuse(a, "authentication failed for %s", a->url);
	}
	if (token && *token) {
		a->token_sent = true;
		return git_credential_userpass_plaintext_new(out, user ? user : "sssctl",
							     token);
	}
	a->helper_asked = true;
	credential_input(a, &in, user, NULL);
	if (run_credential(a, "fill", in.buf, &res) == 0) {
		a->helper_user = credential_value(res.buf, "username");
		a->helper_pass = credential_value(res.buf, "password");
	}
	if (!a->helper_user || !a->helper_pass) {
		rc = refuse(a, "authentication failed for %s: no credentials (set "
			    "git config credential.helper, or SSSCTL_TOKEN)", a->url);
		free(a->helper_user);
		free(a->helper_pass);
		a->helper_user = a->helper_pass = NULL;
	} else {
		rc = git_credential_userpass_plaintext_new(out, a->helper_user,
							   a->helper_pass);
	}
	strbuf_release(&in);
	strbuf_release(&res);
	return rc;
}

static int credential_cb(git_credential **out, const char *url,
			 const char *user_from_url, unsigned int allowed,
			 void *payload)
{
	struct sss_remote_auth *a = payload;
	struct sss_remote_url u;
	bool ssh;

	(void)url;
	if (++a->attempts > MAX_ATTEMPTS)
		return refuse(a, "authentication failed for %s", a->url);
	ssh = sss_remote_url_parse(&u, a->url) == 0 && !strcmp(u.scheme, "ssh");
	sss_remote_url_release(&u);
	if (user_from_url && !*user_from_url)
		user_from_url = NULL;
	if (ssh && (allowed & GIT_CREDENTIAL_SSH_KEY))
		return ssh_credential(a, out, user_from_url ? user_from_url : "git");
	if (allowed & GIT_CREDENTIAL_USERNAME)
		return git_credential_username_new(out, user_from_url ? user_from_url
								      : "git");
	if (!ssh && (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT))
		return https_credential(a, out, user_from_url);
	return refuse(a, "authentication failed for %s: the server accepts no "
		      "kind of login sssctl offers (%s)", a->url,
		      ssh ? "ssh keys" : "a user and password");
}

/* ---- host keys and certificates -------------------------------------------- */

static int hostkey_check(struct sss_remote_auth *a, git_cert_hostkey *k,
			 const char *host)
{
	struct strbuf path = STRBUF_INIT, name = STRBUF_INIT, fp = STRBUF_INIT;
	enum sss_hostkey_verdict v = SSS_HOSTKEY_UNKNOWN;
	const unsigned char *key = (const unsigned char *)k->hostkey;
	struct sss_error *err = NULL;
	struct sss_remote_url u;
	int port = 22, rc = GIT_ECERTIFICATE;
	const char *type;

	if (sss_remote_url_parse(&u, a->url) == 0 && u.port)
		port = u.port;
	sss_remote_url_release(&u);
	if (!(k->type & GIT_CERT_SSH_RAW) || !k->hostkey_len) {
		refuse(a, "cannot check the host key of %s: libssh2 did not give it", host);
		goto done;
	}
	strbuf_addf(&path, "%s/.ssh/known_hosts", home_dir());
	err = sss_known_hosts_check(path.buf, host, port, key, k->hostkey_len, &v);
	if (!err && v == SSS_HOSTKEY_UNKNOWN)
		err = sss_known_hosts_check("/etc/ssh/ssh_known_hosts", host, port,
					    key, k->hostkey_len, &v);
	if (err) {
		refuse(a, "%s", err->msg);
		goto done;
	}
	if (port == 22)
		strbuf_addstr(&name, host);
	else
		strbuf_addf(&name, "[%s]:%d", host, port);
	type = sss_hostkey_type(key, k->hostkey_len);
	sss_hostkey_fingerprint(&fp, key, k->hostkey_len);
	switch (v) {
	case SSS_HOSTKEY_KNOWN:
		rc = 0;
		break;
	case SSS_HOSTKEY_UNKNOWN:
	case SSS_HOSTKEY_OTHER_TYPE:
		refuse(a, "the host key of %s is not in ~/.ssh/known_hosts%s; check "
		       "its fingerprint (%s %s) and add it (ssh-keyscan%s%d %s, or "
		       "connect once with ssh)", name.buf,
		       v == SSS_HOSTKEY_OTHER_TYPE ? " (only keys of other types are)" : "",
		       type, fp.buf, " -p ", port, host);
		break;
	case SSS_HOSTKEY_CHANGED:
		refuse(a, "the host key of %s has CHANGED (the server offers %s key "
		       "fingerprint %s, ~/.ssh/known_hosts has another); someone may "
		       "be intercepting, or the server was reinstalled: if you know "
		       "it was, remove the old key with 'ssh-keygen -R %s'",
		       name.buf, type, fp.buf, name.buf);
		break;
	case SSS_HOSTKEY_REVOKED:
		refuse(a, "the host key of %s (%s fingerprint %s) is marked @revoked "
		       "in known_hosts; refusing it", name.buf, type, fp.buf);
		break;
	}
done:
	sss_error_free(err);
	strbuf_release(&path);
	strbuf_release(&name);
	strbuf_release(&fp);
	return rc;
}

static int certificate_cb(git_cert *cert, int valid, const char *host,
			  void *payload)
{
	struct sss_remote_auth *a = payload;

	if (cert->cert_type == GIT_CERT_HOSTKEY_LIBSSH2)
		return hostkey_check(a, (git_cert_hostkey *)cert, host);
	if (a->reason.len) /* the CA certificates named could not be used */
		return GIT_ECERTIFICATE;
	if (valid)
		return 0;
	refuse(a, "the certificate of %s does not verify (self-signed, expired, "
	       "or for another name); if the server is yours, name its CA "
	       "certificate in git config http.sslCAInfo", host);
	return GIT_ECERTIFICATE;
}

/* ---- progress --------------------------------------------------------------- */

enum { STAGE_NONE, STAGE_RECEIVE, STAGE_RESOLVE, STAGE_WRITE };

static void progress_line(struct sss_remote_auth *a, int stage,
			  unsigned done, unsigned total)
{
	static const char *const names[] = {
		"", "Receiving objects", "Resolving deltas", "Writing objects"
	};
	unsigned pct = total ? (unsigned)((unsigned long long)done * 100 / total) : 100;

	if (!a->progress || !total)
		return;
	if (stage != a->stage) {
		if (a->progress_shown)
			fputc('\n', stderr);
		a->stage = stage;
		a->last_percent = ~0u;
	}
	if (pct == a->last_percent && done != total)
		return;
	a->last_percent = pct;
	fprintf(stderr, "\r%s: %u%% (%u/%u)", names[stage], pct, done, total);
	a->progress_shown = true;
	fflush(stderr);
}

static void progress_end(struct sss_remote_auth *a)
{
	if (a->progress_shown)
		fputc('\n', stderr);
	a->progress_shown = false;
	a->stage = STAGE_NONE;
}

static int transfer_cb(const git_indexer_progress *s, void *payload)
{
	struct sss_remote_auth *a = payload;

	if (s->total_deltas && s->received_objects == s->total_objects)
		progress_line(a, STAGE_RESOLVE, s->indexed_deltas, s->total_deltas);
	else
		progress_line(a, STAGE_RECEIVE, s->received_objects, s->total_objects);
	return 0;
}

static int push_cb(unsigned int current, unsigned int total, size_t bytes,
		   void *payload)
{
	(void)bytes;
	progress_line(payload, STAGE_WRITE, current, total);
	return 0;
}

/* ---- the interface ------------------------------------------------------------ */

void sss_remote_auth_init(struct sss_remote_auth *a, git_repository *repo,
			  const char *url, bool progress)
{
	struct sss_remote_url u;

	/* the system's CA certificates, which sss_git_init() left out:
	 * first, so that those a person named replace them */
	sss_git_tls_ready();
	memset(a, 0, sizeof(*a));
	a->repo = repo;
	strbuf_init(&a->reason, 0);
	/* messages name the URL: never with a password in it */
	sss_remote_url_shown(&a->reason, url ? url : "");
	a->url = strbuf_detach(&a->reason, NULL);
	a->progress = progress;
	strbuf_init(&a->tried, 0);
	if (sss_remote_url_parse(&u, a->url) == 0 && !strcmp(u.scheme, "https"))
		ssl_setup(a);
	sss_remote_url_release(&u);
}

void sss_remote_auth_callbacks(struct sss_remote_auth *a,
			       git_remote_callbacks *cb)
{
	cb->credentials = credential_cb;
	cb->certificate_check = certificate_cb;
	cb->transfer_progress = transfer_cb;
	cb->push_transfer_progress = push_cb;
	cb->payload = a;
}

void sss_remote_auth_proxy(struct sss_remote_auth *a, git_proxy_options *p)
{
	p->type = GIT_PROXY_AUTO;
	p->certificate_check = certificate_cb;
	p->payload = a;
}

struct sss_error *sss_remote_auth_fail(struct sss_remote_auth *a,
				       const char *what)
{
	progress_end(a);
	a->failed = true;
	if (a->reason.len) {
		git_error_clear();
		return sss_error(SSS_ERR_IO, "%s: %s", what, a->reason.buf);
	}
	return sss_git_fail(what);
}

void sss_remote_auth_release(struct sss_remote_auth *a)
{
	progress_end(a);
	if (a->helper_user && a->helper_pass && !a->failed)
		helper_tell(a, "approve");
	free(a->helper_user);
	free(a->helper_pass);
	a->helper_user = a->helper_pass = NULL;
	free(a->url);
	a->url = NULL;
	strbuf_release(&a->reason);
	strbuf_release(&a->tried);
}
