/*
 * vuln.c: CVE and CWE id syntax, and CVSS vectors: parsing, formatting and
 * scoring (see vuln.h).
 *
 * Each CVSS version's metrics are one table of names and allowed values in
 * the specification's order; the parser, the formatter and vuln_cvss_get
 * walk it, and the scoring code reads values through it. v3.x scoring is
 * the closed-form base equation of the v3.1 specification. v4.0 scoring is
 * the macro vector method of the v4.0 specification ("CVSS v4.0 Scoring"): the vector
 * falls in one of 270 macro vectors (equivalence classes EQ1..EQ6) whose
 * scores FIRST publishes (vuln_cvss4_table.c); the score then moves from the
 * macro vector's towards the next lower macro vectors' by how far the
 * vector sits from the macro vector's highest-severity vectors.
 */
#include "vuln.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "error.h"
#include "vuln_cvss4.h"

/* ---- CVE and CWE ids ---- */

/* ndigits: how many decimal digits s starts with. */
static size_t ndigits(const char *s)
{
	size_t n = 0;

	while (s[n] >= '0' && s[n] <= '9')
		n++;
	return n;
}

int vuln_cve_valid(const char *s)
{
	size_t n;

	if (s == NULL || strncmp(s, "CVE-", 4) != 0)
		return 0;
	s += 4;
	if (ndigits(s) != 4 || s[4] != '-')
		return 0;
	s += 5;
	n = ndigits(s);
	if (s[n] != '\0')
		return 0;
	return n == 4 || (n >= 5 && n <= 19 && s[0] != '0');
}

int vuln_cwe_valid(const char *s)
{
	size_t n;

	if (s == NULL || strncmp(s, "CWE-", 4) != 0)
		return 0;
	s += 4;
	n = ndigits(s);
	return s[n] == '\0' && n >= 1 && n <= 5 && s[0] != '0';
}

/* ---- metric tables ---- */

#define MAX_VALUES 6

struct metric {
	const char *m_name;
	const char *m_values[MAX_VALUES]; /* allowed values; NULL after the last */
	int m_base;                       /* a mandatory base metric */
};

/* CVSS v3.1 specification, "Vector String" (also v3.0): base, temporal,
 * environmental. */
/* clang-format off */
enum {
	V3_AV, V3_AC, V3_PR, V3_UI, V3_S, V3_C, V3_I, V3_A,
	V3_E, V3_RL, V3_RC,
	V3_CR, V3_IR, V3_AR, V3_MAV, V3_MAC, V3_MPR, V3_MUI, V3_MS, V3_MC, V3_MI, V3_MA,
	V3_N
};
/* clang-format on */

static const struct metric v3_metrics[V3_N] = {
    [V3_AV] = {"AV", {"N", "A", "L", "P"}, 1},
    [V3_AC] = {"AC", {"L", "H"}, 1},
    [V3_PR] = {"PR", {"N", "L", "H"}, 1},
    [V3_UI] = {"UI", {"N", "R"}, 1},
    [V3_S] = {"S", {"U", "C"}, 1},
    [V3_C] = {"C", {"H", "L", "N"}, 1},
    [V3_I] = {"I", {"H", "L", "N"}, 1},
    [V3_A] = {"A", {"H", "L", "N"}, 1},
    [V3_E] = {"E", {"X", "H", "F", "P", "U"}, 0},
    [V3_RL] = {"RL", {"X", "U", "W", "T", "O"}, 0},
    [V3_RC] = {"RC", {"X", "C", "R", "U"}, 0},
    [V3_CR] = {"CR", {"X", "H", "M", "L"}, 0},
    [V3_IR] = {"IR", {"X", "H", "M", "L"}, 0},
    [V3_AR] = {"AR", {"X", "H", "M", "L"}, 0},
    [V3_MAV] = {"MAV", {"X", "N", "A", "L", "P"}, 0},
    [V3_MAC] = {"MAC", {"X", "L", "H"}, 0},
    [V3_MPR] = {"MPR", {"X", "N", "L", "H"}, 0},
    [V3_MUI] = {"MUI", {"X", "N", "R"}, 0},
    [V3_MS] = {"MS", {"X", "U", "C"}, 0},
    [V3_MC] = {"MC", {"X", "N", "L", "H"}, 0},
    [V3_MI] = {"MI", {"X", "N", "L", "H"}, 0},
    [V3_MA] = {"MA", {"X", "N", "L", "H"}, 0},
};

