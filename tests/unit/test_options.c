/* test_options.c - the option tables of cmd/options.c: the usage text made
 * from a table, and parsing as getopt_long() did it (--a=b, --a b, an
 * unambiguous prefix, clusters, -h, unknown options, missing values, "--",
 * operands among options). The parser is built into the test from its
 * source: it belongs to the command layer, not to libsss. */
#include "unit.h"

#include <stdio.h>
#include <unistd.h>

#include "../../cmd/options.c"

struct opts {
	bool force, all;
	const char *message, *author;
	char seen[256]; /* what the callback got, "a,b," */
};

static struct sss_error *collect(struct sss_ctx *ctx, const struct cmd_option *opt,
				 const char *arg)
{
	struct opts *o = opt->value;
	(void)ctx;
	if (!strcmp(arg, "bad"))
		return sss_error(SSS_ERR_INVALID, "bad tag");
	strncat(o->seen, arg, sizeof(o->seen) - strlen(o->seen) - 2);
	strcat(o->seen, ",");
	return NULL;
}

#define TABLE(o)                                                               \
	{                                                                      \
		OPT_BOOL('f', "force", &(o)->force, 0),                        \
		OPT_BOOL(0, "all", &(o)->all, CMD_OPT_BREAK),                  \
		OPT_STRING('m', "message", &(o)->message, "TEXT", CMD_OPT_SHOW_SHORT), \
		OPT_STRING(0, "author", &(o)->author, "'NAME <EMAIL>'", 0),    \
		OPT_CALLBACK('t', "tag", (o), "TAG", CMD_OPT_REPEAT, collect, NULL), \
		OPT_CALLBACK(0, "software", (o), "ソフト名", CMD_OPT_ALIAS, collect, NULL), \
		OPT_OPERANDS("ID", 0),                                         \
		OPT_NOTE("(a note)"),                                          \
		OPT_END(),                                                     \
	}

static void test_usage_from_the_table(void **state)
{
	struct opts o;
	struct cmd_option table[] = TABLE(&o);
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	cmd_usage_text(&sb, "demo", table, NULL);
	assert_string_equal(sb.buf,
			    "usage: sssctl demo [--force]\n"
			    "                   [--all] [-m TEXT] [--author 'NAME <EMAIL>'] [--tag TAG]... ID\n"
			    "   aliases: --software=ソフト名\n"
			    "   (a note)");
	strbuf_release(&sb);
}

static void test_usage_of_forms(void **state)
{
	static const struct cmd_form forms[] = {
		{ "weekly", .opt = "period", .argh = "W" },
		{ "monthly", .opt = "period", .argh = "M" },
		{ "", .or_line = true },
		{ NULL },
	};
	const char *period = NULL;
	bool days = false;
	struct cmd_option table[] = {
		{ CMD_OPT_STRING, .long_name = "period", .value = &period, .argh = "P",
		  .forms = CMD_FORM(0) | CMD_FORM(1) },
		{ CMD_OPT_BOOL, .long_name = "days", .value = &days,
		  .flags = CMD_OPT_NEEDED, .forms = CMD_FORM(2) },
		{ CMD_OPT_OPERANDS, .argh = "FROM TO", .forms = CMD_FORM(2) },
		OPT_END(),
	};
	struct strbuf sb = STRBUF_INIT;
	(void)state;
	cmd_usage_text(&sb, "r", table, forms);
	assert_string_equal(sb.buf, "usage: sssctl r weekly [--period W]\n"
				    "       sssctl r monthly [--period M]\n"
				    "   or: sssctl r --days FROM TO");
	strbuf_release(&sb);
}

struct run {
	struct sss_ctx ctx;
	struct opts o;
	char *words[16];
	int argc;
	char **argv;
};

/* Parse "demo WORDS..." with the demo table. */
static struct sss_error *parse(struct run *r, int flags, const char *const *words)
{
	struct cmd_option table[] = TABLE(&r->o);
	memset(r, 0, sizeof(*r));
	r->ctx.name = "demo";
	r->words[0] = (char *)"demo";
	for (r->argc = 1; words[r->argc - 1]; r->argc++)
		r->words[r->argc] = (char *)words[r->argc - 1];
	r->words[r->argc] = NULL;
	r->argv = r->words;
	struct sss_error *err = cmd_parse_options(&r->ctx, &r->argc, &r->argv, table,
						  NULL, flags);
	r->ctx.options = NULL; /* the table is gone */
	return err;
}

static void done(struct run *r)
{
	free(r->ctx.usage);
}

static void test_values_every_way(void **state)
{
	struct run r;
	(void)state;
	const char *const words[] = { "--message=a=b", "--author", "A <a@x>", "-t", "x",
				      "-tY", "--tag=z", "--soft", "ApexOne", NULL };
	assert_ok(parse(&r, 0, words));
	assert_string_equal(r.o.message, "a=b");
	assert_string_equal(r.o.author, "A <a@x>");
	assert_string_equal(r.o.seen, "x,Y,z,ApexOne,");
	assert_int_equal(r.argc, 0);
	done(&r);

	/* a cluster, a value attached to it, a value that looks like an option */
	const char *const cluster[] = { "-fmhi", "--all", "--message", "-x", NULL };
	assert_ok(parse(&r, 0, cluster));
	assert_true(r.o.force);
	assert_true(r.o.all);
	assert_string_equal(r.o.message, "-x"); /* the last one given */
	done(&r);
}

