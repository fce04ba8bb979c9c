/* pdf.c - a report's HTML printed to PDF by headless Chromium
 * (sss_report_pdf in report.h).
 *
 * Chromium is run with fork/exec, no shell, in a temporary directory of
 * its own (the page, the profile, the PDF) that is removed afterwards,
 * in a process group of its own so that the time limit ends it and every
 * helper process it started. The page prints on A4 by its @page rule
 * (report.css); --no-pdf-header-footer keeps Chromium's own date, title
 * and URL off the page, where the report's margin boxes carry the
 * document name and the page numbers. */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "report_priv.h"
#include "sss/alloc.h"
#include "sss/cleanup.h"
#include "sss/error.h"
#include "sss/strbuf.h"

#define PDF_MAX (256u << 20) /* bytes of a PDF read back */

/* The programs tried, in this order, on PATH: Debian's package, then
 * the names other distributions use. */
static const char *const browsers[] = { "chromium", "chromium-browser", "google-chrome", NULL };

/* The first of browsers that is an executable file on PATH, as a full
 * path into out. */
static bool find_browser(struct strbuf *out)
{
	const char *path = getenv("PATH");

	for (size_t b = 0; browsers[b]; b++) {
		for (const char *p = path ? path : ""; *p;) {
			const char *colon = strchr(p, ':');
			size_t n = colon ? (size_t)(colon - p) : strlen(p);
			struct stat st;
			strbuf_reset(out);
			if (n)
				strbuf_add(out, p, n);
			else
				strbuf_addch(out, '.');
			strbuf_addf(out, "/%s", browsers[b]);
			if (!stat(out->buf, &st) && S_ISREG(st.st_mode) && !access(out->buf, X_OK))
				return true;
			p += colon ? n + 1 : n;
		}
	}
	strbuf_reset(out);
	return false;
}

static int remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)ftw;
	if (flag == FTW_DP)
		rmdir(path);
	else
		unlink(path);
	return 0;
}

/* Remove dir and everything beneath it, never following a symbolic link. */
static void remove_tree(const char *dir)
{
	nftw(dir, remove_one, 16, FTW_DEPTH | FTW_PHYS);
}

static struct sss_error *write_all(const char *path, const char *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	struct sss_error *err = NULL;

	if (fd < 0)
		return sss_error(SSS_ERR_IO, "cannot create '%s': %s", path, strerror(errno));
	for (size_t off = 0; off < len;) {
		ssize_t w = write(fd, data + off, len - off);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
			break;
		}
		off += (size_t)w;
	}
	if (close(fd) < 0 && !err)
		err = sss_error(SSS_ERR_IO, "cannot write '%s': %s", path, strerror(errno));
	return err;
}

/* The PDF Chromium wrote, checked to be one, appended to out. */
static struct sss_error *read_pdf(const char *path, struct strbuf *out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
	struct sss_error *err = NULL;
	size_t start = out->len;
	char buf[65536];
	ssize_t got;

	if (fd < 0)
		return sss_error(SSS_ERR_IO, "chromium wrote no PDF (%s)", strerror(errno));
	while ((got = read(fd, buf, sizeof(buf))) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			err = sss_error(SSS_ERR_IO, "cannot read the PDF: %s", strerror(errno));
			goto done;
		}
		if (out->len - start + (size_t)got > PDF_MAX) {
			err = sss_error(SSS_ERR_LIMIT, "the PDF is larger than %u bytes", PDF_MAX);
			goto done;
		}
		strbuf_add(out, buf, (size_t)got);
	}
	if (out->len - start < 5 || memcmp(out->buf + start, "%PDF-", 5))
		err = sss_error(SSS_ERR_INVALID, "chromium wrote no PDF (the file is not one)");
done:
	close(fd);
	if (err)
		strbuf_setlen(out, start);
	return err;
}

/* The child: its own process group, no input, its output into log, then
 * the browser. */
static void child_exec(const char *log, char *const *argv)
{
	int null = open("/dev/null", O_RDONLY);
	int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC, 0600);

	setpgid(0, 0);
	if (null < 0 || fd < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		_exit(127);
	execv(argv[0], argv);
	_exit(127);
}

/* Wait for pid until timeout_ms; at the limit, or in any case after it
 * ends, kill what is left of its process group. *status: the exit
 * status, -1 when it was killed at the limit. */
static void wait_bounded(pid_t pid, int timeout_ms, int *status)
{
	struct timespec nap = { 0, 20 * 1000 * 1000 };
	long waited = 0;
	int ws = 0;
	pid_t got;

	*status = -1;
	while ((got = waitpid(pid, &ws, WNOHANG)) == 0 || (got < 0 && errno == EINTR)) {
		if (waited >= timeout_ms) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
				;
			return;
		}
		nanosleep(&nap, NULL);
		waited += 20;
	}
	/* Chromium's helpers (zygote, GPU, renderer) must not outlive it */
	kill(-pid, SIGKILL);
	if (got == pid)
		*status = WIFEXITED(ws) ? WEXITSTATUS(ws) : 128 + WTERMSIG(ws);
}

