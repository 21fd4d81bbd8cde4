# common.bash: sourced by every scenario script in tests/integration/.
# Starts real nodes on 127.0.0.1 with kernel-picked ports, and removes
# every process and temporary file on exit, whatever happens.
set -euo pipefail
BIN=$(cd "${CVDLOG_BIN:-build/asan}" && pwd)
ROOT=$(pwd)
PY=/usr/bin/python3
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cvdlog-it.XXXXXX")
NODE_PIDS=()

cleanup() {
	local p
	trap '' PIPE # writes to a closed output must not cut the cleanup short
	for p in "${NODE_PIDS[@]:-}"; do
		[ -n "$p" ] && kill -9 "$p" 2>/dev/null || true
	done
	jobs -p | xargs -r kill -9 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT
# A signal (a closed pipe, ^C, a timeout's TERM) exits through the EXIT trap
# too, so nothing is left behind.
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 141' PIPE
trap 'exit 143' TERM

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

step() { echo "--- $*"; }

# node_init DIR ORIGIN
node_init() {
	"$BIN/cvdlogd" init --dir "$1" --origin "$2" --name "$(basename "$1")" >/dev/null
}

# node_start DIR [LISTEN] [extra args...]: sets NODE_PID and NODE_ADDR.
node_start() {
	local dir=$1 listen=${2:-127.0.0.1:0}
	shift 2 || shift $#
	rm -f "$dir/addr"
	"$BIN/cvdlogd" run --dir "$dir" --listen "$listen" --addr-file "$dir/addr" "$@" \
		2>>"$dir/node.log" &
	NODE_PID=$!
	NODE_PIDS+=("$NODE_PID")
	for _ in $(seq 200); do
		[ -s "$dir/addr" ] && break
		kill -0 "$NODE_PID" 2>/dev/null || fail "cvdlogd exited at start: $(tail -3 "$dir/node.log")"
		sleep 0.05
	done
	[ -s "$dir/addr" ] || fail "cvdlogd did not start"
	NODE_ADDR=$(cat "$dir/addr")
	export CVDLOG_NODE=$NODE_ADDR
}

# expect_fail DESCRIPTION COMMAND...: the command must exit non-zero.
expect_fail() {
	local what=$1
	shift
	if "$@" >"$WORK/out" 2>&1; then
		fail "$what: succeeded but should not have"
	fi
}

# ---- CVD cases (seed_*.sh, rules_negative.sh) ----

# log_size: the node's log size, from `cvdlog status`.
log_size() {
	"$BIN/cvdlog" status | sed -n 's/^size //p'
}

# cvd_node DIR ORIGIN ROSTER-BODY-FILE: makes DIR/node.key, writes DIR.roster
# (header, this node's line, then the body) and inits DIR with it.
cvd_node() {
	local dir=$1 origin=$2 body=$3
	mkdir -p "$dir"
	"$BIN/cvdlog" keygen "$origin" --out "$dir/node.key" >/dev/null
	{
		echo "cvdlog-roster/v1"
		echo "node $(basename "$dir") $(cat "$dir/node.key.pub")"
		cat "$body"
	} >"$dir.roster"
	"$BIN/cvdlogd" init --dir "$dir" --origin "$origin" --roster "$dir.roster" >/dev/null
}

# run_ok WHAT COMMAND...: runs it, output in $WORK/out and $WORK/err; fails
# with both shown unless it exits 0. Prints stdout.
run_ok() {
	local what=$1
	shift
	"$@" >"$WORK/out" 2>"$WORK/err" || fail "$what: exit $?: $(cat "$WORK/out" "$WORK/err")"
	cat "$WORK/out"
}

# expect_refused WHAT STATUS CODE TEXT COMMAND...: the command exits with
# STATUS, its stderr names the node's typed error CODE (e.g. UNAUTHORIZED)
# and TEXT, and the log does not grow.
expect_refused() {
	local what=$1 want=$2 code=$3 text=$4 before after rc=0
	shift 4
	before=$(log_size)
	"$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	[ "$rc" -ne 0 ] || fail "$what: succeeded but should not have: $(cat "$WORK/out")"
	[ "$rc" -eq "$want" ] || fail "$what: exit $rc, want $want: $(cat "$WORK/err")"
	grep -qF -- "$code" "$WORK/err" || fail "$what: stderr lacks \"$code\": $(cat "$WORK/err")"
	grep -qF -- "$text" "$WORK/err" || fail "$what: stderr lacks \"$text\": $(cat "$WORK/err")"
	after=$(log_size)
	[ "$before" = "$after" ] || fail "$what: the log grew from $before to $after"
	echo "refused as expected: $what: $(head -1 "$WORK/err")"
}

# expect_client_refused WHAT STATUS TEXT COMMAND...: the client itself
# refuses (exit STATUS, TEXT on stderr) without a node refusal, and the log
# does not grow.
expect_client_refused() {
	local what=$1 want=$2 text=$3 before after rc=0
	shift 3
	before=$(log_size)
	"$@" >"$WORK/out" 2>"$WORK/err" || rc=$?
	[ "$rc" -ne 0 ] || fail "$what: succeeded but should not have: $(cat "$WORK/out")"
	[ "$rc" -eq "$want" ] || fail "$what: exit $rc, want $want: $(cat "$WORK/err")"
	grep -qF -- "$text" "$WORK/err" || fail "$what: stderr lacks \"$text\": $(cat "$WORK/err")"
	grep -q 'node refused' "$WORK/err" && fail "$what: expected a client-side refusal: $(cat "$WORK/err")"
	after=$(log_size)
	[ "$before" = "$after" ] || fail "$what: the log grew from $before to $after"
	echo "refused by the client as expected: $what: $(head -1 "$WORK/err")"
}

# case_col CASE COLUMN: one column of CASE's line in `cvdlog case list`
# (case, vendor, rm, em, flags, opened, last, events).
case_col() {
	"$BIN/cvdlog" case list | awk -v id="$1" -v col="$2" \
		'NR == 1 { for (i = 1; i <= NF; i++) h[$i] = i; next } $1 == id && (col in h) { print $h[col] }'
}

# expect_case CASE COLUMN VALUE: case_col must give VALUE.
expect_case() {
	local got
	got=$(case_col "$1" "$2")
	[ "$got" = "$3" ] || fail "case $1: $2 is \"$got\", want \"$3\""
}

# timeline_kinds: from `cvdlog case show` output on stdin, the event kind of
# each timeline line ("INDEX TIME SIGNER KIND FIELDS"), one per line.
timeline_kinds() {
	awk '$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T.*Z$/ {
		k = ""
		for (i = 4; i <= NF && $i !~ /=/; i++) k = k (k == "" ? "" : " ") $i
		print k
	}'
}

