#!/usr/bin/env bash
# Pruning check of the container image (issue 14), run from anywhere:
#   docker/prune-test.sh
# 1. a regtest chain several times the prune target: PruneChainGenerator (node-bench), 1 000 small blocks
#    (regtest prunes nothing up to height 1 000, bitcoind's PruneAfterHeight) and then BIG_BLOCKS blocks of one
#    taproot script-path spend each carrying an annex of ANNEX_BYTES (consensus-valid, non-standard), 2.3 GB by
#    default; 2. a feeder container (same image, no memory limit) that imports it with -loadblock; 3. the node under
#    test: --memory 512m, -prune=550, default dbcache, syncing the chain from the feeder over P2P while its blocks
#    directory, blk+rev bytes and memory are sampled; 4. the reference node (Bitcoin Knots, scripts/reference-node.sh)
#    on the host as a peer of the pruned node: getblockfrompeer for a block of the last 288 gets it, and for a pruned
#    block the pruned node does as bitcoind (a NODE_NETWORK_LIMITED node disconnects a peer asking below
#    tip - 288 - 2, net_processing.cpp ProcessGetBlockData), so the reference node never gets it.
# Asserts: blocks dir and blk+rev bytes at most the 550 MiB target at every sample, never OOM-killed and still
# running, getblockchaininfo pruned/pruneheight/size_on_disk, the pruned node's getblock of a pruned block fails
# with bitcoind's message, the two peer checks. Prints the measured figures. Exits non-zero at the first failure.
# Leaves nothing running but the nodes' logs in WORK; deletes the chain file unless KEEP_CHAIN=1 (KEEP_DOCKERD=1 keeps a
# daemon it started).
#
# Environment: IMAGE (default blocksmith:smoke), SKIP_BUILD=1 (reuse IMAGE), BIG_BLOCKS (2300), ANNEX_BYTES
# (1000000), WORK (/tmp/blocksmith-prune-test), PRUNE_RPC_PORT (28453; the feeder's RPC and the reference node's
# take the two after PRUNE_P2P_PORT), PRUNE_P2P_PORT (28454),
# SYNC_TIMEOUT (3600 s), DOCKER_HOST, BLOCKSMITH_REFERENCE_DIR.
#
# Why 1 MB blocks by default: bitcoind never prunes a file holding one of the last 288 blocks (MIN_BLOCKS_TO_KEEP),
# so its 550 MiB minimum target assumes blocks of about 1 MB (288 of them, their undo data and a file being
# filled). With 4 MB blocks (ANNEX_BYTES=3900000) bitcoind, and Blocksmith alike, keep about 288 x 4 MB: the script
# then checks that bound (288 blocks plus one blk file) instead of the target, and memory as before.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=${IMAGE:-blocksmith:smoke}
BIG_BLOCKS=${BIG_BLOCKS:-2300}
ANNEX_BYTES=${ANNEX_BYTES:-1000000}
SMALL_BLOCKS=1000
WORK=${WORK:-/tmp/blocksmith-prune-test}
RPC_PORT=${PRUNE_RPC_PORT:-28453}
P2P_PORT=${PRUNE_P2P_PORT:-28454}
SYNC_TIMEOUT=${SYNC_TIMEOUT:-3600}
NET=blocksmith-prune-net
FEEDER=blocksmith-prune-feeder
NODE=blocksmith-prune-node
RPC_USER=prune
RPC_PASSWORD=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
TARGET_MIB=550
MIB=$((1024 * 1024))
REF_DIR=${BLOCKSMITH_REFERENCE_DIR:-$HOME/.cache/blocksmith/reference-node}
REF_DATA=$WORK/reference
FEEDER_RPC_PORT=$((RPC_PORT + 2))
REF_RPC_PORT=$((RPC_PORT + 3))
STARTED_DOCKERD=""
REF_STARTED=0
step() { echo "== $*"; }
ok() { echo "   ok: $*"; }

