#!/usr/bin/env bash
# Initial-sync benchmark over loopback: Blocksmith and bcoin 1.0.2 each sync the same regtest chain from
# the same Blocksmith source node, one after the other, and the script prints blocks/s and
# transactions/s side by side.
#
# The chain (BLOCKS blocks; after height 100 each block has 1 + TXS_PER_BLOCK transactions, all P2PKH
# spends) is built by an in-memory bcoin (node-it/src/test/bcoin/build-chain.js): bcoin's regtest
# activates segwit only at height 432 and rejects earlier blocks whose coinbase carries a witness,
# which Blocksmith's always do, so a bcoin-built chain is the one both implementations accept. The
# Blocksmith source syncs it first (not timed) and then serves it to both contestants.
# Timing runs from the moment a fresh node answers RPC until its best block hash equals the source's.
#
# Usage: node-bench/sync-benchmark.sh            (BLOCKS=1000 TXS_PER_BLOCK=10 by default)
# Needs: a JDK >= 21 (scripts/select-jdk.sh), node and npm (bcoin is installed into node-it/target/bcoin).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
BLOCKS=${BLOCKS:-1000}
TXS_PER_BLOCK=${TXS_PER_BLOCK:-10}
KEY=bench
DRIVER="$ROOT/node-it/target/bcoin"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/blocksmith-sync-bench.XXXXXX")
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

command -v node >/dev/null && command -v npm >/dev/null || { echo "node and npm are needed for bcoin" >&2; exit 1; }
if [ ! -f "$ROOT/node-cli/target/node-cli.jar" ]; then
  (cd "$ROOT" && ./mvnw -q -DskipTests -pl node-cli -am package)
fi
mkdir -p "$DRIVER"
cp "$ROOT"/node-it/src/test/bcoin/{package.json,start-bcoin.js,build-chain.js} "$DRIVER/"
[ -d "$DRIVER/node_modules/bcoin" ] || (cd "$DRIVER" && npm install --no-audit --no-fund >"$DRIVER/npm-install.log" 2>&1)

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
now() { date +%s.%N; }

bs_rpc() { # datadir method [params-json]
  local cookie; cookie=$(cat "$1/regtest/.cookie")
  curl -sf -u "$cookie" -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"$2\",\"params\":${3:-[]}}" "http://127.0.0.1:$(cat "$1/rpcport")/" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])'
}
bcoin_rpc() { # httpPort method
  curl -sf -u "x:$KEY" -d "{\"method\":\"$2\",\"params\":[]}" "http://127.0.0.1:$1/" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])'
}

start_blocksmith() { # name connect-port -> sets BS_DIR
  BS_DIR="$WORK/$1"; mkdir -p "$BS_DIR"
  local rpc p2p; rpc=$(free_port); p2p=$(free_port)
  echo "$rpc" >"$BS_DIR/rpcport"; echo "$p2p" >"$BS_DIR/p2pport"
  "$ROOT/blocksmith" node -regtest -datadir="$BS_DIR" -rpcport="$rpc" -port="$p2p" -listen=1 \
    -connect="127.0.0.1:$2" -printtoconsole=0 >"$BS_DIR/stdout.log" 2>&1 &
  PIDS+=($!)
  until bs_rpc "$BS_DIR" getblockcount >/dev/null 2>&1; do sleep 0.2; done
}

echo "Building a $BLOCKS-block chain with $TXS_PER_BLOCK+1 transactions per block (bcoin)..."
BUILD_P2P=$(free_port); BUILD_HTTP=$(free_port)
(cd "$DRIVER" && exec node build-chain.js "$BUILD_P2P" "$BUILD_HTTP" "$KEY" "$BLOCKS" "$TXS_PER_BLOCK") >"$WORK/build.log" 2>&1 &
BUILDER=$!; PIDS+=($BUILDER)
until grep -q '^built' "$WORK/build.log"; do
  kill -0 "$BUILDER" 2>/dev/null || { cat "$WORK/build.log" >&2; exit 1; }
  sleep 0.5
done
TIP=$(sed -n 's/^built .*tip=//p' "$WORK/build.log")
TXS=$(sed -n 's/^built .*txs=\([0-9]*\).*/\1/p' "$WORK/build.log")

echo "Loading it into the Blocksmith source node (not timed)..."
start_blocksmith source "$BUILD_P2P"
SOURCE_DIR=$BS_DIR
until [ "$(bs_rpc "$SOURCE_DIR" getbestblockhash 2>/dev/null)" = "$TIP" ]; do sleep 0.5; done
kill "$BUILDER"; wait "$BUILDER" 2>/dev/null || true
SOURCE_P2P=$(cat "$SOURCE_DIR/p2pport")

echo "Blocksmith syncing from the source..."
start_blocksmith target "$SOURCE_P2P"
t0=$(now)
until [ "$(bs_rpc "$BS_DIR" getbestblockhash 2>/dev/null)" = "$TIP" ]; do sleep 0.1; done
BS_SECONDS=$(echo "$(now) - $t0" | bc -l)

echo "bcoin syncing from the source..."
BC_P2P=$(free_port); BC_HTTP=$(free_port)
(cd "$DRIVER" && BCOIN_LOG_LEVEL=warning exec node start-bcoin.js "$BC_P2P" "$BC_HTTP" "$KEY" "127.0.0.1:$SOURCE_P2P") >"$WORK/bcoin.log" 2>&1 &
PIDS+=($!)
until bcoin_rpc "$BC_HTTP" getblockcount >/dev/null 2>&1; do sleep 0.2; done
t0=$(now)
until [ "$(bcoin_rpc "$BC_HTTP" getbestblockhash 2>/dev/null)" = "$TIP" ]; do sleep 0.1; done
BC_SECONDS=$(echo "$(now) - $t0" | bc -l)

echo
echo "Initial sync of $BLOCKS blocks / $TXS transactions (plus coinbases) from a Blocksmith node over loopback"
printf '  %-22s %9s %12s %16s\n' node seconds blocks/s transactions/s
for row in "Blocksmith $BS_SECONDS" "bcoin-1.0.2 $BC_SECONDS"; do
  set -- $row
  printf '  %-22s %9.1f %12.0f %16.0f\n' "$1" "$2" "$(echo "$BLOCKS / $2" | bc -l)" "$(echo "$TXS / $2" | bc -l)"
done
echo "  (work directory with the logs: $WORK)"
