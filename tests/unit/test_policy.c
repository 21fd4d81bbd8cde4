/*
 * test_policy.c: lib/policy.c, the trust policy file and checkpoint
 * verification, on cvdlog.json. The vector policy parses (quorum 2) and
 * re-formats to itself; `checkpoint` verifies under it, the one-signature
 * checkpoint fails with CVD_EQUORUM, a policy for another origin gives
 * CVD_EORIGIN, and signing the body with node_skey and node2_skey through
 * note_sign_line reproduces `checkpoint` byte for byte. A failing signature
 * by a policy key rejects the note whole, unknown signatures are ignored, a
 * key counts once, witnesses (as 0x04 or 0x01 keys) cosign with their times
 * reported. The parser names the line of each error ("line N"): unknown
 * keyword, bad key, duplicate key, quorum over the node count and so on;
 * the default quorum is a majority; comments, blank lines and CRLF are
 * fine. Truncated, extended and mutated policies and checkpoints never crash,
 * and no mutated checkpoint verifies.
 */
#include <check.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "encoding.h"
#include "error.h"
#include "keys.h"
#include "note.h"
#include "policy.h"
#include "testutil.h"

#define EM_DASH "\xe2\x80\x94"
#define HDR     "cvdlog-policy/v1\n"

static int parse_str(const char *s, struct policy *p, char *err, size_t cap)
{
	return policy_parse(s, strlen(s), p, err, cap);
}

static int verify_str(const struct policy *p, const char *note, struct policy_verdict *v)
{
	return policy_verify_checkpoint(p, note, strlen(note), v);
}

static void assert_policy_eq(const struct policy *a, const struct policy *b)
{
	ck_assert_str_eq(a->p_origin, b->p_origin);
	ck_assert_uint_eq(a->p_nnodes, b->p_nnodes);
	ck_assert_uint_eq(a->p_quorum, b->p_quorum);
	ck_assert_uint_eq(a->p_nwitnesses, b->p_nwitnesses);
	ck_assert_uint_eq(a->p_witness_quorum, b->p_witness_quorum);
	for (unsigned i = 0; i < a->p_nnodes; i++) {
		ck_assert_str_eq(a->p_nodes[i].kv_name, b->p_nodes[i].kv_name);
		ck_assert_int_eq(a->p_nodes[i].kv_type, b->p_nodes[i].kv_type);
		ck_assert_mem_eq(a->p_nodes[i].kv_id, b->p_nodes[i].kv_id, KEYS_ID_LEN);
		ck_assert_mem_eq(a->p_nodes[i].kv_pk, b->p_nodes[i].kv_pk, KEYS_PK_LEN);
	}
	for (unsigned i = 0; i < a->p_nwitnesses; i++) {
		ck_assert_str_eq(a->p_witnesses[i].kv_name, b->p_witnesses[i].kv_name);
		ck_assert_int_eq(a->p_witnesses[i].kv_type, b->p_witnesses[i].kv_type);
		ck_assert_mem_eq(a->p_witnesses[i].kv_id, b->p_witnesses[i].kv_id, KEYS_ID_LEN);
		ck_assert_mem_eq(a->p_witnesses[i].kv_pk, b->p_witnesses[i].kv_pk, KEYS_PK_LEN);
	}
}

START_TEST(vector_policy_parses_and_formats)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *text = tu_str(j, "policy");
	struct policy *p = malloc(sizeof(*p)), *q = malloc(sizeof(*q));
	char err[256] = "", buf[4096];
	struct keys_verifier n1, n2;

	tu_vector_policy(j, p);
	ck_assert_str_eq(p->p_origin, tu_str(j, "origin"));
	ck_assert_uint_eq(p->p_nnodes, 2);
	ck_assert_uint_eq(p->p_quorum, 2);
	ck_assert_uint_eq(p->p_nwitnesses, 0);
	ck_assert_uint_eq(p->p_witness_quorum, 0);
	tu_vkey(tu_str(j, "node_vkey"), &n1);
	tu_vkey(tu_str(j, "node2_vkey"), &n2);
	ck_assert_mem_eq(p->p_nodes[0].kv_pk, n1.kv_pk, 32);
	ck_assert_mem_eq(p->p_nodes[1].kv_pk, n2.kv_pk, 32);

	int n = policy_format(p, buf, sizeof(buf));
	ck_assert_int_eq(n, (int)strlen(text));
	ck_assert_str_eq(buf, text);
	ck_assert_int_eq(parse_str(buf, q, err, sizeof(err)), 0);
	assert_policy_eq(p, q);
	/* Every buffer too small for the text is refused, never overrun. */
	for (size_t cap = 0; cap <= (size_t)n; cap++) {
		char *small = malloc(cap > 0 ? cap : 1);
		HOT_ASSERT(int, policy_format(p, small, cap), CVD_ETOOLARGE);
		free(small);
	}
	free(p);
	free(q);
	json_decref(j);
}
END_TEST

