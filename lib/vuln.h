/*
 * vuln.h: the vulnerability identifiers that validated events and advisories
 * carry (DESIGN.md section 8, "Validation"): CVE ids, CWE ids and CVSS
 * vector strings (v3.0, v3.1 and v4.0), with the CVSS score that FIRST's
 * specifications define for them.
 *
 * Caveats:
 * - The checks are syntactic. A well-formed CVE or CWE id need not exist.
 * - Vectors are strict: case-sensitive names and values, no whitespace, no
 *   empty or repeated metric, no trailing '/'. A v3.x vector lists its
 *   metrics in any order; a v4.0 vector only in the specification's order.
 * - A CVSS:3.0 vector is scored with the v3.1 base equations. They are the
 *   same equations; v3.1 only made Roundup immune to floating-point error.
 * - Scores are multiples of 0.1 computed as k / 10.0, so they compare equal
 *   to the decimal literal (9.8 == 98 / 10.0); print them with "%.1f".
 * Nothing here allocates, keeps state or fails for lack of resources.
 */
#ifndef CVD_VULN_H
#define CVD_VULN_H

#include <stddef.h>
#include <stdint.h>

/* vuln_cve_valid: 1 if s matches ^CVE-[0-9]{4}-(?:[0-9]{4}|[1-9][0-9]{4,18})$
 * (MITRE's syntax: a four-digit year, then four digits, or five to nineteen
 * without a leading zero), else 0. NULL is not valid. */
int vuln_cve_valid(const char *s);

/* vuln_cwe_valid: 1 if s matches ^CWE-[1-9][0-9]{0,4}$ (the CVE record
 * schema's cweId), else 0. NULL is not valid. */
int vuln_cwe_valid(const char *s);

enum vuln_cvss_version {
	VULN_CVSS_V30 = 30, /* "CVSS:3.0/" */
	VULN_CVSS_V31 = 31, /* "CVSS:3.1/" */
	VULN_CVSS_V40 = 40, /* "CVSS:4.0/" */
};

#define VULN_CVSS_NMETRICS 32  /* metrics of v4.0; v3.x has 22 */
#define VULN_CVSS_TEXT_MAX 256 /* any accepted vector, with its NUL, fits */

/* A parsed vector: a plain value the caller owns. cv_val is indexed by the
 * version's metric list (the specification's order): 0 where the metric is
 * absent, else 1 + the index of its value in that metric's list. Read it
 * with vuln_cvss_get rather than by index. */
struct vuln_cvss {
	enum vuln_cvss_version cv_version;
	uint8_t cv_val[VULN_CVSS_NMETRICS];
};

/* vuln_cvss_parse checks the NUL-terminated vector and fills *out. Accepted:
 * - "CVSS:3.1/" or "CVSS:3.0/", then NAME:VALUE metrics separated by '/', in
 *   any order, each at most once: mandatory base AV:N|A|L|P AC:L|H
 *   PR:N|L|H UI:N|R S:U|C C,I,A:H|L|N; optional temporal E:X|H|F|P|U
 *   RL:X|U|W|T|O RC:X|C|R|U and environmental CR,IR,AR:X|H|M|L
 *   MAV:X|N|A|L|P MAC:X|L|H MPR:X|N|L|H MUI:X|N|R MS:X|U|C MC,MI,MA:X|N|L|H.
 * - "CVSS:4.0/", then the base metrics, all present and in this order:
 *   AV:N|A|L|P AC:L|H AT:N|P PR:N|L|H UI:N|P|A VC,VI,VA,SC,SI,SA:H|L|N; then
 *   any of these, in this order: E:X|A|P|U CR,IR,AR:X|H|M|L MAV:X|N|A|L|P
 *   MAC:X|L|H MAT:X|N|P MPR:X|N|L|H MUI:X|N|P|A MVC,MVI,MVA,MSC:X|N|L|H
 *   MSI,MSA:X|N|L|H|S S:X|N|P AU:X|N|Y R:X|A|U|I V:X|D|C RE:X|L|M|H
 *   U:X|Clear|Green|Amber|Red.
 * Returns 0, or CVD_EINVAL with *out zeroed and, if err is not NULL, a
 * NUL-terminated message in err (capacity errcap, truncated to fit) naming
 * the metric or position: "metric AV: value Q not allowed", "missing base
 * metric PR", "metric E out of order", "duplicate metric C", "unknown metric
 * XY", "empty metric at position 3", "trailing '/'", a bad prefix. */
int vuln_cvss_parse(const char *vector, struct vuln_cvss *out, char *err, size_t errcap);

/* vuln_cvss_get: the value of metric name ("AV", "MSI", "U") in c, as
 * written in the vector, or NULL if the metric is absent or not one of c's
 * version. The string is static. */
const char *vuln_cvss_get(const struct vuln_cvss *c, const char *name);

/* vuln_cvss_format writes c as a vector, metrics in the specification's
 * order, and a NUL into buf (capacity cap, at most VULN_CVSS_TEXT_MAX
 * needed). For v4.0 this is exactly the text that was parsed. Returns the
 * length, or CVD_ETOOLARGE (buf holding a truncated vector) if it does not
 * fit; CVD_EINVAL if c is not a parsed vector. */
int vuln_cvss_format(const struct vuln_cvss *c, char *buf, size_t cap);

/* vuln_cvss_base_score: the base score of a parsed vector, 0.0 to 10.0
 * (-1.0 if c is not a vector that vuln_cvss_parse accepted).
 * v3.x: the v3.1 specification's base metrics equations with the
 * integer-based Roundup of its Appendix A; temporal and environmental
 * metrics do not enter. v4.0: the CVSS-B score, from the base metrics alone
 * (threat and environmental metrics taken as Not Defined), by the macro
 * vector lookup and interpolation of the v4.0 specification ("CVSS v4.0
 * Scoring"), as FIRST's reference calculator computes it. */
double vuln_cvss_base_score(const struct vuln_cvss *c);

/* vuln_cvss4_score: for a v4.0 vector, the score of everything it gives
 * (CVSS-B, -BT, -BE or -BTE, FIRST's calculator's score): threat and
 * environmental metrics enter, supplemental metrics never do. For a v3.x
 * vector it returns vuln_cvss_base_score(c); -1.0 as that does. */
double vuln_cvss4_score(const struct vuln_cvss *c);

/* vuln_cvss_severity: the qualitative rating of a score (the v3.1 and v4.0
 * scale): "None" 0.0, "Low" 0.1-3.9, "Medium" 4.0-6.9, "High" 7.0-8.9,
 * "Critical" 9.0-10.0, after rounding to one decimal. NULL for a score
 * below 0, above 10 or NaN. The string is static. */
const char *vuln_cvss_severity(double score);

#endif