fail() {
  echo "PRUNE TEST FAILED: $*" >&2
  for c in "$NODE" "$FEEDER"; do
    if docker inspect "$c" >/dev/null 2>&1; then
      echo "--- last log lines of $c:" >&2
      docker logs --tail 30 "$c" >&2 2>&1 || true
    fi
  done
  exit 1
}

cleanup() {
  set +e
  # The nodes' logs stay for a look afterwards (the containers go).
  for c in "$NODE" "$FEEDER"; do docker logs "$c" >"$WORK/$c.log" 2>&1 || rm -f "$WORK/$c.log"; done
  if [[ $REF_STARTED == 1 ]]; then
    ref stop >/dev/null 2>&1
    for _ in $(seq 1 30); do [[ -e $REF_DATA/regtest/bitcoind.pid ]] || break; sleep 1; done
  fi
  docker rm -f "$NODE" "$FEEDER" >/dev/null 2>&1
  docker volume rm "$NODE-data" "$FEEDER-data" >/dev/null 2>&1
  docker network rm "$NET" >/dev/null 2>&1
  rm -rf "$REF_DATA"
  [[ ${KEEP_CHAIN:-0} == 1 ]] || rm -f "$WORK/chain.dat" "$WORK/chain.summary"
  if [[ -n $STARTED_DOCKERD && ${KEEP_DOCKERD:-0} != 1 ]]; then
    kill "$(cat "$STARTED_DOCKERD/dockerd.pid")" 2>/dev/null
    for _ in $(seq 1 30); do [[ -e $STARTED_DOCKERD/dockerd.pid ]] || break; sleep 1; done
  fi
}
trap cleanup EXIT

for tool in docker curl jq; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done
"$ROOT/scripts/reference-node.sh" check || fail "the reference node is needed as the pruned node's peer (scripts/reference-node.sh install)"
ref() { "$REF_DIR/bin/bitcoin-cli" -regtest -datadir="$REF_DATA" -rpcport="$REF_RPC_PORT" "$@"; }

step "Docker daemon"
if ! docker info >/dev/null 2>&1; then
  command -v dockerd >/dev/null || fail "no Docker daemon answers and dockerd is not installed (apt-get install docker.io)"
  STARTED_DOCKERD=/tmp/blocksmith-smoke-docker
  mkdir -p "$STARTED_DOCKERD"
  dockerd --data-root "$STARTED_DOCKERD/data" --exec-root "$STARTED_DOCKERD/exec" \
    --pidfile "$STARTED_DOCKERD/dockerd.pid" -H "unix://$STARTED_DOCKERD/docker.sock" >"$STARTED_DOCKERD/dockerd.log" 2>&1 &
  export DOCKER_HOST="unix://$STARTED_DOCKERD/docker.sock"
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || fail "dockerd did not come up; see $STARTED_DOCKERD/dockerd.log"
  ok "started dockerd ($DOCKER_HOST)"
else
  ok "using ${DOCKER_HOST:-the default daemon}"
fi

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  step "Image $IMAGE"
  "$ROOT/docker/build-local-base.sh" || fail "docker/build-local-base.sh"
  docker build -q -f "$ROOT/docker/Dockerfile" -t "$IMAGE" "$ROOT" >/dev/null || fail "docker build"
  ok "built"
fi

