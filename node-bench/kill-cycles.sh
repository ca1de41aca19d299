#!/usr/bin/env bash
# bitcoind's crash contract under a large -dbcache (issue 13): a Blocksmith node syncing the benchmark chain over
# P2P from a reference node (Bitcoin Knots, scripts/reference-node.sh) is killed with SIGKILL CYCLES times at
# random moments; each restart resumes from its last flush (the blocks connected since are forgotten, as bitcoind's)
# and downloads the rest again.
# At the end its UTXO set (gettxoutsetinfo muhash and count) must equal the reference node's, which imported the
# same chain without interruption, and its address index (-addressindex, on by default) must equal that of a
# Blocksmith node that imported the chain without interruption: getaddressbalance, getaddresstxids and
# getaddressutxos of every address the chain pays, and each balance must be the address's coins in the UTXO set
# (scantxoutset). Prints one line per cycle and the verdicts; exits 1 on a difference.
#
# Usage: node-bench/kill-cycles.sh     Environment: CYCLES (50), INPUTS (100000, the chain of ibd-benchmark.sh),
#                                      DBCACHE (2000, MiB: the cache is never full, every restart goes back to the last flush)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
CYCLES=${CYCLES:-50}
INPUTS=${INPUTS:-100000}
DBCACHE=${DBCACHE:-2000}
REF_BIN="$("$ROOT/scripts/reference-node.sh" dir)/bin"
"$ROOT/scripts/reference-node.sh" check || exit 1
CHAIN="$ROOT/node-bench/target/ibd-chain-$INPUTS.dat"
[ -f "$CHAIN" ] || { echo "no chain $CHAIN: run node-bench/ibd-benchmark.sh first (it generates it)" >&2; exit 1; }
HEIGHT=$(sed -n 's/.*blocks=\([0-9]*\).*/\1/p' "$CHAIN.summary")
WORK=$(mktemp -d "${TMPDIR:-/tmp}/blocksmith-kill-cycles.XXXXXX")
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
rpc() { # datadir port method [params-json]
  curl -sf -u "$(cat "$1/regtest/.cookie" 2>/dev/null)" -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"$3\",\"params\":${4:-[]}}" "http://127.0.0.1:$2/" 2>/dev/null \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["result"]; print(r if not isinstance(r, dict) else (r["muhash"], r["txouts"], r["height"]))' 2>/dev/null
}

REF_DIR="$WORK/reference"; mkdir -p "$REF_DIR"; REF_RPC=$(free_port); REF_P2P=$(free_port)
"$REF_BIN/bitcoind" -regtest -datadir="$REF_DIR" -rpcport="$REF_RPC" -port="$REF_P2P" -listen=1 -connect=0 -disablewallet \
  -checkblockindex=0 -printtoconsole=0 "-loadblock=$CHAIN" >"$REF_DIR.out" 2>&1 &
PIDS+=($!)
until [ "$(rpc "$REF_DIR" "$REF_RPC" getblockcount)" = "$HEIGHT" ]; do sleep 0.2; done
WANT=$(rpc "$REF_DIR" "$REF_RPC" gettxoutsetinfo '["muhash"]')
echo "reference: height $HEIGHT, (muhash, txouts, height) = $WANT"

BS_DIR="$WORK/blocksmith"; mkdir -p "$BS_DIR"; BS_RPC=$(free_port); BS_P2P=$(free_port)
start_bs() {
  BLOCKSMITH_NO_REBUILD=1 "$ROOT/blocksmith" node -regtest -datadir="$BS_DIR" -rpcport="$BS_RPC" -port="$BS_P2P" -listen=0 \
    "-connect=127.0.0.1:$REF_P2P" "-dbcache=$DBCACHE" -printtoconsole=0 >>"$BS_DIR.out" 2>&1 &
  BS_PID=$!
  PIDS+=("$BS_PID")
}
for cycle in $(seq 1 "$CYCLES"); do
  start_bs
  # Killed at a random moment once RPC is up: during the sync or at the tip.
  until rpc "$BS_DIR" "$BS_RPC" getblockcount >/dev/null; do
    kill -0 "$BS_PID" 2>/dev/null || { echo "cycle $cycle: the node exited before RPC came up" >&2; tail -5 "$BS_DIR.out" >&2; exit 1; }
    sleep 0.1
  done
  sleep "$((RANDOM % 3)).$((RANDOM % 10))"
  before=$(rpc "$BS_DIR" "$BS_RPC" getblockcount || echo "?")
  kill -9 "$BS_PID"; wait "$BS_PID" 2>/dev/null || true
  echo "cycle $cycle: killed at height $before"
