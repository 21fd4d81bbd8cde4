/*
 * roster.h: the roster file, the human-edited text that `cvdlogd init
 * --roster FILE` puts into the genesis entry (DESIGN.md section 8): the
 * organizations (vendor PSIRTs, coordinators such as a CERT or GSMA CVD,
 * auditors), their members with roles and verifier keys, each vendor's
 * policy, and the log's nodes. docs/roster.md specifies the format.
 *
 *   cvdlog-roster/v1
 *   org <org-id> <vendor|coordinator|auditor>
 *   display <text to the end of the line>      (optional, once per org)
 *   member <member-id> <role> <verifier key>
 *   policy <name> <value>                      (vendor orgs only)
 *   node <node-name> <verifier key>            (anywhere after line 1)
 *
 * display, member and policy lines belong to the most recent org line. '#'
 * (after optional spaces or tabs) starts a comment line; blank lines are
 * ignored. Every error is CVD_EINVAL with a message "line N: ..." naming
 * the line, also for the checks of the whole file (no org, no node, an org
 * without an admin: that org's line).
 *
 * Caveats:
 * - A roster is one heap block per array: allocate it with roster_parse,
 *   roster_load or roster_dup only, and release it with roster_free.
 * - roster_format writes every policy of a vendor org explicitly, so its
 *   text may be longer than the file it came from; a roster whose canonical
 *   text would exceed ROSTER_MAX_LEN is refused (CVD_ETOOLARGE) rather than
 *   written as a file that would not parse back.
 * - Coordinator and auditor orgs carry roster_policy_defaults() in
 *   ro_policy: they have no policy lines.
 * - roster_add_member, roster_remove_member and roster_set_policy apply a
 *   roster event (docs/roster.md, "Changes after genesis") to a roster in
 *   place. They keep every rule of the file (valid ids, roles allowed per
 *   kind, one public key per identity across members and nodes, an admin in
 *   every org, the limits, CRA limits that only tighten) and leave the
 *   roster unchanged when they fail. Who may sign a change is the caller's
 *   check. Work on a roster_dup copy to try a change without committing it.
 */
#ifndef CVD_ROSTER_H
#define CVD_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "keys.h"
#include "policy.h"

#define ROSTER_MAX_LEN        (256 * 1024) /* bytes in a roster file */
#define ROSTER_MAX_ORGS       64
#define ROSTER_MAX_MEMBERS    256 /* per org */
#define ROSTER_MAX_NODES      POLICY_MAX_KEYS
#define ROSTER_ID_MAX         63                    /* bytes in an org, member or node id */
#define ROSTER_DISPLAY_MAX    200                   /* bytes of UTF-8 in a display line */
#define ROSTER_DURATION_MAX_S (10ull * 365 * 86400) /* 10y */
#define ROSTER_HOUR_S         3600ull
#define ROSTER_DAY_S          86400ull
#define ROSTER_YEAR_S         (365ull * 86400) /* a roster year is 365 days */

/* Values start at 1, so a zeroed struct holds no valid kind or role. */
enum roster_kind {
	ROSTER_KIND_VENDOR = 1,  /* a vendor PSIRT: "vendor", has a policy */
	ROSTER_KIND_COORDINATOR, /* a CERT, GSMA CVD, ...: "coordinator" */
	ROSTER_KIND_AUDITOR,     /* "auditor" */
};

/* Roles allowed per kind: vendor admin|member, coordinator admin|coordinator,
 * auditor admin|auditor. */
enum roster_role {
	ROSTER_ROLE_ADMIN = 1,   /* "admin": any org; signs its roster changes */
	ROSTER_ROLE_MEMBER,      /* "member": vendor orgs */
	ROSTER_ROLE_COORDINATOR, /* "coordinator": coordinator orgs */
	ROSTER_ROLE_AUDITOR,     /* "auditor": auditor orgs */
};

