#!/usr/bin/env bash
# rules_negative.sh: one refusal per rule of docs/cases.md, driven through
# the cvdlog client against a real node. A refusal by the node is checked
# for the exit status, the typed error, a fragment of the message naming the
# rule, and that the log did not grow (`cvdlog status`). Between the
# refusals the cases are moved on with commands that must succeed, so each
# refusal is the only thing wrong with its command.
#
# Where the client checks a field before it sends anything (CVE, CWE and
# CVSS syntax, an unknown vendor, a zero bounty, a malformed date, a field
# the case lacks) the node never sees the event: those are checked as
# client refusals (exit 1, the flag named, no "node refused", the log
# unchanged). The node's own checks of those fields are covered by
# tests/unit/test_cases.c.
#
# Not expressible with the client, so not here (tests/unit/test_cases.c and
# test_workflow.c cover them): an opening that does not match its
# commitment (the client builds every opening from the payload it opens), a
# grant by a key that is not a reader (the node refuses its fetch first,
# checked below), and a replayed fetch challenge (the client answers each
# challenge it asks for).
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
O=rules.example/log
T0=$(date +%s)

step "roster: acme (embargo at most 30 days, CVSS required), beta, a coordinator"
for k in aadmin amember badmin cops reporter stranger; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org acme vendor
	policy embargo-max 30d
	policy cvss required
	member admin admin $(cat aadmin.key.pub)
	member dev member $(cat amember.key.pub)
org beta vendor
	member admin admin $(cat badmin.key.pub)
org cert coordinator
	member ops admin $(cat cops.key.pub)
EOT
cvd_node n1 "$O" body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy

SECRET="acme gateway auth bypass, sealed text $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"
submit() { # submit DESCRIPTION: prints the new case id
	"$C" report submit --vendor acme --channel email --contact "r@example.org" \
		--products "gw 1.0" --description "$1" --exploits none --disclosure-plans none \
		--additional none --key reporter.key | sed -n 's/^case //p'
}

step "report submitted: malformed fields"
expect_client_refused "report for an unknown vendor" 1 'vendor org "nosuch" is not in the node' \
	"$C" report submit --vendor nosuch --channel email --contact c --products p \
	--description d --exploits e --disclosure-plans p --additional a --key reporter.key
expect_client_refused "report with a malformed reporter CVSS" 1 "--cvss" \
	"$C" report submit --vendor acme --channel email --contact c --products p \
	--description d --exploits e --disclosure-plans p --additional a \
	--cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H" --key reporter.key
expect_refused "report with a planned disclosure in the past" 1 BAD_REQUEST "planned_disclosure" \
	"$C" report submit --vendor acme --channel email --contact c --products p \
	--description d --exploits e --disclosure-plans p --additional a \
	--planned-disclosure 2020-01-01 --key reporter.key

A=$(submit "$SECRET")
[ -n "$A" ] || fail "report submit gave no case id"

step "wrong role"
expect_refused "the reporter acknowledges" 1 UNAUTHORIZED "only a member of vendor org acme" \
	"$C" case ack "$A" --channel email --key reporter.key
expect_refused "a stranger acknowledges" 1 UNAUTHORIZED "only a member of vendor org acme" \
	"$C" case ack "$A" --channel email --key stranger.key
run_ok "ack" "$C" case ack "$A" --channel email --key amember.key >/dev/null
expect_refused "a second acknowledgement" 1 INVALID_TRANSITION "acknowledged already" \
	"$C" case ack "$A" --channel log --key aadmin.key
expect_refused "a member of another vendor validates" 1 UNAUTHORIZED "only a member of vendor org acme" \
	"$C" case validate "$A" --exploitability remote --impact rce --key badmin.key
expect_refused "a stranger opens a dispute" 1 UNAUTHORIZED "only a party to the case" \
	"$C" dispute open "$A" --topic validity --statement "let me in" --key stranger.key
