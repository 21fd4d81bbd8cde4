/*
 * fuzz_key.c: libFuzzer harness for the key encodings (lib/keys.c; DESIGN.md
 * section 2). The input is taken as the text of a verifier key, of a private
 * key file and of a key name, as read from policy files, key files and note
 * signature lines: keys_verifier_parse, keys_signer_parse (freed on success)
 * and keys_name_valid all see it. Invariants: a parsed verifier has type 0x01
 * or 0x04, a valid name and the key ID its name, type and public key imply,
 * and keys_verifier_format gives back exactly the input text (one spelling
 * per key); a parsed private key has a valid name, signs a message that its
 * public key verifies, and its verifier round-trips through format and parse;
 * a text that is a valid verifier has a valid name prefix.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "fuzz.h"
#include "keys.h"

static void check_verifier(const struct keys_verifier *v)
{
	uint8_t id[KEYS_ID_LEN];
	size_t namelen = strlen(v->kv_name);

	check(v->kv_type == KEYS_TYPE_ED25519 || v->kv_type == KEYS_TYPE_COSIG);
	check(keys_name_valid(v->kv_name, namelen));
	keys_id(v->kv_name, v->kv_type, v->kv_pk, id);
	check(memcmp(id, v->kv_id, KEYS_ID_LEN) == 0);
}

static void check_signer(const struct keys_signer *s)
{
	static const uint8_t msg[] = "cvdlog fuzz_key\n";
	struct keys_verifier v, v2;
	uint8_t sig[KEYS_SIG_LEN];
	char buf[KEYS_VKEY_MAX + 1];

	check(keys_name_valid(keys_signer_name(s), strlen(keys_signer_name(s))));
	keys_signer_verifier(s, &v);
	check_verifier(&v);
	check(v.kv_type == KEYS_TYPE_ED25519);
	check(memcmp(v.kv_pk, keys_signer_pk(s), KEYS_PK_LEN) == 0);
	keys_sign(s, msg, sizeof(msg) - 1, sig);
	check(keys_verify(v.kv_pk, msg, sizeof(msg) - 1, sig) == 0);
	keys_verifier_format(&v, buf);
	check(keys_verifier_parse(buf, strlen(buf), &v2) == 0);
	check(strcmp(v.kv_name, v2.kv_name) == 0 && v.kv_type == v2.kv_type);
	check(memcmp(v.kv_id, v2.kv_id, KEYS_ID_LEN) == 0);
	check(memcmp(v.kv_pk, v2.kv_pk, KEYS_PK_LEN) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	struct keys_verifier v;
	struct keys_signer *s = NULL;
	char buf[KEYS_VKEY_MAX + 1];

	fuzz_init(NULL);
	(void)keys_name_valid(text, size);

	memset(&v, 0, sizeof(v));
	int rc = keys_verifier_parse(text, size, &v);
	if (rc == 0) {
		check_verifier(&v);
		const char *plus = memchr(text, '+', size);
		check(plus != NULL && keys_name_valid(text, (size_t)(plus - text)));
		keys_verifier_format(&v, buf);
		check(strlen(buf) == size && memcmp(buf, text, size) == 0);
	} else {
		check(rc == CVD_EINVAL);
	}

	rc = keys_signer_parse(text, size, &s);
	if (rc == 0) {
		check(s != NULL);
		check_signer(s);
		keys_signer_free(s);
	} else {
		check(rc == CVD_EINVAL || rc == CVD_ENOMEM);
	}
	return 0;
}
