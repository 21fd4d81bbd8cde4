/* policy.c: trust policy parsing and checkpoint verification (see policy.h). */
#include "policy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"
#include "note.h"

#define POLICY_HEADER "cvdlog-policy/v1"

static int fail(char *err, size_t cap, unsigned line, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (err != NULL && cap > 0) {
		if (line > 0)
			n = snprintf(err, cap, "line %u: ", line);
		if (n >= 0 && (size_t)n < cap) {
			va_start(ap, fmt);
			vsnprintf(err + n, cap - (size_t)n, fmt, ap);
			va_end(ap);
		}
	}
	return CVD_EINVAL;
}

static int same_key(const struct keys_verifier *a, const struct keys_verifier *b)
{
	return memcmp(a->kv_pk, b->kv_pk, KEYS_PK_LEN) == 0;
}

static int parse_count(const char *s, size_t len, unsigned min, unsigned *out)
{
	uint64_t v;
	if (enc_parse_u64(s, len, &v) != 0 || v < min || v > POLICY_MAX_KEYS)
		return CVD_EINVAL;
	*out = (unsigned)v;
	return 0;
}

int policy_parse(const char *text, size_t len, struct policy *p, char *err, size_t errcap)
{
	const char *s = text, *end = text + len;
	unsigned lineno = 0;
	int have_origin = 0;
	unsigned have_quorum = 0, have_wq = 0; /* the line of each, for errors */

	memset(p, 0, sizeof(*p));
	if (len > POLICY_MAX_LEN)
		return fail(err, errcap, 0, "policy is larger than %d bytes", POLICY_MAX_LEN);
	if (!enc_utf8_valid(text, len))
		return fail(err, errcap, 0, "policy is not UTF-8");
	while (s < end) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		const char *e = nl != NULL ? nl : end;
		size_t l = (size_t)(e - s);
		lineno++;
		if (l > 0 && s[l - 1] == '\r')
			l--;
		if (lineno == 1) {
			if (l != strlen(POLICY_HEADER) || memcmp(s, POLICY_HEADER, l) != 0)
				return fail(err, errcap, 1, "expected \"%s\"", POLICY_HEADER);
		} else if (l > 0 && s[0] != '#') {
			const char *sp = memchr(s, ' ', l);
			if (sp == NULL)
				return fail(err, errcap, lineno, "expected \"keyword value\"");
			size_t kl = (size_t)(sp - s);
			const char *val = sp + 1;
			size_t vl = l - kl - 1;
			if (kl == 6 && memcmp(s, "origin", 6) == 0) {
				if (have_origin)
					return fail(err, errcap, lineno, "second origin line");
				if (vl == 0 || vl > ENTRY_ORIGIN_MAX || !keys_name_valid(val, vl))
					return fail(err, errcap, lineno, "invalid origin");
				memcpy(p->p_origin, val, vl);
				p->p_origin[vl] = '\0';
				have_origin = 1;
			} else if (kl == 4 && memcmp(s, "node", 4) == 0) {
				struct keys_verifier k;
				if (keys_verifier_parse(val, vl, &k) != 0 ||
				    k.kv_type != KEYS_TYPE_ED25519)
					return fail(err, errcap, lineno,
					            "invalid node verifier key");
				if (!have_origin || strcmp(k.kv_name, p->p_origin) != 0)
					return fail(err, errcap, lineno,
					            "node key must be named by the origin, after "
					            "the origin line");
				if (p->p_nnodes == POLICY_MAX_KEYS)
					return fail(err, errcap, lineno, "too many node keys");
				for (unsigned i = 0; i < p->p_nnodes; i++)
					if (same_key(&p->p_nodes[i], &k))
						return fail(err, errcap, lineno,
						            "node key listed twice");
				p->p_nodes[p->p_nnodes++] = k;
			} else if (kl == 7 && memcmp(s, "witness", 7) == 0) {
				struct keys_verifier k;
				if (keys_verifier_parse(val, vl, &k) != 0)
					return fail(err, errcap, lineno,
					            "invalid witness verifier key");
				if (p->p_nwitnesses == POLICY_MAX_KEYS)
					return fail(err, errcap, lineno, "too many witness keys");
				keys_verifier_as_cosigner(&k, &k);
				for (unsigned i = 0; i < p->p_nwitnesses; i++)
					if (same_key(&p->p_witnesses[i], &k))
						return fail(err, errcap, lineno,
						            "witness key listed twice");
				p->p_witnesses[p->p_nwitnesses++] = k;
			} else if (kl == 6 && memcmp(s, "quorum", 6) == 0) {
				if (have_quorum || parse_count(val, vl, 1, &p->p_quorum) != 0)
					return fail(err, errcap, lineno,
					            "invalid or repeated quorum");
				have_quorum = lineno;
			} else if (kl == 9 && memcmp(s, "witnesses", 9) == 0) {
				if (have_wq || parse_count(val, vl, 0, &p->p_witness_quorum) != 0)
					return fail(err, errcap, lineno,
					            "invalid or repeated witnesses");
				have_wq = lineno;
			} else {
				return fail(err, errcap, lineno, "unknown keyword \"%.*s\"",
				            (int)kl, s);
			}
		}
		s = nl != NULL ? nl + 1 : end;
	}
	if (lineno == 0)
		return fail(err, errcap, 1, "empty policy");
	if (!have_origin)
		return fail(err, errcap, 0, "no origin line");
	if (p->p_nnodes == 0)
		return fail(err, errcap, 0, "no node line");
	if (!have_quorum)
		p->p_quorum = p->p_nnodes / 2 + 1;
	if (p->p_quorum > p->p_nnodes)
		return fail(err, errcap, have_quorum, "quorum %u exceeds the %u node keys",
		            p->p_quorum, p->p_nnodes);
	if (p->p_witness_quorum > p->p_nwitnesses)
		return fail(err, errcap, have_wq, "witnesses %u exceeds the %u witness keys",
		            p->p_witness_quorum, p->p_nwitnesses);
	return 0;
}

