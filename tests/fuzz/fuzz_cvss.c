/*
 * fuzz_cvss.c: libFuzzer harness for the identifier and CVSS checks
 * (lib/vuln.c; DESIGN.md section 8, "Validation"), which see text from
 * reporters and vendors. The input, up to its first NUL, goes through
 * vuln_cve_valid and vuln_cwe_valid, each compared with a reference written
 * here from the design's patterns, and through vuln_cvss_parse three times:
 * as it is, and behind "CVSS:3.1/" and "CVSS:4.0/" so that bare metric lists
 * reach the metric parser. Nothing may crash. A refused vector gives
 * CVD_EINVAL, a zeroed struct and a non-empty, terminated message. An
 * accepted one has the version its prefix names; its base score and its
 * v4.0 score are within 0.0..10.0, whole multiples of 0.1 with a severity
 * rating (and equal for v3.x); vuln_cvss_format writes it back as text that
 * parses to the same struct, with the same length as the input, and for v4.0
 * (one order only) exactly the input.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "vuln.h"

static int digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

/* ^CVE-[0-9]{4}-(?:[0-9]{4}|[1-9][0-9]{4,18})$ */
static int ref_cve(const char *s, size_t len)
{
	return len >= 13 && len <= 28 && memcmp(s, "CVE-", 4) == 0 && digits(s + 4, 4) &&
	       s[8] == '-' && digits(s + 9, len - 9) && (len == 13 || s[9] != '0');
}

/* ^CWE-[1-9][0-9]{0,4}$ */
static int ref_cwe(const char *s, size_t len)
{
	return len >= 5 && len <= 9 && memcmp(s, "CWE-", 4) == 0 && digits(s + 4, len - 4) &&
	       s[4] != '0';
}

static void check_score(double s)
{
	check(s >= 0.0 && s <= 10.0);
	check(s == (double)(long long)(s * 10.0 + 0.5) / 10.0);
	check(vuln_cvss_severity(s) != NULL);
}

static void check_vector(const char *text)
{
	static const struct vuln_cvss zero;
	struct vuln_cvss c, d;
	char err[128], out[VULN_CVSS_TEXT_MAX];

	memset(err, 'x', sizeof(err));
	memset(&c, 0xa5, sizeof(c));
	int rc = vuln_cvss_parse(text, &c, err, sizeof(err));
	if (rc != 0) {
		check(rc == CVD_EINVAL);
		check(memcmp(&c, &zero, sizeof(c)) == 0);
		check(err[0] != '\0' && memchr(err, '\0', sizeof(err)) != NULL);
		return;
	}
	check((c.cv_version == VULN_CVSS_V30 && memcmp(text, "CVSS:3.0/", 9) == 0) ||
	      (c.cv_version == VULN_CVSS_V31 && memcmp(text, "CVSS:3.1/", 9) == 0) ||
	      (c.cv_version == VULN_CVSS_V40 && memcmp(text, "CVSS:4.0/", 9) == 0));
	check(vuln_cvss_get(&c, "AV") != NULL && vuln_cvss_get(&c, "AC") != NULL);

	double base = vuln_cvss_base_score(&c), full = vuln_cvss4_score(&c);
	check_score(base);
	check_score(full);
	if (c.cv_version != VULN_CVSS_V40)
		check(full == base);

	int n = vuln_cvss_format(&c, out, sizeof(out));
	check(n > 0 && (size_t)n == strlen(text) && out[n] == '\0');
	if (c.cv_version == VULN_CVSS_V40)
		check(memcmp(out, text, (size_t)n) == 0);
	check(vuln_cvss_parse(out, &d, err, sizeof(err)) == 0);
	check(memcmp(&c, &d, sizeof(c)) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const prefixes[] = {"CVSS:3.1/", "CVSS:4.0/"};
	size_t len = strnlen((const char *)data, size);
	char *text = malloc(len + 10);

	fuzz_init(NULL);
	if (text == NULL)
		abort();
	memcpy(text, data, len);
	text[len] = '\0';

	check(vuln_cve_valid(text) == ref_cve(text, len));
	check(vuln_cwe_valid(text) == ref_cwe(text, len));
	check_vector(text);
	for (int i = 0; i < 2; i++) {
		memcpy(text, prefixes[i], 9);
		memcpy(text + 9, data, len);
		text[len + 9] = '\0';
		check_vector(text);
	}
	free(text);
	return 0;
}