START_TEST(vector_checkpoints)
{
	json_t *j = tu_vectors("cvdlog.json");
	struct policy *p = malloc(sizeof(*p));
	struct policy_verdict v;
	char err[256];
	uint8_t root[MERKLE_HASH_LEN];

	tu_vector_policy(j, p);
	memset(&v, 0xee, sizeof(v));
	ck_assert_int_eq(verify_str(p, tu_str(j, "checkpoint"), &v), 0);
	ck_assert_uint_eq(v.pv_nodes, 2);
	ck_assert_uint_eq(v.pv_witnesses, 0);
	ck_assert_str_eq(v.pv_cp.c_origin, tu_str(j, "origin"));
	ck_assert_uint_eq(v.pv_cp.c_size, 5);
	tu_hex32(tu_str(j, "root_hex"), root);
	ck_assert_mem_eq(v.pv_cp.c_root, root, MERKLE_HASH_LEN);
	ck_assert_int_eq(verify_str(p, tu_str(j, "checkpoint"), NULL), 0);

	/* One node of two with quorum 2. */
	ck_assert_int_eq(verify_str(p, tu_str(j, "checkpoint_one_node_fails_quorum_2"), &v),
	                 CVD_EQUORUM);
	ck_assert_uint_eq(v.pv_nodes, 1);
	/* ...which is enough under quorum 1. */
	p->p_quorum = 1;
	ck_assert_int_eq(verify_str(p, tu_str(j, "checkpoint_one_node_fails_quorum_2"), NULL), 0);
	p->p_quorum = 2;

	/* A policy for another origin. */
	struct policy *o = malloc(sizeof(*o));
	*o = *p;
	snprintf(o->p_origin, sizeof(o->p_origin), "other.example.com/log");
	ck_assert_int_eq(verify_str(o, tu_str(j, "checkpoint"), &v), CVD_EORIGIN);
	snprintf(o->p_origin, sizeof(o->p_origin), "psirt.example.com/lo");
	ck_assert_int_eq(verify_str(o, tu_str(j, "checkpoint"), &v), CVD_EORIGIN);
	snprintf(o->p_origin, sizeof(o->p_origin), "psirt.example.com/logs");
	ck_assert_int_eq(verify_str(o, tu_str(j, "checkpoint"), &v), CVD_EORIGIN);
	/* Parsed from text with the origin changed. */
	struct tu_sb t = {0};
	const char *pt = tu_str(j, "policy");
	tu_sb_printf(&t, "%s", pt);
	char *at = strstr(t.s, "origin psirt.example.com/log\n");
	ck_assert_ptr_nonnull(at);
	at[7] = 'P';
	/* The node keys are named by the origin, so they no longer fit: the
	 * parser says so, naming line 3. */
	ck_assert_int_eq(parse_str(t.s, o, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "line 3"));
	free(t.s);

	/* Not a checkpoint note. */
	ck_assert_int_eq(verify_str(p, "", &v), CVD_EINVAL);
	ck_assert_int_eq(verify_str(p, "psirt.example.com/log\n5\n", &v), CVD_EINVAL);
	free(o);
	free(p);
	json_decref(j);
}
END_TEST

START_TEST(resign_reproduces_checkpoint)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *cp = tu_str(j, "checkpoint");
	char *body = tu_note_body(cp);
	struct keys_signer *k1 = tu_skey(tu_str(j, "node_skey"));
	struct keys_signer *k2 = tu_skey(tu_str(j, "node2_skey"));
	char l1[256], l2[256];
	struct tu_sb out = {0};

	ck_assert_int_gt(note_sign_line(k1, body, strlen(body), l1, sizeof(l1)), 0);
	ck_assert_int_gt(note_sign_line(k2, body, strlen(body), l2, sizeof(l2)), 0);
	tu_sb_printf(&out, "%s\n%s%s", body, l1, l2);
	ck_assert_str_eq(out.s, cp);
	/* Both lines carry the origin as key name, told apart by key ID. */
	ck_assert_int_eq(strncmp(l1, EM_DASH " psirt.example.com/log ", 26), 0);
	ck_assert_int_eq(strncmp(l2, EM_DASH " psirt.example.com/log ", 26), 0);
	free(out.s);
	out = (struct tu_sb){0};
	tu_sb_printf(&out, "%s\n%s", body, l1);
	ck_assert_str_eq(out.s, tu_str(j, "checkpoint_one_node_fails_quorum_2"));
	free(out.s);
	keys_signer_free(k1);
	keys_signer_free(k2);
	free(body);
	json_decref(j);
}
END_TEST

