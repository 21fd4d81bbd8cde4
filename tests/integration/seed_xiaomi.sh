#!/usr/bin/env bash
# seed_xiaomi.sh: seed 000 (Xiaomi) end to end through the cvdlog client
# only. A researcher outside the roster reports by email with the six
# fields the page asks for; the vendor acknowledges within 48 h, assigns,
# verifies (exploitability, impact, CVSS v3.1, CWE), accepts, plans and
# readies a fix, confirms the scope, publishes an SA (CVE, CVSS, CWE,
# SHA-256 of the text, disclosing the description), deploys the fix and
# closes the case as fixed. Checks: the timeline and state in `case show`
# and `case list`; the reporter's proof verifies offline and shows the
# description, tampered proofs fail; the node's data dir does not hold the
# description in plaintext, nor does `case show` without a key print it,
# until the SA discloses it; after that anyone reads it.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
O=xiaomi.example/log
T0=$(date +%s)

step "roster and node"
"$C" keygen li.wei@xiaomi --out xadmin.key >/dev/null
"$C" keygen chen.jing@xiaomi --out xmember.key >/dev/null
"$C" keygen researcher --out reporter.key >/dev/null
cat >body <<EOT
org xiaomi vendor
	display Xiaomi PSIRT (Xiaomi Security Center)
	policy ack 48h
	member li.wei admin $(cat xadmin.key.pub)
	member chen.jing member $(cat xmember.key.pub)
EOT
cvd_node n1 "$O" body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy
[ "$(log_size)" = 1 ] || fail "a new log holds $(log_size) entries"
roster=$(run_ok "roster show" "$C" roster show)
grep -q '^policy ack 48h$' <<<"$roster" || fail "roster: no 48 h ack policy: $roster"
grep -qF "$(cut -d+ -f3 reporter.key.pub)" <<<"$roster" && fail "the reporter is in the roster"

step "report by email with the six fields"
MARK=$(od -An -tx1 -N12 /dev/urandom | tr -d ' \n')
SECRET="AX9000 httpd stack overflow via a crafted Host header ($MARK)"
out=$(run_ok "report submit" "$C" report submit --vendor xiaomi --channel email \
	--contact "Alice Researcher, Example Labs <alice@example.org>" \
	--products "Xiaomi Router AX9000 firmware 1.0.140" \
	--description "$SECRET" \
	--exploits "a PoC exists, not published" \
	--disclosure-plans "blog post after the SA" \
	--additional "found while fuzzing" \
	--key reporter.key --receipt report.tlog-proof)
CASE=$(sed -n 's/^case //p' <<<"$out")
[ -n "$CASE" ] || fail "report submit printed no case id: $out"
[ "$CASE" = 1 ] || fail "the first case is not entry 1: $CASE"
[ -s report.tlog-proof ] || fail "no receipt written"
"$C" verify report.tlog-proof --policy n1/policy >/dev/null || fail "report receipt does not verify"

step "acknowledged within 48 h, assigned, validated, accepted"
run_ok "ack" "$C" case ack "$CASE" --channel email --key xmember.key >/dev/null
run_ok "assign" "$C" case assign "$CASE" --assignee chen.jing --key xadmin.key >/dev/null
run_ok "validate" "$C" case validate "$CASE" --exploitability "remote, unauthenticated, LAN side" \
	--impact "code execution as root" \
	--cvss "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" --cwe CWE-121 \
	--key xmember.key >/dev/null
run_ok "accept" "$C" case accept "$CASE" --key xmember.key >/dev/null

step "fix plan, fix ready, scope"
run_ok "fix plan" "$C" case fix-plan "$CASE" --plan "bounds check in the Host parser, firmware 1.0.168" \
	--key xmember.key >/dev/null
run_ok "fix ready" "$C" case fix-ready "$CASE" --key xmember.key >/dev/null
run_ok "scope" "$C" case scope "$CASE" --products "AX9000 1.0.140 and earlier; AX6000 1.0.55" \
	--key xadmin.key >/dev/null

step "no plaintext description in the node's data dir before the SA"
echo "$SECRET" >secret.txt
grep -qaF "$MARK" secret.txt || fail "the grep itself is broken"
if grep -rlaF "$MARK" n1; then fail "the node's data dir holds the plaintext description"; fi
"$C" case show "$CASE" >anon.txt 2>&1 || fail "case show without a key: $(cat anon.txt)"
grep -qF "$MARK" anon.txt && fail "case show without a key shows the sealed description"

step "SA with CVE, CVSS, CWE, text hash, disclosing the description"
cat >sa.txt <<'EOT'
XIAOMI-SA-2026-0001: stack overflow in the AX9000 web server.
Affected: AX9000 1.0.140 and earlier. Fixed in 1.0.168.
EOT
run_ok "advisory publish" "$C" advisory publish "$CASE" --kind SA --id XIAOMI-SA-2026-0001 \
	--url https://trust.mi.com/misrc/bulletins/advisory?cveId=CVE-2026-31337 \
	--cve CVE-2026-31337 --cvss "CVSS:3.1/AV:A/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" --cwe CWE-121 \
	--text sa.txt --disclose description --key xadmin.key >/dev/null

