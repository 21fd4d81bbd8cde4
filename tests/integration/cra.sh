#!/usr/bin/env bash
# cra.sh: EU Cyber Resilience Act Article 14 reporting (issue 8, DESIGN.md
# section 8, docs/cases.md section 8, docs/audit.md section 4) through the
# cvdlog client against a real node: `cvdlog regulator` records
# exploitation aware, the early warning, the notification, the final
# report, users notified and the corrective measure; `regulator status`
# shows the clocks; the auditor at --now (30 days ahead) reports what is
# missing.
#
# Roster: eu (cra on, early warning tightened to 12h), usx (cra off),
# other (cra on, a second vendor for the role test), a reporter.
# - case A meets every deadline: no cra-* finding;
# - cases B, C, D, E each miss exactly one submission: the early warning
#   (B), the notification (C; no corrective measure, so the final report's
#   clock never starts), the final report (D: corrective recorded, final
#   never sent), the user notice (E): exactly one finding of the matching
#   rule each, and nothing else in the whole audit;
# - an exploited case of usx (cra off): no cra-* finding, no clocks;
# - negative tests (order, roles, once-only), each refused by the node with
#   its typed error, a message fragment and an unchanged log size.
#
# Not here: LATE submissions (as opposed to missing ones). The node stamps
# every entry with its own sequencing time and the shortest CRA limit a
# roster can set is 1 hour, so a test cannot make a real node log a
# submission after its due time without waiting that long. The unit suite
# (tests/unit/test_audit.c) covers late ones on entries with chosen times.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T0=$(date +%s)
NOW=$(date -ud '+30 days' +%Y-%m-%dT%H:%M:%SZ)

for k in eadmin emember uadmin oadmin reporter; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org eu vendor
	policy ack 48h
	policy update 10y
	policy cra on
	policy cra-early-warning 12h
	member admin admin $(cat eadmin.key.pub)
	member psirt member $(cat emember.key.pub)
org usx vendor
	policy update 10y
	policy cra off
	member admin admin $(cat uadmin.key.pub)
org other vendor
	policy update 10y
	policy cra on
	member admin admin $(cat oadmin.key.pub)
EOT
cvd_node n1 cra.example/log body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy
echo "early warning as sent to the SRP" >ew.txt
echo "vulnerability notification as sent" >vn.txt
echo "final report as sent" >fr.txt
echo "Security bulletin: update now, the flaw is exploited" >notice.txt

ok() { run_ok "$1" "${@:2}" >/dev/null; }

# submit VENDOR TAG: a report by the reporter, acknowledged by the vendor's
# admin (the acknowledge deadline is not this test's); prints the case id.
submit() {
	local out id key=${1:0:1}admin.key
	out=$(run_ok "report to $1 ($2)" "$C" report submit --vendor "$1" --channel email \
		--description "$2: $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" --key reporter.key)
	id=$(sed -n 's/^case //p' <<<"$out")
	[ -n "$id" ] || fail "report submit printed no case id: $out"
	ok "ack $id" "$C" case ack "$id" --channel email --key "$key"
	echo "$id"
}
# reg VERB CASE: a regulator report of stage VERB on CASE by eu's PSIRT member.
reg() {
	local f
	case $1 in early-warning) f=ew.txt ;; notification) f=vn.txt ;; *) f=fr.txt ;; esac
	ok "$1 on $2" "$C" regulator "$1" "$2" --authority "ENISA SRP / CSIRT-DE" \
		--reference "SRP-$2-$1" --sent "$f" --content "what we told the CSIRT about case $2" \
		--key emember.key
}
aware() { ok "aware $1" "$C" regulator aware "$1" --evidence "exploited in the wild: $1" --key emember.key; }
users() { ok "users notified $1" "$C" regulator users-notified "$1" --channel "security bulletin" \
	--notice notice.txt --key emember.key; }
corrective() { ok "corrective $1" "$C" regulator corrective "$1" \
	--description "firmware 2.1 closes it" --key emember.key; }

step "the policy: the CRA limits can be tightened, never loosened"
expect_refused "cra-final 15d (looser than the law)" 1 BAD_REQUEST "may only tighten" \
	"$C" roster set-policy eu cra-final 15d --key eadmin.key
ok "cra-final 10d (tighter)" "$C" roster set-policy other cra-final 10d --key oadmin.key
"$C" roster show 2>/dev/null | grep -q "policy cra-final 10d" || fail "cra-final 10d not in the roster"

step "case A meets every deadline"
A=$(submit eu all-met)
aware "$A"
reg early-warning "$A"
reg notification "$A"
users "$A"
corrective "$A"
reg final-report "$A"
show=$(run_ok "case show A" "$C" case show "$A")
expect_timeline "$show" "report submitted" "acknowledged" "exploitation aware" "regulator report" \
	"regulator report" "users notified" "corrective measure available" "regulator report"