/* CVSS v4.0 specification, "Vector String": base, threat,
 * environmental, supplemental, in the only order a vector may use. */
/* clang-format off */
enum {
	V4_AV, V4_AC, V4_AT, V4_PR, V4_UI, V4_VC, V4_VI, V4_VA, V4_SC, V4_SI, V4_SA,
	V4_E,
	V4_CR, V4_IR, V4_AR, V4_MAV, V4_MAC, V4_MAT, V4_MPR, V4_MUI,
	V4_MVC, V4_MVI, V4_MVA, V4_MSC, V4_MSI, V4_MSA,
	V4_S, V4_AU, V4_R, V4_V, V4_RE, V4_U,
	V4_N
};
/* clang-format on */

_Static_assert(V4_N == VULN_CVSS_NMETRICS && V3_N <= VULN_CVSS_NMETRICS, "metric counts");

static const struct metric v4_metrics[V4_N] = {
    [V4_AV] = {"AV", {"N", "A", "L", "P"}, 1},
    [V4_AC] = {"AC", {"L", "H"}, 1},
    [V4_AT] = {"AT", {"N", "P"}, 1},
    [V4_PR] = {"PR", {"N", "L", "H"}, 1},
    [V4_UI] = {"UI", {"N", "P", "A"}, 1},
    [V4_VC] = {"VC", {"H", "L", "N"}, 1},
    [V4_VI] = {"VI", {"H", "L", "N"}, 1},
    [V4_VA] = {"VA", {"H", "L", "N"}, 1},
    [V4_SC] = {"SC", {"H", "L", "N"}, 1},
    [V4_SI] = {"SI", {"H", "L", "N"}, 1},
    [V4_SA] = {"SA", {"H", "L", "N"}, 1},
    [V4_E] = {"E", {"X", "A", "P", "U"}, 0},
    [V4_CR] = {"CR", {"X", "H", "M", "L"}, 0},
    [V4_IR] = {"IR", {"X", "H", "M", "L"}, 0},
    [V4_AR] = {"AR", {"X", "H", "M", "L"}, 0},
    [V4_MAV] = {"MAV", {"X", "N", "A", "L", "P"}, 0},
    [V4_MAC] = {"MAC", {"X", "L", "H"}, 0},
    [V4_MAT] = {"MAT", {"X", "N", "P"}, 0},
    [V4_MPR] = {"MPR", {"X", "N", "L", "H"}, 0},
    [V4_MUI] = {"MUI", {"X", "N", "P", "A"}, 0},
    [V4_MVC] = {"MVC", {"X", "N", "L", "H"}, 0},
    [V4_MVI] = {"MVI", {"X", "N", "L", "H"}, 0},
    [V4_MVA] = {"MVA", {"X", "N", "L", "H"}, 0},
    [V4_MSC] = {"MSC", {"X", "N", "L", "H"}, 0},
    [V4_MSI] = {"MSI", {"X", "N", "L", "H", "S"}, 0},
    [V4_MSA] = {"MSA", {"X", "N", "L", "H", "S"}, 0},
    [V4_S] = {"S", {"X", "N", "P"}, 0},
    [V4_AU] = {"AU", {"X", "N", "Y"}, 0},
    [V4_R] = {"R", {"X", "A", "U", "I"}, 0},
    [V4_V] = {"V", {"X", "D", "C"}, 0},
    [V4_RE] = {"RE", {"X", "L", "M", "H"}, 0},
    [V4_U] = {"U", {"X", "Clear", "Green", "Amber", "Red"}, 0},
};