done
start_bs
until [ "$(rpc "$BS_DIR" "$BS_RPC" getblockcount)" = "$HEIGHT" ]; do
  kill -0 "$BS_PID" 2>/dev/null || { echo "the node exited" >&2; tail -5 "$BS_DIR.out" >&2; exit 1; }
  sleep 0.2
done
GOT=$(rpc "$BS_DIR" "$BS_RPC" gettxoutsetinfo '["muhash"]')
echo "Blocksmith after $CYCLES kill -9 cycles: (muhash, txouts, height) = $GOT"
if [ "$GOT" = "$WANT" ]; then
  echo "same UTXO set as the uninterrupted reference node"
else
  echo "UTXO SETS DIFFER (logs in $WORK)" >&2
  exit 1
fi

# The address index against an uninterrupted Blocksmith import of the same chain.
IMP_DIR="$WORK/blocksmith-import"; mkdir -p "$IMP_DIR"; IMP_RPC=$(free_port)
BLOCKSMITH_NO_REBUILD=1 "$ROOT/blocksmith" node -regtest -datadir="$IMP_DIR" -rpcport="$IMP_RPC" -listen=0 -connect=0 \
  "-loadblock=$CHAIN" -printtoconsole=0 >"$IMP_DIR.out" 2>&1 &
PIDS+=($!)
until [ "$(rpc "$IMP_DIR" "$IMP_RPC" getblockcount)" = "$HEIGHT" ]; do sleep 0.2; done
python3 - "$BS_DIR" "$BS_RPC" "$IMP_DIR" "$IMP_RPC" <<'PY'
import base64, json, sys, urllib.request
def call(datadir, port, method, params):
    auth = base64.b64encode(open(datadir + "/regtest/.cookie").read().strip().encode()).decode()
    body = json.dumps({"jsonrpc": "1.0", "id": 1, "method": method, "params": params}).encode()
    req = urllib.request.Request("http://127.0.0.1:%s/" % port, body, {"Authorization": "Basic " + auth})
    return json.load(urllib.request.urlopen(req, timeout=600))["result"]
killed, uninterrupted = (sys.argv[1], sys.argv[2]), (sys.argv[3], sys.argv[4])
addresses = set()
for height in range(call(*killed, "getblockcount", []) + 1):
    block = call(*killed, "getblock", [call(*killed, "getblockhash", [height]), 2])
    for tx in block["tx"]:
        for out in tx["vout"]:
            if "address" in out["scriptPubKey"]:
                addresses.add(out["scriptPubKey"]["address"])
differ = 0
for a in sorted(addresses):
    query = {"addresses": [a]}
    for method in ("getaddressbalance", "getaddresstxids", "getaddressutxos"):
        if call(*killed, method, [query]) != call(*uninterrupted, method, [query]):
            print("address index differs: %s %s" % (method, a)); differ += 1
    coins = call(*killed, "scantxoutset", ["start", ["addr(%s)" % a]])
    balance = call(*killed, "getaddressbalance", [query])["balance"]
    if round(coins["total_amount"] * 100_000_000) != balance:
        print("address index balance %d != UTXO set %s for %s" % (balance, coins["total_amount"], a)); differ += 1
if differ:
    print("ADDRESS INDEXES DIFFER"); sys.exit(1)
print("same address index as an uninterrupted Blocksmith import (%d addresses: balance, txids, utxos; balances equal "
      "the UTXO set's)" % len(addresses))
PY
