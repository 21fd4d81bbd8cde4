/*
 * fuzz_note.c: libFuzzer harness for signed notes and checkpoints
 * (lib/note.c, lib/checkpoint.c, lib/policy.c; DESIGN.md section 5). The
 * input is the text of a signed note as a client receives it from a node or
 * a witness. It goes through note_parse, checkpoint_parse_body (on the whole
 * input and on the parsed note body), note_verify_sig against the signed-note
 * test key of tests/vectors/note.json, and policy_verify_checkpoint against
 * two fixed policies: the "policy" member of tests/vectors/cvdlog.json, and
 * the same policy with the note.json witness added and required. Nothing may
 * crash. Invariants: a parsed note's body is a valid note text that ends
 * where its signature block starts and every signature line has a valid key
 * name and 1..NOTE_SIG_MAX signature bytes; a parsed checkpoint body
 * re-formats (checkpoint_body) to exactly the parsed text; a checkpoint that
 * the policy accepts parses as a note and a checkpoint body, has the
 * policy's origin and meets the node and witness quorums.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "checkpoint.h"
#include "error.h"
#include "fuzz.h"
#include "keys.h"
#include "note.h"
#include "policy.h"

/* Added to FUZZ_POLICY_TEXT (fuzz.h): note.json "witness_vkey_cosigner", required. */
#define WITNESS_LINES                                                                     \
	"witness witness.example+7e81f231+BAOhB7/zzhC+HXDdGOdLwJln5NYwm6UNXx3chmQSVTG4\n" \
	"witnesses 1\n"
/* tests/vectors/note.json "vkey". */
#define NOTE_VKEY "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW"

static struct policy policies[2];
static struct keys_verifier note_key;
static struct note parsed;

static void init(void)
{
	static const char *const texts[2] = {FUZZ_POLICY_TEXT, FUZZ_POLICY_TEXT WITNESS_LINES};

	for (int i = 0; i < 2; i++)
		fuzz_parse_policy(texts[i], &policies[i]);
	if (keys_verifier_parse(NOTE_VKEY, strlen(NOTE_VKEY), &note_key) != 0)
		abort();
}

/* check_body: a body that parses must re-format to the same text. */
static int check_body(const char *text, size_t len, struct checkpoint *c)
{
	char buf[CHECKPOINT_BODY_MAX];

	memset(c, 0, sizeof(*c));
	int rc = checkpoint_parse_body(text, len, c);
	if (rc != 0) {
		check(rc == CVD_EINVAL);
		return rc;
	}
	size_t n = checkpoint_body(c, buf);
	check(n == len && memcmp(buf, text, len) == 0);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct checkpoint cp;
	struct policy_verdict v;
	int note_ok, body_ok = 0;

	fuzz_init(init);
	check_body(text, size, &cp);

	note_ok = note_parse(text, size, &parsed) == 0;
	if (note_ok) {
		check(parsed.n_text == text && parsed.n_text_len + 2 <= size);
		check(note_text_valid(parsed.n_text, parsed.n_text_len));
		check(text[parsed.n_text_len] == '\n');
		check(parsed.n_nsigs >= 1 && parsed.n_nsigs <= NOTE_MAX_SIGS);
		for (unsigned i = 0; i < parsed.n_nsigs; i++) {
			const struct note_sig *s = &parsed.n_sigs[i];
			check(s->ns_name > text + parsed.n_text_len &&
			      s->ns_name + s->ns_name_len < text + size);
			check(keys_name_valid(s->ns_name, s->ns_name_len));
			check(s->ns_sig_len >= 1 && s->ns_sig_len <= NOTE_SIG_MAX);
			if (note_sig_matches(s, &note_key)) {
				int rc = note_verify_sig(&parsed, s, &note_key, NULL);
				check(rc == 0 || rc == CVD_EBADSIG);
			}
		}
		body_ok = check_body(parsed.n_text, parsed.n_text_len, &cp) == 0;
	}

	for (int i = 0; i < 2; i++) {
		const struct policy *p = &policies[i];
		memset(&v, 0, sizeof(v));
		int rc = policy_verify_checkpoint(p, text, size, &v);
		if (rc != 0) {
			check(rc == CVD_EINVAL || rc == CVD_ETOOLARGE || rc == CVD_EORIGIN ||
			      rc == CVD_EBADSIG || rc == CVD_EQUORUM);
			continue;
		}
		check(note_ok && body_ok);
		check(strcmp(v.pv_cp.c_origin, p->p_origin) == 0);
		check(v.pv_cp.c_size == cp.c_size &&
		      memcmp(v.pv_cp.c_root, cp.c_root, MERKLE_HASH_LEN) == 0);
		check(v.pv_nodes >= p->p_quorum && v.pv_nodes <= p->p_nnodes);
		check(v.pv_witnesses >= p->p_witness_quorum && v.pv_witnesses <= p->p_nwitnesses);
	}
	return 0;
}