expect_refused "a coordinator not on the case records conduct" 1 UNAUTHORIZED \
	"coordinator on the case" \
	"$C" case conduct "$A" --activity service-disruption --details "DoS on prod" --key cops.key
expect_refused "assignee not a member" 1 BAD_REQUEST "is not a member of acme" \
	"$C" case assign "$A" --assignee nobody --key aadmin.key

step "illegal transitions"
expect_refused "accept before validate" 1 INVALID_TRANSITION "RM: received -> accepted is not a transition" \
	"$C" case accept "$A" --key amember.key
expect_refused "close fixed from received" 1 INVALID_TRANSITION \
	"RM: received -> closed is not a transition" \
	"$C" case close "$A" --reason fixed --key amember.key
expect_refused "fix ready before accepted" 1 INVALID_TRANSITION "F needs the vendor in RM accepted" \
	"$C" case fix-ready "$A" --key amember.key
expect_refused "fix deployed before fix ready" 1 INVALID_TRANSITION "D needs F" \
	"$C" case fix-deployed "$A" --key amember.key
expect_refused "duplicate of a later case" 1 BAD_REQUEST "is not an earlier case" \
	"$C" case duplicate "$A" --of 999 --key amember.key

step "advisories before validation, and malformed ids and vectors"
echo "ACME-SA-1: gateway auth bypass" >sa.txt
CVSS31="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"
expect_refused "SA before validation" 1 INVALID_TRANSITION "an SA needs a validated case" \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "$CVSS31" --text sa.txt --key aadmin.key
expect_client_refused "validate with a malformed CVSS v3.1 vector (A missing)" 1 "--cvss" \
	"$C" case validate "$A" --exploitability remote --impact rce \
	--cvss "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H" --key amember.key
expect_client_refused "validate with a malformed CVSS v3.1 vector (bad value)" 1 "--cvss" \
	"$C" case validate "$A" --exploitability remote --impact rce \
	--cvss "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" --key amember.key
expect_client_refused "validate with a CVSS v4.0 vector out of order" 1 "--cvss" \
	"$C" case validate "$A" --exploitability remote --impact rce \
	--cvss "CVSS:4.0/AC:L/AV:N/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" --key amember.key
expect_client_refused "validate with a malformed CWE" 1 '--cwe: "CWE-0123" is not valid' \
	"$C" case validate "$A" --exploitability remote --impact rce --cwe CWE-0123 --key amember.key
expect_refused "validate without exploitability" 1 BAD_REQUEST "exploitability" \
	"$C" case validate "$A" --exploitability "" --impact rce --key amember.key
run_ok "validate (v4.0)" "$C" case validate "$A" --exploitability remote --impact rce \
	--cvss "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N" --cwe CWE-287 \
	--key amember.key >/dev/null
expect_refused "SA without CVSS under cvss required" 1 BAD_REQUEST "requires a CVSS vector on an SA" \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--text sa.txt --key aadmin.key
expect_client_refused "SA with a malformed CVE (leading zero)" 1 '--cve: "CVE-2026-01234" is not valid' \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "$CVSS31" --cve CVE-2026-01234 --text sa.txt --key aadmin.key
expect_client_refused "SA with a malformed CVE (short year)" 1 '--cve: "CVE-26-1234" is not valid' \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "$CVSS31" --cve CVE-26-1234 --text sa.txt --key aadmin.key
expect_client_refused "SA with a malformed CWE" 1 '--cwe: "CWE-123456" is not valid' \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "$CVSS31" --cwe CWE-123456 --text sa.txt --key aadmin.key
expect_client_refused "SA with a malformed CVSS v3.1 vector" 1 "--cvss" \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H" --text sa.txt --key aadmin.key
expect_client_refused "SA with a malformed CVSS v4.0 vector" 1 "--cvss" \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N" --text sa.txt --key aadmin.key
expect_refused "SA with a non-http URL" 1 BAD_REQUEST "url" \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url ftp://acme.example/sa/1 \
	--cvss "$CVSS31" --text sa.txt --key aadmin.key
