#!/bin/sh
# run-local.sh: what `make run` does after building. Creates a local
# single-node log on first start (keys under keys/local/, data under
# var/node/, both git-ignored): the node key, a demo signing key, a demo
# coordinator key and a demo roster (docs/roster.md) that the genesis
# carries; then runs cvdlogd in the foreground on 127.0.0.1:7411. A second
# run reuses the same node, keys and roster.
set -eu
DIR=var/node
KEYS=keys/local
ROSTER=$KEYS/roster
LISTEN=${CVDLOG_LISTEN:-127.0.0.1:7411}
ORIGIN=${CVDLOG_ORIGIN:-local.cvdlog.example/log}

mkdir -p var "$KEYS"
chmod 700 "$KEYS"
[ -f "$KEYS/demo.key" ] || build/cvdlog keygen demo --out "$KEYS/demo.key" >/dev/null
if [ ! -f "$DIR/data.mdb" ]; then
	[ -f "$KEYS/node.key" ] || build/cvdlog keygen "$ORIGIN" --out "$KEYS/node.key" >/dev/null
	[ -f "$KEYS/coordinator.key" ] ||
		build/cvdlog keygen ops@demo-cert --out "$KEYS/coordinator.key" >/dev/null
	cat >"$ROSTER" <<EOT
cvdlog-roster/v1
# Demo roster of $ORIGIN, written by scripts/run-local.sh.
node local $(cat "$KEYS/node.key.pub")

org demo-vendor vendor
	display Demo Vendor PSIRT
	member demo admin $(cat "$KEYS/demo.key.pub")

org demo-cert coordinator
	display Demo CERT
	member ops admin $(cat "$KEYS/coordinator.key.pub")
EOT
	build/cvdlogd init --dir "$DIR" --origin "$ORIGIN" --roster "$ROSTER" --key "$KEYS/node.key"
fi

cat <<EOT

cvdlog: single-node ledger
  address:      $LISTEN
  trust policy: $DIR/policy   (give this file to reporters and auditors)
  data:         $DIR   node key: $KEYS/node.key
EOT
if [ -f "$ROSTER" ]; then
	cat <<EOT
  roster:       $ROSTER   (in the genesis; demo-vendor admin: $KEYS/demo.key,
                demo-cert admin: $KEYS/coordinator.key)
EOT
fi
cat <<EOT

Try, in another terminal:
  build/cvdlog note --key $KEYS/demo.key --policy $DIR/policy --receipt demo.tlog-proof "hello, ledger"
  build/cvdlog verify demo.tlog-proof --policy $DIR/policy
  build/cvdlog checkpoint --policy $DIR/policy

Ctrl-C stops the node.
EOT
exec build/cvdlogd run --dir "$DIR" --key "$KEYS/node.key" --listen "$LISTEN"