/* The last non-empty line of the browser's log, for an error message. */
static void last_line(const char *log, struct strbuf *out)
{
	char buf[4096];
	int fd = open(log, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? 0 : read(fd, buf, sizeof(buf) - 1);
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return;
	buf[n] = '\0';
	while (n && (buf[n - 1] == '\n' || buf[n - 1] == '\r'))
		buf[--n] = '\0';
	char *nl = strrchr(buf, '\n');
	strbuf_addstr(out, nl ? nl + 1 : buf);
}

/* Run the browser on dir/report.html, writing dir/report.pdf. */
static struct sss_error *run_browser(const char *browser, const char *dir, int timeout_ms)
{
	struct strbuf profile = STRBUF_INIT, pdf = STRBUF_INIT, url = STRBUF_INIT;
	struct strbuf log = STRBUF_INIT, why = STRBUF_INIT;
	struct sss_error *err = NULL;
	char *argv[20];
	int argc = 0, status;
	pid_t pid;

	strbuf_addf(&profile, "--user-data-dir=%s/profile", dir);
	strbuf_addf(&pdf, "--print-to-pdf=%s/report.pdf", dir);
	strbuf_addstr(&url, "file://");
	for (const char *c = dir; *c; c++)
		if (strchr("/-._~", *c) || (*c >= '0' && *c <= '9') ||
		    ((*c | 0x20) >= 'a' && (*c | 0x20) <= 'z'))
			strbuf_addch(&url, *c);
		else
			strbuf_addf(&url, "%%%02X", (unsigned char)*c);
	strbuf_addstr(&url, "/report.html");
	strbuf_addf(&log, "%s/browser.log", dir);
	argv[argc++] = (char *)browser;
	argv[argc++] = "--headless";
	/* Chromium refuses to run as root with its sandbox */
	if (geteuid() == 0)
		argv[argc++] = "--no-sandbox";
	argv[argc++] = "--disable-gpu";
	argv[argc++] = "--no-first-run";
	argv[argc++] = "--no-default-browser-check";
	argv[argc++] = "--disable-extensions";
	argv[argc++] = "--disable-background-networking";
	argv[argc++] = "--disable-component-update";
	argv[argc++] = "--disable-sync";
	argv[argc++] = "--no-proxy-server";
	argv[argc++] = profile.buf;
	argv[argc++] = "--no-pdf-header-footer";
	argv[argc++] = pdf.buf;
	argv[argc++] = url.buf;
	argv[argc] = NULL;

	if ((pid = fork()) < 0) {
		err = sss_error(SSS_ERR_IO, "cannot run '%s': %s", browser, strerror(errno));
		goto done;
	}
	if (pid == 0)
		child_exec(log.buf, argv);
	setpgid(pid, pid); /* also here: no race with the kill at the limit */
	sss_cleanup_child_group(pid);
	wait_bounded(pid, timeout_ms, &status);
	sss_cleanup_child_group(0);
	if (status == -1)
		err = sss_error(SSS_ERR_IO, "'%s' did not print the report within %d s; stopped it",
				browser, timeout_ms / 1000);
	else if (status) {
		last_line(log.buf, &why);
		err = sss_error(SSS_ERR_IO, "'%s' failed (exit %d)%s%s", browser, status,
				why.len ? ": " : "", why.buf);
	}
done:
	strbuf_release(&profile);
	strbuf_release(&pdf);
	strbuf_release(&url);
	strbuf_release(&log);
	strbuf_release(&why);
	return err;
}

struct sss_error *sss_report_pdf(const char *html, size_t len, int timeout_ms,
				 struct strbuf *out)
{
	struct strbuf browser = STRBUF_INIT, dir = STRBUF_INIT, file = STRBUF_INIT;
	const char *tmp = getenv("TMPDIR");
	struct sss_error *err = NULL;
	bool made = false;
	int handle = -1;

	if (!find_browser(&browser)) {
		err = sss_error(SSS_ERR_NOTFOUND,
				"--format pdf needs Chromium, which is not installed: "
				"apt-get install chromium (or use --format html and print it)");
		goto done;
	}
	strbuf_addf(&dir, "%s/sssctl-pdf-XXXXXX", tmp && *tmp == '/' ? tmp : "/tmp");
	if (!mkdtemp(dir.buf)) {
		err = sss_error(SSS_ERR_IO, "cannot make a temporary directory '%s': %s",
				dir.buf, strerror(errno));
		goto done;
	}
	made = true;
	/* a signal (Ctrl-C while Chromium prints) removes it too */
	handle = sss_cleanup_add_tree(dir.buf);
	strbuf_addf(&file, "%s/report.html", dir.buf);
	if ((err = write_all(file.buf, html, len)))
		goto done;
	if ((err = run_browser(browser.buf, dir.buf, timeout_ms)))
		goto done;
	strbuf_reset(&file);
	strbuf_addf(&file, "%s/report.pdf", dir.buf);
	err = read_pdf(file.buf, out);
done:
	if (made)
		remove_tree(dir.buf);
	sss_cleanup_forget(handle);
	strbuf_release(&browser);
	strbuf_release(&dir);
	strbuf_release(&file);
	return err;
}
