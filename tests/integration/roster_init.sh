#!/usr/bin/env bash
# roster_init.sh: `cvdlogd init --roster FILE`. The genesis carries the
# roster in canonical form, lists the roster's node lines as the log's nodes
# and the node serves it, also after a restart. A bad roster file is refused
# with the file and line named and creates nothing; a node key that is not
# on a node line, a --name that differs from the key's node line, a missing
# node key and a node key not named by the origin are refused, and no log is
# created.
source "$(dirname "$0")/common.bash"
cd "$WORK"
C="$BIN/cvdlog"
D="$BIN/cvdlogd"
O=roster.example/log

# expect_refusal DESCRIPTION TEXT COMMAND...: fails, and says TEXT on stderr.
expect_refusal() {
	local what=$1 text=$2
	shift 2
	if "$@" >out.txt 2>err.txt; then fail "$what: succeeded"; fi
	grep -qF -- "$text" err.txt || fail "$what: stderr lacks \"$text\": $(cat err.txt)"
}

step "init --roster with a roster file"
mkdir n1
"$C" keygen "$O" --out n1/node.key >/dev/null
"$C" keygen "$O" --out n2.key >/dev/null
"$C" keygen admin@v --out admin.key >/dev/null
"$C" keygen ops@c --out ops.key >/dev/null
cat >roster <<EOT
cvdlog-roster/v1
# The log's nodes; this one is n1.
node n1 $(cat n1/node.key.pub)
node n2 $(cat n2.key.pub)

org v vendor
	policy ack 24h
	member admin admin $(cat admin.key.pub)
org c coordinator
	member ops admin $(cat ops.key.pub)
EOT
"$D" init --dir n1 --origin "$O" --roster roster >out.txt || fail "init --roster: $(cat out.txt)"
grep -q '^  node:     n1$' out.txt || fail "init did not take the node name from the roster: $(cat out.txt)"
grep -q 'roster:   roster (orgs: 2, nodes: 2)' out.txt || fail "init output: $(cat out.txt)"
[ -f n1/data.mdb ] && [ -f n1/policy ] || fail "no log created"
node_start n1
grep -q 'node=n1 ' n1/node.log || fail "node name: $(cat n1/node.log)"
"$C" status | grep -q '^size 1$' || fail "status size"
"$C" note --key admin.key --policy n1/policy "after genesis" >/dev/null || fail "note"
"$C" export --out log.bin --policy n1/policy >/dev/null || fail "export"
"$PY" - log.bin n1/node.key.pub n2.key.pub <<'PY' || fail "the genesis does not carry the canonical roster"
import sys, struct
data = open(sys.argv[1], "rb").read()
(ln,) = struct.unpack(">I", data[:4])
entry = data[4:4 + ln]
(n,) = struct.unpack(">I", entry[1 + 8 + 8 + 32 + 32 + 64:][:4])
event = entry[1 + 8 + 8 + 32 + 32 + 64 + 4:][:n]
n1 = open(sys.argv[2]).read().strip()
n2 = open(sys.argv[3]).read().strip()
# roster_format: no comments or indentation, every default written out.
canon = ("cvdlog-roster/v1\n\nnode n1 %s\nnode n2 %s\n\norg v vendor\npolicy ack 24h\n"
         "policy update 30d\n" % (n1, n2)).encode()
assert canon in event, event
assert b"# The log" not in event and b"\tmember" not in event
PY

step "a restart checks the genesis with its roster"
kill -INT "$NODE_PID"
wait "$NODE_PID" || fail "cvdlogd did not exit 0 on SIGINT"
node_start n1
"$C" status | grep -q '^size 2$' || fail "size after restart"
kill -INT "$NODE_PID"
wait "$NODE_PID" || true

step "a bad roster file names the line and creates nothing"
sed 's/member admin admin/member admin owner/' roster >bad-roster
expect_refusal "bad roster" 'bad-roster: line 8: unknown role "owner"' \
	"$D" init --dir n3 --origin "$O" --roster bad-roster --key n1/node.key
[ ! -e n3 ] || fail "a bad roster created $(ls -A n3)"
mkdir n4
cp n1/node.key n1/node.key.pub n4/
expect_refusal "bad roster, existing dir" 'bad-roster: line 8: unknown role "owner"' \
	"$D" init --dir n4 --origin "$O" --roster bad-roster
[ "$(ls -A n4 | sort | tr '\n' ' ')" = "node.key node.key.pub " ] || fail "created $(ls -A n4)"
expect_refusal "missing roster" 'no-such-roster: No such file' \
	"$D" init --dir n3 --origin "$O" --roster no-such-roster --key n1/node.key
[ ! -e n3 ] || fail "a missing roster created n3"

step "a node key that is not on a node line is refused"
mkdir n5
"$C" keygen "$O" --out n5/node.key >/dev/null
expect_refusal "key not in roster" "is not on any node line of the roster" \
	"$D" init --dir n5 --origin "$O" --roster roster
[ ! -e n5/data.mdb ] && [ ! -e n5/policy ] || fail "a refused init created a log"
expect_refusal "--name differs" "--name n2 does not match the roster's node line" \
	"$D" init --dir n4 --origin "$O" --roster roster --name n2
[ ! -e n4/data.mdb ] || fail "a refused init created a log"
expect_refusal "no node key" "no node key; with --roster, make it first" \
	"$D" init --dir n6 --origin "$O" --roster roster
[ ! -e n6 ] || fail "a refused init created n6"

step "node keys must be named by the origin"
"$C" keygen other.example/log --out n7.key >/dev/null
sed "s|^node n2 .*|node n2 $(cat n7.key.pub)|" roster >roster7
expect_refusal "node key of another origin" "roster node n2: its key is named other.example/log" \
	"$D" init --dir n4 --origin "$O" --roster roster7
[ ! -e n4/data.mdb ] || fail "a refused init created a log"

step "--name equal to the roster's works, and init without --roster is unchanged"
"$D" init --dir n4 --origin "$O" --roster roster --name n1 >/dev/null || fail "init --name n1"
"$D" init --dir n8 --origin "$O" --name solo >out.txt || fail "init without --roster"
grep -q '^  node:     solo$' out.txt || fail "init output: $(cat out.txt)"
grep -q 'roster:' out.txt && fail "a log without a roster printed one"
echo "roster_init: ok"
