/*
 * case_parse.c: the client's pure helpers for the CVD commands, with no
 * network and no key: dates, the flat JSON object of `report submit
 * --json`, the report proof file of `report prove` (docs/formats.md section
 * 12) and the one-line description of a logged event. The unit suite
 * test_client links this file alone.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "encoding.h"
#include "error.h"
#include "log.h"

/* ---- dates ---- */

static int digits(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (unsigned)(s[i] - '0');
	}
	*out = v;
	return 0;
}

/* days_from_civil: days since 1970-01-01 of a proleptic Gregorian date
 * (H. Hinnant's algorithm). */
static uint64_t days_from_civil(unsigned y, unsigned m, unsigned d)
{
	unsigned yy = m <= 2 ? y - 1 : y;
	unsigned era = yy / 400;
	unsigned yoe = yy - era * 400;
	unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (uint64_t)era * 146097 + doe - 719468;
}

int cli_parse_date(const char *s, uint64_t *ms)
{
	static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	size_t len = strlen(s);
	unsigned y, mo, d, h = 0, mi = 0, se = 0, dim;

	if (len != 10 && len != 20)
		return CVD_EINVAL;
	if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
	    digits(s + 8, 2, &d))
		return CVD_EINVAL;
	if (len == 20 &&
	    (s[10] != 'T' || digits(s + 11, 2, &h) || s[13] != ':' || digits(s + 14, 2, &mi) ||
	     s[16] != ':' || digits(s + 17, 2, &se) || s[19] != 'Z'))
		return CVD_EINVAL;
	if (y < 1970 || mo < 1 || mo > 12 || h > 23 || mi > 59 || se > 59)
		return CVD_EINVAL;
	dim = mdays[mo - 1];
	if (mo == 2 && (y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		dim = 29;
	if (d < 1 || d > dim)
		return CVD_EINVAL;
	*ms = ((days_from_civil(y, mo, d) * 86400) + h * 3600ull + mi * 60ull + se) * 1000;
	return 0;
}

/* ---- a flat JSON object of strings ---- */

struct jp {
	const char *s, *end, *base;
	char *err;
	size_t cap;
};

static int jp_fail(struct jp *p, const char *msg)
{
	if (p->cap > 0)
		snprintf(p->err, p->cap, "byte %zu: %s", (size_t)(p->s - p->base), msg);
	return CVD_EINVAL;
}

static void jp_ws(struct jp *p)
{
	while (p->s < p->end && (*p->s == ' ' || *p->s == '\t' || *p->s == '\n' || *p->s == '\r'))
		p->s++;
}

static int hex4(const char *s, unsigned *out)
{
	unsigned v = 0;

	for (int i = 0; i < 4; i++) {
		char c = s[i];
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return -1;
	}
	*out = v;
	return 0;
}

static size_t put_utf8(char *o, unsigned cp)
{
	if (cp < 0x80) {
		o[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = (char)(0xc0 | cp >> 6);
		o[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = (char)(0xe0 | cp >> 12);
		o[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	o[0] = (char)(0xf0 | cp >> 18);
	o[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	o[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	o[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

/* jp_string reads a JSON string at p->s into a malloc'd, NUL-terminated
 * *out (an escaped NUL is refused). */
static int jp_string(struct jp *p, char **out)
{
	const char *start;
	char *buf, *o;

	if (p->s >= p->end || *p->s != '"')
		return jp_fail(p, "a string is needed");
	start = ++p->s;
	while (p->s < p->end && *p->s != '"') {
		if ((unsigned char)*p->s < 0x20)
			return jp_fail(p, "control character in a string");
		p->s += *p->s == '\\' && p->s + 1 < p->end ? 2 : 1;
	}
	if (p->s >= p->end)
		return jp_fail(p, "unterminated string");
	if (!enc_utf8_valid(start, (size_t)(p->s - start)))
		return jp_fail(p, "a string is not valid UTF-8");
	buf = malloc((size_t)(p->s - start) + 1);
	if (buf == NULL)
		return CVD_ENOMEM;
	o = buf;
	for (const char *q = start; q < p->s;) {
		unsigned cp, lo;
		if (*q != '\\') {
			*o++ = *q++;
			continue;
		}
		q++;
		switch (*q++) {
		case '"': *o++ = '"'; continue;
		case '\\': *o++ = '\\'; continue;
		case '/': *o++ = '/'; continue;
		case 'b': *o++ = '\b'; continue;
		case 'f': *o++ = '\f'; continue;
		case 'n': *o++ = '\n'; continue;
		case 'r': *o++ = '\r'; continue;
		case 't': *o++ = '\t'; continue;
		case 'u': break;
		default: free(buf); return jp_fail(p, "bad escape in a string");
		}
		if (p->s - q < 4 || hex4(q, &cp) != 0)
			goto bad_u;
		q += 4;
		if (cp >= 0xd800 && cp <= 0xdbff) {
			if (p->s - q < 6 || q[0] != '\\' || q[1] != 'u' || hex4(q + 2, &lo) != 0 ||
			    lo < 0xdc00 || lo > 0xdfff)
				goto bad_u;
			q += 6;
			cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
		} else if ((cp >= 0xdc00 && cp <= 0xdfff) || cp == 0) {
			goto bad_u;
		}
		o += put_utf8(o, cp);
	}
	*o = '\0';
	p->s++;
	*out = buf;
	return 0;
bad_u:
	free(buf);
	return jp_fail(p, "bad \\u escape in a string (or an escaped NUL)");
}

int cli_json_strings(const char *text, size_t len,
                     int (*fn)(void *ctx, const char *key, const char *value), void *ctx, char *err,
                     size_t cap)
{
	struct jp p = {text, text + len, text, err, cap};
	char *key = NULL, *val = NULL;
	int rc;

	if (cap > 0)
		err[0] = '\0';
	jp_ws(&p);
	if (p.s >= p.end || *p.s != '{')
		return jp_fail(&p, "a JSON object is needed");
	p.s++;
	jp_ws(&p);
	if (p.s < p.end && *p.s == '}') {
		p.s++;
		goto end;
	}
	for (;;) {
		jp_ws(&p);
		rc = jp_string(&p, &key);
		if (rc != 0)
			return rc;
		jp_ws(&p);
		if (p.s >= p.end || *p.s != ':') {
			free(key);
			return jp_fail(&p, "':' expected after a member name");
		}
		p.s++;
		jp_ws(&p);
		rc = jp_string(&p, &val);
		if (rc != 0) {
			if (rc == CVD_EINVAL && cap > 0)
				snprintf(err, cap, "member \"%.40s\": a string value is needed",
				         key);
			free(key);
			return rc;
		}
		rc = fn(ctx, key, val);
		free(key);
		free(val);
		if (rc != 0)
			return rc;
		jp_ws(&p);
		if (p.s < p.end && *p.s == ',') {
			p.s++;
			continue;
		}
		if (p.s < p.end && *p.s == '}') {
			p.s++;
			break;
		}
		return jp_fail(&p, "',' or '}' expected");
	}
end:
	jp_ws(&p);
	if (p.s != p.end)
		return jp_fail(&p, "text after the object");
	return 0;
}

/* ---- the report proof file ---- */

void cli_proof_clear(struct cli_proof *p)
{
	for (unsigned i = 0; i < p->pf_n; i++)
		free(p->pf_open[i].po_plain);
	memset(p, 0, sizeof(*p));
}

static int b64_field(const char *s, size_t len, uint8_t **out, size_t *outlen)
{
	size_t cap = len / 4 * 3 + 1;
	uint8_t *buf = malloc(cap);

	if (buf == NULL)
		return CVD_ENOMEM;
	if (enc_unb64(buf, cap, outlen, s, len) != 0) {
		free(buf);
		return CVD_EINVAL;
	}
	*out = buf;
	return 0;
}

int cli_proof_parse(const char *text, size_t len, struct cli_proof *p, const char **why)
{
	const char *s = text, *end = text + len, *nl;
	size_t hl = strlen(CLI_PROOF_HEADER);
	int rc = CVD_EINVAL;

	memset(p, 0, sizeof(*p));
	*why = "first line is not \"" CLI_PROOF_HEADER "\"";
	if (len < hl + 1 || memcmp(s, CLI_PROOF_HEADER, hl) != 0 || s[hl] != '\n')
		goto out;
	s += hl + 1;
	for (;;) {
		const char *f, *sp1, *sp2;
		struct cli_proof_opening *o;
		uint8_t *salt = NULL;
		size_t n;

		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL) {
			*why = "no blank line before the receipt";
			goto out;
		}
		if (nl == s)
			break;
		*why = "a line is not \"opening FIELD SALT PLAINTEXT\"";
		if ((size_t)(nl - s) < 8 || memcmp(s, "opening ", 8) != 0)
			goto out;
		f = s + 8;
		sp1 = memchr(f, ' ', (size_t)(nl - f));
		sp2 = sp1 != NULL ? memchr(sp1 + 1, ' ', (size_t)(nl - sp1 - 1)) : NULL;
		if (sp2 == NULL || memchr(sp2 + 1, ' ', (size_t)(nl - sp2 - 1)) != NULL)
			goto out;
		if (p->pf_n == CLI_PROOF_MAX) {
			*why = "too many opening lines";
			goto out;
		}
		o = &p->pf_open[p->pf_n];
		*why = "a field name is not [a-z][a-z0-9-]{0,31}";
		if (sp1 == f || (size_t)(sp1 - f) > CASES_FIELD_MAX || f[0] < 'a' || f[0] > 'z')
			goto out;
		for (const char *q = f; q < sp1; q++)
			if (!((*q >= 'a' && *q <= 'z') || (*q >= '0' && *q <= '9') || *q == '-'))
				goto out;
		memcpy(o->po_field, f, (size_t)(sp1 - f));
		o->po_field[sp1 - f] = '\0';
		for (unsigned i = 0; i < p->pf_n; i++)
			if (strcmp(p->pf_open[i].po_field, o->po_field) == 0) {
				*why = "a field is opened twice";
				goto out;
			}
		*why = "a salt is not the base64 of 32 bytes";
		rc = b64_field(sp1 + 1, (size_t)(sp2 - sp1 - 1), &salt, &n);
		if (rc == CVD_ENOMEM)
			goto out;
		if (rc != 0 || n != SEAL_SALT_LEN) {
			free(salt);
			rc = CVD_EINVAL;
			goto out;
		}
		memcpy(o->po_salt, salt, SEAL_SALT_LEN);
		free(salt);
		*why = "a plaintext is not canonical base64";
		rc = b64_field(sp2 + 1, (size_t)(nl - sp2 - 1), &o->po_plain, &o->po_len);
		if (rc != 0)
			goto out;
		rc = CVD_EINVAL;
		if (o->po_len > SEAL_PLAINTEXT_MAX) {
			free(o->po_plain);
			o->po_plain = NULL;
			*why = "a plaintext is too long";
			goto out;
		}
		p->pf_n++;
		s = nl + 1;
	}
	if (p->pf_n == 0) {
		*why = "no opening line";
		goto out;
	}
	s = nl + 1;
	if (s == end) {
		*why = "no receipt after the blank line";
		goto out;
	}
	p->pf_receipt = s;
	p->pf_receipt_len = (size_t)(end - s);
	*why = NULL;
	rc = 0;
out:
	if (rc != 0)
		cli_proof_clear(p);
	return rc;
}

int cli_proof_format(const struct cli_proof *p, const char *receipt, size_t rlen, char **out,
                     size_t *outlen)
{
	size_t cap = strlen(CLI_PROOF_HEADER) + 2 + rlen + 1, n;
	char *buf, *o;

	for (unsigned i = 0; i < p->pf_n; i++)
		cap += 8 + strlen(p->pf_open[i].po_field) + 2 + enc_b64_len(SEAL_SALT_LEN) +
		       enc_b64_len(p->pf_open[i].po_len) + 1;
	buf = malloc(cap);
	if (buf == NULL)
		return CVD_ENOMEM;
	o = buf;
	o += sprintf(o, "%s\n", CLI_PROOF_HEADER);
	for (unsigned i = 0; i < p->pf_n; i++) {
		o += sprintf(o, "opening %s ", p->pf_open[i].po_field);
		enc_b64(o, p->pf_open[i].po_salt, SEAL_SALT_LEN);
		o += strlen(o);
		*o++ = ' ';
		enc_b64(o, p->pf_open[i].po_plain, p->pf_open[i].po_len);
		o += strlen(o);
		*o++ = '\n';
	}
	*o++ = '\n';
	memcpy(o, receipt, rlen);
	o += rlen;
	*o = '\0';
	n = (size_t)(o - buf);
	*out = buf;
	*outlen = n;
	return 0;
}

int cli_proof_check(const struct cli_proof *p, const struct event_view *ev, char *why, size_t cap)
{
	const Cvdlog__Event *pb = ev->ev_pb;
	const Cvdlog__ReportSubmitted *r;

	if (ev->ev_type != EVENT_CASE ||
	    pb->case_event->kind_case != CVDLOG__CASE_EVENT__KIND_REPORT) {
		snprintf(why, cap, "the receipt's entry is not a report");
		return CVD_EINVAL;
	}
	r = pb->case_event->report;
	for (unsigned i = 0; i < p->pf_n; i++) {
		const struct cli_proof_opening *o = &p->pf_open[i];
		const Cvdlog__Commitment *cm = NULL;
		for (size_t k = 0; k < r->n_fields && cm == NULL; k++)
			if (strcmp(r->fields[k]->field, o->po_field) == 0)
				cm = r->fields[k];
		if (cm == NULL) {
			snprintf(why, cap, "opening %s: the report has no field %s", o->po_field,
			         o->po_field);
			return CVD_EINVAL;
		}
		if (cm->digest.len != SEAL_DIGEST_LEN ||
		    seal_opening_check(cm->digest.data, o->po_salt, o->po_plain, o->po_len) != 0) {
			snprintf(why, cap,
			         "opening %s: the salt and plaintext do not match the report's "
			         "commitment",
			         o->po_field);
			return CVD_EINVAL;
		}
	}
	return 0;
}

/* ---- describing an event on one line ---- */

struct sb {
	char *s;
	size_t len, cap;
};

static void sb_add(struct sb *b, const char *s, size_t n)
{
	if (b->cap == 0)
		return;
	for (size_t i = 0; i < n && b->len + 1 < b->cap; i++) {
		unsigned char c = (unsigned char)s[i];
		b->s[b->len++] = c < 0x20 || c == 0x7f ? '?' : (char)c;
	}
	b->s[b->len] = '\0';
}

static void sb_str(struct sb *b, const char *s)
{
	sb_add(b, s, strlen(s));
}

const char *cli_enum_word(const ProtobufCEnumDescriptor *d, int v, char *w, size_t cap)
{
	const ProtobufCEnumValue *ev = protobuf_c_enum_descriptor_get_value(d, v);
	const char *n = ev != NULL ? ev->name : "?";
	size_t i;

	if (strncmp(n, "TOPIC_", 6) == 0)
		n += 6;
	else if (strncmp(n, "REVISION_", 9) == 0)
		n += 9;
	for (i = 0; n[i] != '\0' && i + 1 < cap; i++)
		w[i] = n[i] == '_' ? '-' : (char)(n[i] >= 'A' && n[i] <= 'Z' ? n[i] + 32 : n[i]);
	w[i] = '\0';
	return w;
}

static void enum_word(struct sb *b, const ProtobufCEnumDescriptor *d, int v)
{
	char w[64];
	sb_str(b, cli_enum_word(d, v, w, sizeof(w)));
}

void cli_print_text(FILE *f, const uint8_t *p, size_t len)
{
	fputs("      ", f);
	for (size_t i = 0; i < len; i++) {
		unsigned char c = p[i];
		if (c == '\n') {
			if (i + 1 < len)
				fputs("\n      ", f);
			continue;
		}
		fputc((c < 0x20 && c != '\t') || c == 0x7f ? '?' : c, f);
	}
	fputc('\n', f);
}

static void value(struct sb *b, const ProtobufCFieldDescriptor *f, const void *p)
{
	char tmp[80];

	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING: sb_str(b, *(char *const *)p); break;
	case PROTOBUF_C_TYPE_UINT64: {
		uint64_t v = *(const uint64_t *)p;
		size_t nl = strlen(f->name);
		if (nl > 3 && strcmp(f->name + nl - 3, "_ms") == 0)
			sb_str(b, log_format_time(v, tmp));
		else {
			snprintf(tmp, sizeof(tmp), "%llu", (unsigned long long)v);
			sb_str(b, tmp);
		}
		break;
	}
	case PROTOBUF_C_TYPE_UINT32:
		snprintf(tmp, sizeof(tmp), "%u", *(const uint32_t *)p);
		sb_str(b, tmp);
		break;
	case PROTOBUF_C_TYPE_BOOL: sb_str(b, *(const protobuf_c_boolean *)p ? "yes" : "no"); break;
	case PROTOBUF_C_TYPE_ENUM: enum_word(b, f->descriptor, *(const int *)p); break;
	case PROTOBUF_C_TYPE_BYTES: {
		const ProtobufCBinaryData *d = p;
		enc_hex(tmp, d->data, d->len > 8 ? 8 : d->len);
		sb_str(b, tmp);
		if (d->len > 8)
			sb_str(b, "...");
		break;
	}
	case PROTOBUF_C_TYPE_MESSAGE: {
		const ProtobufCMessage *m = *(ProtobufCMessage *const *)p;
		if (m->descriptor == &cvdlog__commitment__descriptor) {
			sb_str(b, "sealed:");
			sb_str(b, ((const Cvdlog__Commitment *)m)->field);
		} else if (m->descriptor == &cvdlog__opening__descriptor) {
			const Cvdlog__Opening *o = (const Cvdlog__Opening *)m;
			sb_str(b, "opening:");
			enc_hex(tmp, o->digest.data, o->digest.len > 8 ? 8 : o->digest.len);
			sb_str(b, tmp);
		} else {
			sb_str(b, "{");
			cli_describe_fields(m, b->s + b->len, b->cap - b->len);
			b->len += strlen(b->s + b->len);
			sb_str(b, " }");
		}
		break;
	}
	default: sb_str(b, "?"); break;
	}
}

static int is_set(const ProtobufCFieldDescriptor *f, const void *p)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING: return (*(char *const *)p)[0] != '\0';
	case PROTOBUF_C_TYPE_UINT64: return *(const uint64_t *)p != 0;
	case PROTOBUF_C_TYPE_UINT32:
	case PROTOBUF_C_TYPE_ENUM: return *(const uint32_t *)p != 0;
	case PROTOBUF_C_TYPE_BOOL: return *(const protobuf_c_boolean *)p != 0;
	case PROTOBUF_C_TYPE_BYTES: return ((const ProtobufCBinaryData *)p)->len != 0;
	case PROTOBUF_C_TYPE_MESSAGE: return *(void *const *)p != NULL;
	default: return 0;
	}
}

static size_t elem_size(const ProtobufCFieldDescriptor *f)
{
	switch (f->type) {
	case PROTOBUF_C_TYPE_STRING:
	case PROTOBUF_C_TYPE_MESSAGE: return sizeof(void *);
	case PROTOBUF_C_TYPE_UINT64: return sizeof(uint64_t);
	case PROTOBUF_C_TYPE_BOOL: return sizeof(protobuf_c_boolean);
	case PROTOBUF_C_TYPE_BYTES: return sizeof(ProtobufCBinaryData);
	default: return sizeof(uint32_t);
	}
}

void cli_describe_fields(const ProtobufCMessage *m, char *buf, size_t cap)
{
	const ProtobufCMessageDescriptor *d = m->descriptor;
	struct sb b = {buf, 0, cap};
	const char *base = (const char *)m;

	if (cap > 0)
		buf[0] = '\0';
	for (unsigned i = 0; i < d->n_fields; i++) {
		const ProtobufCFieldDescriptor *f = &d->fields[i];
		const void *p = base + f->offset;
		if (f->label == PROTOBUF_C_LABEL_REPEATED) {
			size_t n = *(const size_t *)(base + f->quantifier_offset);
			const char *arr = *(const char *const *)p;
			if (n == 0)
				continue;
			sb_str(&b, " ");
			sb_str(&b, f->name);
			sb_str(&b, "=");
			for (size_t k = 0; k < n; k++) {
				if (k > 0)
					sb_str(&b, ",");
				value(&b, f, arr + k * elem_size(f));
			}
			continue;
		}
		if (f->flags & PROTOBUF_C_FIELD_FLAG_ONEOF) {
			if (*(const uint32_t *)(base + f->quantifier_offset) != f->id)
				continue;
		} else if (!is_set(f, p)) {
			continue;
		}
		sb_str(&b, " ");
		sb_str(&b, f->name);
		if (f->type == PROTOBUF_C_TYPE_BOOL)
			continue;
		sb_str(&b, "=");
		value(&b, f, p);
	}
}
