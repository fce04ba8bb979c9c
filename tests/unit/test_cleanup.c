/* test_cleanup.c - the registry of files to remove when a signal ends the
 * process: a registered file goes, a forgotten one stays, the signal
 * still ends the process (the exit status says which), a forked child
 * removes nothing, exit(3) in the middle removes them too, and the note
 * is written. Each case runs in a child, as the handler ends it. */
#include "unit.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sss/cleanup.h"

struct fixture {
	char dir[64];
	char a[96], b[96], note[96];
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	strcpy(f->dir, "/tmp/sss-cleanup-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->a, sizeof(f->a), "%s/a.lock", f->dir);
	snprintf(f->b, sizeof(f->b), "%s/b.tmp", f->dir);
	snprintf(f->note, sizeof(f->note), "%s/note", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	unlink(f->a);
	unlink(f->b);
	unlink(f->note);
	rmdir(f->dir);
	free(f);
	return 0;
}

static bool exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static void touch(const char *path)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	close(fd);
}

/* Run what in a child that has installed the handlers; its wait status. */
static int in_child(struct fixture *f, void (*what)(struct fixture *))
{
	fflush(NULL);
	pid_t pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		sss_cleanup_init();
		what(f);
		_exit(0);
	}
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return status;
}

static void killed(struct fixture *f)
{
	touch(f->a);
	touch(f->b);
	sss_cleanup_add(f->a);
	sss_cleanup_forget(sss_cleanup_add(f->b));
	raise(SIGTERM);
	_exit(3); /* not reached: the signal ends the process */
}

static void test_signal_removes_registered(void **state)
{
	struct fixture *f = *state;
	int status = in_child(f, killed);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGTERM);
	assert_false(exists(f->a));
	assert_true(exists(f->b)); /* forgotten: not the registry's any more */
}

static void exits(struct fixture *f)
{
	touch(f->a);
	sss_cleanup_add(f->a);
	exit(1);
}

static void test_exit_removes_registered(void **state)
{
	struct fixture *f = *state;
	int status = in_child(f, exits);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 1);
	assert_false(exists(f->a));
}

static void forks(struct fixture *f)
{
	touch(f->a);
	sss_cleanup_add(f->a);
	pid_t pid = fork();
	if (pid == 0)
		raise(SIGINT); /* a child (the editor) removes nothing */
	int status;
	waitpid(pid, &status, 0);
	_exit(WIFSIGNALED(status) && WTERMSIG(status) == SIGINT && exists(f->a)
		  ? 0
		  : 4);
}

static void test_child_removes_nothing(void **state)
{
	struct fixture *f = *state;
	int status = in_child(f, forks);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 0);
	assert_true(exists(f->a)); /* the owner ended with _exit: no atexit */
}

static void noted(struct fixture *f)
{
	int fd = open(f->note, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	dup2(fd, STDERR_FILENO);
	sss_cleanup_set_note("first\n");
	sss_cleanup_set_note("kept in 'x'\n");
	raise(SIGHUP);
}

static void test_note_written_on_signal(void **state)
{
	struct fixture *f = *state;
	int status = in_child(f, noted);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGHUP);
	char buf[64] = {0};
	int fd = open(f->note, O_RDONLY);
	assert_true(fd >= 0);
	assert_true(read(fd, buf, sizeof(buf) - 1) >= 0);
	close(fd);
	assert_string_equal(buf, "kept in 'x'\n");
}

static void ignored(struct fixture *f)
{
	(void)f;
	raise(SIGINT); /* ignored before init (nohup, a shell's & job) */
	_exit(5);
}

static void test_ignored_signal_stays_ignored(void **state)
{
	struct fixture *f = *state;
	signal(SIGINT, SIG_IGN);
	int status = in_child(f, ignored);
	signal(SIGINT, SIG_DFL);
	assert_true(WIFEXITED(status));
	assert_int_equal(WEXITSTATUS(status), 5);
}

static void test_too_long_not_registered(void **state)
{
	(void)state;
	char *path = malloc(5000);
	memset(path, 'x', 4999);
	path[4999] = '\0';
	assert_int_equal(sss_cleanup_add(path), -1);
	sss_cleanup_forget(-1); /* ignored */
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_signal_removes_registered,
					    setup, teardown),
	    cmocka_unit_test_setup_teardown(test_exit_removes_registered, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_child_removes_nothing, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_note_written_on_signal, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_ignored_signal_stays_ignored,
					    setup, teardown),
	    cmocka_unit_test(test_too_long_not_registered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
