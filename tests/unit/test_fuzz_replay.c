/*
 * test_fuzz_replay.c: replays the committed libFuzzer corpus of every harness
 * in tests/fuzz/ as a regression test. Each case runs
 * $CVDLOG_FUZZ/fuzz_<name> -runs=0 tests/fuzz/corpus/<name>, which executes
 * each corpus input once and does no fuzzing, with its output in a log file
 * under /tmp, and passes when the harness exits 0 after reading every file of
 * the corpus. A crash, sanitizer report, leak or broken invariant fails the
 * case with the log's path and tail (libFuzzer writes the failing input next
 * to the log, never into the tree). `make test` builds the harnesses and sets
 * CVDLOG_FUZZ=build/fuzz; without it, or without a harness binary, the case
 * fails: a replay that silently did not run would hide a regression.
 */
#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CORPUS_ROOT "tests/fuzz/corpus"
#define LOG_TAIL    1500 /* bytes of the log quoted in a failure message */

/* count_files: non-empty regular files directly in dir, or -1 when it cannot
 * be read. libFuzzer skips empty files (it always runs the empty input). */
static int count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((de = readdir(d)) != NULL) {
		char path[1024];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
			n++;
	}
	closedir(d);
	return n;
}

/* read_log reads the whole log into a malloc'd, NUL-terminated string. */
static char *read_log(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (f == NULL)
		return NULL;
	if (fseek(f, 0, SEEK_END) != 0 || (len = ftell(f)) < 0 || fseek(f, 0, SEEK_SET) != 0) {
		fclose(f);
		return NULL;
	}
	buf = malloc((size_t)len + 1);
	if (buf != NULL)
		buf[fread(buf, 1, (size_t)len, f)] = '\0';
	fclose(f);
	return buf;
}

/* log_tail: the last LOG_TAIL bytes of log, from a line start when possible. */
static const char *log_tail(const char *log)
{
	size_t len = strlen(log);
	const char *t;

	if (len <= LOG_TAIL)
		return log;
	t = log + len - LOG_TAIL;
	const char *nl = strchr(t, '\n');
	return nl != NULL && nl[1] != '\0' ? nl + 1 : t;
}

static void replay(const char *name)
{
	const char *dir = getenv("CVDLOG_FUZZ");
	char bin[1024], corpus[256], log[256], prefix[256];
	int nfiles, fd, status;
	pid_t pid;

	ck_assert_msg(dir != NULL && dir[0] != '\0',
	              "CVDLOG_FUZZ is not set: it names the directory of the libFuzzer harnesses; "
	              "run `make test`, which builds them and sets CVDLOG_FUZZ=build/fuzz");
	snprintf(bin, sizeof(bin), "%s/fuzz_%s", dir, name);
	ck_assert_msg(access(bin, X_OK) == 0,
	              "fuzz harness %s is missing or not executable (%s): run `make fuzz-build`",
	              bin, strerror(errno));
	snprintf(corpus, sizeof(corpus), CORPUS_ROOT "/%s", name);
	nfiles = count_files(corpus);
	ck_assert_msg(nfiles > 0, "corpus %s is missing or empty (run from the repository root)",
	              corpus);

	snprintf(log, sizeof(log), "/tmp/cvdlog-fuzz-replay-%s-XXXXXX.log", name);
	fd = mkstemps(log, 4);
	ck_assert_msg(fd >= 0, "cannot create a log file under /tmp: %s", strerror(errno));
	/* A crashing input is saved as <log without .log>-crash-<sha1>. */
	snprintf(prefix, sizeof(prefix), "-artifact_prefix=%.*s-", (int)(strlen(log) - 4), log);

	pid = fork();
	ck_assert_msg(pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_RDONLY);
		/* Do not outlive the test process if Check kills it on timeout. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (null < 0 || dup2(null, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
			_exit(126);
		close(null);
		close(fd);
		/* -runs=0: execute the corpus inputs once, then stop without fuzzing.
		 * -timeout: any one input taking longer is a hang, hence a failure. */
		execl(bin, bin, "-runs=0", "-timeout=30", prefix, corpus, (char *)NULL);
		dprintf(2, "exec %s: %s\n", bin, strerror(errno));
		_exit(127);
	}
	close(fd);
	while (waitpid(pid, &status, 0) < 0)
		ck_assert_msg(errno == EINTR, "waitpid: %s", strerror(errno));

	char *text = read_log(log);
	ck_assert_msg(text != NULL, "cannot read %s: %s", log, strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char how[64];
		if (WIFEXITED(status))
			snprintf(how, sizeof(how), "exited with status %d", WEXITSTATUS(status));
		else
			snprintf(how, sizeof(how), "was killed by signal %d", WTERMSIG(status));
		ck_abort_msg("fuzz_%s %s replaying %s (full log: %s); log tail:\n%s", name, how,
		             corpus, log, log_tail(text));
	}
	/* libFuzzer reports how many seed files it read: all of them must run. */
	const char *seen = strstr(text, "seed corpus: files: ");
	int nread = seen != NULL ? atoi(seen + strlen("seed corpus: files: ")) : -1;
	if (nread != nfiles)
		ck_abort_msg("fuzz_%s read %d of the %d files of %s (full log: %s); log tail:\n%s",
		             name, nread, nfiles, corpus, log, log_tail(text));
	free(text);
	unlink(log);
}

START_TEST(replay_frame)
{
	replay("frame");
}
END_TEST

START_TEST(replay_entry)
{
	replay("entry");
}
END_TEST

START_TEST(replay_note)
{
	replay("note");
}
END_TEST

START_TEST(replay_receipt)
{
	replay("receipt");
}
END_TEST

START_TEST(replay_key)
{
	replay("key");
}
END_TEST

START_TEST(replay_policy)
{
	replay("policy");
}
END_TEST

START_TEST(replay_event)
{
	replay("event");
}
END_TEST

Suite *suite_fuzz_replay(void)
{
	/* Not static: START_TEST's test handles are not constant expressions. */
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
	    {"frame", replay_frame},     {"entry", replay_entry}, {"note", replay_note},
	    {"receipt", replay_receipt}, {"key", replay_key},     {"policy", replay_policy},
	    {"event", replay_event},
	};
	Suite *s = suite_create("fuzz_replay");

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		TCase *tc = tcase_create(cases[i].name);
		tcase_set_timeout(tc, 120);
		tcase_add_test(tc, cases[i].test);
		suite_add_tcase(s, tc);
	}
	return s;
}
