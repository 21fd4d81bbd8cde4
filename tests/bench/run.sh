#!/bin/sh
# run.sh: `make bench`: start an optimised node on a fresh log in a temp
# dir on loopback, run build/bench against it, stop it, clean up.
set -eu
W=$(mktemp -d "${TMPDIR:-/tmp}/cvdlog-bench.XXXXXX")
trap 'kill -9 $PID 2>/dev/null || true; rm -rf "$W"' EXIT
build/cvdlogd init --dir "$W/node" --origin bench.example/log --name bench >/dev/null
build/cvdlogd run --dir "$W/node" --listen 127.0.0.1:0 --addr-file "$W/addr" \
	--max-pending 1000000 2>"$W/node.log" &
PID=$!
for _ in $(seq 100); do [ -s "$W/addr" ] && break; sleep 0.05; done
mkdir "$W/lmdb"
build/bench "$(cat "$W/addr")" bench.example/log "$W/lmdb"
grep -E "slow_commit" "$W/node.log" | tail -5; echo "(node log: $(grep -c . "$W/node.log") lines; data dir $(du -sh "$W/node" | cut -f1))"
kill -9 $PID 2>/dev/null || true
rm -rf "$W/node" "$W/lmdb"
# the auditor over a log of at least a million entries
mkdir "$W/audit"
build/bench-audit "$W/audit" "${AUDIT_ENTRIES:-1000000}"
