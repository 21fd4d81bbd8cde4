#!/bin/sh
# run-local.sh: what `make run` does after building. Creates a local
# single-node log on first start (node key under keys/local/, data under
# var/node/, both git-ignored), plus a demo signing key, then runs cvdlogd in
# the foreground on 127.0.0.1:7411. A second run reuses the same node.
set -eu
DIR=var/node
KEYS=keys/local
LISTEN=${CVDLOG_LISTEN:-127.0.0.1:7411}
ORIGIN=${CVDLOG_ORIGIN:-local.cvdlog.example/log}

mkdir -p var "$KEYS"
chmod 700 "$KEYS"
if [ ! -f "$DIR/data.mdb" ]; then
	build/cvdlogd init --dir "$DIR" --origin "$ORIGIN" --name local --key "$KEYS/node.key"
fi
[ -f "$KEYS/demo.key" ] || build/cvdlog keygen demo --out "$KEYS/demo.key" >/dev/null

cat <<EOT

cvdlog: single-node ledger
  address:      $LISTEN
  trust policy: $DIR/policy   (give this file to reporters and auditors)
  data:         $DIR   node key: $KEYS/node.key

Try, in another terminal:
  build/cvdlog note --key $KEYS/demo.key --policy $DIR/policy --receipt demo.tlog-proof "hello, ledger"
  build/cvdlog verify demo.tlog-proof --policy $DIR/policy
  build/cvdlog checkpoint --policy $DIR/policy

Ctrl-C stops the node.
EOT
exec build/cvdlogd run --dir "$DIR" --key "$KEYS/node.key" --listen "$LISTEN"
