/* test_cleanup.c - the registry of files to remove when a signal ends the
 * process: a registered file goes, a forgotten one stays, the signal
 * still ends the process (the exit status says which), a forked child
 * removes nothing, exit(3) in the middle removes them too, and the note
 * is written, a scratch directory goes with what it holds and a child's
 * process group is killed. Each case runs in a child, as the handler
 * ends it. */
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

/* Whether pid runs: /proc/PID/stat exists and its state is not Z. */
static bool alive(int pid)
{
	char path[64], buf[512];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	FILE *fp = fopen(path, "r");
	if (!fp)
		return false;
	size_t n = fread(buf, 1, sizeof(buf) - 1, fp);
	fclose(fp);
	buf[n] = '\0';
	const char *close_paren = strrchr(buf, ')');
	return close_paren && close_paren[1] == ' ' && close_paren[2] != 'Z';
}

/* A scratch tree (a browser profile): nested directories, enough names
 * that getdents64 needs several reads, and a symbolic link to a file
 * outside, which must survive; and a child's process group, killed. */
static void tree_killed(struct fixture *f)
{
	char path[256];
	snprintf(path, sizeof(path), "%s/t", f->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/t/profile", f->dir);
	mkdir(path, 0700);
	snprintf(path, sizeof(path), "%s/t/profile/Default", f->dir);
	mkdir(path, 0700);
	for (int i = 0; i < 300; i++) {
		snprintf(path, sizeof(path), "%s/t/profile/Default/Cache-%03d-"
			 "a-long-enough-name-to-fill-the-buffer-sooner", f->dir, i);
		touch(path);
	}
	snprintf(path, sizeof(path), "%s/t/report.html", f->dir);
	touch(path);
	touch(f->b); /* outside the tree */
	snprintf(path, sizeof(path), "%s/t/profile/link", f->dir);
	assert_int_equal(symlink(f->b, path), 0);
	pid_t child = fork();
	if (child == 0) {
		setpgid(0, 0);
		pause();
		_exit(0);
	}
	setpgid(child, child);
	/* the child's pid, for the parent to check it was killed */
	snprintf(path, sizeof(path), "%s/pid", f->dir);
	FILE *fp = fopen(path, "w");
	fprintf(fp, "%d\n", (int)child);
	fclose(fp);
	snprintf(path, sizeof(path), "%s/t", f->dir);
	sss_cleanup_add_tree(path);
	sss_cleanup_child_group(child);
	raise(SIGINT);
	_exit(3);
}

static void test_signal_removes_tree_and_kills_group(void **state)
{
	struct fixture *f = *state;
	char path[256];
	int status = in_child(f, tree_killed);
	assert_true(WIFSIGNALED(status));
	assert_int_equal(WTERMSIG(status), SIGINT);
	snprintf(path, sizeof(path), "%s/t", f->dir);
	assert_false(exists(path));
	assert_true(exists(f->b)); /* the link was removed, not followed */
	snprintf(path, sizeof(path), "%s/pid", f->dir);
	FILE *fp = fopen(path, "r");
	assert_non_null(fp);
	int pid = 0;
	assert_int_equal(fscanf(fp, "%d", &pid), 1);
	fclose(fp);
	unlink(path);
	/* killed: gone or a zombie within a bounded wait (it is not our
	 * child, and a container's init may never reap it) */
	int tries = 0;
	while (alive(pid) && tries++ < 200)
		usleep(10000);
	assert_false(alive(pid));
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
	    cmocka_unit_test_setup_teardown(test_signal_removes_tree_and_kills_group,
					    setup, teardown),
	    cmocka_unit_test(test_too_long_not_registered),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