expect_refused "SA by another vendor" 1 UNAUTHORIZED "only a member of vendor org acme" \
	"$C" advisory publish "$A" --kind SA --id ACME-SA-1 --url https://acme.example/sa/1 \
	--cvss "$CVSS31" --text sa.txt --key badmin.key

step "embargoes: no valid end, too long, after public aware"
expect_refused "embargo ending in the past" 1 BAD_REQUEST "an embargo needs an end in the future" \
	"$C" embargo propose "$A" --end 2020-01-01 --key amember.key
expect_refused "embargo longer than the policy maximum" 1 BAD_REQUEST \
	"longer than the policy's maximum embargo of 30 days" \
	"$C" embargo propose "$A" --end "$(date -u -d '+45 days' +%F)" --key amember.key
expect_refused "embargo terminated while none" 1 INVALID_TRANSITION "EM" \
	"$C" embargo terminate "$A" --key amember.key
expect_refused "embargo accepted while none" 1 INVALID_TRANSITION "EM" \
	"$C" embargo accept "$A" --key reporter.key
run_ok "public aware" "$C" case public-aware "$A" --key reporter.key >/dev/null
expect_refused "embargo after public aware" 1 INVALID_TRANSITION "no embargo propose once P is on" \
	"$C" embargo propose "$A" --end "$(date -u -d '+10 days' +%F)" --key amember.key
expect_refused "public aware twice" 1 INVALID_TRANSITION "P is already on" \
	"$C" case public-aware "$A" --key reporter.key

step "a second case: attacks observed forbid a new embargo; the proposer may not accept"
B=$(submit "second report $RANDOM")
[ -n "$B" ] || fail "no second case"
run_ok "propose" "$C" embargo propose "$B" --end "$(date -u -d '+20 days' +%F)" --key reporter.key >/dev/null
expect_refused "the proposer accepts its own proposal" 1 UNAUTHORIZED "proposer" \
	"$C" embargo accept "$B" --key reporter.key
run_ok "reject" "$C" embargo reject "$B" --key amember.key >/dev/null
run_ok "attacks observed" "$C" case attacks-observed "$B" --key amember.key >/dev/null
expect_refused "embargo after attacks observed" 1 INVALID_TRANSITION "no new embargo once A is on" \
	"$C" embargo propose "$B" --end "$(date -u -d '+20 days' +%F)" --key amember.key

step "roster changes: only an org's admin, within the roster rules"
expect_refused "a vendor member (not admin) sets a policy" 1 UNAUTHORIZED "only an admin of org acme may change it" \
	"$C" roster set-policy acme embargo-max 60d --key amember.key
expect_refused "another org's admin sets a policy" 1 UNAUTHORIZED "only an admin of org acme may change it" \
	"$C" roster set-policy acme embargo-max 60d --key badmin.key
expect_refused "a policy beyond the maximum" 1 BAD_REQUEST "longer than the maximum of 10y" \
	"$C" roster set-policy acme embargo-max 11y --key aadmin.key
expect_refused "removing the last admin" 1 BAD_REQUEST "is the last admin of org \"acme\"" \
	"$C" roster remove-member acme admin --key aadmin.key
expect_client_refused "an embargo end that is not a date" 1 "is not a date" \
	"$C" embargo propose "$A" --end 2026-13-01 --key amember.key
# The admin raises the maximum; the 45-day embargo refused above is now fine.
run_ok "set embargo-max 60d" "$C" roster set-policy acme embargo-max 60d --key aadmin.key >/dev/null
"$C" roster show | grep -q '^policy embargo-max 60d$' || fail "roster show: no embargo-max 60d"
E=$(submit "third report $RANDOM")
run_ok "45-day embargo under the new policy" "$C" embargo propose "$E" \
	--end "$(date -u -d '+45 days' +%F)" --key amember.key >/dev/null
