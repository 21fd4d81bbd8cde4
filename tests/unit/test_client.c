/*
 * test_client.c: the client's pure helpers (client/case_parse.c). Dates
 * parse in both accepted forms, leap days included, and anything else is
 * refused. The JSON object reader unescapes (\n, \u00e9, surrogate pairs),
 * and refuses non-string values, an escaped NUL, lone surrogates, trailing
 * text and malformed syntax. A report proof file formats and parses back;
 * its openings check against a report event; a tampered plaintext or salt,
 * a field the report lacks, a non-report event, a missing receipt, a wrong
 * header and a field opened twice are refused. Events describe themselves
 * on one line.
 */
#include <check.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../client/cli.h"
#include "error.h"
#include "testutil.h"

START_TEST(date_accepts_both_forms)
{
	uint64_t ms;

	ck_assert_int_eq(cli_parse_date("1970-01-01", &ms), 0);
	ck_assert_uint_eq(ms, 0);
	ck_assert_int_eq(cli_parse_date("1970-01-01T00:00:01Z", &ms), 0);
	ck_assert_uint_eq(ms, 1000);
	ck_assert_int_eq(cli_parse_date("2026-09-11", &ms), 0);
	ck_assert_uint_eq(ms, 1789084800000ull);
	ck_assert_int_eq(cli_parse_date("2024-02-29T23:59:59Z", &ms), 0);
	ck_assert_uint_eq(ms, 1709251199000ull);
	ck_assert_int_eq(cli_parse_date("2000-02-29", &ms), 0);
	ck_assert_uint_eq(ms, 951782400000ull);
	ck_assert_int_eq(cli_parse_date("9999-12-31T23:59:59Z", &ms), 0);
	ck_assert_uint_eq(ms, 253402300799000ull);
}
END_TEST

START_TEST(date_refuses_everything_else)
{
	static const char *bad[] = {
	    "",
	    "2026-9-11",
	    "2026-09-11T10:00Z",
	    "2026-09-11T10:00:00",
	    "2026-09-11T10:00:00+00:00",
	    "2026-09-11T10:00:00.000Z",
	    "2026-09-11 10:00:00Z",
	    "2026-09-11t10:00:00Z",
	    "2026-13-01",
	    "2026-00-10",
	    "2026-04-31",
	    "2026-02-29",
	    "1900-02-29",
	    "2026-01-00",
	    "1969-12-31",
	    "2026-01-01T24:00:00Z",
	    "2026-01-01T23:60:00Z",
	    "2026-01-01T23:59:60Z",
	    "+026-01-01",
	    "2026-01-01 ",
	    " 2026-01-01",
	    "２026-01-01",
	};
	uint64_t ms = 42;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (cli_parse_date(bad[i], &ms) != CVD_EINVAL)
			ck_abort_msg("date \"%s\" was accepted", bad[i]);
	}
	ck_assert_uint_eq(ms, 42);
}
END_TEST

struct kv {
	int n;
	char k[8][32];
	char v[8][128];
};

static int collect(void *ctx, const char *key, const char *value)
{
	struct kv *kv = ctx;
	snprintf(kv->k[kv->n], sizeof(kv->k[0]), "%s", key);
	snprintf(kv->v[kv->n], sizeof(kv->v[0]), "%s", value);
	kv->n++;
	return kv->n == 8 ? 1 : 0;
}

static int json(const char *text, struct kv *kv)
{
	char err[128];
	memset(kv, 0, sizeof(*kv));
	return cli_json_strings(text, strlen(text), collect, kv, err, sizeof(err));
}

START_TEST(json_reads_an_object_of_strings)
{
	struct kv kv;

	ck_assert_int_eq(json(" { } ", &kv), 0);
	ck_assert_int_eq(kv.n, 0);
	ck_assert_int_eq(json("{\"vendor\":\"acme\",\n \"description\" : \"a\\nb \\\"q\\\" \\\\ "
	                      "\\/ \\u00e9 \\ud83d\\ude00 \\t\"}\n",
	                      &kv),
	                 0);
	ck_assert_int_eq(kv.n, 2);
	ck_assert_str_eq(kv.k[0], "vendor");
	ck_assert_str_eq(kv.v[0], "acme");
	ck_assert_str_eq(kv.k[1], "description");
	ck_assert_str_eq(kv.v[1], "a\nb \"q\" \\ / \xc3\xa9 \xf0\x9f\x98\x80 \t");
	/* the callback's refusal stops the parse and is returned */
	ck_assert_int_eq(json("{\"a\":\"1\",\"b\":\"2\",\"c\":\"3\",\"d\":\"4\",\"e\":\"5\",\"f\":"
	                      "\"6\",\"g\":\"7\",\"h\":\"8\",\"i\":\"9\"}",
	                      &kv),
	                 1);
	ck_assert_int_eq(kv.n, 8);
}
END_TEST

