#!/usr/bin/env bash
# smoke.sh: the README's path as a user walks it. Make a node, log a note,
# verify the receipt with cvdlog and with an independent verifier written
# from DESIGN.md alone, fetch checkpoint, receipt, consistency proof and
# export; tampered receipts and wrong policies fail; a clean stop and
# restart keep the log; a store damaged offline (with LMDB's own tools) is
# refused with the reason.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"

step "init and start"
node_init n1 smoke.example/log
node_start n1
[ "$(stat -c %a n1/node.key)" = 600 ] || fail "node key mode is not 0600"

step "keygen and note"
"$C" keygen alice >/dev/null
[ "$(stat -c %a alice.key)" = 600 ] || fail "alice.key mode is not 0600"
expect_fail "keygen overwrites" "$C" keygen alice
out=$("$C" note --key alice.key --policy n1/policy --receipt r1.tlog-proof "first report")
grep -q '^index 1$' <<<"$out" || fail "note did not print index 1: $out"
grep -Eq '^time [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z$' <<<"$out" || fail "note did not print a UTC time"

step "verify offline, twice"
v=$("$C" verify r1.tlog-proof --policy n1/policy)
grep -q '^index:      1$' <<<"$v" || fail "verify output: $v"
grep -q '^event:      note$' <<<"$v" || fail "verify output: $v"
grep -q "^author:     alice+$(cut -d+ -f2 alice.key.pub)+" <<<"$v" || fail "verify author: $v"
"$PY" "$ROOT/tests/integration/indep_verify.py" r1.tlog-proof n1/policy | grep -q '^ok index=1 ' ||
	fail "independent verifier rejected the receipt"

step "tampered receipts and wrong policies fail"
sed 's/^index 1$/index 2/' r1.tlog-proof >bad-index.tlog-proof
expect_fail "verify wrong index" "$C" verify bad-index.tlog-proof --policy n1/policy
awk 'NR==2 { c = substr($0, 20, 1); r = (c == "A") ? "B" : "A"; $0 = substr($0, 1, 19) r substr($0, 21) } { print }' \
	r1.tlog-proof >bad-extra.tlog-proof
cmp -s r1.tlog-proof bad-extra.tlog-proof && fail "tamper did not change the file"
expect_fail "verify tampered entry" "$C" verify bad-extra.tlog-proof --policy n1/policy
expect_fail "independent verify tampered" "$PY" "$ROOT/tests/integration/indep_verify.py" bad-extra.tlog-proof n1/policy
node_init other other.example/log
expect_fail "verify under another log's policy" "$C" verify r1.tlog-proof --policy other/policy
sed 's/^origin .*/origin smoke.example\/log/; s/other.example\/log/smoke.example\/log/' other/policy >forged-policy
expect_fail "verify with a key not in the policy" "$C" verify r1.tlog-proof --policy forged-policy
expect_fail "verify without a policy" "$C" verify r1.tlog-proof
printf 'cvdlog-policy/v1\norigin smoke.example/log\nfrobnicate 1\n' >bad-policy
"$C" verify r1.tlog-proof --policy bad-policy 2>err.txt && fail "bad policy accepted"
grep -q 'line 3' err.txt || fail "policy error does not name the line: $(cat err.txt)"

step "more notes, checkpoint, consistency, receipt, export"
"$C" checkpoint --policy n1/policy >cp-old
for i in 2 3 4 5 6 7; do "$C" note --key alice.key --policy n1/policy --receipt r$i.tlog-proof "note $i" >/dev/null; done
"$C" consistency cp-old --policy n1/policy | grep -q 'consistent: size 2 -> 8' || fail "consistency"
"$C" receipt 3 --policy n1/policy --out r3b.tlog-proof >/dev/null
"$C" verify r3b.tlog-proof --policy n1/policy | grep -q '^index:      3$' || fail "receipt 3"
"$C" export --out log.bin --policy n1/policy | grep -q 'exported 8 entries' || fail "export"
"$PY" - log.bin <<'PY' || fail "export file format"
import sys, struct
data = open(sys.argv[1], "rb").read()
off, n = 0, 0
while off < len(data):
    (ln,) = struct.unpack(">I", data[off:off + 4]); off += 4
    entry = data[off:off + ln]; off += ln
    assert entry[0] == 1 and struct.unpack(">Q", entry[1:9])[0] == n, n
    n += 1
assert off == len(data) and n == 8, (off, len(data), n)
PY
"$C" status | grep -q '^size 8$' || fail "status size"
expect_fail "note with an empty text" "$C" note --key alice.key ""
expect_fail "receipt for an absent index" "$C" receipt 99

step "clean stop, restart keeps the log"
kill -INT "$NODE_PID"
wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
node_start n1
"$C" status | grep -q '^size 8$' || fail "size after restart"
"$C" consistency cp-old --policy n1/policy >/dev/null || fail "consistency after restart"

step "a store damaged offline is refused with the reason"
kill -INT "$NODE_PID"
wait "$NODE_PID" || true
mdb_dump -s entries n1 >entries.dump
"$PY" - entries.dump <<'PY'
import sys
lines = open(sys.argv[1]).read().split("\n")
# The last data line is the value of the last entry: flip its last hex digit.
i = max(k for k, l in enumerate(lines) if l.startswith(" "))
l = lines[i]
lines[i] = l[:-1] + ("0" if l[-1] != "0" else "1")
open(sys.argv[1], "w").write("\n".join(lines))
PY
mdb_load -s entries -f entries.dump n1
if "$BIN/cvdlogd" run --dir n1 --listen 127.0.0.1:0 2>refuse.log; then fail "damaged store served"; fi
grep -q 'refusing to serve' refuse.log || fail "no refusal message: $(cat refuse.log)"
grep -q 'entry 7 does not match its leaf hash' refuse.log || fail "refusal does not say what is wrong: $(cat refuse.log)"

step "every command has --help"
for c in keygen note checkpoint receipt consistency verify export status; do
	"$C" "$c" --help | grep -q usage || fail "cvdlog $c --help"
done
"$BIN/cvdlogd" init --help | grep -q usage || fail "cvdlogd init --help"
"$BIN/cvdlogd" run --help | grep -q usage || fail "cvdlogd run --help"
expect_fail "unknown command" "$C" frobnicate
echo "smoke: ok"