step "fix deployed, closed as fixed"
run_ok "fix deployed" "$C" case fix-deployed "$CASE" --key xmember.key >/dev/null
run_ok "close" "$C" case close "$CASE" --reason fixed --key xadmin.key >/dev/null
[ "$(log_size)" = 12 ] || fail "log size $(log_size), want 12 (genesis + 11 case events)"

step "case show: timeline and state"
show=$(run_ok "case show" "$C" case show "$CASE" --key xmember.key)
echo "$show"
expect_timeline "$show" "report submitted" acknowledged assigned validated accepted \
	"fix plan ready" "fix ready" "scope confirmed" "advisory published" "fix deployed" "case closed"
grep -q 'CVE-2026-31337' <<<"$show" || fail "case show lacks the CVE"
grep -q 'CWE-121' <<<"$show" || fail "case show lacks the CWE"
grep -q 'XIAOMI-SA-2026-0001' <<<"$show" || fail "case show lacks the advisory id"
grep -qF "$SECRET" <<<"$show" || fail "the vendor member does not read the description"
# The SA opened the description: now anyone reads it, from the log.
"$C" case show "$CASE" >anon.txt 2>&1 || fail "case show without a key: $(cat anon.txt)"
grep -qF "$SECRET" anon.txt || fail "the description disclosed by the SA is not public: $(cat anon.txt)"

step "acknowledged within 48 h of the report"
# The report's and the acknowledgement's times, from the timeline lines.
# Timeline lines are "INDEX TIME SIGNER KIND FIELDS".
t_report=$(awk -v c="$CASE" '$1 == c && $4 == "report" && $5 == "submitted" { print $2 }' <<<"$show")
t_ack=$(awk '$4 == "acknowledged" && $3 == "chen.jing@xiaomi" { print $2 }' <<<"$show")
[ -n "$t_report" ] && [ -n "$t_ack" ] || fail "no report or no ack by the xiaomi member on the timeline"
d=$(($(date -ud "$t_ack" +%s) - $(date -ud "$t_report" +%s)))
[ "$d" -ge 0 ] && [ "$d" -lt $((48 * 3600)) ] || fail "ack $d s after the report"

step "case list"
list=$(run_ok "case list" "$C" case list)
echo "$list"
expect_case "$CASE" vendor xiaomi
expect_case "$CASE" rm closed
expect_case "$CASE" em none
expect_case "$CASE" flags VFDP
expect_case "$CASE" events 11

step "the reporter's proof verifies offline and shows the description"
run_ok "report prove" "$C" report prove "$CASE" --key reporter.key --out proof.txt >/dev/null
[ -s proof.txt ] || fail "no proof file"
v=$(run_ok "verify proof" "$C" verify proof.txt --policy n1/policy)
grep -qF "$SECRET" <<<"$v" || fail "verify does not print the description: $v"
# Tamper: another plaintext for the description opening.
"$PY" - proof.txt bad-open.txt <<'PY'
import sys, base64
lines = open(sys.argv[1]).read().split("\n")
for i, l in enumerate(lines):
    f = l.split(" ")
    if f[0] == "opening" and f[1] == "description":
        p = base64.b64decode(f[3])
        f[3] = base64.b64encode(p.replace(b"overflow", b"underflow")).decode()
        lines[i] = " ".join(f)
open(sys.argv[2], "w").write("\n".join(lines))
PY
cmp -s proof.txt bad-open.txt && fail "tamper did not change the proof"
expect_fail "verify a proof with a changed plaintext" "$C" verify bad-open.txt --policy n1/policy
grep -q "opening description: the salt and plaintext do not match the report's commitment" "$WORK/out" ||
	fail "verify bad-open.txt: $(cat "$WORK/out")"
grep -qF "$SECRET" "$WORK/out" && fail "verify printed a field of an invalid proof"
# Tamper: one character of the receipt's entry.
awk '/^extra / && !done { c = substr($0, 20, 1); $0 = substr($0, 1, 19) (c == "A" ? "B" : "A") substr($0, 21); done = 1 } { print }' \
	proof.txt >bad-receipt.txt
cmp -s proof.txt bad-receipt.txt && fail "tamper did not change the receipt"
expect_fail "verify a proof with a changed receipt" "$C" verify bad-receipt.txt --policy n1/policy
grep -q 'bad-receipt.txt: INVALID' "$WORK/out" || fail "verify bad-receipt.txt: $(cat "$WORK/out")"
echo "tampered receipt: $(cat "$WORK/out")"
# The report's own receipt under another log's policy fails too.
node_init other other.example/log
expect_fail "verify the proof under another log's policy" "$C" verify proof.txt --policy other/policy

echo "seed_xiaomi: ok ($(($(date +%s) - T0)) s)"
