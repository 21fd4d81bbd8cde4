#!/usr/bin/env bash
# audit_process.sh: the auditor's process checks (DESIGN.md section 10,
# docs/audit.md) on logs built through the cvdlog client against a real
# node. Deadlines cannot be waited for, so the audit measures open
# deadlines at `--now` (25 days ahead): every event is logged today and
# what is still missing then is late.
#
# One case (or product) per finding, so that each rule appears exactly once
# in the JSON report. Three vendor orgs keep the deadlines apart:
# - calm: ack 48h, update 10y: most cases, so that they owe no update;
# - acme: update 20d: the one open case without updates;
# - swift: advisory 10d, update 10y: the one case without its SA.
# The same findings come from an export and from a saved state; audited
# today, the log holds only the findings that do not wait for a deadline.
# Then a separate node with one compliant case audits with exit 0 and
# "findings: 0", and usage errors exit 3.
#
# Not here: `rules` (an honest node never logs what the rules refuse:
# tests/unit/test_audit.c), and `confidentiality` against the vendor (the
# reporter would have to disclose after a deadline the vendor missed, and
# the shortest deadline is an hour).
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T0=$(date +%s)
NOW=$(date -ud '+25 days' +%Y-%m-%dT%H:%M:%SZ)
END=$(date -ud '+60 days' +%Y-%m-%d) # embargoes still running at --now

for k in cadmin cmember aadmin swadmin reporter; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org calm vendor
	policy ack 48h
	policy update 10y
	policy support-min 2y
	policy cra on
	member admin admin $(cat cadmin.key.pub)
	member dev member $(cat cmember.key.pub)
org acme vendor
	policy update 20d
	member admin admin $(cat aadmin.key.pub)
org swift vendor
	policy advisory 10d
	policy update 10y
	member admin admin $(cat swadmin.key.pub)
EOT
cvd_node n1 process.example/log body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy
CVSS="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
echo "advisory text" >adv.txt
echo "reporter's write-up" >blog.txt

# submit VENDOR TAG: a report by the reporter; prints the case id.
submit() {
	local out id
	out=$(run_ok "report to $1 ($2)" "$C" report submit --vendor "$1" --channel email \
		--description "$2: $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')" --key reporter.key)
	id=$(sed -n 's/^case //p' <<<"$out")
	[ -n "$id" ] || fail "report submit printed no case id: $out"
	echo "$id"
}
ok() { run_ok "$1" "${@:2}" >/dev/null; }

step "acknowledge: a report never acknowledged"
ACK=$(submit calm never-acked)

step "progress-update: acknowledged, then no update (acme: every 20 days)"
UPD=$(submit acme no-updates)
ok "ack" "$C" case ack "$UPD" --channel email --key aadmin.key

step "advisory-deadline: validated and fix plan, no SA (swift: 10 days)"
ADV=$(submit swift no-sa)
ok "ack" "$C" case ack "$ADV" --channel email --key swadmin.key
ok "validate" "$C" case validate "$ADV" --exploitability remote --impact rce --cvss "$CVSS" \
	--key swadmin.key
ok "fix plan" "$C" case fix-plan "$ADV" --plan "patch the parser" --key swadmin.key

step "embargo-broken: an SA while the embargo runs (then terminated)"
BRK=$(submit calm sa-in-embargo)
ok "ack" "$C" case ack "$BRK" --channel email --key cmember.key
ok "validate" "$C" case validate "$BRK" --exploitability remote --impact rce --cvss "$CVSS" \
	--key cmember.key
ok "embargo propose" "$C" embargo propose "$BRK" --end "$END" --key cmember.key
ok "embargo accept" "$C" embargo accept "$BRK" --key reporter.key
ok "SA during the embargo" "$C" advisory publish "$BRK" --kind SA --id CALM-SA-1 \
	--url https://calm.example/sa/1 --cvss "$CVSS" --text adv.txt --key cadmin.key
ok "embargo terminate" "$C" embargo terminate "$BRK" --reason late --key cadmin.key

step "embargo-left-running: public aware, the embargo still runs"
RUN=$(submit calm left-running)
ok "ack" "$C" case ack "$RUN" --channel email --key cmember.key
ok "embargo propose" "$C" embargo propose "$RUN" --end "$END" --key cmember.key
ok "embargo accept" "$C" embargo accept "$RUN" --key reporter.key
ok "public aware" "$C" case public-aware "$RUN" --key cmember.key

step "confidentiality: the reporter discloses first, no vendor deadline missed"
CNF=$(submit calm reporter-first)
ok "ack" "$C" case ack "$CNF" --channel email --key cmember.key
ok "reporter disclosed" "$C" report disclosed "$CNF" --url https://blog.example/post \
	--text blog.txt --key reporter.key