struct version {
	enum vuln_cvss_version v_version;
	const char *v_prefix; /* with the '/' that ends it */
	const struct metric *v_metrics;
	int v_nmetrics;
	int v_ordered; /* metrics must come in the table's order */
};

#define PREFIX_LEN 9 /* "CVSS:x.y/" */

static const struct version versions[] = {
    {VULN_CVSS_V30, "CVSS:3.0/", v3_metrics, V3_N, 0},
    {VULN_CVSS_V31, "CVSS:3.1/", v3_metrics, V3_N, 0},
    {VULN_CVSS_V40, "CVSS:4.0/", v4_metrics, V4_N, 1},
};

static int nvalues(const struct metric *m)
{
	int n = 0;

	while (n < MAX_VALUES && m->m_values[n] != NULL)
		n++;
	return n;
}

/* find_metric: the index of the metric named s[0..n), or -1. */
static int find_metric(const struct version *v, const char *s, size_t n)
{
	for (int i = 0; i < v->v_nmetrics; i++) {
		const char *name = v->v_metrics[i].m_name;
		if (strlen(name) == n && memcmp(name, s, n) == 0)
			return i;
	}
	return -1;
}

/* find_value: the index of value s[0..n) among m's, or -1. */
static int find_value(const struct metric *m, const char *s, size_t n)
{
	for (int i = 0; i < MAX_VALUES && m->m_values[i] != NULL; i++) {
		if (strlen(m->m_values[i]) == n && memcmp(m->m_values[i], s, n) == 0)
			return i;
	}
	return -1;
}

/* checked: c's version if c is a vector vuln_cvss_parse could have made
 * (known version, values in range, base metrics present), else NULL. */
static const struct version *checked(const struct vuln_cvss *c)
{
	const struct version *v = NULL;

	if (c == NULL)
		return NULL;
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		if (versions[i].v_version == c->cv_version)
			v = &versions[i];
	if (v == NULL)
		return NULL;
	for (int i = 0; i < VULN_CVSS_NMETRICS; i++) {
		if (i >= v->v_nmetrics) {
			if (c->cv_val[i] != 0)
				return NULL;
			continue;
		}
		if (c->cv_val[i] > nvalues(&v->v_metrics[i]) ||
		    (c->cv_val[i] == 0 && v->v_metrics[i].m_base))
			return NULL;
	}
	return v;
}

/* val: the first letter of metric i's value in c ('X' if absent). Every
 * value that scoring reads is a single letter. */
static char val(const struct vuln_cvss *c, const struct metric *tab, int i)
{
	return c->cv_val[i] == 0 ? 'X' : tab[i].m_values[c->cv_val[i] - 1][0];
}

/* ---- parsing ---- */

#define SHOW_MAX 16

/* show copies s[0..n) into out (SHOW_MAX + 4 bytes) for an error message:
 * at most SHOW_MAX bytes, any byte outside printable ASCII as '?', and
 * "..." when cut. Returns out. */
static const char *show(char *out, const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && i < SHOW_MAX; i++)
		out[i] = s[i] >= 0x20 && s[i] < 0x7f ? s[i] : '?';
	if (n > SHOW_MAX) {
		memcpy(out + i, "...", 3);
		i += 3;
	}
	out[i] = '\0';
	return out;
}

static int fail(struct vuln_cvss *out, char *err, size_t errcap, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail(struct vuln_cvss *out, char *err, size_t errcap, const char *fmt, ...)
{
	va_list ap;

	memset(out, 0, sizeof(*out));
	if (err != NULL && errcap > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errcap, fmt, ap);
		va_end(ap);
	}
	return CVD_EINVAL;
}