static void test_operands_among_options(void **state)
{
	struct run r;
	(void)state;
	const char *const words[] = { "ID", "-f", "-", "--", "-m", "--all", NULL };
	assert_ok(parse(&r, 0, words));
	assert_true(r.o.force);
	assert_false(r.o.all); /* after "--" */
	assert_null(r.o.message);
	assert_int_equal(r.argc, 4);
	assert_string_equal(r.argv[0], "ID");
	assert_string_equal(r.argv[1], "-");
	assert_string_equal(r.argv[2], "-m");
	assert_string_equal(r.argv[3], "--all");
	assert_null(r.argv[4]);
	done(&r);

	/* set: the options end at the ID */
	const char *const set[] = { "--all", "ID", "-f", "--", NULL };
	assert_ok(parse(&r, CMD_PARSE_STOP_AT_OPERAND, set));
	assert_true(r.o.all);
	assert_false(r.o.force);
	assert_int_equal(r.argc, 3);
	assert_string_equal(r.argv[1], "-f");
	assert_string_equal(r.argv[2], "--");
	done(&r);
}

static void test_help(void **state)
{
	struct run r;
	char buf[512] = "";
	FILE *tmp = tmpfile();
	int saved = dup(STDOUT_FILENO);
	(void)state;
	assert_non_null(tmp);
	fflush(stdout);
	dup2(fileno(tmp), STDOUT_FILENO);
	const char *const words[] = { "-f", "--help", "--nope", NULL };
	struct sss_error *err = parse(&r, 0, words);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	assert_ptr_equal(err, CMD_EXIT_HELP);
	rewind(tmp);
	buf[fread(buf, 1, sizeof(buf) - 1, tmp)] = '\0';
	fclose(tmp);
	assert_true(!strncmp(buf, "usage: sssctl demo [--force]\n", 29));
	assert_non_null(strstr(buf, "   (a note)\n"));
	assert_null(r.ctx.usage); /* help is no error */
	done(&r);
}

/* Each bad word and its message (a cluster names the option at fault). */
static void test_bad_options(void **state)
{
	static const struct {
		const char *word, *then, *msg;
	} cases[] = {
		{ "-x", NULL, "unknown option or missing value: '-x'" },
		{ "-fx", NULL, "unknown option or missing value: '-x'" },
		{ "--nope", NULL, "unknown option or missing value: '--nope'" },
		{ "--nope=1", NULL, "unknown option or missing value: '--nope=1'" },
		{ "--a", NULL, "unknown option or missing value: '--a'" }, /* all, author */
		{ "--force=yes", NULL, "unknown option or missing value: '--force=yes'" },
		{ "-m", NULL, "unknown option or missing value: '-m'" },
		{ "-fm", NULL, "unknown option or missing value: '-m'" },
		{ "--message", NULL, "unknown option or missing value: '--message'" },
		{ "--", "-x", NULL }, /* an operand */
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		const char *const words[] = { "ID", cases[i].word, cases[i].then, NULL };
		struct sss_error *err = parse(&r, 0, words);
		if (!cases[i].msg) {
			assert_null(err);
			done(&r);
			continue;
		}
		assert_non_null(err);
		assert_int_equal(err->code, SSS_ERR_USAGE);
		assert_string_equal(err->msg, cases[i].msg);
		/* main prints the usage after the message */
		assert_non_null(r.ctx.usage);
		assert_true(!strncmp(r.ctx.usage, "usage: sssctl demo [--force]", 28));
		sss_error_free(err);
		done(&r);
	}
}

static void test_precise_messages(void **state)
{
	static const struct {
		const char *word, *msg;
	} cases[] = {
		{ "-x", "unknown option '-x'" },
		{ "--nope", "unknown option '--nope'" },
		{ "--all=1", "option '--all=1' takes no value" },
		{ "--author", "option '--author' needs a value" },
	};
	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct run r;
		const char *const words[] = { cases[i].word, NULL };
		assert_fails(parse(&r, CMD_PARSE_PRECISE, words), SSS_ERR_USAGE, cases[i].msg);
		done(&r);
	}
}

static void test_callback_error_stops(void **state)
{
	struct run r;
	(void)state;
	const char *const words[] = { "--tag", "a", "--tag", "bad", "--all", NULL };
	assert_fails(parse(&r, 0, words), SSS_ERR_INVALID, "bad tag");
	assert_string_equal(r.o.seen, "a,");
	assert_false(r.o.all); /* not reached */
	assert_null(r.ctx.usage); /* the callback's error, as it is */
	done(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_usage_from_the_table),
		cmocka_unit_test(test_usage_of_forms),
		cmocka_unit_test(test_values_every_way),
		cmocka_unit_test(test_operands_among_options),
		cmocka_unit_test(test_help),
		cmocka_unit_test(test_bad_options),
		cmocka_unit_test(test_precise_messages),
		cmocka_unit_test(test_callback_error_stops),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
