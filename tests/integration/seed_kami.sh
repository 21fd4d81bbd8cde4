#!/usr/bin/env bash
# seed_kami.sh: seed 001 (Kami) end to end through the cvdlog client only.
# Kami registers a camera model (security updates for at least 2 years
# after first shipment). A researcher reports through HackerOne; Kami
# acknowledges on that platform within 48 h and keeps the reporter posted
# with several progress updates. The issue is noted externally, so Kami
# publishes an SN before it has confirmed it (allowed before validation),
# then validates, plans the fix and publishes the SA (within 180 days of
# analysis and fix plan); the reporter records their own disclosure after
# the SA. Checks: the timeline and order in `case show`, the state and
# flags in `case list`, an SA is refused before validation but the SN is
# not, and every refusal leaves the log as it was.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
O=kami.example/log
T0=$(date +%s)

step "roster and node"
"$C" keygen psirt-lead@kami --out kadmin.key >/dev/null
"$C" keygen engineer@kami --out kmember.key >/dev/null
"$C" keygen h1-researcher --out reporter.key >/dev/null
cat >body <<EOT
org kami vendor
	display Kami Security Center
	policy ack 48h
	policy advisory 180d
	policy support-min 2y
	member psirt-lead admin $(cat kadmin.key.pub)
	member engineer member $(cat kmember.key.pub)
EOT
cvd_node n1 "$O" body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy

step "product with 2 years of security updates"
run_ok "product register" "$C" product register --org kami --model "Kami Indoor Camera Y30" \
	--first-shipment 2025-03-01 --support-end 2027-03-01 --key kadmin.key >/dev/null
expect_refused "a model registered twice" 1 BAD_REQUEST "is registered already" \
	"$C" product register --org kami --model "Kami Indoor Camera Y30" \
	--first-shipment 2025-03-01 --support-end 2028-03-01 --key kmember.key
expect_refused "a product registered by a non-member" 1 UNAUTHORIZED "only a member of vendor org kami" \
	"$C" product register --org kami --model "Kami Outdoor Camera" \
	--first-shipment 2025-03-01 --support-end 2028-03-01 --key reporter.key

step "report through HackerOne"
out=$(run_ok "report submit" "$C" report submit --vendor kami --channel hackerone \
	--contact "h1: @camhunter" --products "Kami Indoor Camera Y30 fw 5.2.1" \
	--description "RTSP stream readable without credentials on the LAN" \
	--exploits "trivial, VLC" --disclosure-plans "HackerOne disclosure after the fix" \
	--additional "none" --key reporter.key)
CASE=$(sed -n 's/^case //p' <<<"$out")
[ -n "$CASE" ] || fail "no case id: $out"

step "acknowledged on HackerOne, progress updates"
run_ok "ack" "$C" case ack "$CASE" --channel hackerone --key kmember.key >/dev/null
for i in 1 2 3; do
	run_ok "update $i" "$C" case update "$CASE" --channel hackerone \
		--summary "progress $i: analysis under way" --key kmember.key >/dev/null
done
# An email update as well: the page allows "platform ... or email".
run_ok "update by email" "$C" case update "$CASE" --channel email --summary "fix in testing" \
	--key kadmin.key >/dev/null

step "no SA before validation, but an SN"
cat >sn.txt <<'EOT'
KAMI-SN-2026-004: we are investigating reports of unauthenticated RTSP
access on Y30 cameras. Investigation in progress.
EOT
expect_refused "SA before validation" 1 INVALID_TRANSITION "an SA needs a validated case" \
	"$C" advisory publish "$CASE" --kind SA --id KAMI-SA-2026-004 \
	--url https://www.kamivision.com/security/KAMI-SA-2026-004 \
	--cvss "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N" --text sn.txt --key kadmin.key
run_ok "SN" "$C" advisory publish "$CASE" --kind SN --id KAMI-SN-2026-004 \
	--url https://www.kamivision.com/security/KAMI-SN-2026-004 --text sn.txt \
	--key kadmin.key >/dev/null
expect_case "$CASE" flags VP
expect_case "$CASE" rm received

step "validated, accepted, fix plan, fix ready"
run_ok "validate" "$C" case validate "$CASE" --exploitability "adjacent network, no auth" \
	--impact "video stream disclosure" --cvss "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N" \
	--cwe CWE-306 --key kmember.key >/dev/null
run_ok "accept" "$C" case accept "$CASE" --key kmember.key >/dev/null
run_ok "fix plan" "$C" case fix-plan "$CASE" --plan "RTSP auth on by default in 5.2.4" \
	--key kmember.key >/dev/null
run_ok "fix ready" "$C" case fix-ready "$CASE" --key kmember.key >/dev/null
run_ok "update released" "$C" case update-released "$CASE" --product "Kami Indoor Camera Y30" \
	--version 5.2.4 --key kadmin.key >/dev/null

step "SA, then the reporter's disclosure"
cat >sa.txt <<'EOT'
KAMI-SA-2026-004: unauthenticated RTSP access on Y30 cameras, fixed in 5.2.4.
EOT
run_ok "SA" "$C" advisory publish "$CASE" --kind SA --id KAMI-SA-2026-004 \
	--url https://www.kamivision.com/security/KAMI-SA-2026-004 --cve CVE-2026-40001 \
	--cvss "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N" --cwe CWE-306 \
	--credit "camhunter via HackerOne" --text sa.txt --key kadmin.key >/dev/null
cat >blog.txt <<'EOT'
Write-up: unauthenticated RTSP on Kami Y30 (CVE-2026-40001).
EOT
expect_refused "a vendor records the reporter's disclosure" 1 UNAUTHORIZED "reporter" \
	"$C" report disclosed "$CASE" --url https://hackerone.com/reports/2600001 --text blog.txt \
	--key kadmin.key
run_ok "reporter disclosed" "$C" report disclosed "$CASE" \
	--url https://hackerone.com/reports/2600001 --text blog.txt --disclose description \
	--key reporter.key >/dev/null

step "case show: every step, in order"
show=$(run_ok "case show" "$C" case show "$CASE" --key reporter.key)
echo "$show"
expect_timeline "$show" "report submitted" acknowledged "progress update" "progress update" \
	"progress update" "progress update" "advisory published" validated accepted "fix plan ready" \
	"fix ready" "security update released" "advisory published" "reporter disclosed"
grep -q ' advisory published kind=sn advisory_id=KAMI-SN-2026-004 ' <<<"$show" || fail "the SN line"
grep -q ' advisory published kind=sa advisory_id=KAMI-SA-2026-004 ' <<<"$show" || fail "the SA line"
[ "$(grep -c ' progress update channel=hackerone summary=sealed:summary$' <<<"$show")" = 3 ] ||
	fail "not 3 updates on HackerOne"
grep -q 'KAMI-SN-2026-004' <<<"$show" || fail "case show lacks the SN"
grep -q 'KAMI-SA-2026-004' <<<"$show" || fail "case show lacks the SA"
grep -q 'CVE-2026-40001' <<<"$show" || fail "case show lacks the CVE"
grep -q 'hackerone' <<<"$show" || fail "case show lacks the channel"

step "case list"
list=$(run_ok "case list" "$C" case list)
echo "$list"
expect_case "$CASE" vendor kami
expect_case "$CASE" rm accepted
expect_case "$CASE" em none
expect_case "$CASE" flags VFP
expect_case "$CASE" events 14
echo "seed_kami: ok ($(($(date +%s) - T0)) s)"
