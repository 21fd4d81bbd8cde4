#!/usr/bin/env bash
# audit_tamper.sh: `cvdlog audit` catches a log damaged by its operator.
# A real node logs 40 notes; each case runs on its own copy of the stopped
# node's directory, damaged offline with tests/tools/tamper.c (flip one
# byte of an entry, swap two entries, replace event signatures), then
# served by the node (which checks only the last 16 entries when it opens)
# and audited: exit 2 and a FAILED line naming the entry. A checkpoint
# signed by a key outside the policy (the node refuses to serve one) is
# audited from an export. A rollback (the last entries dropped, the smaller
# tree re-signed with the node's key) and a fork (two copies that each
# append another note) are caught by a second audit sharing the first
# one's --state, which leaves the two signed checkpoints as evidence.
# Control: the untouched log audits clean, and a second run checks only
# the new entries.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T="$BIN/tamper"
ORIGIN=tamper.example/log
NOTES=40 # entries 0..40: those tampered with (5, 7, 9, 12, 20) are before the node's tail check

node_stop() {
	kill -INT "$NODE_PID"
	wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
}

# audit_run WANT [--node ADDR] ARGS...: cvdlog [--node ADDR] audit --policy
# policy ARGS..., its stdout and stderr in audit.out; fails unless it exits
# WANT.
audit_run() {
	local want=$1 rc=0 node=()
	shift
	if [ "${1:-}" = --node ]; then
		node=(--node "$2")
		shift 2
	fi
	"$C" "${node[@]}" audit --policy policy "$@" >audit.out 2>&1 || rc=$?
	[ "$rc" -eq "$want" ] || fail "audit $*: exit $rc, want $want: $(cat audit.out)"
}

# expect_caught WHAT REGEX ARGS...: the audit exits 2 and its FAILED line
# matches REGEX (extended).
expect_caught() {
	local what=$1 re=$2
	shift 2
	audit_run 2 "$@"
	grep -Eq "^cvdlog audit: FAILED: .*$re" audit.out ||
		fail "$what: no FAILED line matching \"$re\": $(cat audit.out)"
	echo "caught: $what: $(grep -m1 'FAILED' audit.out)"
}

# damaged NAME TAMPER-ARGS...: NAME (a copy of the honest log, made now
# unless it exists) damaged by tamper and served by a node (NODE_ADDR).
damaged() {
	local name=$1
	shift
	[ -d "$name" ] || cp -a base "$name"
	"$T" "$name" "$@" || fail "tamper $name $*"
	node_start "$name"
}

# evidence FILE EARLIER NOW: the audit printed the path of the evidence
# FILE, and FILE holds both signed checkpoints verbatim (each fetched with
# `cvdlog checkpoint --policy`, so each meets the policy).
evidence() {
	local f=$1
	[ -f "$f" ] || fail "no evidence file $f: $(ls "$(dirname "$f")")"
	grep -qF "evidence: $f" audit.out || fail "the audit does not print the path $f: $(cat audit.out)"
	"$PY" - "$@" <<'PY' || fail "evidence $f lacks a checkpoint: $(cat "$f")"
import sys
evidence = open(sys.argv[1]).read()
sys.exit(0 if all(open(cp).read() in evidence for cp in sys.argv[2:]) else 1)
PY
	echo "evidence: $f holds both checkpoints"
}

step "a node logs $NOTES notes"
node_init base "$ORIGIN"
cp base/policy policy
"$C" keygen alice >/dev/null
"$C" keygen "$ORIGIN" --out outsider.key >/dev/null
node_start base
for i in $(seq $NOTES); do
	"$C" note --key alice.key --policy policy "note $i" >/dev/null
done
"$C" export --out log.bin --policy policy >/dev/null
node_stop

step "control: the honest log audits clean, then incrementally"
cp -a base ctl
node_start ctl
audit_run 0 --node "$NODE_ADDR" --state ctl.state
grep -q "size $((NOTES + 1)), $((NOTES + 1)) new entries checked (from 0)" audit.out ||
	fail "the first audit does not say it checked every entry: $(cat audit.out)"
"$C" note --key alice.key --policy policy "after the first audit" >/dev/null
"$C" note --key alice.key --policy policy "and another" >/dev/null
audit_run 0 --node "$NODE_ADDR" --state ctl.state
grep -q "size $((NOTES + 3)), 2 new entries checked (from $((NOTES + 1)))" audit.out ||
	fail "the second audit does not say it checked only the 2 new entries: $(cat audit.out)"
node_stop
audit_run 0 --export log.bin

step "one byte of entry 12 flipped (its nonce: the event still decodes)"
damaged flip flip 12 155
expect_caught "flipped byte" 'entry 12([^0-9]|$)' --node "$NODE_ADDR"
node_stop

step "entries 7 and 9 swapped"
damaged swap swap 7 9
expect_caught "swapped entries" 'position 7 holds entry 9' --node "$NODE_ADDR"
node_stop

step "the event signatures of entries 20 and 5 replaced by another key's"
cp -a base resign
"$T" resign resign 20 >/dev/null
damaged resign resign 5
expect_caught "replaced signatures, the first named" 'entry 5: event signature does not verify' \
	--node "$NODE_ADDR"
node_stop

step "a checkpoint signed by a key outside the policy (an export)"
cp log.bin outsider.bin
cp log.bin.checkpoint outsider.bin.checkpoint
"$T" outsider.bin.checkpoint checkpoint --key outsider.key >/dev/null
expect_caught "outside key" "checkpoint size $((NOTES + 1))([^0-9]|$)" --export outsider.bin

step "rollback: the last 3 entries dropped, the smaller tree re-signed by the node"
cp -a base rollback
node_start rollback
audit_run 0 --node "$NODE_ADDR" --state rb.state
"$C" checkpoint --policy policy >rb-earlier.cp
node_stop
"$T" rollback drop 3 --key rollback/node.key
node_start rollback
"$C" checkpoint --policy policy >rb-now.cp
grep -qx "$((NOTES - 2))" rb-now.cp || fail "the rolled-back node does not serve size $((NOTES - 2))"
expect_caught "rollback" "rollback: .*size $((NOTES - 2))([^0-9]|$)" --node "$NODE_ADDR" --state rb.state
evidence "rb.state/evidence-$((NOTES - 2)).txt" rb-earlier.cp rb-now.cp
# The dropped leaves' tree rows are still there: appending fails, and the
# client must hear a storage failure, never a duplicate with a receipt.
if "$C" note --key alice.key --policy policy "after the rollback" >rb-note.out 2>&1; then
	fail "an append onto the damaged store succeeded: $(cat rb-note.out)"
fi
grep -q "INTERNAL" rb-note.out || fail "the failed append was not reported as INTERNAL: $(cat rb-note.out)"
node_stop

step "fork: two copies of the log each append another note"
cp -a base forka
cp -a base forkb
node_start forkb
"$C" note --key alice.key --policy policy "only in fork b" >/dev/null
node_stop
node_start forka
"$C" note --key alice.key --policy policy "only in fork a" >/dev/null
audit_run 0 --node "$NODE_ADDR" --state fork.state
"$C" checkpoint --policy policy >fork-a.cp
node_stop
node_start forkb
"$C" checkpoint --policy policy >fork-b.cp
expect_caught "fork" "fork: .*size $((NOTES + 2))([^0-9]|$)" --node "$NODE_ADDR" --state fork.state
evidence "fork.state/evidence-$((NOTES + 2)).txt" fork-a.cp fork-b.cp
node_stop

echo "audit_tamper: ok"
