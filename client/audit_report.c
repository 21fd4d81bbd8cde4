/*
 * audit_report.c: the reports of `cvdlog audit` (docs/audit.md): a text
 * summary on stdout, JSON with a documented schema, and a self-contained
 * HTML page (inline style, no script, no external asset) with a timeline
 * per case. All three say the same things from the same engine getters.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "audit.h"
#include "cli.h"
#include "log.h"

static const char *result_word(int status)
{
	switch (status) {
	case 0: return "sound and compliant";
	case 1: return "sound, with process findings";
	case 2: return "CRYPTOGRAPHIC FAILURE";
	default: return "incomplete (usage or I/O error)";
	}
}

static const char *days(uint64_t ms, char *buf, size_t cap)
{
	if (ms >= 86400000ull)
		snprintf(buf, cap, "%.1f d", (double)ms / 86400000.0);
	else
		snprintf(buf, cap, "%.1f h", (double)ms / 3600000.0);
	return buf;
}

static void stat_line(FILE *f, const char *what, size_t n, uint64_t p50, uint64_t p90)
{
	char a[32], b[32];

	if (n == 0)
		fprintf(f, "  %-22s no case yet\n", what);
	else
		fprintf(f, "  %-22s median %s, p90 %s (%zu)\n", what, days(p50, a, sizeof(a)),
		        days(p90, b, sizeof(b)), n);
}

/* rm_em_flags: the case's state at the audit's time (an embargo whose end
 * has passed shows as exited). */
static void rm_em_flags(const struct audit *a, const struct cases_case *cs, const char **rm,
                        const char **em, char fl[8])
{
	unsigned flags = cs->cc_vendors[0].cv_flags | cs->cc_flags, k = 0;

	*rm = rules_rm_name(cs->cc_vendors[0].cv_rm);
	*em = rules_em_name(rules_em_effective(cs->cc_em, cs->cc_em_end_ms, audit_now(a)));
	for (unsigned b = 0; b < 6; b++)
		if (flags & (1u << b))
			fl[k++] = "VFDPXA"[b];
	fl[k] = '\0';
}

/* clock_state: "met at T (entry N)", "late", "open, due T" ... */
static void clock_text(const struct audit *a, const struct audit_cra *c, int k, char *out,
                       size_t cap)
{
	char due[32], at[32];

	if (c->acr_due[k] == 0) {
		snprintf(out, cap, "not started");
		return;
	}
	log_format_time(c->acr_due[k], due);
	if (c->acr_at[k] != 0)
		snprintf(out, cap, "due %s, met %s at entry %" PRIu64 "%s", due,
		         log_format_time(c->acr_at[k], at), c->acr_idx[k],
		         c->acr_at[k] > c->acr_due[k] ? " (LATE)" : "");
	else
		snprintf(out, cap, "due %s, %s", due,
		         audit_now(a) > c->acr_due[k] ? "MISSING" : "not yet due");
}

static void print_cra_text(FILE *f, const struct audit *a)
{
	const struct cases *cs = audit_cases(a);
	int header = 0;

	for (size_t i = 0; i < cases_count(cs); i++) {
		const struct cases_case *c = cases_at(cs, i);
		struct audit_cra cr;
		char at[32], line[200];
		if (audit_cra_clocks(a, c->cc_id, &cr) != 0)
			continue;
		if (!header++)
			fprintf(f, "CRA Article 14 clocks:\n");
		fprintf(f, "  case %" PRIu64 ": exploitation aware %s\n", c->cc_id,
		        log_format_time(cr.acr_aware_ms, at));
		for (int k = 0; k < AUDIT_CRA_CLOCKS; k++) {
			clock_text(a, &cr, k, line, sizeof(line));
			fprintf(f, "    %-15s %s\n", audit_cra_clock_name(k), line);
		}
	}
}