grep -q "stage=early-warning" <<<"$show" || fail "case show does not name the stage: $show"
expect_case "$A" flags VA

step "B: no early warning"
B=$(submit eu no-early-warning)
aware "$B"
reg notification "$B"
users "$B"
corrective "$B"
reg final-report "$B"

step "C: no notification (and so no final report; no corrective measure either)"
Cc=$(submit eu no-notification)
aware "$Cc"
reg early-warning "$Cc"
users "$Cc"

step "D: corrective measure, never a final report"
D=$(submit eu no-final-report)
aware "$D"
reg early-warning "$D"
reg notification "$D"
users "$D"
corrective "$D"

step "E: users never notified"
E=$(submit eu no-user-notice)
aware "$E"
reg early-warning "$E"
reg notification "$E"
corrective "$E"
reg final-report "$E"

step "X: exploited at usx, whose roster says cra off"
X=$(submit usx cra-off)
ok "aware X" "$C" regulator aware "$X" --evidence "seen in the wild" --key uadmin.key
expect_case "$X" flags VA

step "order, roles, once-only: refused by the node, the log unchanged"
N=$(submit eu negative)
EV=(--authority "ENISA SRP" --reference SRP-N --sent ew.txt --content "early warning")
expect_refused "notification before aware" 1 INVALID_TRANSITION \
	"no notification before the vendor records exploitation aware" \
	"$C" regulator notification "$N" --authority "ENISA SRP" --reference SRP-N --sent vn.txt \
	--content "notification" --key emember.key
expect_refused "users notified before aware" 1 INVALID_TRANSITION \
	"record exploitation aware first" \
	"$C" regulator users-notified "$N" --channel "security bulletin" --notice notice.txt \
	--key emember.key
expect_refused "aware by the reporter" 1 UNAUTHORIZED "only a member of vendor org eu" \
	"$C" regulator aware "$N" --evidence "I saw it exploited" --key reporter.key
aware "$N"
expect_refused "final report before the notification" 1 INVALID_TRANSITION \
	"no final report before the notification" \
	"$C" regulator final-report "$N" --authority "ENISA SRP" --reference SRP-N --sent fr.txt \
	--content "final" --key emember.key
expect_refused "early warning by the reporter" 1 UNAUTHORIZED "only a member of vendor org eu" \
	"$C" regulator early-warning "$N" "${EV[@]}" --key reporter.key
expect_refused "early warning by a member of another vendor" 1 UNAUTHORIZED \
	"only a member of vendor org eu" \
	"$C" regulator early-warning "$N" "${EV[@]}" --key oadmin.key
expect_refused "a second exploitation aware" 1 INVALID_TRANSITION "recorded already" \
	"$C" regulator aware "$N" --evidence "again" --key emember.key
expect_client_refused "a --sent file that does not exist" 1 "--sent: cannot read" \
	"$C" regulator early-warning "$N" --authority "ENISA SRP" --reference SRP-N \
	--sent "$WORK/nosuch.txt" --content "early warning" --key emember.key
reg early-warning "$N"
expect_refused "a second early warning" 1 INVALID_TRANSITION "early warning was submitted already" \
	"$C" regulator early-warning "$N" "${EV[@]}" --key emember.key
# N meets its clocks from here on (no corrective measure: no final report due)
reg notification "$N"
users "$N"

step "regulator status today: time left, the 12h early warning"
st=$(run_ok "status" "$C" regulator status)
echo "$st"
grep -q "^case $B (vendor eu): exploitation aware .*limits: early warning 12h, notification 72h, final report 14d" <<<"$st" ||
	fail "status: no header line for case $B with the eu limits"
grep -q "^$B  *early warning  *[0-9T:.-]*Z  *1[01]h [0-9]*m left\$" <<<"$st" ||
	fail "status: case $B's early warning should have about 12h left"
grep -q "^$Cc  *notification  .* left\$" <<<"$st" || fail "status: case $Cc's notification not running"
grep -q "^$A  *final report  .*submitted .* (entry [0-9]*), on time\$" <<<"$st" ||
	fail "status: case $A's final report not shown as submitted on time"
grep -q "^$Cc  *final report  *-  *not started: no corrective measure yet\$" <<<"$st" ||
	fail "status: case $Cc's final report clock should not have started"