START_TEST(signature_rules)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *cp = tu_str(j, "checkpoint");
	char *body = tu_note_body(cp);
	struct policy *p = malloc(sizeof(*p));
	struct keys_signer *k1 = tu_skey(tu_str(j, "node_skey"));
	struct keys_signer *k2 = tu_skey(tu_str(j, "node2_skey"));
	struct keys_signer *stranger = NULL, *impostor = NULL;
	char l1[256], l2[256], ls[256], li[256];
	struct policy_verdict v;
	struct tu_sb t = {0};

	tu_vector_policy(j, p);
	ck_assert_int_gt(note_sign_line(k1, body, strlen(body), l1, sizeof(l1)), 0);
	ck_assert_int_gt(note_sign_line(k2, body, strlen(body), l2, sizeof(l2)), 0);
	ck_assert_int_eq(keys_signer_generate("stranger", &stranger), 0);
	ck_assert_int_gt(note_sign_line(stranger, body, strlen(body), ls, sizeof(ls)), 0);
	/* A key with the origin's name that is not in the policy. */
	ck_assert_int_eq(keys_signer_generate("psirt.example.com/log", &impostor), 0);
	ck_assert_int_gt(note_sign_line(impostor, body, strlen(body), li, sizeof(li)), 0);

	/* Unknown signatures are ignored, in any position. */
	tu_sb_printf(&t, "%s\n%s%s%s%s", body, ls, l1, li, l2);
	ck_assert_int_eq(verify_str(p, t.s, &v), 0);
	ck_assert_uint_eq(v.pv_nodes, 2);
	/* Unknown signatures do not count. */
	t.len = 0;
	tu_sb_printf(&t, "%s\n%s%s%s", body, ls, li, l1);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EQUORUM);
	ck_assert_uint_eq(v.pv_nodes, 1);
	/* A key counts once, however many lines it signs. */
	t.len = 0;
	tu_sb_printf(&t, "%s\n%s%s", body, l1, l1);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EQUORUM);
	ck_assert_uint_eq(v.pv_nodes, 1);
	/* No signature at all is not a note. */
	t.len = 0;
	tu_sb_printf(&t, "%s\n", body);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EINVAL);

	/* A failing signature by a policy key rejects the note whole, even
	 * when the others make the quorum. */
	char bad[256];
	strcpy(bad, l2);
	char *b64 = strrchr(bad, ' ') + 1;
	b64[10] = b64[10] == 'A' ? 'B' : 'A';
	p->p_quorum = 1;
	t.len = 0;
	tu_sb_printf(&t, "%s\n%s%s", body, l1, bad);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EBADSIG);
	t.len = 0;
	tu_sb_printf(&t, "%s\n%s%s", body, bad, l1);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EBADSIG);
	/* A policy key's name and ID over a cosignature-length signature. */
	uint8_t raw[4 + 72];
	char lc[256], rb[128];
	struct keys_verifier kv;
	keys_signer_verifier(k2, &kv);
	memcpy(raw, kv.kv_id, 4);
	memset(raw + 4, 1, 72);
	snprintf(lc, sizeof(lc), EM_DASH " psirt.example.com/log %s\n", enc_b64(rb, raw, 76));
	t.len = 0;
	tu_sb_printf(&t, "%s\n%s%s", body, l1, lc);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EBADSIG);
	/* A valid signature over another body by a policy key. */
	char other_body[256], lo[256];
	snprintf(other_body, sizeof(other_body), "psirt.example.com/log\n6\n%s",
	         strchr(strchr(body, '\n') + 1, '\n') + 1);
	ck_assert_int_gt(note_sign_line(k2, other_body, strlen(other_body), lo, sizeof(lo)), 0);
	t.len = 0;
	tu_sb_printf(&t, "%s\n%s%s", body, l1, lo);
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EBADSIG);

	free(t.s);
	keys_signer_free(k1);
	keys_signer_free(k2);
	keys_signer_free(stranger);
	keys_signer_free(impostor);
	free(p);
	free(body);
	json_decref(j);
}
END_TEST

/* Witness cosignatures: counted per distinct witness, times reported, the
 * witness key accepted as a 0x04 or a 0x01 vkey. */
