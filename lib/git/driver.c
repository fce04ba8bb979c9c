/* driver.c - the merge driver's entry in .git/config (store.h). */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sss/error.h"
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

struct sss_error *sss_repo_merge_driver_setup(struct sss_repo *r, bool *added)
{
	struct sss_error *err;
	struct strbuf cmd = STRBUF_INIT;
	git_config *cfg = NULL;
	git_config_entry *e = NULL;

	*added = false;
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
