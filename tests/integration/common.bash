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
	for p in "${NODE_PIDS[@]:-}"; do
		[ -n "$p" ] && kill -9 "$p" 2>/dev/null || true
	done
	jobs -p | xargs -r kill -9 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

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