# expect_timeline SHOW-TEXT KIND...: the timeline holds exactly these kinds,
# in this order.
expect_timeline() {
	local got want
	got=$(timeline_kinds <<<"$1" | paste -sd, -)
	shift
	want=$(printf '%s\n' "$@" | paste -sd, -)
	[ "$got" = "$want" ] || fail "timeline: $got; want $want"
}

# expect_out_of_range DIR FLAG VALUE...: `cvdlogd run` on DIR with each
# VALUE of FLAG exits 2 with "option value out of range" and never listens.
expect_out_of_range() {
	local dir=$1 flag=$2 v rc
	shift 2
	for v in "$@"; do
		rc=0
		timeout 10 "$BIN/cvdlogd" run --dir "$dir" --listen 127.0.0.1:0 \
			--addr-file "$dir/addr" "$flag" "$v" >out.txt 2>err.txt || rc=$?
		[ "$rc" -eq 2 ] || fail "$flag '$v': exit $rc, want 2 (124: it served): $(cat err.txt)"
		grep -q '^cvdlogd: option value out of range$' err.txt ||
			fail "$flag '$v': no clear error: $(cat err.txt)"
		[ ! -s "$dir/addr" ] || fail "$flag '$v': the node listened"
	done
}

# wire_start CMD ARG...: starts tests/integration/wire.py's relay CMD
# (proxy or liar) in front of the node at $NODE_ADDR, with ARG...; sets
# WIRE_ADDR and WIRE_PID. wire_stop stops it.
wire_start() {
	local cmd=$1
	shift
	rm -f wire.addr
	"$PY" "$ROOT/tests/integration/wire.py" "$cmd" "$NODE_ADDR" wire.addr "$@" &
	WIRE_PID=$!
	for _ in $(seq 200); do
		[ -s wire.addr ] && break
		kill -0 "$WIRE_PID" 2>/dev/null || fail "wire.py $cmd exited at start"
		sleep 0.05
	done
	[ -s wire.addr ] || fail "wire.py $cmd did not start"
	WIRE_ADDR=$(cat wire.addr)
}
wire_stop() {
	kill "$WIRE_PID"
	wait "$WIRE_PID" 2>/dev/null || true
}
