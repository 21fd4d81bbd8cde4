#!/bin/sh
# deps.sh: installs every Debian package cvdlog needs to build, test and
# benchmark, and nothing else. Idempotent: it only calls apt-get when a
# package is missing. libraft-dev must be 0.22 from bookworm-backports
# (DESIGN.md section 11); bookworm's own 0.15 is never accepted. chromium
# is the headless browser that loads the audit's HTML report
# (tests/integration/audit_html.sh).
set -eu

pkgs="build-essential pkg-config libsodium-dev liblmdb-dev lmdb-utils libuv1-dev
libprotobuf-c-dev protobuf-c-compiler check clang libclang-rt-14-dev
python3 python3-nacl libjansson-dev iproute2 procps chromium"

missing=""
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done

raft_ok=0
v=$(dpkg-query -W -f='${Version}' libraft-dev 2>/dev/null || true)
case "$v" in 0.2[2-9]* | 0.[3-9]* | [1-9]*) raft_ok=1 ;; esac

[ -z "$missing" ] && [ "$raft_ok" = 1 ] && exit 0

if [ "$(id -u)" != 0 ]; then
	SUDO=sudo
else
	SUDO=
fi
echo "deps: installing:$missing $([ $raft_ok = 1 ] || echo libraft-dev/bookworm-backports)" >&2

if [ "$raft_ok" = 0 ] && [ ! -f /etc/apt/sources.list.d/backports.list ]; then
	uri=$(awk '/^URIs:/{print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	[ -n "$uri" ] || uri=$(awk '/^deb /{print $2; exit}' /etc/apt/sources.list)
	echo "deb $uri bookworm-backports main" | $SUDO tee /etc/apt/sources.list.d/backports.list >/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
[ -z "$missing" ] || $SUDO apt-get install -y -q --no-install-recommends $missing
[ "$raft_ok" = 1 ] || $SUDO apt-get install -y -q --no-install-recommends -t bookworm-backports libraft-dev
