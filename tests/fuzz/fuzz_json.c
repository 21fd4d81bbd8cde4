/*
 * fuzz_json.c: libFuzzer harness for the small JSON reader of `cvdlog report
 * submit --json FILE` (cli_json_strings in client/case_parse.c, linked here
 * with the library). The input is the file. The reader must never crash or
 * leak, and is run three ways:
 *
 * - with a callback that takes every member: each key and value it is given
 *   is valid UTF-8 with no NUL inside and no longer than the input. A
 *   refusal is CVD_EINVAL (or CVD_ENOMEM) with a message naming the byte or
 *   the member, NUL-terminated within a small error buffer. The answer is
 *   checked against jansson: what the reader accepts jansson parses to an
 *   object with the same members (the last value of a repeated key) and
 *   string values only; what jansson parses to such an object without a NUL
 *   in any string the reader accepts.
 * - with the members of cmd_report.c (contact, products, description,
 *   exploits, disclosure_plans, additional, channel, vendor, cvss,
 *   planned_disclosure), refusing an unknown key or one given twice as it
 *   does: refused with 1 when a member the first run saw is unknown or
 *   repeated, else the first run's answer.
 * - with a callback that stops at the first member: its result comes back
 *   whenever the first run got that far.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../client/cli.h"
#include "encoding.h"
#include "error.h"
#include "fuzz.h"

#define STOP 42

struct members {
	size_t n, cap, input;
	char **key, **value;
};

static void valid(const char *s, size_t input)
{
	size_t n = strlen(s);
	check(n <= input && enc_utf8_valid(s, n));
}

static int take(void *ctx, const char *key, const char *value)
{
	struct members *m = ctx;

	valid(key, m->input);
	valid(value, m->input);
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		char **k = realloc(m->key, cap * sizeof(*k)), **v;
		if (k == NULL)
			abort();
		m->key = k;
		v = realloc(m->value, cap * sizeof(*v));
		if (v == NULL)
			abort();
		m->value = v;
		m->cap = cap;
	}
	m->key[m->n] = strdup(key);
	m->value[m->n] = strdup(value);
	if (m->key[m->n] == NULL || m->value[m->n] == NULL)
		abort();
	m->n++;
	return 0;
}

static void members_free(struct members *m)
{
	for (size_t i = 0; i < m->n; i++) {
		free(m->key[i]);
		free(m->value[i]);
	}
	free(m->key);
	free(m->value);
}

/* The members cmd_report.c takes from --json. */
static const char *const report_keys[] = {
    "contact",    "products", "description", "exploits", "disclosure_plans",
    "additional", "channel",  "vendor",      "cvss",     "planned_disclosure",
};
#define NKEYS (sizeof(report_keys) / sizeof(report_keys[0]))

static int report_key(const char *key)
{
	for (size_t i = 0; i < NKEYS; i++)
		if (strcmp(key, report_keys[i]) == 0)
			return (int)i;
	return -1;
}

/* report_member: cmd_report.c's json_member without the copy: 1 (an error
 * it prints) for an unknown member or one given twice. */
static int report_member(void *ctx, const char *key, const char *value)
{
	const char **seen = ctx;
	int k = report_key(key);

	if (k < 0 || seen[k] != NULL)
		return 1;
	seen[k] = value; /* only compared with NULL: the value is freed after */
	return 0;
}

static int stop(void *ctx, const char *key, const char *value)
{
	(void)key;
	(void)value;
	++*(int *)ctx;
	return STOP;
}

/* same_as_jansson: j is an object with exactly the members m has (the last
 * value of a repeated key, as jansson keeps it), every one a string. */
static int same_as_jansson(const struct members *m, json_t *j)
{
	json_t *want = json_object();
	int same;

	if (want == NULL)
		abort();
	for (size_t i = 0; i < m->n; i++)
		if (json_object_set_new(want, m->key[i], json_string(m->value[i])) != 0)
			abort();
	same = json_is_object(j) && json_equal(want, j);
	json_decref(want);
	return same;
}

/* strings_only: j is an object of strings, none with a NUL inside. */
static int strings_only(json_t *j)
{
	const char *key;
	json_t *v;

	if (!json_is_object(j))
		return 0;
	json_object_foreach(j, key, v)
	{
		if (!json_is_string(v) || strlen(json_string_value(v)) != json_string_length(v))
			return 0;
	}
	return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct members m;
	const char *seen[NKEYS];
	char err[256], *small;
	json_error_t jerr;
	json_t *j;
	int rc, rc2, known = 1, calls = 0;

	fuzz_init(NULL);
	memset(&m, 0, sizeof(m));
	m.input = size;
	memset(err, 'x', sizeof(err));
	rc = cli_json_strings(text, size, take, &m, err, sizeof(err));
	check(memchr(err, '\0', sizeof(err)) != NULL);
	if (rc != 0)
		check((rc == CVD_EINVAL &&
		       (strncmp(err, "byte ", 5) == 0 || strncmp(err, "member \"", 8) == 0)) ||
		      rc == CVD_ENOMEM);
	else
		check(err[0] == '\0');

	j = json_loadb(text, size, 0, &jerr);
	if (rc == 0)
		check(j != NULL && same_as_jansson(&m, j));
	else if (rc == CVD_EINVAL)
		check(j == NULL || !strings_only(j));
	json_decref(j);

	/* as report submit --json takes it */
	for (size_t i = 0; i < m.n; i++)
		known &= report_key(m.key[i]) >= 0;
	known &= m.n <= NKEYS; /* more known members than keys: one is repeated */
	for (size_t i = 0; known && i < m.n; i++)
		for (size_t k = 0; k < i; k++)
			known &= strcmp(m.key[k], m.key[i]) != 0;
	memset(seen, 0, sizeof(seen));
	rc2 = cli_json_strings(text, size, report_member, seen, err, sizeof(err));
	check(rc2 == (known ? rc : 1));

	/* a callback's result stops the reader; a 7-byte error buffer */
	small = malloc(7);
	if (small == NULL)
		abort();
	rc2 = cli_json_strings(text, size, stop, &calls, small, 7);
	check(calls <= 1 && (m.n > 0 ? rc2 == STOP && calls == 1 : rc2 == rc && calls == 0));
	check(memchr(small, '\0', 7) != NULL);
	free(small);
	members_free(&m);
	return 0;
}