/* A vendor's policy (DESIGN.md section 8). Durations are in seconds. */
struct roster_policy {
	uint64_t rp_ack_s;         /* acknowledge a report (48h) */
	uint64_t rp_update_s;      /* progress update while open (30d) */
	uint64_t rp_advisory_s;    /* SA after the later of validated, fix plan (180d) */
	uint64_t rp_embargo_max_s; /* longest embargo (90d) */
	uint64_t rp_support_min_s; /* support after first shipment (2y) */
	int rp_cvss_required;      /* an SA carries a CVSS vector (1) */
	int rp_cra;                /* EU CRA Article 14 reporting applies (0) */
	uint64_t rp_cra_early_s;   /* early warning (24h; may only tighten) */
	uint64_t rp_cra_notify_s;  /* vulnerability notification (72h; tighten) */
	uint64_t rp_cra_final_s;   /* final report after a measure (14d; tighten) */
};

struct roster_member {
	char rm_id[ROSTER_ID_MAX + 1];
	enum roster_role rm_role;
	struct keys_verifier rm_key; /* type 0x01 */
};

struct roster_org {
	char ro_id[ROSTER_ID_MAX + 1];
	enum roster_kind ro_kind;
	char ro_display[ROSTER_DISPLAY_MAX + 1]; /* "" when the org has none */
	struct roster_policy ro_policy;
	unsigned ro_nmembers; /* >= 1, at least one of them an admin */
	struct roster_member *ro_members;
};

struct roster_node {
	char rn_name[ROSTER_ID_MAX + 1];
	struct keys_verifier rn_key; /* type 0x01 */
};

struct roster {
	unsigned r_norgs; /* 1..ROSTER_MAX_ORGS */
	struct roster_org *r_orgs;
	unsigned r_nnodes; /* 1..ROSTER_MAX_NODES */
	struct roster_node r_nodes[POLICY_MAX_KEYS];
};

/* roster_policy_defaults fills p with the project defaults: ack 48h, update
 * 30d, advisory 180d, embargo-max 90d, support-min 2y, cvss required, cra
 * off, cra-early-warning 24h, cra-notification 72h, cra-final 14d. Cannot
 * fail. */
void roster_policy_defaults(struct roster_policy *p);

/* roster_parse parses text[0..len) (need not be NUL-terminated). On success
 * returns 0 and sets *out to a new roster the caller frees with
 * roster_free. On failure sets *out to NULL and returns CVD_EINVAL, with a
 * NUL-terminated message "line N: ..." in err (capacity errcap; err may be
 * NULL when errcap is 0), or CVD_ENOMEM. */
int roster_parse(const char *text, size_t len, struct roster **out, char *err, size_t errcap);

/* roster_load reads and parses the roster file at path; *out as for
 * roster_parse. Errors name the file: "PATH: line N: ...". Returns 0,
 * -errno when the file cannot be opened, CVD_EIO on a read error,
 * CVD_EINVAL, CVD_ENOMEM. */
int roster_load(const char *path, struct roster **out, char *err, size_t errcap);

/* roster_free releases a roster from roster_parse or roster_load. NULL-safe. */
void roster_free(struct roster *r);

/* roster_format writes r as canonical roster text: the header, the node
 * lines, then each org (org, display, the vendor's ten policy lines in a
 * fixed order, members), every order as in r, one blank line between
 * blocks. For a roster from roster_parse the text parses back to a roster
 * equal to r (roster_equal), and formatting that gives the same text. On
 * success *out is a malloc'd, NUL-terminated string the caller frees, and
 * *len its length without the NUL. Returns 0; CVD_EINVAL when a field
 * cannot be written as roster_parse would read it (a kind or role outside
 * the enum or not allowed for the org's kind, an invalid id, display or key
 * name, a string without its NUL, a vendor duration that is not a whole
 * number of hours within its bounds); CVD_ETOOLARGE when the text would
 * exceed ROSTER_MAX_LEN; CVD_ENOMEM. On failure *out is NULL. The rules
 * that span lines (unique ids and keys, an admin per org, at least one org
 * and node) are not re-checked, only the upper count limits: a roster built
 * by hand that breaks them formats to text roster_parse refuses. */