START_TEST(witness_cosignatures)
{
	json_t *j = tu_vectors("cvdlog.json");
	json_t *nt = tu_vectors("note.json");
	json_t *cos = json_object_get(nt, "cosignature");
	const char *cp = tu_str(j, "checkpoint");
	char *body = tu_note_body(cp);
	struct keys_signer *w1 = tu_skey(tu_str(cos, "witness_skey")), *w2 = NULL;
	struct keys_verifier v2, c2;
	char c1line[256], c2line[256], w2plain[KEYS_VKEY_MAX + 1], w2cos[KEYS_VKEY_MAX + 1];
	char err[256];
	struct policy *p = malloc(sizeof(*p));
	struct policy_verdict v;
	struct tu_sb pol = {0}, t = {0};

	ck_assert_int_eq(keys_signer_generate("w2.example", &w2), 0);
	keys_signer_verifier(w2, &v2);
	keys_verifier_as_cosigner(&v2, &c2);
	keys_verifier_format(&v2, w2plain);
	keys_verifier_format(&c2, w2cos);
	ck_assert_int_gt(
	    note_cosign_line(w1, 1700000123, body, strlen(body), c1line, sizeof(c1line)), 0);
	ck_assert_int_gt(
	    note_cosign_line(w2, 1700000456, body, strlen(body), c2line, sizeof(c2line)), 0);

	for (int form = 0; form < 2; form++) {
		/* form 0: witnesses as 0x04 keys; form 1: as 0x01 keys. */
		pol.len = 0;
		tu_sb_printf(&pol, "%switness %s\nwitness %s\nwitnesses 2\n", tu_str(j, "policy"),
		             form == 0 ? tu_str(cos, "witness_vkey_cosigner")
		                       : tu_str(cos, "witness_vkey"),
		             form == 0 ? w2cos : w2plain);
		ck_assert_int_eq(parse_str(pol.s, p, err, sizeof(err)), 0);
		ck_assert_uint_eq(p->p_nwitnesses, 2);
		ck_assert_uint_eq(p->p_witness_quorum, 2);
		ck_assert_int_eq(p->p_witnesses[0].kv_type, KEYS_TYPE_COSIG);
		ck_assert_int_eq(p->p_witnesses[1].kv_type, KEYS_TYPE_COSIG);

		t.len = 0;
		tu_sb_printf(&t, "%s%s%s", cp, c2line, c1line);
		memset(&v, 0, sizeof(v));
		ck_assert_int_eq(verify_str(p, t.s, &v), 0);
		ck_assert_uint_eq(v.pv_nodes, 2);
		ck_assert_uint_eq(v.pv_witnesses, 2);
		ck_assert_str_eq(v.pv_cosig_name[0], "w2.example");
		ck_assert_uint_eq(v.pv_cosig_time[0], 1700000456);
		ck_assert_str_eq(v.pv_cosig_name[1], "witness.example");
		ck_assert_uint_eq(v.pv_cosig_time[1], 1700000123);

		/* One witness of two; the same witness twice. */
		t.len = 0;
		tu_sb_printf(&t, "%s%s", cp, c1line);
		ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EQUORUM);
		ck_assert_uint_eq(v.pv_witnesses, 1);
		t.len = 0;
		tu_sb_printf(&t, "%s%s%s", cp, c1line, c1line);
		ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EQUORUM);
		ck_assert_uint_eq(v.pv_witnesses, 1);
		/* Witnesses do not stand in for nodes. */
		t.len = 0;
		tu_sb_printf(&t, "%s%s%s", tu_str(j, "checkpoint_one_node_fails_quorum_2"), c1line,
		             c2line);
		ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EQUORUM);
		/* A failing cosignature rejects the note. */
		char bad[256];
		strcpy(bad, c2line);
		char *b64 = strrchr(bad, ' ') + 1;
		b64[20] = b64[20] == 'A' ? 'B' : 'A';
		t.len = 0;
		tu_sb_printf(&t, "%s%s%s", cp, c1line, bad);
		ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EBADSIG);
	}
	/* The vector's own cosignature (over another body) is ignored when its
	 * key is not a witness, and fails when it is. */
	pol.len = 0;
	tu_sb_printf(&pol, "%switness %s\nwitnesses 1\n", tu_str(j, "policy"),
	             tu_str(cos, "witness_vkey_cosigner"));
	ck_assert_int_eq(parse_str(pol.s, p, err, sizeof(err)), 0);
	t.len = 0;
	tu_sb_printf(&t, "%s%s", cp, tu_str(cos, "line"));
	ck_assert_int_eq(verify_str(p, t.s, &v), CVD_EBADSIG);
	tu_vector_policy(j, p);
	ck_assert_int_eq(verify_str(p, t.s, &v), 0);

	free(pol.s);
	free(t.s);
	free(p);
	free(body);
	keys_signer_free(w1);
	keys_signer_free(w2);
	json_decref(j);
	json_decref(nt);
}
END_TEST