grep -q "^$X " <<<"$st" && fail "status lists case $X, whose vendor has cra off"
# due = awareness + the roster's 12h, as the auditor computes it
echo "$st" >status.txt
"$PY" - "$B" status.txt <<'PY' || fail "status: case $B's early warning is not due 12h after awareness"
import re, sys
from datetime import datetime, timedelta
b, text = sys.argv[1], open(sys.argv[2]).read()
t = lambda s: datetime.strptime(s, "%Y-%m-%dT%H:%M:%S.%fZ")
aware = t(re.search(r"^case %s \(vendor eu\): exploitation aware (\S+)" % b, text, re.M).group(1))
due = t(re.search(r"^%s +early warning +(\S+)" % b, text, re.M).group(1))
assert due - aware == timedelta(hours=12), (aware, due)
PY
st=$(run_ok "status X" "$C" regulator status "$X")
grep -q "^case $X: no CRA Article 14 clocks: vendor usx has cra off" <<<"$st" ||
	fail "status $X: $st"
st=$(run_ok "status N" "$C" regulator status "$N")
[ "$(grep -c "^$N " <<<"$st")" = 4 ] || fail "status $N: want its 4 clocks: $st"

step "regulator status at --now $NOW: overdue, the next due first"
st=$(run_ok "status --now" "$C" regulator status --now "$NOW")
echo "$st"
first=$(awk '$1 == "case" && $2 == "clock" { getline; print; exit }' <<<"$st")
grep -q "^$B  *early warning .* overdue by 29d 1[12]h\$" <<<"$first" ||
	fail "status --now: the first clock should be case $B's overdue early warning: $first"
grep -q "^$Cc  *notification .* overdue by " <<<"$st" || fail "status --now: $Cc's notification"
grep -q "^$D  *final report .* overdue by " <<<"$st" || fail "status --now: $D's final report"
grep -q "^$E  *users notified .* overdue by " <<<"$st" || fail "status --now: $E's user notice"
[ "$(grep -c "overdue by" <<<"$st")" = 4 ] || fail "status --now: want 4 overdue clocks"

step "audit at --now $NOW: exactly the four missing submissions"
rc=0
"$C" audit --policy n1/policy --now "$NOW" --json report.json >audit.txt 2>audit.err || rc=$?
cat audit.txt
[ "$rc" = 1 ] || fail "audit exit $rc, want 1: $(cat audit.err)"
"$PY" - report.json "$A" "$B" "$Cc" "$D" "$E" "$X" "$N" <<'PY' || fail "the audit's findings"
import json, sys
r = json.load(open(sys.argv[1]))
A, B, C, D, E, X, N = map(int, sys.argv[2:])
got = sorted((f["case"], f["rule"], f["org"]) for f in r["findings"])
want = sorted([(B, "cra-early-warning", "eu"), (C, "cra-notification", "eu"),
               (D, "cra-final-report", "eu"), (E, "cra-users-notified", "eu")])
assert got == want, (got, want)
for f in r["findings"]:
    # missing: the case and its awareness entry, and how long past due
    assert len(f["entries"]) == 2 and f["entries"][0] == f["case"], f
    assert "past the due time" in f["actual"] and f["actual"].startswith("no "), f
PY
grep -q '^findings: 4$' audit.txt || fail "the text report does not say findings: 4"

step "the clocks in the JSON report"
"$PY" - report.json "$A" "$D" "$X" <<'PY' || fail "the cra objects of the JSON report"
import json, sys
r = json.load(open(sys.argv[1]))
A, D, X = map(int, sys.argv[2:])
cases = {c["id"]: c for c in r["cases"]}
assert cases[X]["cra"] is None, cases[X]
names = ["early warning", "notification", "final report", "users notified"]
a = cases[A]["cra"]
assert a["aware"] and [k["name"] for k in a["clocks"]] == names, a
assert all(k["due"] and k["at"] and k["entry"] for k in a["clocks"]), a
d = {k["name"]: k for k in cases[D]["cra"]["clocks"]}
assert d["final report"]["due"] and d["final report"]["at"] is None and d["final report"]["entry"] is None, d
PY

step "audited today the same log owes nothing yet"
rc=0
"$C" audit --policy n1/policy >today.txt 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "audit today: exit $rc, want 0: $(cat today.txt)"

step "a closed case whose clocks are all met leaves the status list"
ok "validate A" "$C" case validate "$A" --exploitability remote --impact rce --key emember.key
ok "accept A" "$C" case accept "$A" --key emember.key
ok "close A" "$C" case close "$A" --reason fixed --key eadmin.key
st=$(run_ok "status" "$C" regulator status)
grep -q "^$A " <<<"$st" && fail "status still lists closed case $A: $st"
grep -q "^$B " <<<"$st" || fail "status no longer lists open case $B: $st"
st=$(run_ok "status A" "$C" regulator status "$A")
[ "$(grep -c "^$A .*on time\$" <<<"$st")" = 4 ] || fail "status $A: want 4 clocks met: $st"

echo "cra: ok ($(($(date +%s) - T0)) s)"
