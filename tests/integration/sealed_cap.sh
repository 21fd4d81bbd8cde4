#!/usr/bin/env bash
# sealed_cap.sh: the cap of 16 sealed payloads per submission
# (LEDGER_MAX_SEALED = CASES_MAX_COMMITS, node/server.c; docs/protocol.md
# 3.3). No cvdlog command sends more than 6, so a report submitted by cvdlog
# goes through tests/integration/wire.py's relay, which repeats its 6 sealed
# payloads (outside the signed event) up to a count. 17 and 100 are refused
# by the node with BAD_REQUEST "too many sealed payloads in one submission",
# and the log does not grow; 16 passes the cap and reaches the CVD rules,
# which refuse it for another reason ("16 sealed payloads sent for 6
# commitments"). Control: the same report relayed untouched is logged, and
# its sealed fields read back; the node stops cleanly (exit 0 under ASan).
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T0=$(date +%s)
CAP_MSG="too many sealed payloads in one submission"

# relay PADTO: wire.py's relay in front of the node, padding the sealed
# payloads of each submission to PADTO (0: untouched), its log in
# relay-PADTO.log; sets RELAY.
relay() {
	wire_start proxy "$1" "relay-$1.log"
	RELAY=$WIRE_ADDR
}

node_stop() {
	kill -INT "$NODE_PID"
	wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
}

# report VIA: cvdlog report submit with 6 sealed fields, through VIA.
report() {
	"$C" --node "$1" report submit --vendor acme --channel email --contact "r@example.org" \
		--products "gw 1.0" --description "$SECRET" --exploits none \
		--disclosure-plans none --additional none --key reporter.key
}

step "roster: vendor acme; a node"
for k in aadmin reporter; do
	"$C" keygen "$k" --out $k.key >/dev/null
done
cat >body <<EOT
org acme vendor
	member admin admin $(cat aadmin.key.pub)
EOT
cvd_node n1 cap.example/log body
node_start n1
export CVDLOG_POLICY=$WORK/n1/policy
SECRET="sealed description $(od -An -tx1 -N8 /dev/urandom | tr -d ' \n')"

for n in 17 100; do
	step "$n sealed payloads: refused by the cap, the log does not grow"
	relay $n
	expect_refused "a report with $n sealed payloads" 1 BAD_REQUEST "$CAP_MSG" report "$RELAY"
	grep -qx "cvdlog: node refused: BAD_REQUEST: $CAP_MSG" "$WORK/err" ||
		fail "not the documented refusal: $(cat "$WORK/err")"
	wire_stop
	grep -qx "submit sealed 6 -> $n" relay-$n.log || fail "the relay did not send $n: $(cat relay-$n.log)"
	grep -qx "answer BAD_REQUEST $CAP_MSG" relay-$n.log || fail "relay log: $(cat relay-$n.log)"
done

step "16 sealed payloads: within the cap, refused by the CVD rules instead"
relay 16
expect_refused "a report with 16 sealed payloads for 6 commitments" 1 BAD_REQUEST \
	"16 sealed payloads sent for 6 commitments" report "$RELAY"
grep -q "$CAP_MSG" "$WORK/err" && fail "16 payloads were refused by the cap: $(cat "$WORK/err")"
wire_stop
grep -qx "submit sealed 6 -> 16" relay-16.log || fail "the relay did not send 16: $(cat relay-16.log)"

step "control: the same report relayed untouched is logged"
relay 0
before=$(log_size)
out=$(run_ok "report through the relay" report "$RELAY")
wire_stop
CASE=$(sed -n 's/^case //p' <<<"$out")
[ -n "$CASE" ] || fail "report submit gave no case id: $out"
[ "$(log_size)" -eq $((before + 1)) ] || fail "the log did not grow by one"
[ "$(cat relay-0.log)" = "answer OK " ] || fail "relay log of the untouched report: $(cat relay-0.log)"
show=$(run_ok "case show" "$C" case show "$CASE" --key aadmin.key)
grep -qF "$SECRET" <<<"$show" || fail "the vendor cannot read the sealed description: $show"
expect_case "$CASE" events 1
node_stop

echo "sealed_cap: ok ($(($(date +%s) - T0)) s)"