step "Chain: $SMALL_BLOCKS small blocks, then $BIG_BLOCKS blocks with an annex of $ANNEX_BYTES bytes"
mkdir -p "$WORK"
free_mib=$(df -Pm "$WORK" | awk 'NR==2 {print $4}')
need_mib=$(( BIG_BLOCKS * (ANNEX_BYTES / MIB + 1) * 5 / 2 ))
(( free_mib > need_mib )) || fail "$WORK has $free_mib MiB free; the chain file and the feeder's copy need about $need_mib MiB"
if [[ ! -f $WORK/chain.dat || ! -f $WORK/chain.summary ]]; then
  jar=$ROOT/node-bench/target/benchmarks.jar
  [[ -f $jar ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests -pl node-bench -am package) || fail "building node-bench"
  # shellcheck source=../scripts/select-jdk.sh
  . "$ROOT/scripts/select-jdk.sh" || fail "no JDK 21+"
  gen_start=$(date +%s)
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$jar" dev.blocksmith.bench.PruneChainGenerator \
    "$WORK/chain.dat" "$BIG_BLOCKS" "$ANNEX_BYTES" "$SMALL_BLOCKS" 2>/dev/null | tail -1 >"$WORK/chain.summary" \
    || fail "PruneChainGenerator"
  ok "generated in $(( $(date +%s) - gen_start )) s"
fi
summary=$(cat "$WORK/chain.summary")
HEIGHT=$(sed -n 's/.*blocks=\([0-9]*\).*/\1/p' <<<"$summary")
TIP=$(sed -n 's/.*tip=\([0-9a-f]*\).*/\1/p' <<<"$summary")
CHAIN_BYTES=$(sed -n 's/.*bytes=\([0-9]*\).*/\1/p' <<<"$summary")
ok "$HEIGHT blocks, $((CHAIN_BYTES / MIB)) MiB ($(awk -v b="$CHAIN_BYTES" -v t=$TARGET_MIB 'BEGIN {printf "%.1f", b / 1048576 / t}')x the target), tip $TIP"

rpc() { # rpc PORT METHOD PARAMS-JSON -> result JSON on stdout
  local reply
  reply=$(curl -sS --max-time 120 --user "$RPC_USER:$RPC_PASSWORD" -H 'Content-Type: text/plain' \
    --data-binary "{\"jsonrpc\":\"1.0\",\"id\":\"prune\",\"method\":\"$2\",\"params\":$3}" "http://127.0.0.1:$1/") \
    || fail "RPC $2 on port $1: no HTTP reply"
  [[ $(jq -r '.error' <<<"$reply") == null ]] || fail "RPC $2 returned an error: $reply"
  jq -c '.result' <<<"$reply"
}
rpc_error() { # rpc_error PORT METHOD PARAMS-JSON -> the error object (fails if the call succeeded)
  local reply
  reply=$(curl -sS --max-time 120 --user "$RPC_USER:$RPC_PASSWORD" -H 'Content-Type: text/plain' \
    --data-binary "{\"jsonrpc\":\"1.0\",\"id\":\"prune\",\"method\":\"$2\",\"params\":$3}" "http://127.0.0.1:$1/") \
    || fail "RPC $2 on port $1: no HTTP reply"
  [[ $(jq -r '.error' <<<"$reply") != null ]] || fail "RPC $2 $3 succeeded where it should fail"
  jq -c '.error' <<<"$reply"
}

wait_rpc() { # wait_rpc CONTAINER PORT SECONDS
  for _ in $(seq 1 "$3"); do
    [[ $(docker inspect -f '{{.State.Running}}' "$1" 2>/dev/null) == true ]] || fail "container $1 stopped"
    curl -s --max-time 5 --user "$RPC_USER:$RPC_PASSWORD" -H 'Content-Type: text/plain' \
      --data-binary '{"jsonrpc":"1.0","id":"w","method":"getblockcount","params":[]}' "http://127.0.0.1:$2/" \
      | jq -e '.result != null' >/dev/null 2>&1 && return 0
    sleep 1
  done
  fail "RPC of $1 did not answer within $3 s"
}

docker rm -f "$NODE" "$FEEDER" >/dev/null 2>&1 || true
docker volume rm "$NODE-data" "$FEEDER-data" >/dev/null 2>&1 || true
docker network rm "$NET" >/dev/null 2>&1 || true
docker network create "$NET" >/dev/null || fail "docker network create"

step "Feeder: imports the chain with -loadblock (not pruned, no memory limit)"
feed_start=$(date +%s)
docker run -d --name "$FEEDER" --network "$NET" \
  -e BLOCKSMITH_RPCUSER="$RPC_USER" -e BLOCKSMITH_RPCPASSWORD="$RPC_PASSWORD" \
  -p "127.0.0.1:$FEEDER_RPC_PORT:18443" -v "$FEEDER-data:/data" -v "$WORK/chain.dat:/chain/chain.dat:ro" \
  "$IMAGE" -regtest -loadblock=/chain/chain.dat -listen=1 >/dev/null || fail "docker run feeder"
wait_rpc "$FEEDER" $FEEDER_RPC_PORT 120
for _ in $(seq 1 "$SYNC_TIMEOUT"); do
  [[ $(rpc $FEEDER_RPC_PORT getblockcount '[]') == "$HEIGHT" ]] && break
  [[ $(docker inspect -f '{{.State.Running}}' "$FEEDER") == true ]] || fail "the feeder stopped"
  sleep 2
done
[[ $(rpc $FEEDER_RPC_PORT getbestblockhash '[]') == "\"$TIP\"" ]] || fail "the feeder did not reach the chain's tip $TIP"
ok "feeder at height $HEIGHT in $(( $(date +%s) - feed_start )) s"

step "Pruned node: --memory 512m, -prune=$TARGET_MIB, syncing from the feeder over P2P"
docker run -d --name "$NODE" --network "$NET" --memory 512m \
  -e BLOCKSMITH_RPCUSER="$RPC_USER" -e BLOCKSMITH_RPCPASSWORD="$RPC_PASSWORD" \
  -p "127.0.0.1:$RPC_PORT:18443" -p "127.0.0.1:$P2P_PORT:18444" -v "$NODE-data:/data" \
  "$IMAGE" -regtest -prune=$TARGET_MIB -connect="$FEEDER" -listen=1 -debug=net >/dev/null || fail "docker run pruned node"
sync_start=$(date +%s)
wait_rpc "$NODE" "$RPC_PORT" 120
max_dir=0 max_files=0 max_mem=0 samples=0 height=0
# The container's memory as docker stats counts it (cgroup usage less the page cache), in bytes.
container_mem() {
  docker stats --no-stream --format '{{.MemUsage}}' "$NODE" | awk '{
    v = $1; u = v; gsub(/[0-9.]/, "", u); gsub(/[^0-9.]/, "", v);
    m = (u == "GiB") ? 1073741824 : (u == "MiB") ? 1048576 : (u == "KiB") ? 1024 : 1; printf "%d", v * m }'
}
sample() {
  local dir files mem
  dir=$(docker exec "$NODE" du -sb /data/regtest/blocks 2>/dev/null | cut -f1) || dir=0
  files=$(docker exec "$NODE" sh -c 'stat -c %s /data/regtest/blocks/blk*.dat /data/regtest/blocks/rev*.dat 2>/dev/null' \
    | awk '{s += $1} END {printf "%d", s}') || files=0
  mem=$(container_mem) || mem=0
  (( dir > max_dir )) && max_dir=$dir
  (( files > max_files )) && max_files=$files
  (( mem > max_mem )) && max_mem=$mem
  samples=$((samples + 1))
}
deadline=$(( sync_start + SYNC_TIMEOUT ))
while :; do
  [[ $(docker inspect -f '{{.State.Running}}' "$NODE") == true ]] \
    || fail "the pruned node stopped (OOMKilled=$(docker inspect -f '{{.State.OOMKilled}}' "$NODE"), exit $(docker inspect -f '{{.State.ExitCode}}' "$NODE"))"
  sample
  height=$(rpc "$RPC_PORT" getblockcount '[]')
  (( samples % 15 == 0 )) && echo "   height $height: blocks dir $((max_dir / MIB)) MiB max so far, memory $((max_mem / MIB)) MiB max so far"
  [[ $height == "$HEIGHT" ]] && break
  (( $(date +%s) < deadline )) || fail "the pruned node reached only height $height of $HEIGHT in $SYNC_TIMEOUT s"
  sleep 2
