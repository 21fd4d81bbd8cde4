/*
 * note.h: C2SP signed notes (c2sp.org/signed-note) and the cosignature/v1
 * signature type (c2sp.org/tlog-cosignature).
 *
 * A note is UTF-8 text ending in a newline, a blank line, then signature
 * lines "— <key name> <base64(key ID || signature)>\n". note_parse splits a
 * note without verifying anything; verification against trusted keys is the
 * caller's (policy.h for checkpoints). Unknown signatures are ignored by
 * verifiers, but a signature by a known key that fails rejects the note.
 *
 * Parsed notes borrow the input buffer: keep it alive while using them.
 */
#ifndef CVD_NOTE_H
#define CVD_NOTE_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"

#define NOTE_MAX_SIGS 100
#define NOTE_MAX_LEN  (1 << 20)
#define NOTE_SIG_MAX  128 /* decoded signature bytes, key ID included */

struct note_sig {
	const char *ns_name;
	size_t ns_name_len;
	uint8_t ns_id[KEYS_ID_LEN];
	uint8_t ns_sig[NOTE_SIG_MAX]; /* after the key ID */
	size_t ns_sig_len;
};

struct note {
	const char *n_text; /* body, ending in '\n' */
	size_t n_text_len;
	unsigned n_nsigs;
	struct note_sig n_sigs[NOTE_MAX_SIGS];
};

/* note_parse splits msg[0..len) into text and signature lines. 0, or
 * CVD_EINVAL for a malformed note, CVD_ETOOLARGE over NOTE_MAX_LEN or
 * NOTE_MAX_SIGS. */
int note_parse(const char *msg, size_t len, struct note *n);

/* note_text_valid: 1 if text is a valid note body: UTF-8, ends in '\n', no
 * control characters but '\n'. */
int note_text_valid(const char *text, size_t len);

/* note_sig_matches: 1 if the signature line names key v (name and ID). */
int note_sig_matches(const struct note_sig *s, const struct keys_verifier *v);

/* note_verify_sig checks one signature line that matches v: an Ed25519
 * signature of the text for a type 0x01 key; for a type 0x04 key a
 * cosignature/v1 (timestamp || signature), whose timestamp goes to *time
 * when time is not NULL. 0 or CVD_EBADSIG. */
int note_verify_sig(const struct note *n, const struct note_sig *s, const struct keys_verifier *v,
                    uint64_t *time);

/* note_sign_line writes "— <name> <base64>\n" for an Ed25519 signature of
 * text by signer into buf (capacity cap, NUL-terminated). Returns the line
 * length or CVD_ETOOLARGE. */
int note_sign_line(const struct keys_signer *signer, const char *text, size_t len, char *buf,
                   size_t cap);

/* note_cosign_line: the same for a cosignature/v1 with timestamp t. */
int note_cosign_line(const struct keys_signer *signer, uint64_t t, const char *text, size_t len,
                     char *buf, size_t cap);

#endif
