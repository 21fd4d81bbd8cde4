#!/usr/bin/env bash
# max_entries.sh: `cvdlogd run --max-entries N` (docs/protocol.md 3.1
# "entries", section 5). On a log of 20 entries served with N = 3, a
# get-entries request (tests/integration/wire.py) for more than 3 entries
# gets exactly 3, from its start, and the end of the tree still cuts an
# answer short; out-of-range requests get BAD_REQUEST. The client's readers
# still work across many short answers: `cvdlog export`, whose progress on
# a terminal shows one step per answer (3/20, 6/20, ... 20/20), writes the
# same bytes as under the default limit, and `cvdlog audit` checks all 20
# entries. N = 1 still exports everything; the default serves all 20 in one
# answer. Out-of-range values of the flag are refused at start.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
W=("$PY" "$ROOT/tests/integration/wire.py")
T0=$(date +%s)
command -v script >/dev/null || fail "needs script(1) (util-linux) to give cvdlog a terminal"

node_stop() {
	kill -INT "$NODE_PID"
	wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
}

# expect_entries START COUNT WANT: one get-entries request; WANT is wire.py's
# line ("start S n N indices ..." or "error CODE MESSAGE").
expect_entries() {
	local got
	got=$("${W[@]}" entries "$NODE_ADDR" "$1" "$2") || fail "wire.py entries $1 $2: $got"
	[ "$got" = "$3" ] || fail "entries start $1 count $2: got \"$got\", want \"$3\""
	echo "entries start $1 count $2: $got"
}

# export_steps OUT: cvdlog export --out OUT on a terminal (script(1)); prints
# its progress steps ("3/20 6/20 ...").
export_steps() {
	script -qec "\"$C\" export --out $1 --policy n1/policy" /dev/null >"$1.tty" ||
		fail "export on a terminal: $(tr '\r' '\n' <"$1.tty")"
	grep -q "exported 20 entries to $1; root matches" "$1.tty" || fail "export: $(tr '\r' '\n' <"$1.tty")"
	tr '\r' '\n' <"$1.tty" | sed -n 's/^export: \([0-9]*\/[0-9]*\) entries.*/\1/p' | paste -sd' ' -
}

step "out-of-range values of --max-entries are refused at start"
node_init n1 entries.example/log
expect_out_of_range n1 --max-entries 0 100001 -3 3x ""
for v in 1 100000; do
	node_start n1 127.0.0.1:0 --max-entries "$v"
	node_stop
done

step "a log of 20 entries, exported under the default limit"
"$C" keygen alice >/dev/null
node_start n1
for i in $(seq 19); do
	"$C" note --key alice.key --policy n1/policy "note $i" >/dev/null
done
"$C" status | grep -q '^size 20$' || fail "size is not 20: $("$C" status)"
expect_entries 0 20 "start 0 n 20 indices $(seq -s, 0 19)"
[ "$(export_steps default.bin)" = "20/20" ] || fail "the default limit took more than one answer"
node_stop

step "--max-entries 3: a request for more gets 3"
node_start n1 127.0.0.1:0 --max-entries 3
expect_entries 0 20 "start 0 n 3 indices 0,1,2"
expect_entries 5 100000 "start 5 n 3 indices 5,6,7"
expect_entries 1 4294967295 "start 1 n 3 indices 1,2,3"
expect_entries 0 4 "start 0 n 3 indices 0,1,2"
expect_entries 10 3 "start 10 n 3 indices 10,11,12"
expect_entries 10 2 "start 10 n 2 indices 10,11"
expect_entries 18 20 "start 18 n 2 indices 18,19"
expect_entries 19 5 "start 19 n 1 indices 19"
expect_entries 20 5 "error BAD_REQUEST index or size outside the log"
expect_entries 0 0 "error BAD_REQUEST index or size outside the log"

step "--max-entries 3: export and audit read the log in answers of 3"
steps=$(export_steps small.bin)
[ "$steps" = "3/20 6/20 9/20 12/20 15/20 18/20 20/20" ] || fail "export progress: $steps"
echo "export progress: $steps"
cmp default.bin small.bin || fail "the export differs from the one under the default limit"
cmp default.bin.checkpoint small.bin.checkpoint || fail "the export's checkpoint differs"
rc=0
"$C" audit --policy n1/policy >audit.out 2>&1 || rc=$?
[ "$rc" -eq 0 ] || fail "audit: exit $rc: $(cat audit.out)"
grep -q '^audit: size 20, 20 new entries checked (from 0)$' audit.out || fail "audit: $(cat audit.out)"
"$C" audit --export small.bin --policy n1/policy >audit2.out 2>&1 || fail "audit of the export: $(cat audit2.out)"
node_stop

step "--max-entries 1: one entry per answer, the export is still whole"
node_start n1 127.0.0.1:0 --max-entries 1
expect_entries 7 20 "start 7 n 1 indices 7"
steps=$(export_steps one.bin)
[ "$steps" = "$(seq -s' ' 1 20 | sed 's/\([0-9]*\)/\1\/20/g')" ] || fail "export progress: $steps"
cmp default.bin one.bin || fail "the export differs from the one under the default limit"
node_stop

echo "max_entries: ok ($(($(date +%s) - T0)) s)"
