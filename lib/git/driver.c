/* driver.c - the merge driver's entry in .git/config and the attribute
 * that names it for tickets (store.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "sss/error.h"
#include "sss/fileio.h"
#include "sss/store.h"
#include "sss/strbuf.h"

#include "git_priv.h"

/* The command git runs: this executable by its absolute path, so that
 * the driver is the sssctl that set it even when that one is not on
 * PATH. */
static void driver_command(struct strbuf *out)
{
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n > 0) {
		self[n] = '\0';
		strbuf_addstr(out, self);
	} else {
		strbuf_addstr(out, "sssctl");
	}
	strbuf_addstr(out, " merge-file %O %A %B %P");
}

static const char *skip_blank(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	return p;
}

/* Whether the line [p, end) of a git config file opens the section
 * [merge "sssctl"] (*in set) or another one (*in cleared); false when it
 * is no section header. */
static bool section_line(const char *p, const char *end, bool *in)
{
	static const char want[] = "\"sssctl\"";

	if (p >= end || *p != '[')
		return false;
	p = skip_blank(p + 1, end);
	*in = false;
	if (end - p > 5 && !strncasecmp(p, "merge", 5) &&
	    (p[5] == ' ' || p[5] == '\t')) {
		p = skip_blank(p + 5, end);
		if ((size_t)(end - p) > sizeof(want) - 1 &&
		    !memcmp(p, want, sizeof(want) - 1)) {
			p = skip_blank(p + sizeof(want) - 1, end);
			*in = p < end && *p == ']';
		}
	}
	return true;
}

/* Whether the text of a git config file sets merge.sssctl.driver in the
 * usual spelling. A miss is not the last word (an include, another
 * spelling): the caller then asks libgit2. */
static bool config_text_has_driver(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	bool in = false;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *s = skip_blank(p, eol);
		if (!section_line(s, eol, &in) && in && eol - s > 6 &&
		    !strncasecmp(s, "driver", 6)) {
			const char *q = skip_blank(s + 6, eol);
			if (q < eol && *q == '=')
				return true;
		}
		p = nl ? nl + 1 : end;
	}
	return false;
}

/* The cheap look: .git/config's text, without starting libgit2 (a
 * read-only command never does otherwise). */
static bool driver_in_config_text(struct sss_repo *r)
{
	struct strbuf path = STRBUF_INIT;
	struct sss_error *err;
	char *text = NULL;
	size_t len = 0;
	bool found = false;

	strbuf_addf(&path, "%sconfig", r->gitdir);
	err = sss_read_file(path.buf, 1u << 20, &text, &len);
	if (!err)
		found = config_text_has_driver(text, len);
	sss_error_free(err);
	free(text);
	strbuf_release(&path);
	return found;
}

struct sss_error *sss_repo_merge_driver_setup(struct sss_repo *r, bool *added)
{
	struct sss_error *err;
	struct strbuf cmd = STRBUF_INIT;
	git_config *cfg = NULL;
	git_config_entry *e = NULL;

	*added = false;
	/* a linked work tree's config is in the common directory: libgit2
	 * is open for it already (store.c's discover) */
	if (!r->git && driver_in_config_text(r))
		return NULL;
	if ((err = sss_git_need(r)))
		return err;
	if (git_repository_config(&cfg, r->git) < 0)
		return sss_git_fail("cannot read git config");
	if (git_config_get_entry(&e, cfg, "merge.sssctl.driver") == 0)
		goto done;
	git_error_clear();
	driver_command(&cmd);
	if (git_config_set_string(cfg, "merge.sssctl.name",
				  "sssctl ticket merge") < 0 ||
	    git_config_set_string(cfg, "merge.sssctl.driver", cmd.buf) < 0) {
		err = sss_git_fail("cannot write .git/config");
		goto done;
	}
	*added = true;
done:
	git_config_entry_free(e);
	git_config_free(cfg);
	strbuf_release(&cmd);
	return err;
}

struct sss_error *sss_repo_merge_attr_check(struct sss_repo *r,
					    const char *sample)
{
	struct sss_error *err;
	const char *value = NULL;

	if ((err = sss_git_need(r)))
		return err;
	if (git_attr_get(&value, r->git, GIT_ATTR_CHECK_FILE_THEN_INDEX, sample,
			 "merge") < 0)
		return sss_git_fail("cannot read .gitattributes");
	if (git_attr_value(value) == GIT_ATTR_VALUE_STRING &&
	    !strcmp(value, "sssctl"))
		return NULL;
	return sss_error(SSS_ERR_INVALID,
			 "'.gitattributes' does not send tickets to the sssctl merge "
			 "driver, so git merges them as text (with conflicts); add "
			 "the line '%s' to .gitattributes and commit it",
			 SSS_GITATTRIBUTES_LINE);
}