step "dispute-unanswered: opened, never answered"
DUN=$(submit calm dispute-open)
ok "ack" "$C" case ack "$DUN" --channel email --key cmember.key
ok "dispute open" "$C" dispute open "$DUN" --topic severity --statement "it is critical" \
	--key reporter.key

step "dispute-unresolved: answered, never resolved"
DUR=$(submit calm dispute-answered)
ok "ack" "$C" case ack "$DUR" --channel email --key cmember.key
out=$(run_ok "dispute open" "$C" dispute open "$DUR" --topic credit --statement "credit me" \
	--key reporter.key)
DSP=$(sed -n 's/^dispute //p' <<<"$out")
[ -n "$DSP" ] || fail "dispute open printed no id: $out"
ok "dispute respond" "$C" dispute respond "$DUR" "$DSP" --statement "we will see" --key cmember.key

step "support-window: a product supported 1 year (calm: at least 2 years)"
ok "short product" "$C" product register --org calm --model "Short Cam" \
	--first-shipment 2025-01-01 --support-end 2026-01-01 --key cadmin.key

step "out-of-support: closed as out of support while its product is supported"
ok "long product" "$C" product register --org calm --model "Long Router" \
	--first-shipment 2025-01-01 --support-end 2035-01-01 --key cadmin.key
OOS=$(submit calm out-of-support)
ok "ack" "$C" case ack "$OOS" --channel email --key cmember.key
ok "validate" "$C" case validate "$OOS" --exploitability local --impact dos --cvss "$CVSS" \
	--key cmember.key
ok "accept" "$C" case accept "$OOS" --key cmember.key
ok "fix ready" "$C" case fix-ready "$OOS" --key cmember.key
ok "update released" "$C" case update-released "$OOS" --product "Long Router" --version 2.0 \
	--key cmember.key
ok "close out of support" "$C" case close "$OOS" --reason out-of-support --key cadmin.key

step "early-reveal: a field declassified before any advisory"
REV=$(submit calm early-reveal)
ok "ack" "$C" case ack "$REV" --channel email --key cmember.key
ok "declassify" "$C" case declassify "$REV" --field description --key cmember.key

step "embargo-after-fix: an embargo accepted after fix ready"
EAF=$(submit calm embargo-after-fix)
ok "ack" "$C" case ack "$EAF" --channel email --key cmember.key
ok "validate" "$C" case validate "$EAF" --exploitability remote --impact rce --key cmember.key
ok "accept" "$C" case accept "$EAF" --key cmember.key
ok "fix ready" "$C" case fix-ready "$EAF" --key cmember.key
ok "embargo propose" "$C" embargo propose "$EAF" --end "$END" --key reporter.key
ok "embargo accept" "$C" embargo accept "$EAF" --key cmember.key

step "embargo-after-deploy: the embargo still runs after fix deployed"
EAD=$(submit calm embargo-after-deploy)
ok "ack" "$C" case ack "$EAD" --channel email --key cmember.key
ok "validate" "$C" case validate "$EAD" --exploitability remote --impact rce --key cmember.key
ok "accept" "$C" case accept "$EAD" --key cmember.key
ok "embargo propose" "$C" embargo propose "$EAD" --end "$END" --key reporter.key
ok "embargo accept" "$C" embargo accept "$EAD" --key cmember.key
ok "fix ready" "$C" case fix-ready "$EAD" --key cmember.key
ok "fix deployed" "$C" case fix-deployed "$EAD" --key cmember.key

step "cra-support-period: placed on the EU market with 3 years of support"
ok "EU product" "$C" product register --org calm --model "EU Hub" \
	--first-shipment 2025-01-01 --eu-market 2025-01-01 --support-end 2028-01-01 --key cadmin.key

step "audit at --now $NOW: exit 1, each rule once, on its case"
rc=0
"$C" audit --policy n1/policy --now "$NOW" --json report.json >audit.txt 2>audit.err || rc=$?
cat audit.txt
[ "$rc" = 1 ] || fail "audit exit $rc, want 1: $(cat audit.err)"
grep -q '^result: sound, with process findings (exit 1)$' audit.txt || fail "no exit-1 result line"
# check RULE CASE ORG: RULE appears exactly once, on CASE (0: not about a
# case), against ORG ("-": the finding names no org; the embargo and an
# unescalated dispute's resolution are not pinned on one party).
"$PY" - report.json >counts.txt <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "cvdlog-audit/v1" and r["exit"] == 1 and r["failure"] is None, r
for f in r["findings"]:
    print(f["rule"], f["case"], f["org"] or "-", ",".join(map(str, f["entries"])))