START_TEST(json_refuses_malformed_input)
{
	static const char *bad[] = {
	    "",
	    "[]",
	    "{",
	    "{\"a\"}",
	    "{\"a\":1}",
	    "{\"a\":null}",
	    "{\"a\":\"b\",}",
	    "{\"a\":\"b\"} x",
	    "{\"a\":\"b\" \"c\":\"d\"}",
	    "{\"a\":\"\\u0000\"}",
	    "{\"a\":\"\\ud83d\"}",
	    "{\"a\":\"\\ude00\"}",
	    "{\"a\":\"\\x\"}",
	    "{\"a\":\"\\u12g4\"}",
	    "{\"a\":\"b\n\"}",
	    "{\"a\":\"\xff\"}",
	    "{\"a\":\"unterminated}",
	    "{a:\"b\"}",
	};
	struct kv kv;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		if (json(bad[i], &kv) != CVD_EINVAL)
			ck_abort_msg("JSON <%s> was accepted", bad[i]);
}
END_TEST

/* A report event with commitments to the given (field, text) pairs, with
 * the salts in salts[]. */
struct report_fx {
	uint8_t *event;
	size_t len;
	uint8_t salts[3][SEAL_SALT_LEN];
	struct event_view ev;
};

static const char *fx_fields[] = {"contact", "description", "exploits"};
static const char *fx_texts[] = {"alice@example.org", "overflow in login\nline 2", ""};

static void report_fx_make(struct report_fx *f, int kind_report)
{
	struct keys_signer *k;
	char vkey[KEYS_VKEY_MAX + 1];
	uint8_t nonce[EVENT_NONCE_LEN] = {1}, digests[3][SEAL_DIGEST_LEN];
	Cvdlog__Event ev = CVDLOG__EVENT__INIT;
	Cvdlog__CaseEvent ce = CVDLOG__CASE_EVENT__INIT;
	Cvdlog__ReportSubmitted r = CVDLOG__REPORT_SUBMITTED__INIT;
	Cvdlog__Acknowledged ack = CVDLOG__ACKNOWLEDGED__INIT;
	Cvdlog__Commitment cm[3], *cms[3];
	const char *why = NULL;

	ck_assert_int_eq(keys_signer_generate("alice", &k), 0);
	for (int i = 0; i < 3; i++) {
		randombytes_buf(f->salts[i], SEAL_SALT_LEN);
		seal_commit(f->salts[i], (const uint8_t *)fx_texts[i], strlen(fx_texts[i]),
		            digests[i]);
		cvdlog__commitment__init(&cm[i]);
		cm[i].field = (char *)fx_fields[i];
		cm[i].digest.data = digests[i];
		cm[i].digest.len = SEAL_DIGEST_LEN;
		cms[i] = &cm[i];
	}
	r.vendor = "acme";
	r.channel = CVDLOG__CHANNEL__EMAIL;
	r.n_fields = 3;
	r.fields = cms;
	if (kind_report) {
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_REPORT;
		ce.report = &r;
	} else {
		ce.case_id = 1;
		ce.kind_case = CVDLOG__CASE_EVENT__KIND_ACKNOWLEDGED;
		ack.channel = CVDLOG__CHANNEL__EMAIL;
		ce.acknowledged = &ack;
	}
	ev.nonce.data = nonce;
	ev.nonce.len = sizeof(nonce);
	ev.time_ms = 1;
	ev.signer = keys_signer_vkey(k, vkey);
	ev.body_case = CVDLOG__EVENT__BODY_CASE_EVENT;
	ev.case_event = &ce;
	f->len = cvdlog__event__get_packed_size(&ev);
	f->event = malloc(f->len);
	cvdlog__event__pack(&ev, f->event);
	ck_assert_msg(event_decode(f->event, f->len, &f->ev, &why) == 0, "event: %s", why);
	keys_signer_free(k);
}

static void report_fx_free(struct report_fx *f)
{
	event_view_clear(&f->ev);
	free(f->event);
}

static const char receipt[] = "c2sp.org/tlog-proof@v1\nextra AAAA\nindex 1\n\ncheckpoint\n";

