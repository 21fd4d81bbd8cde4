/*
 * main.c: the cvdlogd command line.
 *
 *   cvdlogd init --dir DIR --origin ORIGIN --name NODENAME [--key FILE]
 *   cvdlogd init --dir DIR --origin ORIGIN --roster FILE [--name NODENAME] [--key FILE]
 *   cvdlogd run  --dir DIR [--key FILE] [--listen HOST:PORT] [limits...]
 *
 * init makes the node key (DIR/node.key unless --key names another file,
 * mode 0600), the trust policy DIR/policy and the genesis entry 0 (with
 * --roster, carrying the roster file in canonical form). run opens
 * and checks the log, then serves it until SIGINT or SIGTERM.
 */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "codec.h"
#include "error.h"
#include "keys.h"
#include "ledger.h"
#include "log.h"
#include "policy.h"
#include "roster.h"
#include "server.h"

#define DEFAULT_LISTEN   "127.0.0.1:7411"
#define DEFAULT_MAP_SIZE ((size_t)64 << 30)

static const char *init_usage =
    "usage: cvdlogd init --dir DIR --origin ORIGIN --name NODENAME [--key FILE]\n"
    "       cvdlogd init --dir DIR --origin ORIGIN --roster FILE [--name NODENAME]\n"
    "                    [--key FILE]\n"
    "\n"
    "Creates a new log in DIR: the node's signing key (named by ORIGIN;\n"
    "DIR/node.key unless --key FILE, mode 0600; an existing key file named by\n"
    "ORIGIN is reused), the trust policy DIR/policy to hand to reporters and\n"
    "auditors, and the genesis entry 0.\n"
    "\n"
    "With --roster FILE (docs/roster.md) the genesis carries the roster and\n"
    "lists its node lines as the log's nodes. The node key must exist already\n"
    "and be on one of those lines; --name, if given, must be that line's name,\n"
    "which is the default. Without --roster the log has no roster and this\n"
    "node alone, named NODENAME.\n";

static const char *run_usage =
    "usage: cvdlogd run --dir DIR [options]\n"
    "\n"
    "Opens and checks the log in DIR, then serves it.\n"
    "  --key FILE            node key (default DIR/node.key)\n"
    "  --listen HOST:PORT    default " DEFAULT_LISTEN "; port 0 picks a free port\n"
    "  --addr-file FILE      write the bound HOST:PORT to FILE once listening\n"
    "  --max-frame BYTES     largest request frame (default 4194304)\n"
    "  --max-conns N         open connections (default 1024)\n"
    "  --idle-timeout SEC    close a connection idle this long (default 300)\n"
    "  --max-pending N       queued submissions before refusing (default 65536)\n"
    "  --max-batch N         events per commit (default 8192)\n"
    "  --max-entries N       entries per get-entries request (default 1000)\n"
    "  --max-unread BYTES    unread responses per connection before hanging up\n"
    "                        (default 16777216)\n"
    "  --skew SEC            allowed client clock skew (default 300)\n"
    "  --map-size MIB        LMDB map size (default 65536)\n";

static const char *main_usage = "usage: cvdlogd COMMAND [options]\n"
                                "\n"
                                "Commands:\n"
                                "  init    create a new log (cvdlogd init --help)\n"
                                "  run     serve a log (cvdlogd run --help)\n";

static int usage_error(const char *usage, const char *msg)
{
	if (msg != NULL)
		fprintf(stderr, "cvdlogd: %s\n", msg);
	fputs(usage, stderr);
	return 2;
}

