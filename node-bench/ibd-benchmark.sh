#!/usr/bin/env bash
# Initial-sync benchmark, side by side in one run (issue 13): a bitcoind-compatible reference node (Debian sid's
# Bitcoin Knots, scripts/reference-node.sh) and Blocksmith each
#   1. import the benchmark chain with -loadblock (spawn to tip), and
#   2. sync it over P2P from a reference node that holds it (spawn to tip),
# both with the same -dbcache; printed: seconds, CPU seconds (user+system of the node process), peak RSS (VmHWM)
# and the Blocksmith/reference ratios. Then getblock verbosity 2 (and 1) of the chain's heaviest block from 8
# clients at once against each node: requests per second and the node's peak RSS.
#
# The chain: IbdChainGenerator (node-bench), a regtest chain of 220 blocks, then full blocks of P2WPKH, P2TR key-path
# and P2WSH 2-of-2 multisig fan-outs and many-input spends until INPUTS inputs were spent (real signatures; the UTXO
# set grows along the chain). Kept in node-bench/target/ibd-chain-INPUTS.dat.
#
# Usage: node-bench/ibd-benchmark.sh        Environment: INPUTS (100000), DBCACHE (450, MiB), GETBLOCK_REQUESTS (48)
# Needs: a JDK >= 21, python3, curl, the reference node (scripts/reference-node.sh install).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# shellcheck source=../scripts/select-jdk.sh
. "$ROOT/scripts/select-jdk.sh"
INPUTS=${INPUTS:-100000}
DBCACHE=${DBCACHE:-450}
GETBLOCK_REQUESTS=${GETBLOCK_REQUESTS:-48}
REF_BIN="$("$ROOT/scripts/reference-node.sh" dir)/bin"
"$ROOT/scripts/reference-node.sh" check || exit 1
WORK=$(mktemp -d "${TMPDIR:-/tmp}/blocksmith-ibd-bench.XXXXXX")
CHAIN="$ROOT/node-bench/target/ibd-chain-$INPUTS.dat"
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

if [ ! -f "$ROOT/node-cli/target/node-cli.jar" ] || [ ! -f "$ROOT/node-bench/target/benchmarks.jar" ]; then
  (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl node-cli,node-bench -am package)
fi
# The launcher makes the node's class-data archive on a distribution's first `node` start (a training run of some
# seconds): make it now, so that no timed start includes it.
BLOCKSMITH_NO_REBUILD=1 "$ROOT/blocksmith" node -version >/dev/null
if [ ! -f "$CHAIN" ]; then
  echo "Generating the benchmark chain ($INPUTS inputs)..."
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$ROOT/node-bench/target/benchmarks.jar" \
    dev.blocksmith.bench.IbdChainGenerator "$CHAIN.tmp" "$INPUTS" 2>/dev/null | tail -1 > "$CHAIN.summary"
  mv "$CHAIN.tmp" "$CHAIN"
fi
SUMMARY=$(cat "$CHAIN.summary")
HEIGHT=$(sed -n 's/.*blocks=\([0-9]*\).*/\1/p' <<<"$SUMMARY")
echo "Chain: $SUMMARY ($(du -m "$CHAIN" | cut -f1) MB)"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}
now() { date +%s.%N; }
rpc() { # datadir port method [params-json]
  curl -sf -u "$(cat "$1/regtest/.cookie" 2>/dev/null)" -H 'Content-Type: application/json' \
    -d "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"$3\",\"params\":${4:-[]}}" "http://127.0.0.1:$2/" 2>/dev/null \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["result"])' 2>/dev/null
}
cpu_seconds() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14+$15)/hz}' "/proc/$1/stat"; }
peak_rss_mib() { awk '/VmHWM/{printf "%d", $2/1024}' "/proc/$1/status"; }

# start KIND NAME ARGS... -> sets NODE_PID NODE_DIR NODE_RPC NODE_P2P
start() {
  local kind=$1 name=$2; shift 2
  NODE_DIR="$WORK/$name"; mkdir -p "$NODE_DIR"
  NODE_RPC=$(free_port); NODE_P2P=$(free_port)
  local common=(-regtest "-datadir=$NODE_DIR" "-rpcport=$NODE_RPC" "-port=$NODE_P2P" "-dbcache=$DBCACHE" -printtoconsole=0
    -listenonion=0 -dnsseed=0 -fixedseeds=0 -discover=0)
  if [ "$kind" = ref ]; then
    # -checkblockindex=0: regtest turns bitcoind's block-index self-check on by default (off on the main network);
    # it asserts on a -loadblock import whose file starts at block 1, and Blocksmith has no such check.
    "$REF_BIN/bitcoind" "${common[@]}" -disablewallet -checkblockindex=0 "$@" >"$NODE_DIR.out" 2>&1 &
  else
    BLOCKSMITH_NO_REBUILD=1 "$ROOT/blocksmith" node "${common[@]}" "$@" >"$NODE_DIR.out" 2>&1 &
  fi
  NODE_PID=$!
  PIDS+=("$NODE_PID")
}