int policy_load(const char *path, struct policy *p, char *err, size_t errcap)
{
	char *buf = NULL, msg[256];
	size_t n;
	int rc;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		snprintf(err, errcap, "%s: %s", path, strerror(errno));
		return -errno;
	}
	buf = malloc(POLICY_MAX_LEN + 1);
	if (buf == NULL) {
		rc = CVD_ENOMEM;
		goto out;
	}
	n = fread(buf, 1, POLICY_MAX_LEN + 1, f);
	rc = policy_parse(buf, n, p, msg, sizeof(msg));
	if (rc != 0)
		snprintf(err, errcap, "%s: %s", path, msg);
out:
	free(buf);
	fclose(f);
	return rc;
}

void policy_single_node(struct policy *p, const char *origin, const struct keys_verifier *node)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->p_origin, sizeof(p->p_origin), "%s", origin);
	p->p_nodes[0] = *node;
	p->p_nnodes = 1;
	p->p_quorum = 1;
}

int policy_format(const struct policy *p, char *buf, size_t cap)
{
	char key[KEYS_VKEY_MAX + 1];
	size_t off = 0;
	int n;

#define EMIT(...)                                                \
	do {                                                     \
		n = snprintf(buf + off, cap - off, __VA_ARGS__); \
		if (n < 0 || (size_t)n >= cap - off)             \
			return CVD_ETOOLARGE;                    \
		off += (size_t)n;                                \
	} while (0)
	EMIT(POLICY_HEADER "\norigin %s\n", p->p_origin);
	for (unsigned i = 0; i < p->p_nnodes; i++)
		EMIT("node %s\n", keys_verifier_format(&p->p_nodes[i], key));
	EMIT("quorum %u\n", p->p_quorum);
	for (unsigned i = 0; i < p->p_nwitnesses; i++)
		EMIT("witness %s\n", keys_verifier_format(&p->p_witnesses[i], key));
	/* 0 is the default: leave the line out, as a hand-written policy would. */
	if (p->p_witness_quorum > 0)
		EMIT("witnesses %u\n", p->p_witness_quorum);
#undef EMIT
	return (int)off;
}

int policy_verify_checkpoint(const struct policy *p, const char *text, size_t len,
                             struct policy_verdict *out)
{
	struct note *n = malloc(sizeof(*n));
	struct policy_verdict v;
	uint8_t node_ok[POLICY_MAX_KEYS] = {0}, wit_ok[POLICY_MAX_KEYS] = {0};
	int rc;

	if (n == NULL)
		return CVD_ENOMEM;
	memset(&v, 0, sizeof(v));
	rc = note_parse(text, len, n);
	if (rc != 0)
		goto out;
	rc = checkpoint_parse_body(n->n_text, n->n_text_len, &v.pv_cp);
	if (rc != 0)
		goto out;
	if (strcmp(v.pv_cp.c_origin, p->p_origin) != 0) {
		rc = CVD_EORIGIN;
		goto out;
	}
	for (unsigned s = 0; s < n->n_nsigs; s++) {
		const struct note_sig *sig = &n->n_sigs[s];
		for (unsigned i = 0; i < p->p_nnodes; i++) {
			if (!note_sig_matches(sig, &p->p_nodes[i]))
				continue;
			rc = note_verify_sig(n, sig, &p->p_nodes[i], NULL);
			if (rc != 0)
				goto out;
			node_ok[i] = 1;
		}
		for (unsigned i = 0; i < p->p_nwitnesses; i++) {
			uint64_t t;
			if (!note_sig_matches(sig, &p->p_witnesses[i]))
				continue;
			rc = note_verify_sig(n, sig, &p->p_witnesses[i], &t);
			if (rc != 0)
				goto out;
			if (!wit_ok[i]) {
				v.pv_cosig_time[v.pv_witnesses] = t;
				memcpy(v.pv_cosig_name[v.pv_witnesses], p->p_witnesses[i].kv_name,
				       KEYS_NAME_MAX + 1);
				v.pv_witnesses++;
			}
			wit_ok[i] = 1;
		}
	}
	for (unsigned i = 0; i < p->p_nnodes; i++)
		v.pv_nodes += node_ok[i];
	rc = (v.pv_nodes >= p->p_quorum && v.pv_witnesses >= p->p_witness_quorum) ? 0 : CVD_EQUORUM;
	if (out != NULL)
		*out = v;
out:
	free(n);
	return rc;
}
