/* sign.c - commit objects, signed as git signs them when commit.gpgsign
 * is set: the commit's text from git_commit_create_buffer(), a detached
 * signature from gpg (`gpg --status-fd=2 -bsau KEY`) or from ssh-keygen
 * (`ssh-keygen -Y sign -n git -f KEY`), and the object written with
 * git_commit_create_with_signature(). The signer runs with fork/exec and
 * pipes (no shell), its output bounded and its time too. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "git_priv.h"
#include "sss/alloc.h"
#include "sss/error.h"
#include "sss/strbuf.h"

#define SIGN_OUT_MAX (256u << 10) /* a signature is a few hundred bytes */
#define SIGN_ERR_MAX (16u << 10)
#define SIGN_SECONDS 120	  /* a pinentry may ask for a passphrase */

enum sign_format { SIGN_OPENPGP, SIGN_SSH };

struct signer {
	enum sign_format format;
	char *program; /* gpg.program or gpg.ssh.program, else the default */
	char *key;     /* user.signingkey, else (openpgp) the committer */
};

static void signer_release(struct signer *s)
{
	free(s->program);
	free(s->key);
}

/* A string of the config, or NULL when it is not set (caller frees). */
static char *config_string(git_config *cfg, const char *name)
{
	git_buf b = GIT_BUF_INIT_CONST(NULL, 0);
	char *v = NULL;

	if (git_config_get_string_buf(&b, cfg, name) == 0 && b.size)
		v = xstrdup(b.ptr);
	git_error_clear();
	git_buf_dispose(&b);
	return v;
}

/* "~/x" as git expands it in a path of the config. */
static char *expand_home(char *path)
{
	const char *home = getenv("HOME");
	struct strbuf sb = STRBUF_INIT;

	if (!path || strncmp(path, "~/", 2) || !home)
		return path;
	strbuf_addf(&sb, "%s/%s", home, path + 2);
	free(path);
	return strbuf_detach(&sb, NULL);
}

/* What commit.gpgsign, gpg.format, user.signingkey, gpg.program,
 * gpg.openpgp.program and gpg.ssh.program ask for, as git reads them.
 * *on: commits are to be signed (then s is filled in). */
static struct sss_error *signer_load(struct sss_repo *r,
				     const git_signature *committer,
				     bool *on, struct signer *s)
{
	struct sss_error *err = NULL;
	git_config *cfg = NULL;
	char *format = NULL;
	int sign = 0;

	*on = false;
	memset(s, 0, sizeof(*s));
	/* git's files in git's order (GIT_CONFIG_GLOBAL, XDG, ~/.gitconfig),
	 * as the author is found: the key is the one git would sign with */
	if ((err = sss_git_config_open(&cfg, r)))
		return err;
	int rc = git_config_get_bool(&sign, cfg, "commit.gpgsign");
	if (rc == GIT_ENOTFOUND) {
		sign = 0;
		git_error_clear();
	} else if (rc < 0) {
		err = sss_git_fail("commit.gpgsign in git config");
		goto done;
	}
	if (!sign)
		goto done;
	format = config_string(cfg, "gpg.format");
	s->key = config_string(cfg, "user.signingkey");
	if (!format || !strcmp(format, "openpgp")) {
		s->format = SIGN_OPENPGP;
		if (!(s->program = config_string(cfg, "gpg.openpgp.program")) &&
		    !(s->program = config_string(cfg, "gpg.program")))
			s->program = xstrdup("gpg");
		if (!s->key) {
			struct strbuf id = STRBUF_INIT;
			strbuf_addf(&id, "%s <%s>", committer->name, committer->email);
			s->key = strbuf_detach(&id, NULL);
		}
	} else if (!strcmp(format, "ssh")) {
		s->format = SIGN_SSH;
		if (!(s->program = config_string(cfg, "gpg.ssh.program")))
			s->program = xstrdup("ssh-keygen");
		s->key = expand_home(s->key);
		if (!s->key || !strncmp(s->key, "key::", 5) || !strncmp(s->key, "ssh-", 4)) {
			err = sss_error(SSS_ERR_INVALID,
					"commit.gpgsign is set with gpg.format ssh, but "
					"user.signingkey does not name a key file (sssctl "
					"signs with a key file, not a literal key or "
					"gpg.ssh.defaultKeyCommand); nothing was committed");
			goto done;
		}
	} else {
		err = sss_error(SSS_ERR_INVALID,
				"gpg.format '%s' is not supported by sssctl (only "
				"openpgp and ssh); change it or unset commit.gpgsign; "
				"nothing was committed", format);
		goto done;
	}
	*on = true;
done:
	if (err)
		signer_release(s);
	free(format);
	git_config_free(cfg);
	return err;
}

