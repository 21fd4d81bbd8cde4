#!/usr/bin/env bash
# max_pending.sh: `cvdlogd run --max-pending N` (docs/protocol.md 3.2 step
# 4, section 5). With N = 4, a burst of 128 signed notes, pipelined on 8
# connections at once (tests/integration/wire.py: cvdlog note would retry
# the refusals), gets some refused with UNAVAILABLE "too many pending
# submissions; retry later" and the rest receipts; every connection gets
# one answer per submission. Nothing acknowledged is lost: the log grew by
# the number of receipts exactly, each receipt verifies and its entry is in
# the export at its index, byte for byte. The node keeps serving, and
# retrying is safe: sending all 128 again gets DUPLICATE with the original
# index for each receipted note and a receipt for each refused one. cvdlog
# note rides out the limit (N = 1, 6 clients at once) by retrying. Control:
# the same burst with the default limit is refused nowhere. Out-of-range
# values are refused at start.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
W=("$PY" "$ROOT/tests/integration/wire.py")
T0=$(date +%s)
CONNS=8
PER=16
BURST=$((CONNS * PER))
MSG="too many pending submissions; retry later"

node_stop() {
	kill -INT "$NODE_PID"
	wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
}

# status_field NAME: one line of `cvdlog status`.
status_field() {
	"$C" status | sed -n "s/^$1 //p"
}

# burst DIR: the burst, its files in DIR; sets OKS and REFUSED.
burst() {
	mkdir "$1"
	"${W[@]}" burst "$NODE_ADDR" alice.key "$1" $CONNS $PER >"$1/summary" ||
		fail "burst: $(cat "$1/summary")"
	OKS=$(sed -n 's/^ok //p' "$1/summary")
	REFUSED=$(sed -n 's/^UNAVAILABLE //p' "$1/summary")
	REFUSED=${REFUSED:-0}
	grep -qv -e '^ok ' -e '^UNAVAILABLE ' "$1/summary" &&
		fail "errors other than UNAVAILABLE: $(cat "$1/summary")"
	[ "$((OKS + REFUSED))" -eq $BURST ] || fail "$OKS receipts + $REFUSED refusals, want $BURST answers"
	echo "burst of $BURST: $OKS receipts, $REFUSED refused"
}

step "out-of-range values of --max-pending are refused at start"
node_init n1 pending.example/log
expect_out_of_range n1 --max-pending 0 10000001 -1 4x ""
for v in 1 10000000; do
	node_start n1 127.0.0.1:0 --max-pending "$v"
	node_stop
done

step "a node with --max-pending 4 logs 3 notes"
"$C" keygen alice >/dev/null
node_start n1 127.0.0.1:0 --max-pending 4
for i in 1 2 3; do
	"$C" note --key alice.key --policy n1/policy --receipt before$i.tlog-proof "before $i" >/dev/null
done
BEFORE=$(status_field size)
[ "$BEFORE" -eq 4 ] || fail "size $BEFORE before the burst, want 4"

step "a burst of $BURST notes on $CONNS connections: some refused, the rest receipted"
burst b1
[ "$REFUSED" -ge 1 ] || fail "no submission was refused with --max-pending 4"
[ "$OKS" -ge 4 ] || fail "only $OKS receipts: the first 4 of the burst fit the limit"
awk -v msg="$MSG" '$2 == "UNAVAILABLE" {
	m = $0; sub(/^[^ ]+ [^ ]+ [^ ]+ /, "", m)
	if (m != msg || $3 != -1) { print "id " $1 ": " $0; bad = 1 }
} END { exit bad }' b1/results >bad.txt || fail "a refusal is not the documented one: $(cat bad.txt)"

step "nothing acknowledged is lost"
[ "$(status_field pending)" = 0 ] || fail "submissions still pending after every answer"
[ "$(status_field size)" -eq $((BEFORE + OKS)) ] ||
	fail "size $(status_field size), want $BEFORE + $OKS receipts"
find b1/r -name '*.tlog-proof' -print0 | xargs -0 "$C" verify --policy n1/policy >verify.out ||
	fail "a receipt does not verify: $(grep -v '^[a-z ]*:' verify.out | head)"
[ "$(grep -c 'is valid$' verify.out)" -eq "$OKS" ] || fail "not every receipt was verified"
"$C" export --out log.bin --policy n1/policy >/dev/null
"$PY" - log.bin b1 "$BEFORE" <<'PY' || fail "receipted entries missing or changed"
import base64, os, struct, sys
data = open(sys.argv[1], "rb").read()
entries, off = [], 0
while off < len(data):
    (ln,) = struct.unpack(">I", data[off:off + 4])
    entries.append(data[off + 4:off + 4 + ln])
    off += 4 + ln