void audit_report_text(FILE *f, const struct audit *a, uint64_t before, int status)
{
	const struct audit_stats *s = audit_stats(a);
	const struct audit_failure *fl = audit_failure(a);
	size_t nf = audit_finding_count(a);

	fprintf(f, "audit: size %" PRIu64 ", %" PRIu64 " new entries checked (from %" PRIu64 ")\n",
	        audit_size(a), audit_size(a) - before, before);
	if (fl != NULL) {
		fprintf(f, "result: %s: %s (exit 2)\n", result_word(2), fl->au_what);
		return;
	}
	fprintf(f, "cases: %" PRIu64 " (%" PRIu64 " open)\n", s->as_cases, s->as_open_cases);
	stat_line(f, "time to acknowledge", s->as_n_ack, s->as_ack_p50, s->as_ack_p90);
	stat_line(f, "time to fix", s->as_n_fix, s->as_fix_p50, s->as_fix_p90);
	stat_line(f, "time to advisory", s->as_n_advisory, s->as_adv_p50, s->as_adv_p90);
	stat_line(f, "embargo length", s->as_n_embargo, s->as_emb_p50, s->as_emb_p90);
	stat_line(f, "dispute resolution", s->as_n_dispute, s->as_dis_p50, s->as_dis_p90);
	fprintf(f, "findings: %zu\n", nf);
	for (size_t i = 0; i < nf; i++) {
		const struct audit_finding *x = audit_finding_at(a, i);
		if (x->af_case != 0)
			fprintf(f, "  case %" PRIu64 " [%s]", x->af_case, x->af_rule);
		else
			fprintf(f, "  [%s]", x->af_rule);
		fprintf(f, "%s%s: expected %s; %s; entries", x->af_org[0] ? " against " : "",
		        x->af_org, x->af_expected, x->af_actual);
		for (unsigned k = 0; k < x->af_nindices; k++)
			fprintf(f, "%s%" PRIu64, k ? ", " : " ", x->af_indices[k]);
		fputc('\n', f);
	}
	print_cra_text(f, a);
	fprintf(f, "result: %s (exit %d)\n", result_word(status), status);
}

/* ---- JSON ---- */

static void jstr(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s != '\0'; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch == '"' || ch == '\\')
			fprintf(f, "\\%c", ch);
		else if (ch < 0x20)
			fprintf(f, "\\u%04x", ch);
		else
			fputc(ch, f);
	}
	fputc('"', f);
}

static void jtime(FILE *f, uint64_t ms)
{
	char t[32];
	jstr(f, log_format_time(ms, t));
}

static void jstat(FILE *f, const char *name, size_t n, uint64_t p50, uint64_t p90, int last)
{
	fprintf(f,
	        "    \"%s\": {\"cases\": %zu, \"median_ms\": %" PRIu64 ", \"p90_ms\": %" PRIu64
	        "}%s\n",
	        name, n, p50, p90, last ? "" : ",");
}