/* Each malformed policy is refused with a message naming its line. */
START_TEST(parse_errors_name_the_line)
{
	json_t *j = tu_vectors("cvdlog.json");
	json_t *nt = tu_vectors("note.json");
	json_t *cos = json_object_get(nt, "cosignature");
	const char *n1 = tu_str(j, "node_vkey"), *n2 = tu_str(j, "node2_vkey");
	const char *wc = tu_str(cos, "witness_vkey_cosigner"), *wp = tu_str(cos, "witness_vkey");
	struct keys_verifier kv;
	char n1cos[KEYS_VKEY_MAX + 1], n1upper[KEYS_VKEY_MAX + 1];
	struct policy *p = malloc(sizeof(*p));
	char err[512];
	struct tu_sb t = {0};

	keys_verifier_parse(n1, strlen(n1), &kv);
	keys_verifier_as_cosigner(&kv, &kv);
	keys_verifier_format(&kv, n1cos);
	strcpy(n1upper, n1);
	for (char *c = strchr(n1upper, '+') + 1; *c != '+'; c++)
		if (*c >= 'a' && *c <= 'f')
			*c = (char)(*c - 'a' + 'A');

	const char *O = "origin psirt.example.com/log\n";
	/* A wrong first line, followed by a valid origin and node. */
	const char *headers[] = {
	    "cvdlog-policy/v2\n",  "\n" HDR,
	    "CVDLOG-POLICY/V1\n",  " cvdlog-policy/v1\n",
	    "cvdlog-policy/v1 \n", "# comment first\n" HDR,
	};
	for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
		t.len = 0;
		tu_sb_printf(&t, "%s%s", headers[i], O);
		tu_sb_printf(&t, "node %s\n", n1);
		err[0] = 0;
		ck_assert_msg(parse_str(t.s, p, err, sizeof(err)) == CVD_EINVAL, "header case %zu",
		              i);
		ck_assert_msg(strstr(err, "line 1") != NULL, "header case %zu: \"%s\"", i, err);
	}

	/* Line-level errors after a valid header and origin (lines 1, 2). */
	struct {
		int line;
		const char *text;
	} lines[] = {
	    {3, "nodes 2\n"},                         /* unknown keyword */
	    {3, "Node x\n"},                          /* keywords are lowercase */
	    {3, "node\n"},                            /* no value */
	    {3, "node garbage\n"},                    /* bad key */
	    {3, "node \n"},                           /* empty key */
	    {3, "node  K1\n"},                        /* two spaces */
	    {3, "node\tK1\n"},                        /* tab */
	    {3, "node K1 \n"},                        /* trailing space */
	    {3, "node A1\n"},                         /* a key with another name */
	    {3, "node KC\n"},                         /* a 0x04 key as a node */
	    {3, "node KU\n"},                         /* uppercase key ID */
	    {4, "node K1\nnode K1\n"},                /* duplicate key */
	    {5, "node K1\nnode K2\nnode K1\n"},       /* duplicate key later */
	    {4, "node K1\nnode KC1\n"},               /* the same key as 0x04: still a bad node */
	    {3, "origin psirt.example.com/log\n"},    /* second origin */
	    {4, "node K1\nwitness garbage\n"},        /* bad witness key */
	    {5, "node K1\nwitness WC\nwitness WC\n"}, /* duplicate witness */
	    {5, "node K1\nwitness WC\nwitness WP\n"}, /* same witness, two forms */
	    {4, "node K1\nquorum 0\n"},
	    {4, "node K1\nquorum 01\n"},
	    {4, "node K1\nquorum x\n"},
	    {4, "node K1\nquorum -1\n"},
	    {4, "node K1\nquorum 1 \n"},
	    {4, "node K1\nquorum\n"},
	    {4, "node K1\nquorum 33\n"},
	    {4, "node K1\nquorum 18446744073709551617\n"},
	    {5, "node K1\nquorum 1\nquorum 1\n"}, /* repeated quorum */
	    {4, "node K1\nwitnesses x\n"},
	    {6, "node K1\nwitness WC\nwitnesses 1\nwitnesses 1\n"}, /* repeated */
	    {4, "node K1\nquorum 2\n"},                             /* quorum over the 1 node key */
	    {5, "node K1\nnode K2\nquorum 3\n"},       /* quorum over the 2 node keys */
	    {4, "node K1\nwitnesses 1\n"},             /* witnesses over 0 witness keys */
	    {5, "node K1\nwitness WC\nwitnesses 2\n"}, /* over 1 witness key */
	    {4, "node K1\n # indented comment\n"},     /* not a comment */
	    {5, "node K1\n\nx y\n"},                   /* blank line counted */
	    {6, "node K1\r\n\r\n\r\nbogus line\r\n"},  /* CRLF lines counted */
	};
	for (size_t i = 0; i < sizeof(lines) / sizeof(lines[0]); i++) {
		t.len = 0;
		tu_sb_printf(&t, HDR "%s", O);
		/* Expand the key placeholders. */
		for (const char *c = lines[i].text; *c != 0;) {
			if (c[0] == 'K' && c[1] == '1') {
				tu_sb_printf(&t, "%s", n1), c += 2;
			} else if (c[0] == 'K' && c[1] == '2') {
				tu_sb_printf(&t, "%s", n2), c += 2;
			} else if (c[0] == 'K' && c[1] == 'C' && c[2] == '1') {
				tu_sb_printf(&t, "%s", n1cos), c += 3;
			} else if (c[0] == 'K' && c[1] == 'C') {
				tu_sb_printf(&t, "%s", n1cos), c += 2;
			} else if (c[0] == 'K' && c[1] == 'U') {
				tu_sb_printf(&t, "%s", n1upper), c += 2;
			} else if (c[0] == 'A' && c[1] == '1') {
				tu_sb_printf(&t, "%s", tu_str(j, "author_vkey")), c += 2;
			} else if (c[0] == 'W' && c[1] == 'C') {
				tu_sb_printf(&t, "%s", wc), c += 2;
			} else if (c[0] == 'W' && c[1] == 'P') {
				tu_sb_printf(&t, "%s", wp), c += 2;
			} else {
				tu_sb_printf(&t, "%c", *c), c++;
			}
		}
		char want[32];
		snprintf(want, sizeof(want), "line %d", lines[i].line);
		err[0] = 0;
		ck_assert_msg(parse_str(t.s, p, err, sizeof(err)) == CVD_EINVAL,
		              "case %zu accepted", i);
		ck_assert_msg(strstr(err, want) != NULL, "case %zu: want \"%s\" in \"%s\"", i, want,
		              err);
	}

	/* A node key before the origin line. */
	t.len = 0;
	tu_sb_printf(&t, HDR "node %s\n%s", n1, O);
	ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "line 2"));
	/* Bad origins. */
	const char *origins[] = {"origin \n", "origin a b\n", "origin a+b\n", "origin \xc2\xa0\n",
	                         "origin\n"};
	for (size_t i = 0; i < sizeof(origins) / sizeof(origins[0]); i++) {
		t.len = 0;
		tu_sb_printf(&t, HDR "%snode %s\n", origins[i], n1);
		ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), CVD_EINVAL);
		ck_assert_msg(strstr(err, "line 2") != NULL, "origin case %zu: \"%s\"", i, err);
	}
	/* The 33rd node key and the 33rd witness key. */
	struct keys_signer *ks[POLICY_MAX_KEYS + 1];
	t.len = 0;
	tu_sb_printf(&t, HDR "%s", O);
	for (int i = 0; i <= POLICY_MAX_KEYS; i++) {
		char vk[KEYS_VKEY_MAX + 1];
		struct keys_verifier v;
		ck_assert_int_eq(keys_signer_generate("psirt.example.com/log", &ks[i]), 0);
		keys_signer_verifier(ks[i], &v);
		tu_sb_printf(&t, "node %s\n", keys_verifier_format(&v, vk));
	}
	ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "line 35"));
	t.len = 0;
	tu_sb_printf(&t, HDR "%snode %s\n", O, n1);
	for (int i = 0; i <= POLICY_MAX_KEYS; i++) {
		char vk[KEYS_VKEY_MAX + 1];
		struct keys_verifier v;
		keys_signer_verifier(ks[i], &v);
		tu_sb_printf(&t, "witness %s\n", keys_verifier_format(&v, vk));
		keys_signer_free(ks[i]);
	}
	ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, "line 36"));

	/* Whole-file errors: no line to name, but a message. */
	const char *whole[] = {"", HDR, HDR "origin psirt.example.com/log\n", HDR "quorum 1\n"};
	for (size_t i = 0; i < sizeof(whole) / sizeof(whole[0]); i++) {
		err[0] = 0;
		ck_assert_int_eq(parse_str(whole[i], p, err, sizeof(err)), CVD_EINVAL);
		ck_assert_msg(err[0] != 0, "no message for whole-file case %zu", i);
	}
	t.len = 0;
	tu_sb_printf(&t, HDR "%snode %s\n\xff\n", O, n1);
	ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), CVD_EINVAL);
	char *huge = malloc(POLICY_MAX_LEN + 2);
	memset(huge, '#', POLICY_MAX_LEN + 1);
	memcpy(huge, HDR, strlen(HDR));
	ck_assert_int_eq(policy_parse(huge, POLICY_MAX_LEN + 1, p, err, sizeof(err)), CVD_EINVAL);
	free(huge);

	/* Small or missing error buffers are never overrun. */
	t.len = 0;
	tu_sb_printf(&t, HDR "%snonsense here\n", O);
	ck_assert_int_eq(parse_str(t.s, p, NULL, 0), CVD_EINVAL);
	for (size_t cap = 1; cap < 40; cap++) {
		char *small = malloc(cap);
		ck_assert_int_eq(parse_str(t.s, p, small, cap), CVD_EINVAL);
		ck_assert_uint_lt(strlen(small), cap);
		free(small);
	}
	free(t.s);
	free(p);
	json_decref(j);
	json_decref(nt);
}
END_TEST