done
sync_secs=$(( $(date +%s) - sync_start ))
for _ in 1 2 3; do sample; sleep 1; done
[[ $(rpc "$RPC_PORT" getbestblockhash '[]') == "\"$TIP\"" ]] || fail "the pruned node's tip is not $TIP"
ok "synced $HEIGHT blocks in $sync_secs s"

state=$(docker inspect -f '{{.State.OOMKilled}} {{.State.Running}} {{.State.ExitCode}}' "$NODE")
[[ $state == "false true 0" ]] || fail "container state (OOMKilled Running ExitCode) is $state"
peak_rss=$(docker exec "$NODE" awk '/VmHWM/ {print $2 * 1024}' /proc/1/status)
cgroup_peak=$(docker exec "$NODE" sh -c 'cat /sys/fs/cgroup/memory.peak 2>/dev/null || cat /sys/fs/cgroup/memory/memory.max_usage_in_bytes')
ok "never OOM-killed, still running; peak RSS of the node $((peak_rss / MIB)) MiB, docker stats max $((max_mem / MIB)) MiB, cgroup peak (with page cache) $((cgroup_peak / MIB)) MiB"

info=$(rpc "$RPC_PORT" getblockchaininfo '[]')
pruneheight=$(jq -r .pruneheight <<<"$info")
size_on_disk=$(jq -r .size_on_disk <<<"$info")
[[ $(jq -r .pruned <<<"$info") == true ]] || fail "getblockchaininfo pruned is not true: $info"
(( pruneheight > SMALL_BLOCKS )) || fail "pruneheight $pruneheight: nothing above height $SMALL_BLOCKS was pruned"
[[ $(jq -r .automatic_pruning <<<"$info") == true && $(jq -r .prune_target_size <<<"$info") == $((TARGET_MIB * MIB)) ]] \
  || fail "getblockchaininfo automatic_pruning/prune_target_size: $info"