PY
check() {
	local n got
	n=$(awk -v r="$1" '$1 == r' counts.txt | wc -l)
	[ "$n" = 1 ] || fail "rule $1: $n findings, want 1: $(cat counts.txt)"
	got=$(awk -v r="$1" '$1 == r { print $2, $3 }' counts.txt)
	[ "$got" = "$2 $3" ] || fail "rule $1: on case/org \"$got\", want \"$2 $3\""
}
check acknowledge "$ACK" calm
check progress-update "$UPD" acme
check advisory-deadline "$ADV" swift
check embargo-broken "$BRK" calm
check embargo-left-running "$RUN" calm
check confidentiality "$CNF" reporter
check dispute-unanswered "$DUN" calm
check dispute-unresolved "$DUR" calm
check support-window 0 calm
check out-of-support "$OOS" calm
check early-reveal "$REV" calm
check embargo-after-fix "$EAF" calm
check embargo-after-deploy "$EAD" calm
check cra-support-period 0 calm
want=14
[ "$(wc -l <counts.txt)" = "$want" ] || fail "$(wc -l <counts.txt) findings, want $want: $(cat counts.txt)"
grep -q "^findings: $want\$" audit.txt || fail "the text report does not say findings: $want"
# Each finding names the case and the entry that broke the rule.
grep -q "^dispute-unanswered $DUN calm $DUN,$((DUN + 2))\$" counts.txt ||
	fail "dispute-unanswered does not cite the dispute entry: $(grep dispute-unanswered counts.txt)"

step "the same findings from an export, and from a saved state"
SIZE=$(log_size)
run_ok "export" "$C" export --out log.bin >/dev/null
rc=0
"$C" audit --policy n1/policy --export log.bin --now "$NOW" --state st --json export.json \
	>export.txt 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "audit --export: exit $rc, want 1: $(cat export.txt)"
rc=0
"$C" audit --policy n1/policy --export log.bin --now "$NOW" --state st --json again.json \
	>again.txt 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "audit --export from the state: exit $rc, want 1: $(cat again.txt)"
grep -q "^audit: size $SIZE, 0 new entries checked (from $SIZE)\$" again.txt ||
	fail "the second run did not start from the state: $(head -1 again.txt)"
"$PY" - report.json export.json again.json <<'PY' || fail "the findings differ"
import json, sys
f = [[(x["case"], x["rule"], x["org"], x["entries"]) for x in json.load(open(p))["findings"]]
     for p in sys.argv[1:]]
assert f[0] == f[1] == f[2], f
PY

step "today the same log owes nothing yet: only the findings that do not wait"
rc=0
"$C" audit --policy n1/policy --json today.json >today.txt 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "audit today: exit $rc, want 1: $(cat today.txt)"
"$PY" - today.json <<'PY' || fail "today's findings: $(cat today.txt)"
import json, sys
r = json.load(open(sys.argv[1]))
got = sorted(f["rule"] for f in r["findings"])
# disputes have deadlines too (an answer within the ack time, a
# resolution within 14 days): today they are not due yet
want = sorted(["embargo-broken", "confidentiality", "support-window", "out-of-support",
               "early-reveal", "embargo-after-fix", "embargo-after-deploy",
               "embargo-left-running", "cra-support-period"])
assert got == want, (got, want)
PY

step "a compliant log (its own node): exit 0, findings: 0"
kill "$NODE_PID"
wait "$NODE_PID" 2>/dev/null || true
for k in oadmin omember rep2; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body2 <<EOT
org ok vendor
	member admin admin $(cat oadmin.key.pub)
	member dev member $(cat omember.key.pub)
EOT
cvd_node n2 good.example/log body2
node_start n2
export CVDLOG_POLICY=$WORK/n2/policy
ok "product" "$C" product register --org ok --model "Good Box" \
	--first-shipment 2025-06-01 --support-end 2030-06-01 --key oadmin.key
out=$(run_ok "report" "$C" report submit --vendor ok --channel security-center \
	--description "heap overflow in the box" --key rep2.key)
G=$(sed -n 's/^case //p' <<<"$out")
ok "ack" "$C" case ack "$G" --channel email --key omember.key
ok "validate" "$C" case validate "$G" --exploitability remote --impact rce --cvss "$CVSS" \
	--cwe CWE-122 --key omember.key
