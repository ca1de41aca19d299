#!/bin/bash
# Container entrypoint. Without arguments, or with arguments that start with "-", runs
# `blocksmith node` and passes the arguments through; any other first argument names a subcommand
# (`cli`, `genesis`, ...). The node reads BLOCKSMITH_<FLAG> variables itself (flags > environment >
# config file > defaults); this script only supplies the container's defaults for the node:
#   BLOCKSMITH_DATADIR=/data (image ENV), BLOCKSMITH_PRINTTOCONSOLE=1 (image ENV),
#   BLOCKSMITH_RPCBIND=0.0.0.0          RPC must listen beyond the container's loopback to be reachable
#   BLOCKSMITH_RPCALLOWIP=<private nets> clients on container networks (Docker 172.16/12, Kubernetes
#                                       10/8, 192.168/16) and loopback; the RPC still demands credentials
#   BLOCKSMITH_JAVA_OPTS                 JVM flags replacing the defaults below
# The node's heap is sized from its own -dbcache and -maxmempool by java-heap.sh (scripts/java-heap.sh, the
# launcher's too): -dbcache + -maxmempool + an allowance, at most 3/4 of the container's memory limit and 256 MiB
# below it; skipped when BLOCKSMITH_JAVA_OPTS sets a heap size itself. The other defaults are the launcher's
# (./blocksmith explains them) plus -XX:+ExitOnOutOfMemoryError, so that the orchestrator restarts a node that ran out.
set -euo pipefail

JIT_MEMORY_OPTS="-XX:CompileCommand=quiet -XX:CompileCommand=dontinline,*SignatureChecker::checkEcdsaSignature -XX:CompileCommand=dontinline,*SignatureChecker::verifyEcdsa -XX:TrimNativeHeapInterval=1000"
JAVA_OPTS_DEFAULT="-XX:+UseSerialGC -Xss4m -XX:SurvivorRatio=3 -XX:MetaspaceSize=96m -XX:CompileThresholdScaling=10 $JIT_MEMORY_OPTS -XX:+ExitOnOutOfMemoryError"
HEAP_OPTION='(^|[[:space:]])-(Xmx|XX:MaxHeapSize=|XX:MaxRAM=|XX:MaxRAMPercentage=|XX:MaxRAMFraction=)'
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# RocksDB and secp256k1 unpack their native libraries into java.io.tmpdir: with a read-only root
# filesystem, mount a tmpfs there.
JAVA_TMP="-Djava.io.tmpdir=${TMPDIR:-/tmp}"

run() {
  local opts=${BLOCKSMITH_JAVA_OPTS:-$JAVA_OPTS_DEFAULT}
  if [[ ${1:-} == node ]]; then
    # bitcoind creates everything with umask 077 (its datadir holds keys and credentials): so does the node.
    umask 077
    if ! [[ $opts =~ $HEAP_OPTION ]]; then
      opts="$(/opt/blocksmith/java-heap.sh "${@:2}" || echo "entrypoint: could not size the heap, using the JVM's default" >&2) $opts"
    fi
  elif ! [[ $opts =~ $HEAP_OPTION ]]; then
    opts="-XX:MaxRAMPercentage=50 $opts"
  fi
  # shellcheck disable=SC2086
  exec /opt/jre/bin/java --enable-native-access=ALL-UNNAMED --add-opens java.base/sun.security.provider=ALL-UNNAMED $opts $JAVA_TMP \
    -cp "/opt/blocksmith/node-cli.jar:/opt/blocksmith/lib/*" dev.blocksmith.cli.Main "$@"
}

if [[ $# -gt 0 && $1 != -* ]]; then
  run "$@"
fi

export BLOCKSMITH_RPCBIND=${BLOCKSMITH_RPCBIND:-0.0.0.0}
export BLOCKSMITH_RPCALLOWIP=${BLOCKSMITH_RPCALLOWIP:-127.0.0.1,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16}

# Tell the health check which port RPC (and so /health) listens on: an explicit -rpcport, else the
# selected network's default (NETWORKS.md).
truthy() { [[ ${1:-0} =~ ^(1|true|yes|on)$ ]]; }
chain=${BLOCKSMITH_CHAIN:-main}
truthy "${BLOCKSMITH_REGTEST:-}" && chain=regtest
truthy "${BLOCKSMITH_TESTNET4:-}" && chain=testnet4
truthy "${BLOCKSMITH_SIGNET:-}" && chain=signet
rpcport=${BLOCKSMITH_RPCPORT:-}
prev=""
for arg in "$@"; do
  case $arg in
    -regtest|--regtest|-regtest=1|--regtest=1) chain=regtest ;;
    -testnet4|--testnet4|-testnet4=1|--testnet4=1) chain=testnet4 ;;
    -signet|--signet|-signet=1|--signet=1) chain=signet ;;
    -chain=*|--chain=*) chain=${arg#*=} ;;
    -rpcport=*|--rpcport=*) rpcport=${arg#*=} ;;
  esac
  case $prev in
    -chain|--chain) chain=$arg ;;
    -rpcport|--rpcport) rpcport=$arg ;;
  esac
  prev=$arg
done
if [[ -z $rpcport ]]; then
  case $chain in
    regtest) rpcport=18443 ;;
    testnet4) rpcport=48332 ;;
    signet) rpcport=38332 ;;
    *) rpcport=8332 ;;
  esac
fi
echo "$rpcport" >"${TMPDIR:-/tmp}/blocksmith-rpcport"

run node "$@"