START_TEST(default_quorum_comments_and_line_endings)
{
	struct keys_signer *ks[5];
	char vk[5][KEYS_VKEY_MAX + 1], err[256];
	struct policy *p = malloc(sizeof(*p)), *q = malloc(sizeof(*q));
	struct tu_sb t = {0};

	for (int i = 0; i < 5; i++) {
		struct keys_verifier v;
		ck_assert_int_eq(keys_signer_generate("log.example", &ks[i]), 0);
		keys_signer_verifier(ks[i], &v);
		keys_verifier_format(&v, vk[i]);
	}
	const unsigned majority[] = {1, 2, 2, 3, 3};
	for (int n = 1; n <= 5; n++) {
		t.len = 0;
		tu_sb_printf(&t, HDR "origin log.example\n");
		for (int i = 0; i < n; i++)
			tu_sb_printf(&t, "node %s\n", vk[i]);
		ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), 0);
		ck_assert_uint_eq(p->p_nnodes, (unsigned)n);
		ck_assert_uint_eq(p->p_quorum, majority[n - 1]);
		ck_assert_uint_eq(p->p_witness_quorum, 0);
	}

	/* "witnesses 0" says what leaving the line out says. */
	t.len = 0;
	tu_sb_printf(&t, HDR "origin log.example\nnode %s\nwitnesses 0\n", vk[0]);
	ck_assert_int_eq(parse_str(t.s, p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p->p_witness_quorum, 0);

	/* Comments, blank lines, CRLF and a missing final newline. */
	t.len = 0;
	tu_sb_printf(&t, HDR "origin log.example\nnode %s\nnode %s\nnode %s\nquorum 3\n", vk[0],
	             vk[1], vk[2]);
	ck_assert_int_eq(parse_str(t.s, q, err, sizeof(err)), 0);
	const char *shapes[] = {
	    HDR "# the log\n\norigin log.example\n#node garbage\n\nnode %s\nnode %s\n"
	        "# trailing\nnode %s\n\n\nquorum 3\n# end\n",
	    "cvdlog-policy/v1\r\norigin log.example\r\nnode %s\r\nnode %s\r\nnode %s\r\n"
	    "quorum 3\r\n",
	    HDR "origin log.example\nnode %s\nnode %s\nnode %s\nquorum 3",
	    HDR "origin log.example\nnode %s\nnode %s\nnode %s\nquorum 3\n\n\n",
	    HDR "quorum 3\norigin log.example\nnode %s\nnode %s\nnode %s\n",
	    HDR "origin log.example\nnode %s\n#\n##\n# node x\nnode %s\nnode %s\nquorum 3\n",
	};
	for (size_t i = 0; i < sizeof(shapes) / sizeof(shapes[0]); i++) {
		t.len = 0;
		tu_sb_printf(&t, shapes[i], vk[0], vk[1], vk[2]);
		err[0] = 0;
		ck_assert_msg(parse_str(t.s, p, err, sizeof(err)) == 0, "shape %zu: %s", i, err);
		assert_policy_eq(p, q);
	}
	for (int i = 0; i < 5; i++)
		keys_signer_free(ks[i]);
	free(t.s);
	free(p);
	free(q);
}
END_TEST

