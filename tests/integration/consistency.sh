#!/usr/bin/env bash
# consistency.sh: `cvdlog consistency OLD --policy P` (client/cmd_read.c,
# docs/protocol.md 3.1) says "consistent: size A -> B (N proof hashes)" and
# exits 0 when the node's latest checkpoint extends OLD, and exits 1 with
# "ROLLBACK: ..." or "FORK: ..." when it does not. The node's key signs
# every history here, so each checkpoint meets the policy: a rollback (the
# last 3 entries dropped and the smaller tree re-signed offline with
# tests/tools/tamper.c, as audit_tamper.sh does), a fork at the same size
# and at a larger one (two copies of the log that each append other notes),
# and a second log made with the same node key and origin but its own
# entries from the genesis on. Older checkpoints that the rolled-back or
# forked log still extends stay consistent; a checkpoint signed by a key
# outside the policy is refused before the node is asked.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
T="$BIN/tamper"
ORIGIN=consistency.example/log
T0=$(date +%s)

node_stop() {
	kill -INT "$NODE_PID"
	wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
}

notes() { # notes N TEXT: N notes by alice
	local i
	for i in $(seq "$1"); do
		"$C" note --key alice.key --policy policy "$2 $i" >/dev/null
	done
}

# expect_consistent OLD A B: exit 0 and "consistent: size A -> B (...)".
expect_consistent() {
	local rc=0
	"$C" consistency "$1" --policy policy >out.txt 2>err.txt || rc=$?
	[ "$rc" -eq 0 ] || fail "consistency $1: exit $rc: $(cat out.txt err.txt)"
	grep -Eqx "consistent: size $2 -> $3 \([0-9]+ proof hashes\)" out.txt ||
		fail "consistency $1: \"$(cat out.txt)\", want size $2 -> $3"
	echo "$1: $(cat out.txt)"
}

# expect_broken OLD LINE: exit 1, stderr is exactly LINE, nothing on stdout.
expect_broken() {
	local rc=0
	"$C" consistency "$1" --policy policy >out.txt 2>err.txt || rc=$?
	[ "$rc" -eq 1 ] || fail "consistency $1: exit $rc, want 1: $(cat out.txt err.txt)"
	[ "$(cat err.txt)" = "$2" ] || fail "consistency $1: stderr \"$(cat err.txt)\", want \"$2\""
	[ ! -s out.txt ] || fail "consistency $1 printed on stdout: $(cat out.txt)"
	echo "$1: $(cat err.txt)"
}

step "a log grows from 11 to 16 entries: consistent"
node_init base "$ORIGIN"
cp base/policy policy
"$C" keygen alice >/dev/null
node_start base
notes 10 "note"
"$C" checkpoint --policy policy >cp-11
grep -qx 11 cp-11 || fail "cp-11 is not for size 11: $(cat cp-11)"
notes 5 "later note"
"$C" checkpoint --policy policy >cp-16
expect_consistent cp-11 11 16
expect_consistent cp-16 16 16
node_stop

step "rollback: the last 3 entries dropped, the size-13 tree re-signed by the node's key"
cp -a base rollback
"$T" rollback drop 3 --key rollback/node.key
node_start rollback
"$C" checkpoint --policy policy | grep -qx 13 || fail "the rolled-back node does not serve size 13"
expect_broken cp-16 "cvdlog: ROLLBACK: the node's checkpoint has size 13, smaller than the old 16"
expect_consistent cp-11 11 13
node_stop

step "fork at the same size: two copies of the log each append another note"
cp -a base forka
cp -a base forkb
node_start forka
notes 1 "only in fork a"
"$C" checkpoint --policy policy >cp-a17
grep -qx 17 cp-a17 || fail "cp-a17 is not for size 17: $(cat cp-a17)"
node_stop
node_start forkb
notes 1 "only in fork b"
"$C" checkpoint --policy policy | grep -qx 17 || fail "fork b is not at size 17"
expect_broken cp-a17 "cvdlog: FORK: the latest checkpoint (size 17) is not consistent with cp-a17 (size 17)"
expect_consistent cp-16 16 17

step "fork at a larger size: fork b appends 2 more notes"
notes 2 "fork b again"
expect_broken cp-a17 "cvdlog: FORK: the latest checkpoint (size 19) is not consistent with cp-a17 (size 17)"
expect_consistent cp-11 11 19
node_stop

step "another history from the genesis on, under the same node key and origin"
mkdir other
cp base/node.key base/node.key.pub other/
node_init other "$ORIGIN"
cmp -s other/policy policy || fail "the second log's policy differs: $(diff other/policy policy)"
node_start other
notes 20 "other history"
expect_broken cp-16 "cvdlog: FORK: the latest checkpoint (size 21) is not consistent with cp-16 (size 16)"
expect_broken cp-11 "cvdlog: FORK: the latest checkpoint (size 21) is not consistent with cp-11 (size 11)"
node_stop

step "a checkpoint signed by a key outside the policy is refused"
node_start base
"$C" keygen "$ORIGIN" --out outsider.key >/dev/null
cp cp-11 cp-outsider
"$T" cp-outsider checkpoint --key outsider.key >/dev/null
rc=0
"$C" consistency cp-outsider --policy policy >out.txt 2>err.txt || rc=$?
[ "$rc" -eq 1 ] || fail "consistency of an outsider's checkpoint: exit $rc, want 1: $(cat out.txt err.txt)"
grep -q '^cvdlog: cp-outsider: not a valid checkpoint for this policy' err.txt ||
	fail "consistency of an outsider's checkpoint: $(cat err.txt)"
expect_consistent cp-11 11 16
node_stop

echo "consistency: ok ($(($(date +%s) - T0)) s)"