if (( ANNEX_BYTES <= MIB )); then
  limit=$((TARGET_MIB * MIB))
  limit_text="the $TARGET_MIB MiB target"
else
  # bitcoind keeps every file holding one of the last 288 blocks: 288 big blocks and the file the oldest starts in.
  limit=$(( 288 * (ANNEX_BYTES + 1000) + 128 * MIB + 16 * MIB ))
  limit_text="288 blocks of $ANNEX_BYTES bytes and one blk file (MIN_BLOCKS_TO_KEEP; above the $TARGET_MIB MiB target)"
fi
(( size_on_disk <= limit )) || fail "size_on_disk $size_on_disk is above $limit_text"
(( max_files <= limit )) || fail "blk+rev files reached $max_files bytes, above $limit_text"
(( max_dir <= limit + MIB )) || fail "the blocks directory reached $max_dir bytes, above $limit_text"
ok "pruned, pruneheight $pruneheight, size_on_disk $((size_on_disk / MIB)) MiB; at most $((max_files / MIB)) MiB of blk+rev and $((max_dir / MIB)) MiB in blocks/ over $samples samples, within $limit_text"
old_height=$(( SMALL_BLOCKS + 50 < pruneheight ? SMALL_BLOCKS + 50 : pruneheight - 1 ))
old=$(rpc "$RPC_PORT" getblockhash "[$old_height]" | tr -d '"')
err=$(rpc_error "$RPC_PORT" getblock "[\"$old\",0]")
[[ $(jq -r .message <<<"$err") == "Block not available (pruned data)" ]] || fail "getblock of pruned block $old_height: $err"
ok "getblock of block $old_height: $(jq -r .message <<<"$err")"
recent_height=$((HEIGHT - 10))
recent=$(rpc "$RPC_PORT" getblockhash "[$recent_height]" | tr -d '"')