ok "accept" "$C" case accept "$G" --key omember.key
ok "embargo propose" "$C" embargo propose "$G" --end "$END" --key rep2.key
ok "embargo accept" "$C" embargo accept "$G" --key omember.key
out=$(run_ok "dispute open" "$C" dispute open "$G" --topic severity --statement "higher" --key rep2.key)
GD=$(sed -n 's/^dispute //p' <<<"$out")
ok "dispute respond" "$C" dispute respond "$G" "$GD" --statement "agreed" --key omember.key
ok "dispute resolve" "$C" dispute resolve "$G" "$GD" --outcome settled --key oadmin.key
ok "fix plan" "$C" case fix-plan "$G" --plan "bounds check" --key omember.key
ok "progress update" "$C" case update "$G" --channel email --summary "fix in test" --key omember.key
ok "fix ready" "$C" case fix-ready "$G" --key omember.key
ok "embargo terminate" "$C" embargo terminate "$G" --reason "release day" --key oadmin.key
ok "SA" "$C" advisory publish "$G" --kind SA --id OK-SA-1 --url https://ok.example/sa/1 \
	--cve CVE-2026-40001 --cvss "$CVSS" --cwe CWE-122 --text adv.txt --disclose description \
	--key oadmin.key
ok "update released" "$C" case update-released "$G" --product "Good Box" --version 1.1 \
	--key omember.key
ok "fix deployed" "$C" case fix-deployed "$G" --key omember.key
ok "close" "$C" case close "$G" --reason fixed --key oadmin.key
rc=0
"$C" audit --policy n2/policy --now "$NOW" --json good.json >good.txt 2>&1 || rc=$?
cat good.txt
[ "$rc" = 0 ] || fail "compliant log: exit $rc, want 0"
grep -q '^findings: 0$' good.txt || fail "compliant log: no \"findings: 0\""
grep -q '^result: sound and compliant (exit 0)$' good.txt || fail "compliant log: result line"
grep -q '^  time to acknowledge .*(1)$' good.txt || fail "no ack statistic"
grep -q '^  embargo length .*(1)$' good.txt || fail "no embargo statistic"
grep -q '^  dispute resolution .*(1)$' good.txt || fail "no dispute statistic"
"$PY" - good.json "$G" <<'PY' || fail "good.json"
import json, sys
r = json.load(open(sys.argv[1]))
assert r["exit"] == 0 and r["findings"] == [] and r["stats"]["cases"] == 1, r
c = r["cases"][0]
assert c["id"] == int(sys.argv[2]) and c["vendor"] == "ok" and c["rm"] == "closed", c
assert [e["kind"] for e in c["timeline"]][0] == "report submitted", c
PY

step "the same log one signature at a time (--no-batch), and with --max-skew 0"
rc=0
"$C" audit --policy n2/policy --now "$NOW" --no-batch --threads 1 >nobatch.txt 2>&1 || rc=$?
[ "$rc" = 0 ] || fail "--no-batch: exit $rc, want 0: $(cat nobatch.txt)"
grep -q '^findings: 0$' nobatch.txt || fail "--no-batch: no \"findings: 0\""
# every entry is sequenced some milliseconds after its author signed it, so
# no skew at all is allowed makes findings of them (the genesis excepted)
rc=0
"$C" audit --policy n2/policy --now "$NOW" --max-skew 0 --json skew.json >skew.txt 2>&1 || rc=$?
[ "$rc" = 1 ] || fail "--max-skew 0: exit $rc, want 1: $(cat skew.txt)"
"$PY" - skew.json <<'PY' || fail "skew.json"
import json, sys
r = json.load(open(sys.argv[1]))
rules = {f["rule"] for f in r["findings"]}
assert rules == {"time-skew"}, rules
assert len(r["findings"]) >= 1, r["findings"]
PY

step "usage and I/O errors: exit 3"
rc=0
"$C" audit --policy n2/policy --max-skew soon >err.txt 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "audit --max-skew soon: exit $rc, want 3: $(cat err.txt)"
grep -q -- '--max-skew' err.txt || fail "--max-skew soon: $(cat err.txt)"
rc=0
env -u CVDLOG_POLICY "$C" audit >err.txt 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "audit without --policy: exit $rc, want 3: $(cat err.txt)"
grep -q -- '--policy' err.txt || fail "audit without --policy: $(cat err.txt)"
rc=0
"$C" audit --policy n2/policy --export "$WORK/nosuch.export" >err.txt 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "audit of a missing export: exit $rc, want 3: $(cat err.txt)"
grep -q 'nosuch.export: cannot open' err.txt || fail "missing export: $(cat err.txt)"
rc=0
"$C" audit --policy n2/policy --now yesterday >err.txt 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "audit --now yesterday: exit $rc, want 3: $(cat err.txt)"
rc=0
"$C" audit --policy "$WORK/nosuch.policy" >err.txt 2>&1 || rc=$?
[ "$rc" = 3 ] || fail "audit with a missing policy file: exit $rc, want 3: $(cat err.txt)"

echo "audit_process: ok ($(($(date +%s) - T0)) s)"