static int parse_num(const char *s, uint64_t min, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0 || *end != '\0' || end == s || s[0] == '-' || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

static char *key_path(const char *dir, const char *key)
{
	char *p = malloc(4096);
	if (p == NULL)
		return NULL;
	if (key != NULL)
		snprintf(p, 4096, "%s", key);
	else
		snprintf(p, 4096, "%s/node.key", dir);
	return p;
}

static int load_key(const char *path, struct keys_signer **out)
{
	int rc = keys_signer_load(path, out);
	if (rc == -EPERM)
		fprintf(stderr, "cvdlogd: %s: key file is readable by others; chmod 600 it\n",
		        path);
	else if (rc != 0)
		fprintf(stderr, "cvdlogd: %s: cannot load key: %s\n", path, cvd_strerror(rc));
	return rc;
}

static int cmd_init(int argc, char **argv)
{
	static const struct option opts[] = {{"dir", required_argument, NULL, 'd'},
	                                     {"origin", required_argument, NULL, 'o'},
	                                     {"name", required_argument, NULL, 'n'},
	                                     {"key", required_argument, NULL, 'k'},
	                                     {"roster", required_argument, NULL, 'r'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	const char *dir = NULL, *origin = NULL, *name = NULL, *key = NULL, *rpath = NULL;
	struct keys_signer *signer = NULL;
	struct roster *roster = NULL;
	const struct roster_node *me;
	struct ledger_config cfg = {DEFAULT_MAP_SIZE, 300000};
	struct policy pol;
	char err[512] = "", *kp = NULL, polpath[4096], *poltext = NULL;
	struct stat st;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'd': dir = optarg; break;
		case 'o': origin = optarg; break;
		case 'n': name = optarg; break;
		case 'k': key = optarg; break;
		case 'r': rpath = optarg; break;
		case 'h': fputs(init_usage, stdout); return 0;
		default: return usage_error(init_usage, NULL);
		}
	}
	if (optind != argc || dir == NULL || origin == NULL || (name == NULL && rpath == NULL))
		return usage_error(init_usage, "init needs --dir, --origin and --name or --roster");
	if (!keys_name_valid(origin, strlen(origin)))
		return usage_error(init_usage,
		                   "--origin must be a valid key name (no spaces or '+')");
	if (name != NULL && !keys_name_valid(name, strlen(name)))
		return usage_error(init_usage,
		                   "--name must be a valid key name (no spaces or '+')");
	/* A bad roster is refused before anything is created. */
	if (rpath != NULL && roster_load(rpath, &roster, err, sizeof(err)) != 0) {
		fprintf(stderr, "cvdlogd: %s\n", err);
		return 1;
	}
	kp = key_path(dir, key);
	if (kp == NULL)
		goto out;
	if (roster != NULL && stat(kp, &st) != 0) {
		/* A new key could not be on a node line of the roster. */
		fprintf(stderr,
		        "cvdlogd: %s: no node key; with --roster, make it first (cvdlog keygen "
		        "%s --out %s) and put its verifier key on a node line of %s\n",
		        kp, origin, kp, rpath);
		goto out;
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
		fprintf(stderr, "cvdlogd: %s: %s\n", dir, strerror(errno));
		goto out;
	}
	snprintf(polpath, sizeof(polpath), "%s/data.mdb", dir);
	if (stat(polpath, &st) == 0) {
		fprintf(stderr, "cvdlogd: %s already holds a log; refusing to overwrite it\n", dir);
		goto out;
	}
	if (stat(kp, &st) == 0) {
		if (load_key(kp, &signer) != 0)
			goto out;
		if (strcmp(keys_signer_name(signer), origin) != 0) {
			fprintf(stderr,
			        "cvdlogd: %s: existing key is named %s, not by the origin %s\n", kp,
			        keys_signer_name(signer), origin);
			goto out;
		}
	} else {
		char pub[4096];
		snprintf(pub, sizeof(pub), "%s.pub", kp);
		rc = keys_signer_generate(origin, &signer);
		if (rc == 0)
			rc = keys_signer_save(signer, kp, pub);
		if (rc != 0) {
			fprintf(stderr, "cvdlogd: %s: cannot write key: %s\n", kp,
			        cvd_strerror(rc));
			rc = 1;
			goto out;
		}
	}
	if (roster != NULL) {
		char vk[KEYS_VKEY_MAX + 1];
		me = roster_find_node_by_key(roster, keys_signer_pk(signer));
		if (me == NULL) {
			fprintf(stderr,
			        "cvdlogd: %s: the node key %s (%s) is not on any node line of "
			        "the roster\n",
			        rpath, kp, keys_signer_vkey(signer, vk));
			rc = 1;
			goto out;
		}
		if (name != NULL && strcmp(name, me->rn_name) != 0) {
			fprintf(stderr,
			        "cvdlogd: %s: --name %s does not match the roster's node line "
			        "for this node's key, node %s\n",
			        rpath, name, me->rn_name);
			rc = 1;
			goto out;
		}
		name = me->rn_name;
	}
	rc = ledger_init(dir, origin, name, signer, roster, &cfg, err, sizeof(err));
	if (rc != 0) {
		fprintf(stderr, "cvdlogd: %s\n", err);
		rc = 1;
		goto out;
	}
	struct keys_verifier nv;
	keys_signer_verifier(signer, &nv);
	policy_single_node(&pol, origin, &nv);
	poltext = malloc(POLICY_MAX_LEN);
	snprintf(polpath, sizeof(polpath), "%s/policy", dir);
	FILE *f = fopen(polpath, "w");
	if (poltext == NULL || f == NULL || policy_format(&pol, poltext, POLICY_MAX_LEN) < 0 ||
	    fputs(poltext, f) < 0) {
		fprintf(stderr, "cvdlogd: %s: cannot write policy\n", polpath);
		if (f != NULL)
			fclose(f);
		rc = 1;
		goto out;
	}
	if (fclose(f) != 0) {
		fprintf(stderr, "cvdlogd: %s: %s\n", polpath, strerror(errno));
		rc = 1;
		goto out;
	}
	printf("created log %s in %s\n  node:     %s\n  node key: %s\n  policy:   %s\n", origin,
	       dir, name, kp, polpath);
	if (rpath != NULL)
		printf("  roster:   %s (orgs: %u, nodes: %u)\n", rpath, roster->r_norgs,
		       roster->r_nnodes);
	rc = 0;
out:
	roster_free(roster);
	free(kp);
	free(poltext);
	keys_signer_free(signer);
	return rc;
}

static int cmd_run(int argc, char **argv)
{
	static const struct option opts[] = {{"dir", required_argument, NULL, 'd'},
	                                     {"key", required_argument, NULL, 'k'},
	                                     {"listen", required_argument, NULL, 'l'},
	                                     {"addr-file", required_argument, NULL, 'a'},
	                                     {"max-frame", required_argument, NULL, 'F'},
	                                     {"max-conns", required_argument, NULL, 'C'},
	                                     {"idle-timeout", required_argument, NULL, 'I'},
	                                     {"max-pending", required_argument, NULL, 'P'},
	                                     {"max-batch", required_argument, NULL, 'B'},
	                                     {"max-entries", required_argument, NULL, 'E'},
	                                     {"skew", required_argument, NULL, 'S'},
	                                     {"max-unread", required_argument, NULL, 'U'},
	                                     {"map-size", required_argument, NULL, 'M'},
	                                     {"help", no_argument, NULL, 'h'},
	                                     {NULL, 0, NULL, 0}};
	struct server_config sc = {DEFAULT_LISTEN, NULL, CODEC_FRAME_MAX, 1024, 300000, 65536,
	                           8192,           1000, 16u << 20};
	struct ledger_config lc = {DEFAULT_MAP_SIZE, 300000};
	const char *dir = NULL, *key = NULL;
	struct keys_signer *signer = NULL;
	struct ledger *l = NULL;
	char err[512], *kp = NULL;
	uint64_t v = 0;
	int c, rc = 1;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		int bad = 0;
		switch (c) {
		case 'd': dir = optarg; break;
		case 'k': key = optarg; break;
		case 'l': sc.sc_listen = optarg; break;
		case 'a': sc.sc_addr_file = optarg; break;
		case 'F':
			bad = parse_num(optarg, 1024, CODEC_FRAME_MAX, &v);
			sc.sc_max_frame = (uint32_t)v;
			break;
		case 'C':
			bad = parse_num(optarg, 1, 1000000, &v);
			sc.sc_max_conns = (unsigned)v;
			break;
		case 'I':
			bad = parse_num(optarg, 1, 86400 * 7, &v);
			sc.sc_idle_ms = v * 1000;
			break;
		case 'P':
			bad = parse_num(optarg, 1, 10000000, &v);
			sc.sc_max_pending = v;
			break;
		case 'B':
			bad = parse_num(optarg, 1, 1000000, &v);
			sc.sc_max_batch = v;
			break;
		case 'E':
			bad = parse_num(optarg, 1, 100000, &v);
			sc.sc_max_entries = (unsigned)v;
			break;
		case 'U':
			bad = parse_num(optarg, 4096, (uint64_t)1 << 32, &v);
			sc.sc_max_write_queue = (size_t)v;
			break;
		case 'S':
			bad = parse_num(optarg, 1, 86400 * 365, &v);
			lc.lc_skew_ms = v * 1000;
			break;
		case 'M':
			bad = parse_num(optarg, 1, (uint64_t)1 << 24, &v);
			lc.lc_map_size = (size_t)v << 20;
			break;
		case 'h': fputs(run_usage, stdout); return 0;
		default: return usage_error(run_usage, NULL);
		}
		if (bad)
			return usage_error(run_usage, "option value out of range");
	}
	if (optind != argc || dir == NULL)
		return usage_error(run_usage, "run needs --dir");
	kp = key_path(dir, key);
	if (kp == NULL || load_key(kp, &signer) != 0)
		goto out;
	rc = ledger_open(dir, signer, &lc, &l, err, sizeof(err));
	if (rc != 0) {
		log_event("error", "event=refusing_to_serve dir=%s reason=\"%s\"", dir, err);
		fprintf(stderr, "cvdlogd: refusing to serve %s: %s\n", dir, err);
		rc = 1;
		goto out;
	}
	log_event("info", "event=opened dir=%s origin=%s node=%s size=%" PRIu64, dir,
	          ledger_origin(l), ledger_node_name(l), ledger_size(l));
	rc = server_run(l, &sc) == 0 ? 0 : 1;
out:
	ledger_close(l);
	keys_signer_free(signer);
	free(kp);
	return rc;
}

int main(int argc, char **argv)
{
	if (sodium_init() < 0) {
		fprintf(stderr, "cvdlogd: libsodium failed to initialise\n");
		return 1;
	}
	if (argc < 2)
		return usage_error(main_usage, NULL);
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		fputs(main_usage, stdout);
		return 0;
	}
	if (strcmp(argv[1], "init") == 0)
		return cmd_init(argc - 1, argv + 1);
	if (strcmp(argv[1], "run") == 0)
		return cmd_run(argc - 1, argv + 1);
	fprintf(stderr, "cvdlogd: unknown command \"%s\"\n", argv[1]);
	return usage_error(main_usage, NULL);
}