int vuln_cvss_parse(const char *vector, struct vuln_cvss *out, char *err, size_t errcap)
{
	const struct version *v = NULL;
	int order[VULN_CVSS_NMETRICS]; /* metric index at each position */
	int npos = 0;
	char a[SHOW_MAX + 4], b[SHOW_MAX + 4];
	const char *p;

	memset(out, 0, sizeof(*out));
	if (vector == NULL)
		return fail(out, err, errcap, "no CVSS vector");
	for (size_t i = 0; i < sizeof(versions) / sizeof(versions[0]); i++)
		if (strncmp(vector, versions[i].v_prefix, PREFIX_LEN) == 0)
			v = &versions[i];
	if (v == NULL)
		return fail(out, err, errcap,
		            "vector must start with CVSS:3.0/, CVSS:3.1/ or CVSS:4.0/");

	/* One NAME:VALUE per '/'-separated part: known name, allowed value,
	 * not seen before. */
	p = vector + PREFIX_LEN;
	for (int pos = 1;; pos++) {
		const char *end = strchr(p, '/');
		if (end == NULL)
			end = p + strlen(p);
		size_t n = (size_t)(end - p);
		const char *colon = memchr(p, ':', n);
		if (n == 0 && *end == '\0')
			return fail(out, err, errcap,
			            pos == 1 ? "no metrics after the prefix" : "trailing '/'");
		if (n == 0)
			return fail(out, err, errcap, "empty metric at position %d", pos);
		if (colon == NULL || colon == p)
			return fail(out, err, errcap, "metric at position %d is not NAME:VALUE: %s",
			            pos, show(a, p, n));
		size_t namelen = (size_t)(colon - p), vallen = (size_t)(end - colon - 1);
		int mi = find_metric(v, p, namelen);
		if (mi < 0)
			return fail(out, err, errcap, "unknown metric %s", show(a, p, namelen));
		const struct metric *m = &v->v_metrics[mi];
		if (out->cv_val[mi] != 0)
			return fail(out, err, errcap, "duplicate metric %s", m->m_name);
		if (vallen == 0)
			return fail(out, err, errcap, "metric %s: empty value", m->m_name);
		int vi = find_value(m, colon + 1, vallen);
		if (vi < 0)
			return fail(out, err, errcap, "metric %s: value %s not allowed", m->m_name,
			            show(b, colon + 1, vallen));
		out->cv_val[mi] = (uint8_t)(vi + 1);
		order[npos++] = mi; /* no repeats, so npos <= v_nmetrics */
		if (*end == '\0')
			break;
		p = end + 1;
	}

	for (int i = 0; i < v->v_nmetrics; i++)
		if (v->v_metrics[i].m_base && out->cv_val[i] == 0)
			return fail(out, err, errcap, "missing base metric %s",
			            v->v_metrics[i].m_name);
	if (v->v_ordered) {
		for (int k = 1; k < npos; k++)
			if (order[k] < order[k - 1])
				return fail(out, err, errcap, "metric %s out of order",
				            v->v_metrics[order[k]].m_name);
	}
	out->cv_version = v->v_version;
	return 0;
}

const char *vuln_cvss_get(const struct vuln_cvss *c, const char *name)
{
	const struct version *v = checked(c);
	int i;

	if (v == NULL || name == NULL || (i = find_metric(v, name, strlen(name))) < 0 ||
	    c->cv_val[i] == 0)
		return NULL;
	return v->v_metrics[i].m_values[c->cv_val[i] - 1];
}

int vuln_cvss_format(const struct vuln_cvss *c, char *buf, size_t cap)
{
	const struct version *v = checked(c);
	size_t len;

	if (v == NULL)
		return CVD_EINVAL;
	if (cap == 0)
		return CVD_ETOOLARGE;
	/* The prefix without its '/': each metric brings its own. */
	len = (size_t)snprintf(buf, cap, "%.*s", PREFIX_LEN - 1, v->v_prefix);
	for (int i = 0; i < v->v_nmetrics && len < cap; i++) {
		if (c->cv_val[i] == 0)
			continue;
		const struct metric *m = &v->v_metrics[i];
		len += (size_t)snprintf(buf + len, cap - len, "/%s:%s", m->m_name,
		                        m->m_values[c->cv_val[i] - 1]);
	}
	if (len >= cap)
		return CVD_ETOOLARGE;
	return (int)len;
}

