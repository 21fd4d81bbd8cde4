#!/usr/bin/env bash
# roster_lie.sh: the client checks the node's roster answer against the
# entries that made it (lib/rosterproof.c) before it seals anything to the
# vendor's members. A relay (tests/integration/wire.py liar) stands in for a
# lying node: it adds a member "mallory" with a key of its own to org acme
# in the roster text, or leaves out the entries. `report submit` through it
# is refused by the client before anything is sent (the log does not grow
# and mallory's key is in no sealed payload), and so are `roster show` and
# `regulator status`. Control: the same commands straight to the node work,
# and mallory reads nothing. A second log under the same origin and roster
# but with another node key is refused under the first log's policy (its
# genesis is not signed by a node key of the policy).
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T0=$(date +%s)
LIE="the node's roster does not follow from the log"

# liar MODE: the lying relay in front of the node; sets LIAR.
liar() {
	wire_start liar "$1" "$(cat mallory.key.pub)"
	LIAR=$WIRE_ADDR
}

node_stop() {
	kill -INT "$NODE_PID"
	wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
}

report() { # report VIA
	"$C" --node "$1" report submit --vendor acme --channel email --contact "r@example.org" \
		--products "gw 1.0" --description "the secret" --exploits none \
		--disclosure-plans none --additional none --key reporter.key
}

step "roster: vendor acme with one admin; a node"
for k in aadmin reporter mallory; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org acme vendor
	member admin admin $(cat aadmin.key.pub)
EOT
cvd_node n1 lie.example/log body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy
run_ok "a roster change by acme's admin" "$C" roster add-member acme bob member \
	"$(cat reporter.key.pub)" --key aadmin.key >/dev/null
run_ok "a second roster change" "$C" roster remove-member acme bob --key aadmin.key >/dev/null
shown=$(run_ok "roster show, straight" "$C" roster show)
grep -q "$(cat aadmin.key.pub)" <<<"$shown" || fail "roster show lacks acme's admin: $shown"

for mode in add-member drop-entries; do
	step "a relay that lies about the roster ($mode): refused by the client"
	liar $mode
	if [ $mode = add-member ]; then
		want="the roster text is not what its entries give"
	else
		want="no roster entries were sent"
	fi
	expect_client_refused "report submit through the liar" 1 "$LIE: $want" report "$LIAR"
	expect_client_refused "roster show through the liar" 1 "$LIE: $want" \
		"$C" --node "$LIAR" roster show
	expect_client_refused "regulator status through the liar" 1 "$LIE: $want" \
		"$C" --node "$LIAR" regulator status
	wire_stop
done

step "control: straight to the node, the report is sealed to acme's admin and the reporter"
before=$(log_size)
out=$(run_ok "report submit, straight" report "$NODE_ADDR")
CASE=$(sed -n 's/^case //p' <<<"$out")
[ -n "$CASE" ] || fail "report submit gave no case id: $out"
[ "$(log_size)" -eq $((before + 1)) ] || fail "the log did not grow by one"
show=$(run_ok "case show" "$C" case show "$CASE" --key aadmin.key)
grep -qF "the secret" <<<"$show" || fail "acme's admin cannot read the report: $show"
grep -qF "$(cat mallory.key.pub)" <<<"$show" && fail "mallory is a reader: $show"
node_stop

step "another log under the same origin and roster, another node key: refused with n1's policy"
cvd_node n2 lie.example/log body
node_start n2
expect_client_refused "report submit to n2 with n1's policy" 1 \
	"$LIE: the genesis is not signed by a node key of the trust policy" report "$NODE_ADDR"
expect_client_refused "roster show of n2 with n1's policy" 1 \
	"$LIE: the genesis is not signed by a node key of the trust policy" "$C" roster show
run_ok "roster show of n2 with its own policy" "$C" roster show --policy n2/policy >/dev/null
node_stop

echo "roster_lie: ok ($(($(date +%s) - T0)) s)"