# wait_tip -> prints "seconds cpu rss" from spawn (T0) until getblockcount reaches HEIGHT
wait_tip() {
  local t0=$1
  until [ "$(rpc "$NODE_DIR" "$NODE_RPC" getblockcount)" = "$HEIGHT" ]; do
    kill -0 "$NODE_PID" 2>/dev/null || { echo "node died: $NODE_DIR.out" >&2; tail -5 "$NODE_DIR.out" >&2; exit 1; }
    sleep 0.05
  done
  echo "$(echo "$(now) - $t0" | bc -l) $(cpu_seconds "$NODE_PID") $(peak_rss_mib "$NODE_PID")"
}

stop_node() {
  rpc "$NODE_DIR" "$NODE_RPC" stop >/dev/null || true
  wait "$NODE_PID" 2>/dev/null || true
}

muhash() { rpc "$NODE_DIR" "$NODE_RPC" gettxoutsetinfo '["muhash"]' | python3 -c 'import ast,sys; print(ast.literal_eval(sys.stdin.read())["muhash"])'; }

echo "1. -loadblock import (spawn to tip)"
t0=$(now); start ref ref-import "-loadblock=$CHAIN" -listen=1; read -r REF_IMPORT REF_IMPORT_CPU REF_IMPORT_RSS < <(wait_tip "$t0")
REF_MUHASH=$(muhash)
SOURCE_DIR=$NODE_DIR; SOURCE_RPC=$NODE_RPC; SOURCE_P2P=$NODE_P2P; SOURCE_PID=$NODE_PID
t0=$(now); start bs bs-import "-loadblock=$CHAIN" -listen=0 -connect=0; read -r BS_IMPORT BS_IMPORT_CPU BS_IMPORT_RSS < <(wait_tip "$t0")
BS_MUHASH=$(muhash)
[ "$REF_MUHASH" = "$BS_MUHASH" ] || { echo "UTXO sets differ: reference $REF_MUHASH, Blocksmith $BS_MUHASH" >&2; exit 1; }
BS_IMPORT_DIR=$NODE_DIR; BS_IMPORT_RPC=$NODE_RPC; BS_IMPORT_PID=$NODE_PID

echo "2. P2P sync from a reference node that holds the chain (spawn to tip)"
t0=$(now); start ref ref-sync "-connect=127.0.0.1:$SOURCE_P2P" -listen=0; read -r REF_SYNC REF_SYNC_CPU REF_SYNC_RSS < <(wait_tip "$t0"); stop_node
t0=$(now); start bs bs-sync "-connect=127.0.0.1:$SOURCE_P2P" -listen=0; read -r BS_SYNC BS_SYNC_CPU BS_SYNC_RSS < <(wait_tip "$t0"); stop_node