START_TEST(format_round_trip_with_witnesses)
{
	json_t *j = tu_vectors("cvdlog.json");
	json_t *nt = tu_vectors("note.json");
	json_t *cos = json_object_get(nt, "cosignature");
	struct policy *p = malloc(sizeof(*p)), *q = malloc(sizeof(*q));
	char err[256], buf[8192];
	struct tu_sb t = {0};
	const char *tails[] = {"", "witness WP\n", "witness WP\nwitnesses 1\n", "quorum 1\n",
	                       "witness WC\nquorum 1\nwitnesses 1\n"};

	for (size_t i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
		t.len = 0;
		tu_sb_printf(&t, HDR "origin psirt.example.com/log\nnode %s\nnode %s\n",
		             tu_str(j, "node_vkey"), tu_str(j, "node2_vkey"));
		for (const char *c = tails[i]; *c != 0;) {
			if (c[0] == 'W' && (c[1] == 'P' || c[1] == 'C')) {
				tu_sb_printf(&t, "%s",
				             tu_str(cos, c[1] == 'P' ? "witness_vkey"
				                                     : "witness_vkey_cosigner"));
				c += 2;
			} else {
				tu_sb_printf(&t, "%c", *c++);
			}
		}
		ck_assert_msg(parse_str(t.s, p, err, sizeof(err)) == 0, "tail %zu: %s", i, err);
		int n = policy_format(p, buf, sizeof(buf));
		ck_assert_int_gt(n, 0);
		ck_assert_uint_eq(strlen(buf), (size_t)n);
		ck_assert_msg(parse_str(buf, q, err, sizeof(err)) == 0, "tail %zu reformatted: %s",
		              i, err);
		assert_policy_eq(p, q);
		/* Formatting is a fixed point. */
		char again[8192];
		ck_assert_int_eq(policy_format(q, again, sizeof(again)), n);
		ck_assert_str_eq(again, buf);
	}
	free(t.s);
	free(p);
	free(q);
	json_decref(j);
	json_decref(nt);
}
END_TEST

START_TEST(policy_load_files)
{
	json_t *j = tu_vectors("cvdlog.json");
	char *dir = tu_tmpdir();
	char path[600], err[1024];
	struct policy *p = malloc(sizeof(*p));
	FILE *f;

	snprintf(path, sizeof(path), "%s/trust.policy", dir);
	f = fopen(path, "w");
	fputs(tu_str(j, "policy"), f);
	fclose(f);
	ck_assert_int_eq(policy_load(path, p, err, sizeof(err)), 0);
	ck_assert_uint_eq(p->p_quorum, 2);
	ck_assert_int_eq(verify_str(p, tu_str(j, "checkpoint"), NULL), 0);

	f = fopen(path, "w");
	fprintf(f, "%sfrobnicate 1\n", tu_str(j, "policy"));
	fclose(f);
	ck_assert_int_eq(policy_load(path, p, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, path));
	ck_assert_ptr_nonnull(strstr(err, "line 6"));

	/* A file larger than POLICY_MAX_LEN. */
	f = fopen(path, "w");
	fputs(tu_str(j, "policy"), f);
	for (int i = 0; i < POLICY_MAX_LEN / 8 + 1; i++)
		fputs("#######\n", f);
	fclose(f);
	ck_assert_int_eq(policy_load(path, p, err, sizeof(err)), CVD_EINVAL);
	ck_assert_ptr_nonnull(strstr(err, path));

	snprintf(path, sizeof(path), "%s/missing.policy", dir);
	ck_assert_int_eq(policy_load(path, p, err, sizeof(err)), -ENOENT);
	ck_assert_ptr_nonnull(strstr(err, path));
	free(p);
	tu_rmrf(dir);
	free(dir);
	json_decref(j);
}
END_TEST

/* Truncations, extensions and byte changes of the vector policy: no crash;
 * whatever parses formats to text that parses to the same policy. */
