#!/usr/bin/env bash
# End-to-end check of the container image, run from anywhere:
#   docker/smoke-test.sh
# 1. a Docker daemon (started here, data under /tmp, if none answers), 2. offline base images,
# 3. the image, 4. one regtest node: healthy, RPC getblockchaininfo + generatetoaddress, `docker stop`
# within 30 s with the node's clean-shutdown line, a new container on the same volume with the same
# height and best hash, non-root process, a 10 000-block chain within --memory 512m, 5. the compose
# testnet until its three nodes share the tip, 6. docker/prune-test.sh (SKIP_PRUNE_TEST=1 skips it).
# Exits non-zero at the first failure, saying what failed. Leaves nothing running (KEEP_DOCKERD=1 keeps
# a daemon it started).
#
# Environment: IMAGE (default blocksmith:smoke), SKIP_BUILD=1 (reuse IMAGE), SMOKE_RPC_PORT (28443),
# SMOKE_COMPOSE_RPC_PORT (28444), DOCKER_HOST.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
IMAGE=${IMAGE:-blocksmith:smoke}
NAME=blocksmith-smoke
VOLUME=blocksmith-smoke-data
PROJECT=blocksmith-smoke-net
RPC_PORT=${SMOKE_RPC_PORT:-28443}
COMPOSE_RPC_PORT=${SMOKE_COMPOSE_RPC_PORT:-28444}
RPC_USER=smoke
RPC_PASSWORD=$(head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n')
# A valid regtest P2WPKH address from Bitcoin Core's key_io_valid.json; nobody needs the coins.
ADDRESS=bcrt1qdavt4j2sd7dlhqsavtnfxvzppw6k7qy97tmnu9
STARTED_DOCKERD=""
COMPOSE=()
step() { echo "== $*"; }
ok() { echo "   ok: $*"; }

fail() {
  echo "SMOKE TEST FAILED: $*" >&2
  if docker inspect "$NAME" >/dev/null 2>&1; then
    echo "--- last log lines of $NAME:" >&2
    docker logs --tail 40 "$NAME" >&2 2>&1 || true
  fi
  if [[ ${#COMPOSE[@]} -gt 0 ]]; then
    echo "--- compose logs:" >&2
    "${COMPOSE[@]}" logs --tail 20 >&2 2>&1 || true
  fi
  exit 1
}

cleanup() {
  set +e
  docker rm -f "$NAME" >/dev/null 2>&1
  docker volume rm "$VOLUME" >/dev/null 2>&1
  if [[ ${#COMPOSE[@]} -gt 0 ]]; then
    "${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1
  fi
  if [[ -n $STARTED_DOCKERD && ${KEEP_DOCKERD:-0} != 1 ]]; then
    kill "$(cat "$STARTED_DOCKERD/dockerd.pid")" 2>/dev/null
    for _ in $(seq 1 30); do [[ -e $STARTED_DOCKERD/dockerd.pid ]] || break; sleep 1; done
  fi
}
trap cleanup EXIT

for tool in docker curl jq; do command -v "$tool" >/dev/null || fail "$tool is not installed"; done

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
if docker compose version >/dev/null 2>&1; then
  COMPOSE_CMD=(docker compose)
elif command -v docker-compose >/dev/null; then
  COMPOSE_CMD=(docker-compose)
else
  fail "neither 'docker compose' nor docker-compose is installed"
fi

if [[ ${SKIP_BUILD:-0} != 1 ]]; then
  step "Base images"
  "$ROOT/docker/build-local-base.sh" || fail "docker/build-local-base.sh"
  step "Image $IMAGE"
  docker build -q -f "$ROOT/docker/Dockerfile" -t "$IMAGE" "$ROOT" >/dev/null || fail "docker build"
  ok "built $(docker image inspect -f '{{.Size}}' "$IMAGE" | awk '{printf "%.0f MB", $1/1e6}')"
fi

rpc() { # rpc PORT METHOD PARAMS-JSON -> result JSON on stdout
  local reply
  reply=$(curl -sS --max-time 60 --user "$RPC_USER:$RPC_PASSWORD" -H 'Content-Type: text/plain' \
    --data-binary "{\"jsonrpc\":\"1.0\",\"id\":\"smoke\",\"method\":\"$2\",\"params\":$3}" "http://127.0.0.1:$1/") \
    || fail "RPC $2 on port $1: no HTTP reply"
  [[ $(jq -r '.error' <<<"$reply") == null ]] || fail "RPC $2 returned an error: $reply"
  jq -c '.result' <<<"$reply"
}

wait_healthy() { # wait_healthy CONTAINER SECONDS
  local state
  for _ in $(seq 1 "$2"); do
    state=$(docker inspect -f '{{.State.Status}} {{if .State.Health}}{{.State.Health.Status}}{{end}}' "$1" 2>/dev/null) || state="missing"
    case $state in
      "running healthy") return 0 ;;
      exited*|dead*|missing) fail "container $1 is $state before becoming healthy" ;;
    esac
    sleep 1
  done
  local last
  last=$(docker inspect -f '{{json .State.Health}}' "$1" 2>/dev/null | jq -r '.Log[-1].Output // empty' 2>/dev/null | tr -d '\n')
  fail "container $1 not healthy after $2 s (state: $state; last health check: ${last:-none})"
}

run_node() {
  docker run -d --name "$NAME" --memory 512m \
    -e BLOCKSMITH_REGTEST=1 -e BLOCKSMITH_RPCUSER="$RPC_USER" -e BLOCKSMITH_RPCPASSWORD="$RPC_PASSWORD" \
    -p "127.0.0.1:$RPC_PORT:18443" -v "$VOLUME:/data" "$IMAGE" >/dev/null || fail "docker run $IMAGE"
  wait_healthy "$NAME" 120
}

step "Single node"
docker rm -f "$NAME" >/dev/null 2>&1 || true
docker volume rm "$VOLUME" >/dev/null 2>&1 || true
run_node
ok "healthy"
info=$(rpc "$RPC_PORT" getblockchaininfo '[]')
[[ $(jq -r .chain <<<"$info") == regtest ]] || fail "getblockchaininfo chain is not regtest: $info"
ok "getblockchaininfo: chain regtest, $(jq -r .blocks <<<"$info") blocks"
hashes=$(rpc "$RPC_PORT" generatetoaddress "[5,\"$ADDRESS\"]")
[[ $(jq length <<<"$hashes") == 5 ]] || fail "generatetoaddress 5 returned $hashes"
height=$(rpc "$RPC_PORT" getblockcount '[]')
best=$(rpc "$RPC_PORT" getbestblockhash '[]')
[[ $height == 5 ]] || fail "height after generatetoaddress 5 is $height"
[[ $best == $(jq -c '.[-1]' <<<"$hashes") ]] || fail "best block $best is not the last generated $(jq -c '.[-1]' <<<"$hashes")"
ok "generatetoaddress: height $height, best $best"

uid=$(docker exec "$NAME" awk '/^Uid:/ {print $2}' /proc/1/status) || fail "cannot read the node's uid"
[[ $uid == 1000 ]] || fail "node process runs as uid $uid, not 1000"
[[ $(docker exec "$NAME" id -u) == 1000 ]] || fail "docker exec runs as uid $(docker exec "$NAME" id -u)"
ok "node runs as uid 1000"

# The JNI libraries load in place (scripts/native-libs.sh): none is extracted into the container's /tmp, where a
# crash would leave the copy behind at every restart.
docker exec "$NAME" grep -q '/opt/blocksmith/native/.*librocksdbjni' /proc/1/maps \
  || fail "RocksDB's library is not loaded from /opt/blocksmith/native"
extracted=$(docker exec "$NAME" sh -c 'ls "${TMPDIR:-/tmp}"' | grep -E '\.so|rocksdb|secp256k1|sqlite' || true)
[[ -z $extracted ]] || fail "native libraries extracted into the container's temporary directory: $extracted"
ok "native libraries loaded from /opt/blocksmith/native, none extracted into /tmp"

start=$(date +%s)
docker stop -t 30 "$NAME" >/dev/null || fail "docker stop"
elapsed=$(( $(date +%s) - start ))
(( elapsed < 30 )) || fail "docker stop took $elapsed s: the node did not exit on SIGTERM (Docker killed it)"
exit_code=$(docker inspect -f '{{.State.ExitCode}}' "$NAME")
[[ $exit_code == 0 || $exit_code == 143 ]] || fail "node exited with $exit_code after SIGTERM"
shutdown_line=$(docker logs "$NAME" 2>&1 | grep 'Shutdown: done' | tail -n 1) || fail "no 'Shutdown: done' line in the node's log after docker stop"
ok "stopped in $elapsed s (exit $exit_code): $shutdown_line"

docker rm "$NAME" >/dev/null
run_node
[[ $(rpc "$RPC_PORT" getblockcount '[]') == "$height" ]] || fail "after restart the height is not $height"
[[ $(rpc "$RPC_PORT" getbestblockhash '[]') == "$best" ]] || fail "after restart the best block is not $best"
ok "new container on the same volume: height $height, best $best"

# Memory: a 10 000-block chain under the 512 MiB limit run_node sets, with default settings.
for _ in $(seq 1 10); do rpc "$RPC_PORT" generatetoaddress "[1000,\"$ADDRESS\"]" >/dev/null; done
[[ $(rpc "$RPC_PORT" getblockcount '[]') == $((height + 10000)) ]] || fail "the node did not reach height $((height + 10000))"
[[ $(docker inspect -f '{{.State.OOMKilled}} {{.State.Running}}' "$NAME") == "false true" ]] || fail "the node was OOM-killed under 512 MiB"
mem=$(docker stats --no-stream --format '{{.MemUsage}}' "$NAME")
ok "10 000 more blocks within --memory 512m: $mem"
docker rm -f "$NAME" >/dev/null
docker volume rm "$VOLUME" >/dev/null

step "Compose testnet (miner + 2 peers)"
export BLOCKSMITH_IMAGE=$IMAGE RPC_USER RPC_PASSWORD MINER_RPC_PORT=$COMPOSE_RPC_PORT
COMPOSE=("${COMPOSE_CMD[@]}" -p "$PROJECT" -f "$ROOT/docker/compose.yml")
"${COMPOSE[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
"${COMPOSE[@]}" up -d >/dev/null 2>&1 || fail "compose up"
for svc in miner peer1 peer2; do
  wait_healthy "$("${COMPOSE[@]}" ps -q "$svc")" 180
done
ok "three nodes healthy"
mined=$(rpc "$COMPOSE_RPC_PORT" generatetoaddress "[12,\"$ADDRESS\"]")
tip=$(jq -r '.[-1]' <<<"$mined")
tips=""
for _ in $(seq 1 120); do
  tips=""
  agreed=1
  for svc in peer1 peer2; do
    t=$("${COMPOSE[@]}" exec -T "$svc" blocksmith cli -regtest getbestblockhash 2>/dev/null | tr -d '\r\n') || t="?"
    tips="$tips $svc=$t"
    [[ $t == "$tip" ]] || agreed=0
  done
  [[ $agreed == 1 ]] && break
  sleep 1
done
[[ $agreed == 1 ]] || fail "peers did not reach the miner's tip $tip within 120 s:$tips"
ok "miner, peer1 and peer2 agree on tip $tip (height 12)"

# 6. Pruning: a -prune=550 node in --memory 512m on a chain four times its target (docker/prune-test.sh, about
# 6 minutes and 5 GB of disk under /tmp). It needs the reference node as the pruned node's peer.
if [[ ${SKIP_PRUNE_TEST:-0} == 1 ]]; then
  step "Pruning: skipped (SKIP_PRUNE_TEST=1)"
elif ! "$ROOT/scripts/reference-node.sh" check >/dev/null 2>&1; then
  step "Pruning: skipped, the reference node is not installed (scripts/reference-node.sh install)"
elif (( $(df -Pk "${WORK:-/tmp}" 2>/dev/null | awk 'NR==2 {print $4}' || echo 0) < 6 * 1024 * 1024 )); then
  step "Pruning: skipped, less than 6 GiB free under ${WORK:-/tmp} for the 2.2 GB chain and its two copies"
else
  step "Pruning (docker/prune-test.sh)"
  SKIP_BUILD=1 IMAGE=$IMAGE "$ROOT/docker/prune-test.sh" || fail "docker/prune-test.sh"
fi

echo "SMOKE TEST PASSED"
