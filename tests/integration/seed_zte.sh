#!/usr/bin/env bash
# seed_zte.sh: seed 002 (ZTE) end to end through the cvdlog client only.
# A researcher reports a standards-related flaw to ZTE PSIRT with their own
# CVSS v3.0 score ("reporters can also score"); ZTE validates with its own
# CVSS and a CWE, invites the GSMA CVD programme as coordinator, which
# brings in a second vendor (acme) affected by the same standard. GSMA
# proposes a multi-party embargo and ZTE accepts it. ZTE decides the bug
# bounty; the reporter disputes it, ZTE answers, the reporter escalates to
# GSMA, and GSMA resolves it (ZTE no longer may). The embargo is terminated
# and ZTE publishes an SA with a CVE and CWE. Checks: every state via
# `case show` / `case list` (parties, EM none -> proposed -> active ->
# exited, dispute open -> answered -> escalated -> resolved), and the
# refusals on the way leave the log unchanged.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
O=zte.example/log
T0=$(date +%s)

step "roster and node"
for k in zadmin zmember gops gtriage aadmin reporter; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org zte vendor
	display ZTE PSIRT
	policy cvss required
	policy embargo-max 90d
	member wang.fang admin $(cat zadmin.key.pub)
	member liu.yang member $(cat zmember.key.pub)
org gsma coordinator
	display GSMA CVD
	member ops admin $(cat gops.key.pub)
	member triage coordinator $(cat gtriage.key.pub)
org acme vendor
	display Acme Radio PSIRT
	member sec admin $(cat aadmin.key.pub)
EOT
cvd_node n1 "$O" body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy

step "report with the reporter's CVSS v3.0 score"
REPORTER_CVSS="CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N"
out=$(run_ok "report submit" "$C" report submit --vendor zte --channel email \
	--contact "Bob, Radio Research <bob@example.net>" --products "ZXR10 5G core, SMF 3.1" \
	--description "NAS downgrade accepted by the SMF, standards issue in TS 24.501" \
	--exploits "needs a rogue base station" --disclosure-plans "conference talk in 120 days" \
	--additional "likely affects other vendors' SMFs" --cvss "$REPORTER_CVSS" \
	--planned-disclosure "$(date -u -d '+120 days' +%F)" --key reporter.key)
CASE=$(sed -n 's/^case //p' <<<"$out")
[ -n "$CASE" ] || fail "no case id: $out"

step "ZTE acknowledges and validates with its own score"
ZTE_CVSS="CVSS:3.1/AV:A/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:N"
run_ok "ack" "$C" case ack "$CASE" --channel email --key zmember.key >/dev/null
run_ok "validate" "$C" case validate "$CASE" --exploitability "adjacent, rogue base station" \
	--impact "traffic interception" --cvss "$ZTE_CVSS" --cwe CWE-757 --cwe CWE-300 \
	--key zmember.key >/dev/null
run_ok "accept" "$C" case accept "$CASE" --key zmember.key >/dev/null

step "GSMA CVD invited as coordinator; GSMA invites acme"
expect_refused "a coordinator not on the case invites" 1 UNAUTHORIZED "coordinator on the case" \
	"$C" case invite "$CASE" --org acme --key gtriage.key
run_ok "invite gsma" "$C" case invite "$CASE" --org gsma --key zadmin.key >/dev/null
run_ok "invite acme" "$C" case invite "$CASE" --org acme --key gtriage.key >/dev/null
run_ok "acme ack" "$C" case ack "$CASE" --participant acme --channel coordinator \
	--key aadmin.key >/dev/null

step "multi-party embargo: GSMA proposes, ZTE accepts"
END=$(date -u -d '+60 days' +%Y-%m-%dT12:00:00Z)
run_ok "embargo propose" "$C" embargo propose "$CASE" --end "$END" --key gtriage.key >/dev/null
expect_case "$CASE" em proposed
expect_refused "the proposer's party accepts" 1 UNAUTHORIZED "proposer" \
	"$C" embargo accept "$CASE" --key gops.key
run_ok "embargo accept" "$C" embargo accept "$CASE" --key zadmin.key >/dev/null
expect_case "$CASE" em active
show=$(run_ok "case show" "$C" case show "$CASE" --key zmember.key)
grep -q "gtriage embargo proposed end_ms=${END%Z}.000Z" <<<"$show" || fail "case show lacks the embargo end $END"

step "ZTE lets GSMA read the report; acme does not read it"
"$C" case show "$CASE" --key gtriage.key >g0.txt || fail "case show by gsma"
grep -q '^  description (entry '"$CASE"'): not a reader$' g0.txt || fail "gsma reads before a grant"
for f in description products; do
	run_ok "grant $f" "$C" case grant "$CASE" --field "$f" --reader "$(cat gtriage.key.pub)" \
		--key zadmin.key >/dev/null
done
"$C" case show "$CASE" --key gtriage.key >g.txt || fail "case show by gsma"
grep -A1 '^  description (entry '"$CASE"'):$' g.txt | grep -q 'NAS downgrade' ||
	fail "gsma cannot read the granted description: $(cat g.txt)"
grep -q '^  exploits (entry '"$CASE"'): not a reader$' g.txt || fail "gsma reads a field not granted"
"$C" case show "$CASE" --key aadmin.key >a.txt || fail "case show by acme"
grep -q 'NAS downgrade' a.txt && fail "acme reads the description"
grep -q '^  description (entry '"$CASE"'): not a reader$' a.txt || fail "acme: $(cat a.txt)"

step "bounty decided, disputed, answered, escalated, resolved by GSMA"
run_ok "bounty" "$C" bounty decide "$CASE" --programme "Bug Bounty Program for ZTE Products" \
	--amount 50000 --currency USD --key zadmin.key >/dev/null