START_TEST(truncated_extended_mutated_policies)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *text = tu_str(j, "policy");
	size_t len = strlen(text);
	struct policy *p = malloc(sizeof(*p)), *q = malloc(sizeof(*q));
	char err[256], *buf = malloc(len + 64), out[8192];
	static const uint8_t xors[] = {0x01, 0x20, 0x80};
	static const char sets[] = {'\n', ' ', '#', '\0', '+', '\r'};
	unsigned parsed = 0;

	for (size_t cut = 0; cut <= len; cut++) {
		char *c = malloc(cut + 1);
		memcpy(c, text, cut);
		if (policy_parse(c, cut, p, err, sizeof(err)) == 0) {
			parsed++;
			int n = policy_format(p, out, sizeof(out));
			ck_assert_int_gt(n, 0);
			ck_assert_int_eq(parse_str(out, q, err, sizeof(err)), 0);
			assert_policy_eq(p, q);
		}
		free(c);
	}
	/* Cuts after the second node line parse (the quorum defaults to 2). */
	ck_assert_uint_ge(parsed, 2);
	const char *tails[] = {"x", "quorum 1\n", "\n", "# c\n", "node x\n", "\xff"};
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		snprintf(buf, len + 64, "%s%s", text, tails[t]);
		int rc = parse_str(buf, p, err, sizeof(err));
		ck_assert_int_eq(rc, t == 2 || t == 3 ? 0 : CVD_EINVAL);
	}
	for (size_t pos = 0; pos < len; pos++) {
		for (size_t k = 0; k < sizeof(xors) + sizeof(sets); k++) {
			memcpy(buf, text, len);
			buf[pos] =
			    k < sizeof(xors) ? (char)(text[pos] ^ xors[k]) : sets[k - sizeof(xors)];
			if (policy_parse(buf, len, p, err, sizeof(err)) != 0)
				continue;
			int n = policy_format(p, out, sizeof(out));
			if (n <= 0 || parse_str(out, q, err, sizeof(err)) != 0)
				ck_abort_msg("byte %zu: accepted policy does not round-trip", pos);
			assert_policy_eq(p, q);
		}
	}
	free(buf);
	free(p);
	free(q);
	json_decref(j);
}
END_TEST

/* Every truncation and byte change of the signed checkpoint fails to
 * verify, without a crash. */
START_TEST(truncated_extended_mutated_checkpoints)
{
	json_t *j = tu_vectors("cvdlog.json");
	const char *cp = tu_str(j, "checkpoint");
	size_t len = strlen(cp);
	struct policy *p = malloc(sizeof(*p));
	char *buf = malloc(len + 256);
	static const uint8_t xors[] = {0x01, 0x02, 0x04, 0x08, 0x10, 0x20, 0x40, 0x80, 0xff};
	static const char sets[] = {'\n', ' ', '\0', '='};

	tu_vector_policy(j, p);
	for (size_t cut = 0; cut < len; cut++) {
		char *c = malloc(cut + 1);
		memcpy(c, cp, cut);
		int rc = policy_verify_checkpoint(p, c, cut, NULL);
		if (rc == 0)
			ck_abort_msg("checkpoint cut at %zu verifies", cut);
		free(c);
	}
	const char *tails[] = {"x", "\n", EM_DASH " x AAAAAAA=", EM_DASH " x AAAAAAA=\n"};
	for (size_t t = 0; t < sizeof(tails) / sizeof(tails[0]); t++) {
		snprintf(buf, len + 256, "%s%s", cp, tails[t]);
		/* Only a whole unknown signature line may be appended. */
		ck_assert_int_eq(verify_str(p, buf, NULL) == 0, t == 3);
	}
	for (size_t pos = 0; pos < len; pos++) {
		for (size_t k = 0; k < sizeof(xors) + sizeof(sets); k++) {
			char ch =
			    k < sizeof(xors) ? (char)(cp[pos] ^ xors[k]) : sets[k - sizeof(xors)];
			if (ch == cp[pos])
				continue;
			memcpy(buf, cp, len);
			buf[pos] = ch;
			if (policy_verify_checkpoint(p, buf, len, NULL) == 0)
				ck_abort_msg("checkpoint with byte %zu = 0x%02x verifies", pos,
				             (unsigned char)ch);
		}
	}
	free(buf);
	free(p);
	json_decref(j);
}
END_TEST

Suite *suite_policy(void)
{
	Suite *s = suite_create("policy");
	TCase *tc;

	tc = tcase_create("vectors");
	tcase_add_test(tc, vector_policy_parses_and_formats);
	tcase_add_test(tc, vector_checkpoints);
	tcase_add_test(tc, resign_reproduces_checkpoint);
	suite_add_tcase(s, tc);

	tc = tcase_create("signatures_and_witnesses");
	tcase_add_test(tc, signature_rules);
	tcase_add_test(tc, witness_cosignatures);
	suite_add_tcase(s, tc);

	tc = tcase_create("parser");
	tcase_add_test(tc, parse_errors_name_the_line);
	tcase_add_test(tc, default_quorum_comments_and_line_endings);
	tcase_add_test(tc, format_round_trip_with_witnesses);
	tcase_add_test(tc, policy_load_files);
	suite_add_tcase(s, tc);

	tc = tcase_create("hostile_input");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, truncated_extended_mutated_policies);
	tcase_add_test(tc, truncated_extended_mutated_checkpoints);
	suite_add_tcase(s, tc);
	return s;
}
