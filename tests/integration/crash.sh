#!/usr/bin/env bash
# crash.sh: 8 clients submit 2,000 notes in parallel; the node is killed
# with SIGKILL mid-stream and restarted on the same port. Afterwards every
# note that got a receipt is in the log at its index with identical bytes,
# every receipt verifies offline, and the consistency proof from the
# checkpoint taken before the crash to the latest one verifies.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
CLIENTS=8
PER_CLIENT=250

node_init n1 crash.example/log
node_start n1
port=${NODE_ADDR##*:}
mkdir r
for c in $(seq $CLIENTS); do "$C" keygen "client$c" --out k$c.key >/dev/null; done

client() {
	local c=$1 i
	for i in $(seq $PER_CLIENT); do
		"$C" note --key k$c.key --policy n1/policy --receipt "r/c$c-$i.tlog-proof" "client $c note $i" \
			>/dev/null 2>>"client$c.err" || true
	done
}
CLIENT_PIDS=()
for c in $(seq $CLIENTS); do
	client "$c" &
	CLIENT_PIDS+=($!)
done

count() { find r -name '*.tlog-proof' | wc -l; }
wait_for() {
	for _ in $(seq 1200); do
		[ "$(count)" -ge "$1" ] && return 0
		sleep 0.05
	done
	fail "only $(count) receipts after 60 s"
}
wait_for 400
"$C" checkpoint --policy n1/policy >pre-crash.cp
wait_for 900
step "kill -9 at $(count) receipts"
kill -9 "$NODE_PID"
wait "$NODE_PID" 2>/dev/null || true
sleep 0.5
node_start n1 "127.0.0.1:$port"
step "restarted at $NODE_ADDR with $(count) receipts so far"
wait "${CLIENT_PIDS[@]}"

n=$(count)
step "$n receipts of $((CLIENTS * PER_CLIENT)) notes"
[ "$n" -ge 900 ] || fail "too few receipts: $n"

step "every receipt verifies offline"
find r -name '*.tlog-proof' -print0 | xargs -0 "$C" verify --policy n1/policy >verify.out ||
	fail "a receipt does not verify: $(grep -v '^[a-z ]*:' verify.out | head)"
[ "$(grep -c 'is valid$' verify.out)" -eq "$n" ] || fail "not every receipt was verified"

step "every receipted entry is in the log at its index, byte for byte"
"$C" export --out log.bin --policy n1/policy >/dev/null
"$PY" - log.bin r <<'PY' || fail "receipted entries missing or changed"
import base64, os, struct, sys
data = open(sys.argv[1], "rb").read()
entries, off = [], 0
while off < len(data):
    (ln,) = struct.unpack(">I", data[off:off + 4])
    entries.append(data[off + 4:off + 4 + ln])
    off += 4 + ln
seen = {}
for name in os.listdir(sys.argv[2]):
    lines = open(os.path.join(sys.argv[2], name)).read().split("\n")
    assert lines[1].startswith("extra ") and lines[2].startswith("index ")
    extra = base64.b64decode(lines[1][6:], validate=True)
    index = int(lines[2][6:])
    assert index < len(entries), (name, index, len(entries))
    assert entries[index] == extra, (name, index)
    assert index not in seen, (name, seen.get(index))
    seen[index] = name
print(f"{len(seen)} receipts match {len(entries)} exported entries")
PY

step "the pre-crash checkpoint is a prefix of the latest"
"$C" consistency pre-crash.cp --policy n1/policy || fail "consistency after crash"
grep -q 'event=opened' n1/node.log || fail "no restart in the log"
echo "crash: ok"