/* proof_of: the proof file of the fixture's openings (n of them). */
static char *proof_of(struct report_fx *f, unsigned n, size_t *len)
{
	struct cli_proof p;
	char *out;

	memset(&p, 0, sizeof(p));
	for (unsigned i = 0; i < n; i++) {
		struct cli_proof_opening *o = &p.pf_open[p.pf_n++];
		snprintf(o->po_field, sizeof(o->po_field), "%s", fx_fields[i]);
		memcpy(o->po_salt, f->salts[i], SEAL_SALT_LEN);
		o->po_len = strlen(fx_texts[i]);
		o->po_plain = malloc(o->po_len + 1);
		memcpy(o->po_plain, fx_texts[i], o->po_len + 1);
	}
	ck_assert_int_eq(cli_proof_format(&p, receipt, strlen(receipt), &out, len), 0);
	cli_proof_clear(&p);
	return out;
}

START_TEST(proof_round_trip_and_check)
{
	struct report_fx f;
	struct cli_proof p;
	const char *why;
	char reason[256], *text;
	size_t len;

	report_fx_make(&f, 1);
	text = proof_of(&f, 3, &len);
	ck_assert_msg(strncmp(text, CLI_PROOF_HEADER "\nopening contact ",
	                      strlen(CLI_PROOF_HEADER) + 17) == 0,
	              "%s", text);
	ck_assert_int_eq(cli_proof_parse(text, len, &p, &why), 0);
	ck_assert_uint_eq(p.pf_n, 3);
	ck_assert_str_eq(p.pf_open[1].po_field, "description");
	ck_assert_uint_eq(p.pf_open[1].po_len, strlen(fx_texts[1]));
	ck_assert_mem_eq(p.pf_open[1].po_plain, fx_texts[1], p.pf_open[1].po_len);
	ck_assert_uint_eq(p.pf_open[2].po_len, 0);
	ck_assert_uint_eq(p.pf_receipt_len, strlen(receipt));
	ck_assert_mem_eq(p.pf_receipt, receipt, strlen(receipt));
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), 0);
	cli_proof_clear(&p);
	free(text);
	/* a proof of some of the fields checks too */
	text = proof_of(&f, 1, &len);
	ck_assert_int_eq(cli_proof_parse(text, len, &p, &why), 0);
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), 0);
	cli_proof_clear(&p);
	free(text);
	report_fx_free(&f);
}
END_TEST

START_TEST(proof_tampered_plaintext_or_salt_fails)
{
	struct report_fx f;
	struct cli_proof p;
	const char *why;
	char reason[256], *text;
	size_t len;

	report_fx_make(&f, 1);
	text = proof_of(&f, 3, &len);
	ck_assert_int_eq(cli_proof_parse(text, len, &p, &why), 0);
	p.pf_open[1].po_plain[0] ^= 1;
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), CVD_EINVAL);
	ck_assert_msg(strstr(reason, "opening description") != NULL, "%s", reason);
	p.pf_open[1].po_plain[0] ^= 1;
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), 0);
	p.pf_open[0].po_salt[31] ^= 0x80;
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), CVD_EINVAL);
	ck_assert_msg(strstr(reason, "opening contact") != NULL, "%s", reason);
	p.pf_open[0].po_salt[31] ^= 0x80;
	/* a field the report does not have */
	snprintf(p.pf_open[2].po_field, sizeof(p.pf_open[2].po_field), "products");
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), CVD_EINVAL);
	ck_assert_msg(strstr(reason, "no field products") != NULL, "%s", reason);
	cli_proof_clear(&p);
	/* tampering with the file's text: one base64 character of the
	 * plaintext of contact, then of its salt */
	{
		char *line = strstr(text, "opening contact ");
		char *salt = line + strlen("opening contact ");
		char *plain = strchr(salt, ' ') + 1;
		plain[0] = plain[0] == 'Y' ? 'Z' : 'Y';
		ck_assert_int_eq(cli_proof_parse(text, len, &p, &why), 0);
		ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), CVD_EINVAL);
		cli_proof_clear(&p);
		plain[0] = plain[0] == 'Y' ? 'Z' : 'Y';
		salt[0] = salt[0] == 'A' ? 'B' : 'A';
		ck_assert_int_eq(cli_proof_parse(text, len, &p, &why), 0);
		ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), CVD_EINVAL);
		cli_proof_clear(&p);
	}
	free(text);
	report_fx_free(&f);
}
END_TEST

START_TEST(proof_of_another_event_fails)
{
	struct report_fx f, r;
	struct cli_proof p;
	const char *why;
	char reason[256], *text;
	size_t len;

	report_fx_make(&f, 0);
	report_fx_make(&r, 1);
	text = proof_of(&r, 2, &len);
	ck_assert_int_eq(cli_proof_parse(text, len, &p, &why), 0);
	ck_assert_int_eq(cli_proof_check(&p, &f.ev, reason, sizeof(reason)), CVD_EINVAL);
	ck_assert_msg(strstr(reason, "not a report") != NULL, "%s", reason);
	cli_proof_clear(&p);
	free(text);
	report_fx_free(&f);
	report_fx_free(&r);
}
END_TEST