static int write_json(FILE *f, const struct audit *a, uint64_t before, int status)
{
	const struct audit_stats *s = audit_stats(a);
	const struct audit_failure *fl = audit_failure(a);
	const struct cases *cs = audit_cases(a);
	size_t nf = audit_finding_count(a);

	fprintf(f,
	        "{\n  \"schema\": \"cvdlog-audit/v1\",\n  \"exit\": %d,\n  \"result\": ", status);
	jstr(f, result_word(status));
	fprintf(f, ",\n  \"size\": %" PRIu64 ",\n  \"checked_from\": %" PRIu64 ",\n  \"failure\": ",
	        audit_size(a), before);
	if (fl == NULL) {
		fputs("null", f);
	} else {
		fprintf(f, "{\"index\": ");
		if (fl->au_index == UINT64_MAX)
			fputs("null", f);
		else
			fprintf(f, "%" PRIu64, fl->au_index);
		fputs(", \"what\": ", f);
		jstr(f, fl->au_what);
		fputs(", \"evidence\": ", f);
		if (fl->au_evidence != NULL)
			jstr(f, fl->au_evidence);
		else
			fputs("null", f);
		fputc('}', f);
	}
	fprintf(f, ",\n  \"stats\": {\n    \"cases\": %" PRIu64 ", \"open\": %" PRIu64 ",\n",
	        s->as_cases, s->as_open_cases);
	jstat(f, "acknowledge", s->as_n_ack, s->as_ack_p50, s->as_ack_p90, 0);
	jstat(f, "fix", s->as_n_fix, s->as_fix_p50, s->as_fix_p90, 0);
	jstat(f, "advisory", s->as_n_advisory, s->as_adv_p50, s->as_adv_p90, 0);
	jstat(f, "embargo", s->as_n_embargo, s->as_emb_p50, s->as_emb_p90, 0);
	jstat(f, "dispute", s->as_n_dispute, s->as_dis_p50, s->as_dis_p90, 1);
	fputs("  },\n  \"findings\": [", f);
	for (size_t i = 0; i < nf; i++) {
		const struct audit_finding *x = audit_finding_at(a, i);
		fprintf(f, "%s\n    {\"case\": %" PRIu64 ", \"org\": ", i ? "," : "", x->af_case);
		jstr(f, x->af_org);
		fputs(", \"rule\": ", f);
		jstr(f, x->af_rule);
		fputs(", \"expected\": ", f);
		jstr(f, x->af_expected);
		fputs(", \"actual\": ", f);
		jstr(f, x->af_actual);
		fputs(", \"entries\": [", f);
		for (unsigned k = 0; k < x->af_nindices; k++)
			fprintf(f, "%s%" PRIu64, k ? ", " : "", x->af_indices[k]);
		fputs("]}", f);
	}
	fputs(nf ? "\n  ],\n  \"cases\": [" : "],\n  \"cases\": [", f);
	for (size_t i = 0; fl == NULL && i < cases_count(cs); i++) {
		const struct cases_case *c = cases_at(cs, i);
		const struct audit_event *tl;
		const char *rm, *em;
		char flags[8];
		size_t n;
		rm_em_flags(a, c, &rm, &em, flags);
		fprintf(f, "%s\n    {\"id\": %" PRIu64 ", \"vendor\": ", i ? "," : "", c->cc_id);
		jstr(f, c->cc_vendors[0].cv_org);
		fputs(", \"rm\": ", f);
		jstr(f, rm);
		fputs(", \"em\": ", f);
		jstr(f, em);
		fputs(", \"flags\": ", f);
		jstr(f, flags);
		fputs(", \"cra\": ", f);
		{
			struct audit_cra cr;
			if (audit_cra_clocks(a, c->cc_id, &cr) != 0) {
				fputs("null", f);
			} else {
				fputs("{\"aware\": ", f);
				jtime(f, cr.acr_aware_ms);
				fputs(", \"clocks\": [", f);
				for (int k = 0; k < AUDIT_CRA_CLOCKS; k++) {
					fprintf(f, "%s{\"name\": ", k ? ", " : "");
					jstr(f, audit_cra_clock_name(k));
					fputs(", \"due\": ", f);
					if (cr.acr_due[k])
						jtime(f, cr.acr_due[k]);
					else
						fputs("null", f);
					fputs(", \"at\": ", f);
					if (cr.acr_at[k])
						jtime(f, cr.acr_at[k]);
					else
						fputs("null", f);
					if (cr.acr_at[k])
						fprintf(f, ", \"entry\": %" PRIu64 "}",
						        cr.acr_idx[k]);
					else
						fputs(", \"entry\": null}", f);
				}
				fputs("]}", f);
			}
		}
		fputs(", \"timeline\": [", f);
		tl = audit_timeline(a, c->cc_id, &n);
		for (size_t k = 0; k < n; k++) {
			fprintf(f, "%s\n      {\"index\": %" PRIu64 ", \"time\": ", k ? "," : "",
			        tl[k].ae_index);
			jtime(f, tl[k].ae_time_ms);
			fputs(", \"kind\": ", f);
			jstr(f, tl[k].ae_kind);
			fputs(", \"author\": ", f);
			jstr(f, tl[k].ae_author);
			fputs(", \"detail\": ", f);
			jstr(f, tl[k].ae_detail);
			fputc('}', f);
		}
		fputs(n ? "\n    ]}" : "]}", f);
	}
	fputs("\n  ]\n}\n", f);
	return ferror(f) ? -1 : 0;
}