before, seen = int(sys.argv[3]), {}
results = {l.split()[0]: l.split() for l in open(os.path.join(sys.argv[2], "results"))}
rdir = os.path.join(sys.argv[2], "r")
for name in os.listdir(rdir):
    lines = open(os.path.join(rdir, name)).read().split("\n")
    extra = base64.b64decode(lines[1][6:], validate=True)
    index = int(lines[2][6:])
    rid = name.split(".")[0]
    assert results[rid][1] == "OK" and int(results[rid][2]) == index, (name, results[rid])
    assert before <= index < len(entries), (name, index, len(entries))
    assert entries[index] == extra, (name, index)
    assert index not in seen, (name, seen.get(index))
    seen[index] = name
assert sorted(seen) == list(range(before, len(entries))), "an entry without a receipt"
print(f"{len(seen)} receipts match entries {before}..{len(entries) - 1}")
PY

step "the node keeps serving, and retrying is safe"
out=$("$C" note --key alice.key --policy n1/policy "after the burst")
grep -q "^index $((BEFORE + OKS))$" <<<"$out" || fail "note after the burst: $out"
"${W[@]}" resubmit "$NODE_ADDR" b1 >resubmit.out || fail "resubmit: $(cat resubmit.out)"
"$PY" - b1/results resubmit.out <<'PY' || fail "resubmitting the burst"
import sys
first = {l.split()[0]: l.split() for l in open(sys.argv[1])}
again = {l.split()[0]: l.split() for l in open(sys.argv[2])}
assert sorted(first) == sorted(again), "ids differ"
for rid, (_, code, index, *_) in first.items():
    if code == "OK":  # the original receipt, not a second entry
        assert again[rid][1:] == ["DUPLICATE", index], (rid, again[rid])
    else:
        assert again[rid][1] == "OK", (rid, again[rid])
print(f"{len(first)} resubmitted: the receipted ones are DUPLICATE at their index")
PY
[ "$(status_field size)" -eq $((BEFORE + 1 + BURST)) ] ||
	fail "size $(status_field size) after resubmitting, want $((BEFORE + 1 + BURST))"
node_stop

step "cvdlog note retries UNAVAILABLE: 6 clients at once with --max-pending 1"
# Through wire.py's relay, which logs each answer the clients get.
node_start n1 127.0.0.1:0 --max-pending 1
SIZE=$(status_field size)
wire_start proxy 0 proxy.log
mkdir r
CLIENT_PIDS=()
for c in 1 2 3 4 5 6; do
	(for i in 1 2 3 4 5; do
		"$C" --node "$WIRE_ADDR" note --key alice.key --policy n1/policy \
			--receipt r/c$c-$i.tlog-proof "client $c note $i" >/dev/null 2>>client$c.err ||
			echo "client $c note $i failed" >>client$c.err
	done) &
	CLIENT_PIDS+=($!)
done
wait "${CLIENT_PIDS[@]}"
wire_stop
cat client*.err >clients.err
[ ! -s clients.err ] || fail "a cvdlog note failed: $(head -3 clients.err)"
find r -name '*.tlog-proof' -print0 | xargs -0 "$C" verify --policy n1/policy >verify.out ||
	fail "a receipt does not verify: $(grep -v '^[a-z ]*:' verify.out | head)"
[ "$(grep -c 'is valid$' verify.out)" -eq 30 ] || fail "not 30 valid receipts"
[ "$(status_field size)" -eq $((SIZE + 30)) ] || fail "size $(status_field size), want $((SIZE + 30))"
[ "$(grep -c '^answer OK $' proxy.log)" -eq 30 ] || fail "not 30 OK answers: $(sort proxy.log | uniq -c)"
grep -v -e '^answer OK $' -e "^answer UNAVAILABLE $MSG\$" proxy.log >other.txt &&
	fail "answers other than OK and UNAVAILABLE: $(head -3 other.txt)"
echo "30 receipts; the clients retried $(grep -c UNAVAILABLE proxy.log) UNAVAILABLE answers"
node_stop

step "control: the same burst with the default --max-pending is refused nowhere"
node_start n1
burst b2
[ "$REFUSED" -eq 0 ] || fail "$REFUSED refused under the default limit"
node_stop

echo "max_pending: ok ($(($(date +%s) - T0)) s)"