START_TEST(proof_parse_refuses_bad_files)
{
	static const char *salt = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";
	struct {
		const char *text, *why;
	} bad[] = {
	    {"cvdlog report proof v2\nopening a %s YQ==\n\nR\n", "first line"},
	    {"cvdlog report proof v1\nopening a %s YQ==\n\n", "no receipt"},
	    {"cvdlog report proof v1\nopening a %s YQ==\n", "no blank line"},
	    {"cvdlog report proof v1\n\nR\n", "no opening"},
	    {"cvdlog report proof v1\nopening a %s YQ==\nopening a %s YQ==\n\nR\n", "twice"},
	    {"cvdlog report proof v1\nopening A %s YQ==\n\nR\n", "field name"},
	    {"cvdlog report proof v1\nopening a %s YQ= \n\nR\n", "opening FIELD"},
	    {"cvdlog report proof v1\nopening a %s YR==\n\nR\n", "base64"},
	    {"cvdlog report proof v1\nopening a AAEC YQ==\n\nR\n%s", "salt"},
	    {"cvdlog report proof v1\nopen a %s YQ==\n\nR\n", "opening FIELD"},
	    {"cvdlog report proof v1\nopening a  %s YQ==\n\nR\n", "opening FIELD"},
	};
	struct cli_proof p;
	char text[512];
	const char *why;

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		snprintf(text, sizeof(text), bad[i].text, salt, salt);
		ck_assert_msg(cli_proof_parse(text, strlen(text), &p, &why) == CVD_EINVAL,
		              "accepted: %s", text);
		ck_assert_msg(strstr(why, bad[i].why) != NULL, "%s: %s", text, why);
		ck_assert_uint_eq(p.pf_n, 0);
	}
	snprintf(text, sizeof(text), "cvdlog report proof v1\nopening a %s YQ==\n\nR\n", salt);
	ck_assert_int_eq(cli_proof_parse(text, strlen(text), &p, &why), 0);
	ck_assert_uint_eq(p.pf_open[0].po_len, 1);
	ck_assert_uint_eq(p.pf_open[0].po_salt[31], 31);
	cli_proof_clear(&p);
}
END_TEST

START_TEST(describe_writes_the_set_fields)
{
	Cvdlog__Validated v = CVDLOG__VALIDATED__INIT;
	Cvdlog__DeadlineExtended d = CVDLOG__DEADLINE_EXTENDED__INIT;
	Cvdlog__Commitment c = CVDLOG__COMMITMENT__INIT;
	Cvdlog__DisputeOpened o = CVDLOG__DISPUTE_OPENED__INIT;
	char *cwe[] = {"CWE-79", "CWE-89"};
	char buf[256];

	v.exploitability = "remote";
	v.impact = "code\nexecution";
	v.n_cwe = 2;
	v.cwe = cwe;
	cli_describe_fields(&v.base, buf, sizeof(buf));
	ck_assert_str_eq(buf, " exploitability=remote impact=code?execution cwe=CWE-79,CWE-89");
	c.field = "justification";
	d.deadline = CVDLOG__DEADLINE__PROGRESS_UPDATE;
	d.new_ms = 1000;
	d.justification = &c;
	cli_describe_fields(&d.base, buf, sizeof(buf));
	ck_assert_str_eq(buf, " deadline=progress-update new_ms=1970-01-01T00:00:01.000Z "
	                      "justification=sealed:justification");
	o.topic = CVDLOG__DISPUTE_TOPIC__TOPIC_DISCLOSURE_DATE;
	cli_describe_fields(&o.base, buf, 16);
	ck_assert_str_eq(buf, " topic=disclosu");
}
END_TEST

Suite *suite_client(void)
{
	Suite *s = suite_create("client");
	TCase *tc;

	tc = tcase_create("date");
	tcase_add_test(tc, date_accepts_both_forms);
	tcase_add_test(tc, date_refuses_everything_else);
	suite_add_tcase(s, tc);

	tc = tcase_create("json");
	tcase_add_test(tc, json_reads_an_object_of_strings);
	tcase_add_test(tc, json_refuses_malformed_input);
	suite_add_tcase(s, tc);

	tc = tcase_create("proof");
	tcase_add_test(tc, proof_round_trip_and_check);
	tcase_add_test(tc, proof_tampered_plaintext_or_salt_fails);
	tcase_add_test(tc, proof_of_another_event_fails);
	tcase_add_test(tc, proof_parse_refuses_bad_files);
	suite_add_tcase(s, tc);

	tc = tcase_create("describe");
	tcase_add_test(tc, describe_writes_the_set_fields);
	suite_add_tcase(s, tc);
	return s;
}