expect_refused "a 75-day embargo under the new policy" 1 BAD_REQUEST "maximum embargo of 60 days" \
	"$C" embargo propose "$E" --end "$(date -u -d '+75 days' +%F)" --key reporter.key
expect_case "$E" em proposed

step "case flags: X turns P on, a pending proposal cannot be accepted then, V must come next"
run_ok "exploit public" "$C" case exploit-public "$E" --reference https://exploit.example/1 \
	--key reporter.key >/dev/null
expect_case "$E" flags PX
expect_refused "accept a pending embargo once X and P are on" 1 INVALID_TRANSITION \
	"no embargo accept once P is on" "$C" embargo accept "$E" --key reporter.key
expect_refused "fix ready while the vendor, unaware when P came on, has not recorded V" 1 \
	INVALID_TRANSITION "V must come next" "$C" case fix-ready "$E" --key aadmin.key
run_ok "embargo rejected" "$C" embargo reject "$E" --key aadmin.key >/dev/null
run_ok "ack records V" "$C" case ack "$E" --channel email --key aadmin.key >/dev/null
expect_case "$E" flags VPX
expect_refused "exploit public twice" 1 INVALID_TRANSITION "X is already on" \
	"$C" case exploit-public "$E" --key aadmin.key

step "an embargo whose end passed is exited, and exited is final"
F=$(submit "fourth report $RANDOM")
end=$(($(date +%s) + 4))
run_ok "short embargo" "$C" embargo propose "$F" --end "$(date -u -d "@$end" +%Y-%m-%dT%H:%M:%SZ)" \
	--key reporter.key >/dev/null
run_ok "accepted" "$C" embargo accept "$F" --key amember.key >/dev/null
expect_case "$F" em active
while [ "$(date +%s)" -le "$end" ]; do sleep 0.5; done
expect_case "$F" em exited
expect_refused "a new embargo after the end passed" 1 INVALID_TRANSITION "EM: propose in exited is not a transition" \
	"$C" embargo propose "$F" --end "$(date -u -d '+10 days' +%F)" --key reporter.key
expect_refused "terminate an embargo whose end passed" 1 INVALID_TRANSITION "EM: terminate in exited" \
	"$C" embargo terminate "$F" --key amember.key

step "disputes"
out=$(run_ok "dispute open" "$C" dispute open "$A" --topic severity --statement "it is critical" \
	--key reporter.key)
D=$(sed -n 's/^dispute //p' <<<"$out")
[ -n "$D" ] || fail "dispute open printed no index: $out"
expect_refused "the opener answers its dispute" 1 UNAUTHORIZED "may not answer it" \
	"$C" dispute respond "$A" "$D" --statement "agreeing with myself" --key reporter.key
expect_refused "escalation to a vendor org" 1 BAD_REQUEST 'no coordinator org "beta"' \
	"$C" dispute escalate "$A" "$D" --to beta --key reporter.key
expect_refused "a dispute id that is not a dispute" 1 BAD_REQUEST "is not a dispute on this case" \
	"$C" dispute respond "$A" "$A" --statement "?" --key amember.key
expect_refused "withdrawn by the other party" 1 UNAUTHORIZED "only the party that opened a dispute may withdraw it" \
	"$C" dispute resolve "$A" "$D" --outcome withdrawn --statement "gone" --key amember.key
expect_client_refused "bounty with a zero amount" 1 "--amount: must be positive" \
	"$C" bounty decide "$A" --programme "acme bounty" --amount 0 --currency USD --key aadmin.key

step "openings (on case B, so case A stays sealed for the reader checks below)"
# The client builds every opening itself from the payload it fetches and
# opens (--disclose/--field), so it cannot send one that does not match its
# commitment: the node's "does not match its commitment" check is not
# reachable from the CLI (tests/unit cover it). What the CLI can reach:
echo "ACME-SN-2: notice" >sn.txt
expect_client_refused "disclose a field the case lacks" 1 'field "nosuchfield": no such commitment on case' \
	"$C" advisory publish "$B" --kind SN --id ACME-SN-2 --url https://acme.example/sn/2 \
	--text sn.txt --disclose nosuchfield --key aadmin.key
