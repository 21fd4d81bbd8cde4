/*
 * main.c: the cvdlog command line. One table of subcommands (name, function,
 * one-line description); usage is printed from it, so help cannot drift from
 * the code. Global option: --node HOST:PORT (else $CVDLOG_NODE, else
 * 127.0.0.1:7411). Each subcommand parses its own arguments and has --help.
 */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_node = CLI_DEFAULT_NODE;

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *description;
} commands[] = {
    {"keygen", cmd_keygen, "make a signing key: NAME [--out FILE]"},
    {"note", cmd_note, "log a signed note and save its receipt"},
    {"checkpoint", cmd_checkpoint, "print the node's latest signed checkpoint"},
    {"receipt", cmd_receipt, "get the receipt of an entry: INDEX [--out FILE]"},
    {"consistency", cmd_consistency, "prove an old checkpoint is a prefix of the latest"},
    {"verify", cmd_verify, "check a receipt offline against a trust policy"},
    {"export", cmd_export, "download and check every entry: --out FILE"},
    {"status", cmd_status, "show the node's origin, size and load"},
    {"audit", cmd_audit, "verify the whole log and check the process: --policy P"},
    {"report", cmd_report, "submit a sealed report, prove it, record your disclosure"},
    {"case", cmd_case, "record a case's steps; show a case; list cases"},
    {"embargo", cmd_embargo, "propose, accept, reject or terminate a case's embargo"},
    {"advisory", cmd_advisory, "publish or revise an SA or SN"},
    {"dispute", cmd_dispute, "open, answer, escalate or resolve a dispute"},
    {"bounty", cmd_bounty, "record a bounty decision"},
    {"product", cmd_product, "register a product; record a security incident"},
    {"roster", cmd_roster, "show the roster; add or remove members; set a policy"},
    {"regulator", cmd_regulator, "CRA Art. 14: exploitation aware, CSIRT reports, clocks"},
};

static void usage(FILE *f)
{
	fprintf(f, "usage: cvdlog [--node HOST:PORT] COMMAND [ARGS]\n\nCommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].description);
	fprintf(f, "\nThe CVD groups (report, case, embargo, advisory, dispute, bounty, product,\n"
	           "roster, regulator) take a verb: cvdlog case --help lists them.\n");
	fprintf(f,
	        "\nEach command takes --help. The node defaults to $CVDLOG_NODE, then %s;\n"
	        "--policy defaults to $CVDLOG_POLICY.\n",
	        CLI_DEFAULT_NODE);
}

int main(int argc, char **argv)
{
	const char *env = getenv("CVDLOG_NODE");
	int i = 1;

	if (sodium_init() < 0)
		return cli_error("libsodium failed to initialise");
	if (env != NULL && env[0] != '\0')
		cli_node = env;
	while (i < argc && argv[i][0] == '-') {
		if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
			usage(stdout);
			return 0;
		}
		if (strcmp(argv[i], "--node") == 0 && i + 1 < argc) {
			cli_node = argv[i + 1];
			i += 2;
			continue;
		}
		if (strncmp(argv[i], "--node=", 7) == 0) {
			cli_node = argv[i] + 7;
			i++;
			continue;
		}
		fprintf(stderr, "cvdlog: unknown option \"%s\"\n", argv[i]);
		usage(stderr);
		return 2;
	}
	if (i == argc) {
		usage(stderr);
		return 2;
	}
	for (size_t k = 0; k < sizeof(commands) / sizeof(commands[0]); k++)
		if (strcmp(argv[i], commands[k].name) == 0)
			return commands[k].fn(argc - i, argv + i);
	fprintf(stderr, "cvdlog: unknown command \"%s\"\n", argv[i]);
	usage(stderr);
	return 2;
}