/* Read what the child writes on out and err until both end, keeping at
 * most SIGN_OUT_MAX and SIGN_ERR_MAX bytes; false on the time limit or
 * when out is too long. */
static bool collect_output(int out, int err, struct strbuf *o, struct strbuf *e,
			   bool *too_long)
{
	struct pollfd p[2] = { { out, POLLIN, 0 }, { err, POLLIN, 0 } };
	time_t deadline = time(NULL) + SIGN_SECONDS;
	char buf[4096];

	*too_long = false;
	while (p[0].fd >= 0 || p[1].fd >= 0) {
		int left = (int)(deadline - time(NULL));
		if (left <= 0)
			return false;
		int n = poll(p, 2, left * 1000);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		for (int i = 0; i < 2; i++) {
			if (p[i].fd < 0 || !p[i].revents)
				continue;
			ssize_t got = read(p[i].fd, buf, sizeof(buf));
			if (got < 0 && errno == EINTR)
				continue;
			if (got <= 0) {
				p[i].fd = -1;
				continue;
			}
			struct strbuf *sb = i ? e : o;
			size_t cap = i ? SIGN_ERR_MAX : SIGN_OUT_MAX;
			if (sb->len + (size_t)got > cap) {
				*too_long = *too_long || !i;
				got = (ssize_t)(cap - sb->len);
			}
			strbuf_add(sb, buf, (size_t)got);
		}
	}
	return true;
}

/* The child: the payload on 0, the pipes on 1 and 2, then the program. */
static void child_exec(int in, int out, int err, char *const *argv)
{
	if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0)
		_exit(127);
	execvp(argv[0], argv);
	const char *msg = strerror(errno);
	ssize_t w = write(2, "cannot run it: ", 15);
	w = write(2, msg, strlen(msg));
	(void)w;
	_exit(127);
}

/* Run argv with data on its standard input; its standard output into
 * out, its standard error into err. *status: the exit status (-1 when it
 * was killed at the time limit, -2 when its output was too long). */
static struct sss_error *run_signer(char *const *argv, const char *data,
				    size_t len, struct strbuf *out,
				    struct strbuf *err, int *status)
{
	int in = memfd_create("sssctl-sign", MFD_CLOEXEC);
	int po[2] = { -1, -1 }, pe[2] = { -1, -1 }, ws;
	struct sss_error *e = NULL;
	bool too_long;
	pid_t pid = -1;

	/* the payload from a file, not a pipe: no SIGPIPE and no deadlock
	 * when the program stops reading early */
	if (in < 0 || write(in, data, len) != (ssize_t)len || lseek(in, 0, SEEK_SET) < 0 ||
	    pipe2(po, O_CLOEXEC) < 0 || pipe2(pe, O_CLOEXEC) < 0) {
		e = sss_error(SSS_ERR_IO, "cannot run '%s': %s", argv[0], strerror(errno));
		goto done;
	}
	if ((pid = fork()) < 0) {
		e = sss_error(SSS_ERR_IO, "cannot run '%s': %s", argv[0], strerror(errno));
		goto done;
	}
	if (pid == 0)
		child_exec(in, po[1], pe[1], argv);
	close(po[1]);
	close(pe[1]);
	po[1] = pe[1] = -1;
	bool done_in_time = collect_output(po[0], pe[0], out, err, &too_long);
	if (!done_in_time)
		kill(pid, SIGKILL);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	*status = !done_in_time ? -1 : too_long ? -2 :
		  WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
done:
	for (int i = 0; i < 2; i++) {
		if (po[i] >= 0)
			close(po[i]);
		if (pe[i] >= 0)
			close(pe[i]);
	}
	if (in >= 0)
		close(in);
	return e;
}