/* ---- HTML ---- */

static void hstr(FILE *f, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", f); break;
		case '>': fputs("&gt;", f); break;
		case '&': fputs("&amp;", f); break;
		case '"': fputs("&quot;", f); break;
		default: fputc(*s, f);
		}
	}
}

static int write_html(FILE *f, const struct audit *a, uint64_t before, int status)
{
	const struct audit_stats *s = audit_stats(a);
	const struct audit_failure *fl = audit_failure(a);
	const struct cases *cs = audit_cases(a);
	size_t nf = audit_finding_count(a);
	char t[32];

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	      "<title>cvdlog audit</title>\n<style>\n"
	      "body{font-family:sans-serif;margin:2em;max-width:70em}\n"
	      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;"
	      "padding:.2em .5em;text-align:left;vertical-align:top}\n"
	      ".bad{color:#a00;font-weight:bold}.ok{color:#070;font-weight:bold}\n"
	      "</style></head><body>\n<h1>cvdlog audit</h1>\n",
	      f);
	fprintf(f, "<p id=\"result\" class=\"%s\">exit %d: ", status == 0 ? "ok" : "bad", status);
	hstr(f, result_word(status));
	fprintf(f,
	        "</p>\n<p>log size %" PRIu64 "; entries %" PRIu64 "..%" PRIu64
	        " checked in this run</p>\n",
	        audit_size(a), before, audit_size(a));
	if (fl != NULL) {
		fputs("<h2>Cryptographic failure</h2>\n<p class=\"bad\" id=\"failure\">", f);
		hstr(f, fl->au_what);
		fputs("</p>\n", f);
		if (fl->au_evidence != NULL) {
			fputs("<pre>", f);
			hstr(f, fl->au_evidence);
			fputs("</pre>\n", f);
		}
	}
	fprintf(f,
	        "<h2>Summary</h2>\n<table><tr><th>cases</th><td>%" PRIu64 " (%" PRIu64
	        " open)</td></tr>\n",
	        s->as_cases, s->as_open_cases);
	{
		const struct {
			const char *name;
			size_t n;
			uint64_t p50, p90;
		} rows[] = {
		    {"time to acknowledge", s->as_n_ack, s->as_ack_p50, s->as_ack_p90},
		    {"time to fix", s->as_n_fix, s->as_fix_p50, s->as_fix_p90},
		    {"time to advisory", s->as_n_advisory, s->as_adv_p50, s->as_adv_p90},
		    {"embargo length", s->as_n_embargo, s->as_emb_p50, s->as_emb_p90},
		    {"dispute resolution", s->as_n_dispute, s->as_dis_p50, s->as_dis_p90},
		};
		for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
			char x[32], y[32];
			fprintf(f, "<tr><th>%s</th><td>", rows[i].name);
			if (rows[i].n == 0)
				fputs("no case yet", f);
			else
				fprintf(f, "median %s, p90 %s (%zu cases)",
				        days(rows[i].p50, x, sizeof(x)),
				        days(rows[i].p90, y, sizeof(y)), rows[i].n);
			fputs("</td></tr>\n", f);
		}
	}
	fprintf(f, "</table>\n<h2>Findings (%zu)</h2>\n", nf);
	if (nf > 0) {
		fputs("<table id=\"findings\"><tr><th>case</th><th>rule</th><th>against</th>"
		      "<th>expected</th><th>what happened</th><th>entries</th></tr>\n",
		      f);
		for (size_t i = 0; i < nf; i++) {
			const struct audit_finding *x = audit_finding_at(a, i);
			fprintf(f, "<tr class=\"finding\"><td>%" PRIu64 "</td><td>", x->af_case);
			hstr(f, x->af_rule);
			fputs("</td><td>", f);
			hstr(f, x->af_org);
			fputs("</td><td>", f);
			hstr(f, x->af_expected);
			fputs("</td><td>", f);
			hstr(f, x->af_actual);
			fputs("</td><td>", f);
			for (unsigned k = 0; k < x->af_nindices; k++)
				fprintf(f, "%s%" PRIu64, k ? ", " : "", x->af_indices[k]);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	fputs("<h2>Cases</h2>\n", f);
	for (size_t i = 0; fl == NULL && i < cases_count(cs); i++) {
		const struct cases_case *c = cases_at(cs, i);
		const struct audit_event *tl;
		const char *rm, *em;
		char flags[8];
		size_t n;
		rm_em_flags(a, c, &rm, &em, flags);
		fprintf(f, "<h3 id=\"case-%" PRIu64 "\">case %" PRIu64 ": ", c->cc_id, c->cc_id);
		hstr(f, c->cc_vendors[0].cv_org);
		fprintf(f, " (%s, embargo %s, flags %s)</h3>\n", rm, em, flags[0] ? flags : "none");
		{
			struct audit_cra cr;
			if (audit_cra_clocks(a, c->cc_id, &cr) == 0) {
				char line[200];
				fprintf(f,
				        "<table class=\"cra\"><tr><th colspan=\"2\">CRA Article 14 "
				        "clocks (exploitation aware %s)</th></tr>\n",
				        log_format_time(cr.acr_aware_ms, t));
				for (int k = 0; k < AUDIT_CRA_CLOCKS; k++) {
					clock_text(a, &cr, k, line, sizeof(line));
					fprintf(f, "<tr><th>%s</th><td>", audit_cra_clock_name(k));
					hstr(f, line);
					fputs("</td></tr>\n", f);
				}
				fputs("</table>\n", f);
			}
		}
		fputs("<table><tr><th>entry</th><th>time (UTC)</th><th>by</th><th>event</th>"
		      "<th>details</th></tr>\n",
		      f);
		tl = audit_timeline(a, c->cc_id, &n);
		for (size_t k = 0; k < n; k++) {
			fprintf(f, "<tr><td>%" PRIu64 "</td><td>%s</td><td>", tl[k].ae_index,
			        log_format_time(tl[k].ae_time_ms, t));
			hstr(f, tl[k].ae_author);
			fputs("</td><td>", f);
			hstr(f, tl[k].ae_kind);
			fputs("</td><td>", f);
			hstr(f, tl[k].ae_detail);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	fputs("</body></html>\n", f);
	return ferror(f) ? -1 : 0;
}

typedef int (*writer_fn)(FILE *, const struct audit *, uint64_t, int);

static int to_file(const char *path, writer_fn w, const struct audit *a, uint64_t before,
                   int status)
{
	char tmp[4200];
	FILE *f;
	int rc;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	f = fopen(tmp, "w");
	if (f == NULL) {
		cli_error("%s: cannot create", tmp);
		return -1;
	}
	rc = w(f, a, before, status);
	if (fclose(f) != 0 || rc != 0 || rename(tmp, path) != 0) {
		unlink(tmp);
		cli_error("%s: write failed", path);
		return -1;
	}
	return 0;
}

int audit_report_json_file(const char *path, const struct audit *a, uint64_t before, int status)
{
	return to_file(path, write_json, a, before, status);
}

int audit_report_html_file(const char *path, const struct audit *a, uint64_t before, int status)
{
	return to_file(path, write_html, a, before, status);
}