/* ---- scoring ---- */

/* round_tenths: t tenths (t >= 0) rounded half up to a whole number of
 * tenths, as a score k / 10.0. FIRST's v4.0 calculator adds 1e-6 to the
 * score (1e-5 tenths) before rounding, so that a value meant to end in 5
 * rounds up despite floating-point error; so does this. Casts instead of
 * floor(): the library links without -lm. */
static double round_tenths(double t)
{
	return (double)(long long)(t + 0.5 + 1e-5) / 10.0;
}

/* v3_roundup: Roundup of the CVSS v3.1 specification, Appendix A: the
 * smallest multiple of 0.1 not below x, computed on x * 100000 rounded to
 * an integer so that floating-point error does not push 4.0000001 to 4.1. */
static double v3_roundup(double x)
{
	long long i = (long long)(x * 100000.0 + 0.5);

	if (i % 10000 == 0)
		return (double)(i / 10000) / 10.0;
	return (double)(i / 10000 + 1) / 10.0;
}

/* weight: the number that letters (one per value, in order) maps v to. */
static double weight(char v, const char *letters, const double *w)
{
	const char *p = strchr(letters, v);

	return p != NULL ? w[p - letters] : 0.0;
}

/* v3_base: CVSS v3.1 specification, "Base Metrics Equations". */
static double v3_base(const struct vuln_cvss *c)
{
	static const double cia[] = {0.56, 0.22, 0.0};
	const struct metric *t = v3_metrics;
	int changed = val(c, t, V3_S) == 'C';
	double av = weight(val(c, t, V3_AV), "NALP", (const double[]){0.85, 0.62, 0.55, 0.2});
	double ac = weight(val(c, t, V3_AC), "LH", (const double[]){0.77, 0.44});
	double pr = changed ? weight(val(c, t, V3_PR), "NLH", (const double[]){0.85, 0.68, 0.5})
	                    : weight(val(c, t, V3_PR), "NLH", (const double[]){0.85, 0.62, 0.27});
	double ui = weight(val(c, t, V3_UI), "NR", (const double[]){0.85, 0.62});
	double iss = 1.0 - (1.0 - weight(val(c, t, V3_C), "HLN", cia)) *
	                       (1.0 - weight(val(c, t, V3_I), "HLN", cia)) *
	                       (1.0 - weight(val(c, t, V3_A), "HLN", cia));
	double impact, exploitability = 8.22 * av * ac * pr * ui;

	if (changed) {
		double x = iss - 0.02, x15 = x; /* (ISS - 0.02)^15 */
		for (int k = 1; k < 15; k++)
			x15 *= x;
		impact = 7.52 * (iss - 0.029) - 3.25 * x15;
	} else {
		impact = 6.42 * iss;
	}
	if (impact <= 0.0)
		return 0.0;
	double sum = changed ? 1.08 * (impact + exploitability) : impact + exploitability;
	return v3_roundup(sum < 10.0 ? sum : 10.0);
}

/*
 * v4.0 scoring works on severity levels: for each metric that enters, the
 * index of its value in order of decreasing severity, so 0 is the most
 * severe value and one step is one unit of "severity distance" (0.1 in
 * FIRST's calculator). SC has no S, so its H is level 1 like SI's and SA's.
 */
/* clang-format off */
enum {
	L_AV, L_PR, L_UI, L_AC, L_AT, L_VC, L_VI, L_VA, L_SC, L_SI, L_SA,
	L_CR, L_IR, L_AR, L_E,
	L_N
};
/* clang-format on */