out=$(run_ok "dispute open" "$C" dispute open "$CASE" --topic bounty \
	--statement "a remote interception bug is worth more than USD 500" --key reporter.key)
DISPUTE=$(sed -n 's/^dispute //p' <<<"$out")
[ -n "$DISPUTE" ] || fail "dispute open printed no index: $out"
expect_refused "the opener answers its own dispute" 1 UNAUTHORIZED "opened" \
	"$C" dispute respond "$CASE" "$DISPUTE" --statement "me again" --key reporter.key
run_ok "dispute respond" "$C" dispute respond "$CASE" "$DISPUTE" \
	--statement "the amount follows the published table" --key zadmin.key >/dev/null
run_ok "dispute escalate" "$C" dispute escalate "$CASE" "$DISPUTE" --to gsma \
	--key reporter.key >/dev/null
expect_refused "the vendor resolves an escalated dispute" 1 UNAUTHORIZED "gsma" \
	"$C" dispute resolve "$CASE" "$DISPUTE" --outcome rejected --statement "no" --key zadmin.key
run_ok "dispute resolve" "$C" dispute resolve "$CASE" "$DISPUTE" --outcome settled \
	--statement "raised to USD 1500 under the standards-issue rule" --key gtriage.key >/dev/null
expect_refused "resolve twice" 1 INVALID_TRANSITION "resolved already" \
	"$C" dispute resolve "$CASE" "$DISPUTE" --outcome upheld --statement "again" --key gtriage.key
run_ok "bounty again" "$C" bounty decide "$CASE" --programme "Bug Bounty Program for ZTE Products" \
	--amount 150000 --currency USD --key zadmin.key >/dev/null

step "fix, embargo terminated, SA with CVE"
run_ok "fix plan" "$C" case fix-plan "$CASE" --plan "reject downgraded NAS in SMF 3.1.2" \
	--key zmember.key >/dev/null
run_ok "fix ready" "$C" case fix-ready "$CASE" --key zmember.key >/dev/null
run_ok "embargo terminate" "$C" embargo terminate "$CASE" --reason "coordinated release day" \
	--key gtriage.key >/dev/null
expect_refused "an embargo after the embargo ended" 1 INVALID_TRANSITION "EM" \
	"$C" embargo propose "$CASE" --end "$END" --key zadmin.key
cat >sa.txt <<'EOT'
ZTE-SA-2026-0042: NAS downgrade in ZXR10 5G core SMF. Fixed in 3.1.2.
EOT
run_ok "SA" "$C" advisory publish "$CASE" --kind SA --id ZTE-SA-2026-0042 \
	--url https://support.zte.com.cn/support/news/LoopholeInfoDetail.aspx?newsId=1042 \
	--cve CVE-2026-50042 --cvss "$ZTE_CVSS" --cwe CWE-757 --credit "Bob, Radio Research" \
	--text sa.txt --key zadmin.key >/dev/null

step "a customer-reported incident linked to the case (ZTE PSIRT handles those too)"
run_ok "incident" "$C" product incident --org zte --product "ZXR10 5G core" \
	--details "operator saw downgraded NAS sessions in the field" --case "$CASE" \
	--key zmember.key >/dev/null
expect_refused "an incident filed by another vendor for ZTE" 1 UNAUTHORIZED "only a member of vendor org zte" \
	"$C" product incident --org zte --product "ZXR10 5G core" --details "x" --key aadmin.key

step "case show and case list"
show=$(run_ok "case show" "$C" case show "$CASE" --key reporter.key)
echo "$show"
expect_timeline "$show" "report submitted" acknowledged validated accepted "participant invited" \
	"participant invited" acknowledged "embargo proposed" "embargo accepted" \
	"confidentiality decision" "confidentiality decision" "bounty decided" "dispute opened" \
	"dispute response" "dispute escalated" "dispute resolved" "bounty decided" "fix plan ready" \
	"fix ready" "embargo terminated" "advisory published"
grep -qF "$REPORTER_CVSS" <<<"$show" || fail "case show lacks the reporter's CVSS"
grep -qF "$ZTE_CVSS" <<<"$show" || fail "case show lacks ZTE's CVSS"
grep -q 'CVE-2026-50042' <<<"$show" || fail "case show lacks the CVE"
grep -q 'CWE-757' <<<"$show" || fail "case show lacks the CWE"
grep -q gsma <<<"$show" || fail "case show lacks gsma"
grep -q acme <<<"$show" || fail "case show lacks acme"
# The dispute's life, from the timeline: opened, answered, escalated, resolved.
grep -Eq "^$DISPUTE [^ ]+ reporter dispute opened topic=bounty " <<<"$show" || fail "dispute opened"
grep -Eq "^[0-9]+ [^ ]+ zadmin dispute response dispute=$DISPUTE " <<<"$show" || fail "dispute response"
grep -Eq "^[0-9]+ [^ ]+ reporter dispute escalated dispute=$DISPUTE coordinator=gsma$" <<<"$show" ||
	fail "dispute escalated"
grep -Eq "^[0-9]+ [^ ]+ gtriage dispute resolved dispute=$DISPUTE outcome=settled " <<<"$show" ||
	fail "dispute resolved"
[ "$(grep -c "dispute=$DISPUTE" <<<"$show")" = 3 ] || fail "not 3 steps on dispute $DISPUTE"
"$C" case list
expect_case "$CASE" vendor zte
expect_case "$CASE" rm accepted
expect_case "$CASE" em exited
expect_case "$CASE" flags VFP
echo "seed_zte: ok ($(($(date +%s) - T0)) s)"
