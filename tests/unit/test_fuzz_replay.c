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

#include "testutil.h"

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

/*
 * Private keys are never committed, not even the public test constants, so
 * the key harness gets them as extra seeds written at run time from
 * the JSON files in tests/vectors (plus a few near misses of them) into a temporary
 * directory. Returns that directory (malloc'd) and adds its file count.
 */
static char *private_key_seeds(int *nfiles)
{
	static const char *const members[][2] = {
	    {"cvdlog.json", "author_skey"},
	    {"cvdlog.json", "node_skey"},
	    {"cvdlog.json", "node2_skey"},
	    {"note.json", "skey"},
	};
	char *dir = tu_tmpdir(), path[640];
	int n = 0;

	for (size_t i = 0; i < sizeof(members) / sizeof(members[0]); i++) {
		json_t *j = tu_vectors(members[i][0]);
		const char *key = tu_str(j, members[i][1]);
		for (int variant = 0; variant < 3; variant++) {
			FILE *f;
			snprintf(path, sizeof(path), "%s/%s-%d", dir, members[i][1], variant);
			f = fopen(path, "w");
			ck_assert_ptr_nonnull(f);
			if (variant == 0)
				fputs(key, f); /* as is */
			else if (variant == 1)
				fprintf(f, "%.*s", (int)strlen(key) - 4, key); /* truncated */
			else
				fprintf(f, "%s\n", key); /* with a newline, as files have */
			fclose(f);
			n++;
		}
		json_t *w = json_object_get(j, "cosignature");
		if (w != NULL && json_is_string(json_object_get(w, "witness_skey"))) {
			snprintf(path, sizeof(path), "%s/witness_skey", dir);
			FILE *f = fopen(path, "w");
			ck_assert_ptr_nonnull(f);
			fputs(json_string_value(json_object_get(w, "witness_skey")), f);
			fclose(f);
			n++;
		}
		json_decref(j);
	}
	*nfiles += n;
	return dir;
}

static void replay(const char *name)
{
	const char *dir = getenv("CVDLOG_FUZZ");
	char bin[1024], corpus[256], log[256], prefix[256], *extra = NULL;
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
	if (strcmp(name, "key") == 0)
		extra = private_key_seeds(&nfiles);

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
		execl(bin, bin, "-runs=0", "-timeout=30", prefix, corpus, extra, (char *)NULL);
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
	if (extra != NULL) {
		tu_rmrf(extra);
		free(extra);
	}
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

START_TEST(replay_cvss)
{
	replay("cvss");
}
END_TEST

START_TEST(replay_roster)
{
	replay("roster");
}
END_TEST

START_TEST(replay_sealed)
{
	replay("sealed");
}
END_TEST

START_TEST(replay_cases)
{
	replay("cases");
}
END_TEST

START_TEST(replay_proof)
{
	replay("proof");
}
END_TEST

START_TEST(replay_json)
{
	replay("json");
}
END_TEST

START_TEST(replay_audit_state)
{
	replay("audit_state");
}
END_TEST

START_TEST(replay_sigbatch)
{
	replay("sigbatch");
}
END_TEST

START_TEST(replay_rosterproof)
{
	replay("rosterproof");
}
END_TEST

Suite *suite_fuzz_replay(void)
{
	/* Not static: START_TEST's test handles are not constant expressions. */
	const struct {
		const char *name;
		const TTest *test;
	} cases[] = {
	    {"frame", replay_frame},       {"entry", replay_entry},
	    {"note", replay_note},         {"receipt", replay_receipt},
	    {"key", replay_key},           {"policy", replay_policy},
	    {"event", replay_event},       {"cvss", replay_cvss},
	    {"roster", replay_roster},     {"sealed", replay_sealed},
	    {"cases", replay_cases},       {"proof", replay_proof},
	    {"json", replay_json},         {"audit_state", replay_audit_state},
	    {"sigbatch", replay_sigbatch}, {"rosterproof", replay_rosterproof},
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