/* The letters of each level, most severe first. The first letter is also
 * what CR, IR, AR (H) and E (A) count as when Not Defined. */
static const char *const v4_letters[L_N] = {
    [L_AV] = "NALP", [L_PR] = "NLH", [L_UI] = "NPA", [L_AC] = "LH",   [L_AT] = "NP",
    [L_VC] = "HLN",  [L_VI] = "HLN", [L_VA] = "HLN", [L_SC] = "SHLN", [L_SI] = "SHLN",
    [L_SA] = "SHLN", [L_CR] = "HML", [L_IR] = "HML", [L_AR] = "HML",  [L_E] = "APU",
};

/* Where each level comes from: the environmental or threat metric, which
 * wins unless X, then the base metric it modifies (-1: none). */
static const struct {
	int s_env, s_base;
} v4_source[L_N] = {
    [L_AV] = {V4_MAV, V4_AV}, [L_PR] = {V4_MPR, V4_PR}, [L_UI] = {V4_MUI, V4_UI},
    [L_AC] = {V4_MAC, V4_AC}, [L_AT] = {V4_MAT, V4_AT}, [L_VC] = {V4_MVC, V4_VC},
    [L_VI] = {V4_MVI, V4_VI}, [L_VA] = {V4_MVA, V4_VA}, [L_SC] = {V4_MSC, V4_SC},
    [L_SI] = {V4_MSI, V4_SI}, [L_SA] = {V4_MSA, V4_SA}, [L_CR] = {V4_CR, -1},
    [L_IR] = {V4_IR, -1},     [L_AR] = {V4_AR, -1},     [L_E] = {V4_E, -1},
};

/* v4_levels fills lv from c; with all == 0 only the base metrics count
 * (every threat and environmental metric Not Defined). */
static void v4_levels(const struct vuln_cvss *c, int all, int lv[L_N])
{
	for (int i = 0; i < L_N; i++) {
		char v = all ? val(c, v4_metrics, v4_source[i].s_env) : 'X';
		if (v == 'X')
			v = v4_source[i].s_base >= 0 ? val(c, v4_metrics, v4_source[i].s_base)
			                             : v4_letters[i][0];
		const char *p = strchr(v4_letters[i], v);
		lv[i] = p != NULL ? (int)(p - v4_letters[i]) : 0;
	}
}

/*
 * The highest-severity vectors of each macro vector, by EQ group, as
 * levels of the group's metrics; and each group's depth (the greatest
 * severity distance within the class, plus one). Transcribed from
 * MAX_COMPOSED and MAX_SEVERITY of FIRST's reference calculator (cvss40.js,
 * github.com/RedHatProductSecurity/cvss-v4-calculator, commit d1eafe0;
 * max_composed.js and max_severity.js of github.com/FIRSTdotorg/
 * cvss-v4-calculator). EQ5 has one member per class and depth 1, so its
 * distance is always 0; EQ3 and EQ6 form one group.
 */
#define MAX_TOPS 5

struct eq_group {
	int g_n;           /* metrics in the group */
	int g_metric[6];   /* their L_ indexes */
	int g_ntops[3][2]; /* highest-severity vectors per class */
	int g_top[3][2][MAX_TOPS][6];
	int g_depth[3][2]; /* per class */
};

enum { G_EQ1, G_EQ2, G_EQ36, G_EQ4, G_N };

