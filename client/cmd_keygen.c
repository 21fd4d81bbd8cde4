/* cmd_keygen.c: `cvdlog keygen NAME [--out FILE]`: a new Ed25519 signing
 * key, written as FILE (private, mode 0600, never overwritten) and FILE.pub
 * (the C2SP verifier key to give to others). */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "error.h"
#include "keys.h"

static const char *usage =
    "usage: cvdlog keygen NAME [--out FILE]\n"
    "\n"
    "Makes a signing key named NAME. Writes FILE (default NAME.key, with any\n"
    "'/' in NAME turned into '_'), mode 0600, and FILE.pub, the verifier key.\n"
    "Refuses to overwrite an existing file.\n";

int cmd_keygen(int argc, char **argv)
{
	static const struct option opts[] = {{"out", required_argument, NULL, 'o'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *out = NULL, *name;
	char path[4096], pub[4200], vkey[KEYS_VKEY_MAX + 1];
	struct keys_signer *s = NULL;
	struct keys_verifier v;
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'o': out = optarg; break;
		case 'h': fputs(usage, stdout); return 0;
		default: return cli_usage(usage, NULL);
		}
	}
	if (optind != argc - 1)
		return cli_usage(usage, "keygen needs exactly one NAME");
	name = argv[optind];
	if (!keys_name_valid(name, strlen(name)))
		return cli_usage(
		    usage,
		    "NAME must be non-empty UTF-8 without spaces, '+' or control characters");
	if (out != NULL) {
		snprintf(path, sizeof(path), "%s", out);
	} else {
		snprintf(path, sizeof(path), "%s.key", name);
		for (char *p = path; *p; p++)
			if (*p == '/')
				*p = '_';
	}
	snprintf(pub, sizeof(pub), "%s.pub", path);
	rc = keys_signer_generate(name, &s);
	if (rc == 0)
		rc = keys_signer_save(s, path, pub);
	if (rc != 0) {
		keys_signer_free(s);
		return cli_error("%s: %s", path, cvd_strerror(rc));
	}
	keys_signer_verifier(s, &v);
	printf("private key: %s\nverifier key: %s\n%s\n", path, pub,
	       keys_verifier_format(&v, vkey));
	keys_signer_free(s);
	return 0;
}