int roster_format(const struct roster *r, char **out, size_t *len);

/* roster_equal: 1 when a and b hold the same orgs, members, policies and
 * nodes in the same order (keys compared by name, type, key ID and public
 * key), else 0. */
int roster_equal(const struct roster *a, const struct roster *b);

/* roster_find_org returns the org with id, or NULL. The pointer is valid
 * until roster_free. */
const struct roster_org *roster_find_org(const struct roster *r, const char *id);

/* roster_find_member_by_key returns the member whose public key is pk, or
 * NULL (a roster holds each public key at most once; node keys are not
 * members). When org is not NULL, *org is set to the member's org (NULL when
 * there is none). Pointers are valid until roster_free. */
const struct roster_member *roster_find_member_by_key(const struct roster *r,
                                                      const uint8_t pk[KEYS_PK_LEN],
                                                      const struct roster_org **org);

/* roster_find_node_by_key returns the node whose public key is pk, or NULL.
 * The pointer is valid until roster_free or the next change to r. */
const struct roster_node *roster_find_node_by_key(const struct roster *r,
                                                  const uint8_t pk[KEYS_PK_LEN]);

/* roster_dup sets *out to a deep copy of r (roster_equal to it) that the
 * caller frees with roster_free. Returns 0 or CVD_ENOMEM (*out NULL). */
int roster_dup(const struct roster *r, struct roster **out);

/* ---- Changes after genesis -------------------------------------------
 *
 * Each applies one change to org (an org id of r) in place. Every string is
 * a NUL-terminated field as it appears in a roster line: ids, role and
 * policy words, a verifier key text. On failure r is unchanged and the
 * function returns CVD_EINVAL with a NUL-terminated message in err
 * (capacity errcap; err may be NULL when errcap is 0) that names the field,
 * worded as the parser's messages but without the "line N: " prefix, e.g.
 *   unknown org "x"
 *   invalid member id "A" (expected [a-z0-9][a-z0-9._-]{0,62})
 *   role member is not allowed in coordinator org "c" (allowed: admin, coordinator)
 * An unknown org or member id is CVD_EINVAL too (never CVD_ENOTFOUND), as
 * is a string that is not UTF-8 without control characters. Pointers into r
 * (roster_find_*) are invalid after a successful change. */

/* roster_add_member appends member id with role and verifier key vkey to
 * org. Refused: an invalid id, an unknown role or one the org's kind does
 * not allow, an id already in the org, an org with ROSTER_MAX_MEMBERS
 * members, a key that is not a type 0x01 verifier key, or whose public key
 * is already a member's (of any org) or a node's. 0, CVD_EINVAL, or
 * CVD_ENOMEM (r unchanged). */
int roster_add_member(struct roster *r, const char *org, const char *id, const char *role,
                      const char *vkey, char *err, size_t errcap);

/* roster_remove_member removes member id from org, keeping the order of the
 * others. Refused: no such member, or it is the org's last admin. 0 or
 * CVD_EINVAL. */
int roster_remove_member(struct roster *r, const char *org, const char *id, char *err,
                         size_t errcap);

/* roster_set_policy sets policy name of org to value, with the names and
 * value syntax of a policy line ("ack" "48h", "cvss" "optional", "cra"
 * "on"). Refused as in the file: a coordinator or auditor org, an unknown
 * name, a malformed value, a duration above 10y, a CRA limit above the
 * law's (its default). A CRA limit tightened earlier may be set back up to
 * the law's limit, never beyond. 0 or CVD_EINVAL. */
int roster_set_policy(struct roster *r, const char *org, const char *name, const char *value,
                      char *err, size_t errcap);

/* roster_role_name / roster_kind_name: the word the roster file uses
 * ("admin", "vendor", ...), or "?" for a value outside the enum. */
const char *roster_role_name(enum roster_role role);
const char *roster_kind_name(enum roster_kind kind);

#endif