static const struct eq_group eq_groups[G_N] = {
    [G_EQ1] = {3,
               {L_AV, L_PR, L_UI},
               {{1}, {3}, {2}},
               {{{{0, 0, 0}}}, /* AV:N/PR:N/UI:N */
                {{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}},
                {{{3, 0, 0}, {1, 1, 1}}}},
               {{1}, {4}, {5}}},
    [G_EQ2] = {2, {L_AC, L_AT}, {{1}, {2}}, {{{{0, 0}}}, {{{1, 0}, {0, 1}}}}, {{1}, {2}}},
    /* Classes [EQ3][EQ6]; EQ3 2 with EQ6 0 does not exist. */
    [G_EQ36] = {6,
                {L_VC, L_VI, L_VA, L_CR, L_IR, L_AR},
                {{1, 2}, {2, 5}, {0, 1}},
                {{{{0, 0, 0, 0, 0, 0}}, {{0, 0, 1, 1, 1, 0}, {0, 0, 0, 1, 1, 1}}},
                 {{{1, 0, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0}},
                  {{1, 0, 1, 0, 1, 0},
                   {1, 0, 0, 0, 1, 1},
                   {0, 1, 0, 1, 0, 1},
                   {0, 1, 1, 1, 0, 0},
                   {1, 1, 0, 0, 0, 1}}},
                 {{{0}}, {{1, 1, 1, 0, 0, 0}}}},
                {{7, 6}, {8, 8}, {0, 10}}},
    [G_EQ4] = {3,
               {L_SC, L_SI, L_SA},
               {{1}, {1}, {1}},
               {{{{1, 0, 0}}}, /* SC:H/SI:S/SA:S */
                {{{1, 1, 1}}},
                {{{2, 2, 2}}}},
               {{6}, {5}, {4}}},
};

/* group_distance: the severity distance of lv, over group g's metrics,
 * from the first highest-severity vector of class [cls][cls6] that is at
 * least as severe in every metric. One always is; were none, the last one
 * counts, as in FIRST's calculator. */
static int group_distance(const struct eq_group *g, int cls, int cls6, const int lv[L_N])
{
	int d = 0;

	for (int k = 0; k < g->g_ntops[cls][cls6]; k++) {
		int below = 0;
		d = 0;
		for (int j = 0; j < g->g_n; j++) {
			int dj = lv[g->g_metric[j]] - g->g_top[cls][cls6][k][j];
			below |= dj < 0;
			d += dj;
		}
		if (!below)
			break;
	}
	return d;
}

/* macro: the score of macro vector e1..e6 times 10, or 0 if there is none
 * (an EQ one past its last level, or EQ3 2 with EQ6 0). */
static int macro(int e1, int e2, int e3, int e4, int e5, int e6)
{
	if (e1 > 2 || e2 > 1 || e3 > 2 || e4 > 2 || e5 > 2 || e6 > 1)
		return 0;
	return vuln_cvss4_macro_score[e1][e2][e3][e4][e5][e6];
}

/* v4_score: CVSS v4.0 specification, "CVSS v4.0 Scoring", as FIRST's
 * reference calculator (cvss40.js) computes it. */