/* The program's complaint as one line: its stderr without gpg's status
 * lines, the lines joined with "; ". */
static void complaint(const struct strbuf *err, struct strbuf *out)
{
	const char *p = err->buf, *end = err->buf + err->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p);
		while (n && (p[n - 1] == '\r' || p[n - 1] == ' '))
			n--;
		if (n && strncmp(p, "[GNUPG:] ", 9) &&
		    strncmp(p, "Signing data on standard input", 30)) {
			if (out->len)
				strbuf_addstr(out, "; ");
			strbuf_add(out, p, n);
		}
		p = nl ? nl + 1 : end;
	}
	if (!out->len)
		strbuf_addstr(out, "no message");
}

/* The detached signature of data by s (into sig). */
static struct sss_error *sign_buffer(const struct signer *s, const char *data,
				     size_t len, struct strbuf *sig)
{
	struct strbuf err = STRBUF_INIT, why = STRBUF_INIT;
	char *gpg[] = { s->program, "--status-fd=2", "-bsau", s->key, NULL };
	char *ssh[] = { s->program, "-Y", "sign", "-n", "git", "-f", s->key, NULL };
	struct sss_error *e;
	int status = 0;
	bool ok;

	e = run_signer(s->format == SIGN_SSH ? ssh : gpg, data, len, sig, &err, &status);
	if (e)
		goto done;
	if (s->format == SIGN_SSH)
		ok = status == 0 && strstr(sig->buf, "-----BEGIN SSH SIGNATURE-----");
	else
		ok = status == 0 && (sss_starts_with(err.buf, "[GNUPG:] SIG_CREATED ") ||
				     strstr(err.buf, "\n[GNUPG:] SIG_CREATED "));
	if (ok)
		goto done;
	if (status == -1)
		strbuf_addf(&why, "it did not finish in %d seconds", SIGN_SECONDS);
	else if (status == -2)
		strbuf_addstr(&why, "its output is too long for a signature");
	else
		complaint(&err, &why);
	e = sss_error(SSS_ERR_GIT, "cannot sign the commit with '%s' (user.signingkey "
		      "'%s'): %s; nothing was committed", s->program, s->key, why.buf);
done:
	strbuf_release(&err);
	strbuf_release(&why);
	return e;
}

struct sss_error *sss_git_commit_create(struct sss_repo *r, git_oid *out,
					const git_signature *author,
					const git_signature *committer,
					const char *message, const git_tree *tree,
					const git_commit **parents, size_t nparents)
{
	struct sss_error *err;
	struct signer s;
	struct strbuf sig = STRBUF_INIT;
	git_buf body = GIT_BUF_INIT_CONST(NULL, 0);
	bool on;

	if ((err = signer_load(r, committer, &on, &s)))
		return err;
	if (!on) {
		if (git_commit_create(out, r->git, NULL, author, committer, NULL,
				      message, tree, nparents, parents) < 0)
			err = sss_git_fail("cannot write the commit");
		return err;
	}
	if (git_commit_create_buffer(&body, r->git, author, committer, NULL,
				     message, tree, nparents, parents) < 0) {
		err = sss_git_fail("cannot make the commit");
		goto done;
	}
	if ((err = sign_buffer(&s, body.ptr, body.size, &sig)))
		goto done;
	if (git_commit_create_with_signature(out, r->git, body.ptr, sig.buf, NULL) < 0)
		err = sss_git_fail("cannot write the signed commit");
done:
	git_buf_dispose(&body);
	strbuf_release(&sig);
	signer_release(&s);
	return err;
}
