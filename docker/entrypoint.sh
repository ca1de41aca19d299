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
JAVA_OPTS_DEFAULT="-XX:+UseSerialGC -Xss4m -XX:SurvivorRatio=2 -XX:TargetSurvivorRatio=90 -XX:MetaspaceSize=96m -XX:CompileThresholdScaling=10 $JIT_MEMORY_OPTS -XX:+ExitOnOutOfMemoryError"
HEAP_OPTION='(^|[[:space:]])-(Xmx|XX:MaxHeapSize=|XX:MaxRAM=|XX:MaxRAMPercentage=|XX:MaxRAMFraction=)'
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
# The JNI libraries of RocksDB, secp256k1 and sqlite load in place from /opt/blocksmith/native/linux-<cpu>/
# (/opt/blocksmith/native-libs.sh, the launcher's scripts/native-libs.sh): without it each start extracted a copy
# into java.io.tmpdir, in the container's writable layer, that a crash left behind at every restart. TMPDIR still
# takes the health check's port file: with a read-only root filesystem, mount a tmpfs there.
JAVA_TMP="-Djava.io.tmpdir=${TMPDIR:-/tmp}"
# shellcheck source=scripts/native-libs.sh
. /opt/blocksmith/native-libs.sh
native_lib_opts /opt/blocksmith

JAVA_BASE_OPTS="--enable-native-access=ALL-UNNAMED --add-opens java.base/sun.security.provider=ALL-UNNAMED"
CLASSPATH_OPTS=(-cp "/opt/blocksmith/node-cli.jar:/opt/blocksmith/lib/*")

# ---- class-data sharing for the node (issue 13: start-up CPU; docs/docker.md) ------------------------------------
# The image's build runs `entrypoint.sh make-class-archive` once: a throwaway regtest node with the default JVM
# flags, whose classes go into /opt/blocksmith/node.aot (an AOT cache, JRE >= 25) or node.jsa (a static CDS archive,
# JRE 21-24). The node uses it when present and BLOCKSMITH_JAVA_OPTS is unset (an archive only fits the flags it was
# made with). The JVM's archive messages are off: they would go to stdout, the node's log.
CDS_OPTS=""
jre_major=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' /opt/jre/release 2>/dev/null || true)
if [[ ${jre_major:-0} -ge 25 ]]; then
  CDS_ARCHIVE=/opt/blocksmith/node.aot
else
  CDS_ARCHIVE=/opt/blocksmith/node.jsa
fi
make_class_archive() {
  local dir tmp="$CDS_ARCHIVE.tmp"
  dir=$(mktemp -d)
  # shellcheck disable=SC2086
  local java=(/opt/jre/bin/java $JAVA_BASE_OPTS $JAVA_OPTS_DEFAULT $JAVA_TMP ${NATIVE_LIB_OPTS[@]+"${NATIVE_LIB_OPTS[@]}"} "${CLASSPATH_OPTS[@]}")
  local node=(dev.blocksmith.cli.Main node -regtest "-datadir=$dir" "-loadblock=$dir/training-chain.dat"
              -stopafterblockimport -listen=0 -connect=0 -dnsseed=0 -printtoconsole=0 -rpcbind=127.0.0.1
              -rpcallowip=127.0.0.1)
  # The training chain (the launcher's too): a JVM of its own writes it, the training run imports it.
  "${java[@]}" -XX:TieredStopAtLevel=1 dev.blocksmith.cli.training.TrainingChain "$dir/training-chain.dat" >"$dir.log" 2>&1 \
    || { tail -20 "$dir.log" >&2; echo "entrypoint: writing the training chain failed" >&2; exit 1; }
  if [[ $CDS_ARCHIVE == *.aot ]]; then
    "${java[@]}" "-XX:AOTCacheOutput=$tmp" "${node[@]}" >>"$dir.log" 2>&1
  else
    "${java[@]}" "-XX:DumpLoadedClassList=$dir/classes.lst" "${node[@]}" >>"$dir.log" 2>&1 \
      && "${java[@]}" -Xshare:dump "-XX:SharedClassListFile=$dir/classes.lst" "-XX:SharedArchiveFile=$tmp" >>"$dir.log" 2>&1
  fi || { tail -20 "$dir.log" >&2; echo "entrypoint: making the class-data archive failed" >&2; exit 1; }
  grep -q "Stopping after block import" "$dir/regtest/debug.log" || { echo "entrypoint: the training node did not start" >&2; exit 1; }
  grep -q "Loaded [0-9]* blocks from external file.* 0 invalid" "$dir/regtest/debug.log" \
    || { echo "entrypoint: the training node did not import the training chain" >&2; exit 1; }
  chmod 644 "$tmp"
  mv -f "$tmp" "$CDS_ARCHIVE"
  rm -rf "$dir" "$dir.log"
  echo "entrypoint: class-data archive $CDS_ARCHIVE ($(du -m "$CDS_ARCHIVE" | cut -f1) MB)"
}
if [[ ${1:-} == make-class-archive ]]; then
  make_class_archive
  exit 0
fi
if [[ ${1:-} == node || ${1:-} == -* || $# -eq 0 ]] && [[ -z ${BLOCKSMITH_JAVA_OPTS:-} && -s $CDS_ARCHIVE ]]; then
  if [[ $CDS_ARCHIVE == *.aot ]]; then
    CDS_OPTS="-XX:AOTCache=$CDS_ARCHIVE -Xlog:aot*=off,cds*=off"
  else
    CDS_OPTS="-XX:SharedArchiveFile=$CDS_ARCHIVE -Xlog:cds*=off"
  fi
fi
# ---- end of class-data sharing -----------------------------------------------------------------------------------

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
  exec /opt/jre/bin/java $JAVA_BASE_OPTS $opts $JAVA_TMP ${NATIVE_LIB_OPTS[@]+"${NATIVE_LIB_OPTS[@]}"} $CDS_OPTS \
    "${CLASSPATH_OPTS[@]}" dev.blocksmith.cli.Main "$@"
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