static double v4_score(const struct vuln_cvss *c, int all)
{
	int lv[L_N], eq1, eq2, eq3, eq4, eq5, eq6;

	v4_levels(c, all, lv);
	/* No impact on either system: 0, whatever else. */
	if (lv[L_VC] == 2 && lv[L_VI] == 2 && lv[L_VA] == 2 && lv[L_SC] == 3 && lv[L_SI] == 3 &&
	    lv[L_SA] == 3)
		return 0.0;

	/* The macro vector: EQ1..EQ6 (specification, Table 24 and after). */
	int av_n = lv[L_AV] == 0, pr_n = lv[L_PR] == 0, ui_n = lv[L_UI] == 0;
	if (av_n && pr_n && ui_n)
		eq1 = 0;
	else if ((av_n || pr_n || ui_n) && lv[L_AV] != 3)
		eq1 = 1;
	else
		eq1 = 2;
	eq2 = lv[L_AC] == 0 && lv[L_AT] == 0 ? 0 : 1;
	if (lv[L_VC] == 0 && lv[L_VI] == 0)
		eq3 = 0;
	else if (lv[L_VC] == 0 || lv[L_VI] == 0 || lv[L_VA] == 0)
		eq3 = 1;
	else
		eq3 = 2;
	if (lv[L_SI] == 0 || lv[L_SA] == 0) /* MSI:S or MSA:S */
		eq4 = 0;
	else if (lv[L_SC] == 1 || lv[L_SI] == 1 || lv[L_SA] == 1)
		eq4 = 1;
	else
		eq4 = 2;
	eq5 = lv[L_E];
	eq6 = (lv[L_CR] == 0 && lv[L_VC] == 0) || (lv[L_IR] == 0 && lv[L_VI] == 0) ||
	              (lv[L_AR] == 0 && lv[L_VA] == 0)
	          ? 0
	          : 1;
	int top = macro(eq1, eq2, eq3, eq4, eq5, eq6);

	/* The next lower macro vector of each group. EQ3 and EQ6 step
	 * together: 00 to the higher of 01 and 10, 01 and 10 to 11, 11 to
	 * 21; 21 is the lowest. */
	int lower36;
	if (eq3 == 0 && eq6 == 0) {
		int l = macro(eq1, eq2, 0, eq4, eq5, 1), r = macro(eq1, eq2, 1, eq4, eq5, 0);
		lower36 = l > r ? l : r;
	} else if (eq3 == 1 && eq6 == 0) {
		lower36 = macro(eq1, eq2, 1, eq4, eq5, 1);
	} else {
		lower36 = macro(eq1, eq2, eq3 + 1, eq4, eq5, eq6);
	}
	const struct {
		int lower, dist, depth;
	} step[] = {
	    {macro(eq1 + 1, eq2, eq3, eq4, eq5, eq6), group_distance(&eq_groups[G_EQ1], eq1, 0, lv),
	     eq_groups[G_EQ1].g_depth[eq1][0]},
	    {macro(eq1, eq2 + 1, eq3, eq4, eq5, eq6), group_distance(&eq_groups[G_EQ2], eq2, 0, lv),
	     eq_groups[G_EQ2].g_depth[eq2][0]},
	    {lower36, group_distance(&eq_groups[G_EQ36], eq3, eq6, lv),
	     eq_groups[G_EQ36].g_depth[eq3][eq6]},
	    {macro(eq1, eq2, eq3, eq4 + 1, eq5, eq6), group_distance(&eq_groups[G_EQ4], eq4, 0, lv),
	     eq_groups[G_EQ4].g_depth[eq4][0]},
	    {macro(eq1, eq2, eq3, eq4, eq5 + 1, eq6), 0, 1},
	};

	/* Each group with a lower macro vector moves the score towards it by
	 * the fraction of the class's depth that the vector lies below the
	 * top; the score drops by the mean of these moves. */
	double sum = 0.0;
	int n = 0;
	for (size_t i = 0; i < sizeof(step) / sizeof(step[0]); i++) {
		if (step[i].lower == 0)
			continue;
		n++;
		sum += (double)(top - step[i].lower) * step[i].dist / step[i].depth;
	}
	double s = n > 0 ? top - sum / n : top; /* tenths */
	if (s < 0.0)
		s = 0.0;
	if (s > 100.0)
		s = 100.0;
	return round_tenths(s);
}

double vuln_cvss_base_score(const struct vuln_cvss *c)
{
	const struct version *v = checked(c);

	if (v == NULL)
		return -1.0;
	return v->v_version == VULN_CVSS_V40 ? v4_score(c, 0) : v3_base(c);
}

double vuln_cvss4_score(const struct vuln_cvss *c)
{
	const struct version *v = checked(c);

	if (v == NULL)
		return -1.0;
	return v->v_version == VULN_CVSS_V40 ? v4_score(c, 1) : v3_base(c);
}

const char *vuln_cvss_severity(double score)
{
	if (!(score >= 0.0 && score <= 10.0))
		return NULL;
	long long t = (long long)(score * 10.0 + 0.5);
	if (t == 0)
		return "None";
	if (t < 40)
		return "Low";
	if (t < 70)
		return "Medium";
	if (t < 90)
		return "High";
	return "Critical";
}