step "Reference node as a peer of the pruned node"
rm -rf "$REF_DATA"
mkdir -p "$REF_DATA"
"$REF_DIR/bin/bitcoind" -regtest -datadir="$REF_DATA" -daemon -rpcport="$REF_RPC_PORT" -listen=0 -connect=0 \
  -debug=net -printtoconsole=0 >/dev/null || fail "starting the reference node"
REF_STARTED=1
for _ in $(seq 1 60); do ref getblockcount >/dev/null 2>&1 && break; sleep 1; done
# One connection and no automatic ones (-connect=0), so that a disconnection stays visible.
ref addnode "127.0.0.1:$P2P_PORT" onetry || fail "the reference node could not connect to the pruned node"
for _ in $(seq 1 120); do
  [[ $(ref getblockchaininfo 2>/dev/null | jq -r .headers) == "$HEIGHT" ]] && break
  sleep 1
done
[[ $(ref getblockchaininfo | jq -r .headers) == "$HEIGHT" ]] || fail "the reference node did not get the $HEIGHT headers from the pruned node"
peer=$(ref getpeerinfo | jq -c '.[0]')
peer_id=$(jq -r .id <<<"$peer")
services=$(jq -c .servicesnames <<<"$peer")
jq -e '(.servicesnames | index("NETWORK_LIMITED")) and ((.servicesnames | index("NETWORK")) | not)' <<<"$peer" >/dev/null \
  || fail "the pruned node does not announce NODE_NETWORK_LIMITED without NODE_NETWORK: $services"
ok "headers to $HEIGHT from the pruned node, which announces $services"

ref getblockfrompeer "$recent" "$peer_id" >/dev/null || fail "getblockfrompeer of recent block $recent_height"
got=""
for _ in $(seq 1 60); do
  got=$(ref getblock "$recent" 0 2>/dev/null) && break
  sleep 1
done
[[ -n $got ]] || fail "the reference node did not receive recent block $recent_height from the pruned node"
[[ $got == $(rpc "$RPC_PORT" getblock "[\"$recent\",0]" | tr -d '"') ]] || fail "recent block $recent_height differs"
ok "getblockfrompeer of block $recent_height (tip - 10): received, $(( ${#got} / 2 )) bytes"

ref_error=$(ref getblockfrompeer "$old" "$peer_id" 2>&1 | tr -d " \n") || true
for _ in $(seq 1 30); do
  [[ $(ref getconnectioncount) == 0 ]] && break
  sleep 1
done
[[ $(ref getconnectioncount) == 0 ]] || fail "the pruned node kept the peer that asked for pruned block $old_height"
ref getblock "$old" 0 >/dev/null 2>&1 && fail "the reference node received pruned block $old_height"
# The reference node may see the connection close before the line reaches the container's log: wait for it a little.
# grep reads the whole log (no -q): under pipefail, grep -q leaving early makes docker logs fail with SIGPIPE.
node_log_has() { docker logs "$NODE" 2>&1 | grep -F -- "$1" >/dev/null; }
for _ in $(seq 1 10); do
  node_log_has "Ignore block request below NODE_NETWORK_LIMITED threshold" && break
  sleep 1
done
node_log_has "Ignore block request below NODE_NETWORK_LIMITED threshold" \
  || fail "no 'Ignore block request below NODE_NETWORK_LIMITED threshold' line in the pruned node's log"
ok "getblockfrompeer of pruned block $old_height (reference node: ${ref_error:-no reply}): not served, the pruned node disconnected the peer"

echo "   chain $HEIGHT blocks / $((CHAIN_BYTES / MIB)) MiB; sync $sync_secs s; blk+rev max $((max_files / MIB)) MiB;" \
  "blocks/ max $((max_dir / MIB)) MiB; size_on_disk $((size_on_disk / MIB)) MiB; pruneheight $pruneheight;" \
  "node peak RSS $((peak_rss / MIB)) MiB; docker stats max $((max_mem / MIB)) MiB"
echo "PRUNE TEST PASSED"