expect_refused "the same commitment opened twice in one advisory" 1 BAD_REQUEST \
	"opening 2: commitment opened twice" \
	"$C" advisory publish "$B" --kind SN --id ACME-SN-2 --url https://acme.example/sn/2 \
	--text sn.txt --disclose description --disclose description --key aadmin.key
run_ok "SN disclosing B's description" "$C" advisory publish "$B" --kind SN --id ACME-SN-2 \
	--url https://acme.example/sn/2 --text sn.txt --disclose description --key aadmin.key >/dev/null
expect_refused "the same advisory id again" 1 BAD_REQUEST "advisory id ACME-SN-2 is published on this case already" \
	"$C" advisory publish "$B" --kind SN --id ACME-SN-2 --url https://acme.example/sn/2 \
	--text sn.txt --key aadmin.key
expect_refused "declassify a field that is public" 1 INVALID_TRANSITION "description is public already" \
	"$C" case declassify "$B" --field description --key reporter.key
# A coordinator on the case who was granted a field reads it, but may not
# declassify it: only the vendor or the reporter may.
run_ok "invite cert" "$C" case invite "$B" --org cert --key aadmin.key >/dev/null
run_ok "grant contact to cert" "$C" case grant "$B" --field contact --reader "$(cat cops.key.pub)" \
	--key reporter.key >/dev/null
expect_refused "a coordinator declassifies" 1 UNAUTHORIZED \
	"only a member of vendor org acme or the case's reporter may do this" \
	"$C" case declassify "$B" --field contact --key cops.key
expect_refused "a non-reader declassifies (its fetch is refused)" 1 UNAUTHORIZED "not authorized" \
	"$C" case declassify "$B" --field exploits --key stranger.key

step "a reader not listed on a payload gets nothing"
size=$(log_size)
"$C" case show "$A" --key stranger.key >stranger.txt 2>&1 || true
grep -qF "$SECRET" stranger.txt && fail "a stranger read the sealed description"
grep -q '^  description (entry '"$A"'): not a reader$' stranger.txt || fail "stranger: $(cat stranger.txt)"
"$C" case show "$A" --key badmin.key >beta.txt 2>&1 || true
grep -qF "$SECRET" beta.txt && fail "another vendor read the sealed description"
grep -q '^  description (entry '"$A"'): not a reader$' beta.txt || fail "beta: $(cat beta.txt)"
"$C" case show "$A" --key amember.key >member.txt 2>&1 || fail "case show by a member: $(cat member.txt)"
grep -qF "$SECRET" member.txt || fail "a vendor member cannot read the description: $(cat member.txt)"
"$C" case show "$A" --key reporter.key | grep -qF "$SECRET" || fail "the reporter cannot read it"
[ "$(log_size)" = "$size" ] || fail "reading changed the log"
expect_fail "report prove by a stranger" "$C" report prove "$A" --key stranger.key --out s.proof
[ ! -e s.proof ] || fail "a stranger got a proof file"

step "grant: a key that is not a reader cannot fetch the payload to re-seal it"
# The node refuses the fetch, so the grant event is never sent (the node's
# own "only a reader of F may grant it" check is not reachable from the CLI).
expect_refused "a stranger grants itself the description" 1 UNAUTHORIZED \
	"ask for a fresh challenge and sign it with a key listed on the payload" \
	"$C" case grant "$A" --field description --reader "$(cat stranger.key.pub)" --key stranger.key
expect_client_refused "grant to a key that reads already" 1 "already a reader" \
	"$C" case grant "$A" --field description --reader "$(cat amember.key.pub)" --key aadmin.key
echo "rules_negative: ok ($(($(date +%s) - T0)) s)"