echo "3. getblock of the heaviest block, 8 clients"
HEAVY=$(python3 - "$CHAIN" <<'EOF'
import hashlib, struct, sys
data = open(sys.argv[1], "rb").read()
pos, best = 0, (0, b"")
while pos + 8 <= len(data):
    size = struct.unpack_from("<I", data, pos + 4)[0]
    header = data[pos + 8:pos + 88]
    if size > best[0]:
        best = (size, header)
    pos += 8 + size
print(hashlib.sha256(hashlib.sha256(best[1]).digest()).digest()[::-1].hex())
EOF
)
getblock_bench() { # datadir port pid verbosity -> "req/s rss"
  python3 - "$1" "$2" "$HEAVY" "$4" "$GETBLOCK_REQUESTS" <<'EOF'
import base64, http.client, json, sys, threading, time
datadir, port, block, verbosity, total = sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
auth = base64.b64encode(open(datadir + "/regtest/.cookie").read().strip().encode()).decode()
body = json.dumps({"jsonrpc": "1.0", "id": 1, "method": "getblock", "params": [block, verbosity]})
left = [total]
lock = threading.Lock()
def client():
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    while True:
        with lock:
            if left[0] == 0:
                return
            left[0] -= 1
        conn.request("POST", "/", body, {"Authorization": "Basic " + auth, "Content-Type": "application/json"})
        r = conn.getresponse()
        data = r.read()
        assert r.status == 200 and b'"error":null' in data.replace(b" ", b""), data[:200]
t0 = time.time()
threads = [threading.Thread(target=client) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
print("%.2f" % (total / (time.time() - t0)))
EOF
}
# The nodes' CPU seconds for the getblock 2 requests as well: on a shared machine the throughput of two runs one after
# the other also measures how the load changed between them; the CPU each node spent does not.
c0=$(cpu_seconds "$SOURCE_PID")
REF_GB2=$(getblock_bench "$SOURCE_DIR" "$SOURCE_RPC" "$SOURCE_PID" 2); REF_GB2_RSS=$(peak_rss_mib "$SOURCE_PID")
REF_GB2_CPU=$(echo "$(cpu_seconds "$SOURCE_PID") - $c0" | bc -l)
c0=$(cpu_seconds "$BS_IMPORT_PID")
BS_GB2=$(getblock_bench "$BS_IMPORT_DIR" "$BS_IMPORT_RPC" "$BS_IMPORT_PID" 2); BS_GB2_RSS=$(peak_rss_mib "$BS_IMPORT_PID")
BS_GB2_CPU=$(echo "$(cpu_seconds "$BS_IMPORT_PID") - $c0" | bc -l)
REF_GB1=$(getblock_bench "$SOURCE_DIR" "$SOURCE_RPC" "$SOURCE_PID" 1)
BS_GB1=$(getblock_bench "$BS_IMPORT_DIR" "$BS_IMPORT_RPC" "$BS_IMPORT_PID" 1)
GB2_BYTES=$(curl -sf -u "$(cat "$SOURCE_DIR/regtest/.cookie")" -d "{\"method\":\"getblock\",\"params\":[\"$HEAVY\",2]}" "http://127.0.0.1:$SOURCE_RPC/" | wc -c)

ratio() { echo "scale=2; $1 / $2" | bc -l; }
REF_VERSION=$("$REF_BIN/bitcoind" -version | head -1 | sed 's/ daemon version / /')
echo
echo "Benchmark chain: $SUMMARY; -dbcache=$DBCACHE for both; $(nproc) cores; load average $(cut -d' ' -f1-3 /proc/loadavg)"
printf '| %-44s | %-22s | %-22s | %-6s |\n' "" "$REF_VERSION" "Blocksmith" "ratio"
printf '|%s|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..46})" "$(printf -- '-%.0s' {1..24})" "$(printf -- '-%.0s' {1..24})" "$(printf -- '-%.0s' {1..8})"
row() { printf '| %-44s | %-22s | %-22s | %-6s |\n' "$1" "$2" "$3" "$4"; }
row "-loadblock import, spawn to tip (s)" "$(printf %.2f "$REF_IMPORT")" "$(printf %.2f "$BS_IMPORT")" "$(ratio "$BS_IMPORT" "$REF_IMPORT")"
row "  CPU seconds" "$REF_IMPORT_CPU" "$BS_IMPORT_CPU" "$(ratio "$BS_IMPORT_CPU" "$REF_IMPORT_CPU")"
row "  peak RSS (MiB)" "$REF_IMPORT_RSS" "$BS_IMPORT_RSS" "$(ratio "$BS_IMPORT_RSS" "$REF_IMPORT_RSS")"
row "P2P sync from a reference peer (s)" "$(printf %.2f "$REF_SYNC")" "$(printf %.2f "$BS_SYNC")" "$(ratio "$BS_SYNC" "$REF_SYNC")"
row "  CPU seconds" "$REF_SYNC_CPU" "$BS_SYNC_CPU" "$(ratio "$BS_SYNC_CPU" "$REF_SYNC_CPU")"
row "  peak RSS (MiB)" "$REF_SYNC_RSS" "$BS_SYNC_RSS" "$(ratio "$BS_SYNC_RSS" "$REF_SYNC_RSS")"
row "getblock 2 ($((GB2_BYTES / 1000)) kB JSON), 8 clients (req/s)" "$REF_GB2" "$BS_GB2" "$(ratio "$BS_GB2" "$REF_GB2")"
row "  node's CPU seconds for the $GETBLOCK_REQUESTS requests" "$(printf %.2f "$REF_GB2_CPU")" "$(printf %.2f "$BS_GB2_CPU")" "$(ratio "$BS_GB2_CPU" "$REF_GB2_CPU")"
row "  node's peak RSS after it (MiB)" "$REF_GB2_RSS" "$BS_GB2_RSS" "$(ratio "$BS_GB2_RSS" "$REF_GB2_RSS")"
row "getblock 1, 8 clients (req/s)" "$REF_GB1" "$BS_GB1" "$(ratio "$BS_GB1" "$REF_GB1")"
echo "UTXO set after the import (muhash, both): $BS_MUHASH"
echo "(work directory with the logs: $WORK)"
