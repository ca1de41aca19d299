#!/usr/bin/env bash
# Runs Bitcoin Core's functional tests against Blocksmith, unchanged, through scripts/bitcoind and
# scripts/bitcoin-cli. The suite is read from $CORE_FUNCTIONAL_DIR (default: ../shared/core-functional
# beside the project); it is never copied into the project.
#
#   node-it/core-functional/run.sh [-j N] [--timeout-factor F] [--per-test-timeout SECS] [--file LIST] TEST...
#     TEST      a script name with or without .py, optionally with its arguments ("feature_segwit.py --v2")
#     --file    read test names from LIST (one per line, # comments), e.g. node-it/core-functional/ci-subset.txt
#     --all     every test script of the suite
#     --per-test-timeout  stop a test after SECS seconds (reported as failed: timeout); default none
#
# Components: bitcoind, bitcoin-cli, the wallet and ZMQ (subscribing needs /usr/bin/python3's zmq module, else the
# framework skips those tests saying so); the others (bitcoin-tx, bitcoin-util, bitcoin-wallet, IPC, ...) are off in
# config.ini, so their tests skip with the framework's reason.
# Prints one line per test (passed/failed/skipped and seconds) and a closing "N passed, M failed" line.
# Logs of failed tests stay in $OUT/failed/<test>/ (default OUT: node-it/target/core-functional).
set -uo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SUITE=${CORE_FUNCTIONAL_DIR:-$ROOT/../shared/core-functional}
OUT=${CORE_FUNCTIONAL_OUT:-$ROOT/node-it/target/core-functional}
# In a git worktree, "beside the project" means beside the main checkout.
if [ ! -d "$SUITE/test/functional" ] && [ -z "${CORE_FUNCTIONAL_DIR:-}" ]; then
  common=$(git -C "$ROOT" rev-parse --path-format=absolute --git-common-dir 2>/dev/null || true)
  [ -n "$common" ] && [ -d "$common/../../shared/core-functional/test/functional" ] && SUITE=$(cd "$common/../../shared/core-functional" && pwd)
fi
JOBS=2
TIMEOUT_FACTOR=${CORE_FUNCTIONAL_TIMEOUT_FACTOR:-4}
TESTS=()
PER_TEST_TIMEOUT=0

while [ $# -gt 0 ]; do
  case "$1" in
    -j) JOBS=$2; shift 2 ;;
    -j*) JOBS=${1#-j}; shift ;;
    --timeout-factor) TIMEOUT_FACTOR=$2; shift 2 ;;
    --per-test-timeout) PER_TEST_TIMEOUT=$2; shift 2 ;;
    --file) while IFS= read -r line; do
              line=${line%%#*}; line=$(echo "$line" | sed 's/[[:space:]]*$//; s/^[[:space:]]*//')
              [ -n "$line" ] && TESTS+=("$line")
            done < "$2"; shift 2 ;;
    --all) for f in "$SUITE"/test/functional/*.py; do
             b=$(basename "$f")
             case "$b" in test_runner.py|create_cache.py|combine_logs.py) continue ;; esac
             TESTS+=("$b")
           done; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) TESTS+=("$1"); shift ;;
  esac
done

if [ ! -d "$SUITE/test/functional" ]; then
  echo "core-functional: Bitcoin Core's functional test suite not found at $SUITE (set CORE_FUNCTIONAL_DIR)" >&2
  exit 2
fi
if [ ${#TESTS[@]} -eq 0 ]; then
  echo "core-functional: no test named (see --help)" >&2
  exit 2
fi

# Debian's python3 carries the modules some tests import (python3-zmq); any python3 >= 3.10 runs the rest.
PYTHON=${PYTHON:-$( [ -x /usr/bin/python3 ] && echo /usr/bin/python3 || command -v python3 )}

# Build the distribution once, before tests start nodes in parallel.
"$ROOT/blocksmith" node -version >/dev/null || { echo "core-functional: the distribution does not build" >&2; exit 2; }

mkdir -p "$OUT"
rm -rf "$OUT/tmp" "$OUT/failed" "$OUT/results"
mkdir -p "$OUT/tmp" "$OUT/failed" "$OUT/results"
CONFIG="$OUT/config.ini"
# CLIENT_NAME is the name the programs print where bitcoind prints "Bitcoin Core" (bitcoin-cli -version, -netinfo,
# "... is probably already running"): Blocksmith's, Version.CLIENT_NAME.
sed -e "s#@abs_top_srcdir@#$SUITE#g" -e "s#@abs_top_builddir@#$OUT/build#g" -e "s#@EXEEXT@##g" \
    -e "s#@CLIENT_NAME@#Blocksmith#g" -e "s#@CLIENT_BUGREPORT@#https://github.com/bitcoin/bitcoin/issues#g" \
    -e "s#^@ENABLE_WALLET_TRUE@##" -e "s#^@BUILD_BITCOIN_CLI_TRUE@##" -e "s#^@BUILD_BITCOIND_TRUE@##" -e "s#^@ENABLE_ZMQ_TRUE@##" \
    -e "s#^@[A-Z_]*_TRUE@#\##" \
    "$SUITE/test/config.ini.in" > "$CONFIG"

export BITCOIND="$ROOT/scripts/bitcoind" BITCOINCLI="$ROOT/scripts/bitcoin-cli"
# Built above: nodes started by the tests use that build even if sources change meanwhile.
export BLOCKSMITH_NO_REBUILD=1
export PYTHONDONTWRITEBYTECODE=1
CACHE="$OUT/cache"
# What the cached blocks look like: bump it when Blocksmith's generated blocks change bytes (a cache of the old
# ones would shift block sizes, file wraps and hashes that tests compare with bitcoind's).
CACHE_FORMAT="coinbase-height-op0-first-nonce"
# The framework's 199-block cache, built once (as Core's test_runner does) so parallel tests share it.
if [ ! -d "$CACHE/node0" ] || [ "$(cat "$CACHE/format" 2>/dev/null)" != "$CACHE_FORMAT" ]; then
  rm -rf "$CACHE" "$CACHE.new"
  # Built aside and moved into place: the framework takes any existing node0 folder as a finished cache.
  if "$PYTHON" "$SUITE/test/functional/create_cache.py" --configfile="$CONFIG" --cachedir="$CACHE.new" \
      --tmpdir="$OUT/tmp/create_cache" --timeout-factor="$TIMEOUT_FACTOR" > "$OUT/create_cache.log" 2>&1; then
    echo "$CACHE_FORMAT" > "$CACHE.new/format"
    mv "$CACHE.new" "$CACHE"
  else
    echo "core-functional: building the framework's chain cache failed; see $OUT/create_cache.log" >&2
    tail -20 "$OUT/create_cache.log" >&2
    exit 1
  fi
fi

run_one() {
  local spec=$1
  local name=${spec%% *}
  local args=""
  [ "$name" != "$spec" ] && args=${spec#* }
  name=${name%.py}
  local id
  id=$(echo "$spec" | sed 's/\.py//; s/[^A-Za-z0-9_]\+/_/g; s/_$//')
  local tmp="$OUT/tmp/$id"
  local start=$SECONDS
  # shellcheck disable=SC2086
  local limit=()
  [ "$PER_TEST_TIMEOUT" -gt 0 ] && limit=(timeout -k 10 "$PER_TEST_TIMEOUT")
  # The framework derives its nodes' ports from --portseed (by default its pid, so two tests, or two runs on one
  # machine, may draw the same ports: "Unable to bind any endpoint for RPC server"). Each test holds a lock on the
  # seed it uses, as Core's test_runner numbers its jobs, so no two tests run through this script share one.
  local seed fd
  mkdir -p "$PORT_LOCKS"
  for seed in $(shuf -i 1-$PORT_SEEDS); do
    exec {fd}>"$PORT_LOCKS/$seed.lock"
    flock -n "$fd" && break
    exec {fd}>&-
  done
  "${limit[@]}" "$PYTHON" "$SUITE/test/functional/$name.py" $args --configfile="$CONFIG" --cachedir="$CACHE" --tmpdir="$tmp" \
      --timeout-factor="$TIMEOUT_FACTOR" --portseed="$seed" --nocleanup > "$OUT/results/$id.log" 2>&1 < /dev/null
  local rc=$?
  # A test stopped by the time limit leaves its nodes behind: stop them too.
  if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
    pkill -f -- "-datadir=$tmp/" 2>/dev/null || true
    echo "Test stopped after the per-test limit of ${PER_TEST_TIMEOUT}s" >> "$OUT/results/$id.log"
  fi
  local secs=$((SECONDS - start))
  local status
  case $rc in
    0) status=passed; rm -rf "$tmp" ;;
    77) status=skipped; rm -rf "$tmp" ;;
    *) status=failed
       mkdir -p "$OUT/failed/$id"
       cp "$OUT/results/$id.log" "$OUT/failed/$id/test.log"
       "$PYTHON" "$SUITE/test/functional/combine_logs.py" -c "$tmp" > "$OUT/failed/$id/combined.log" 2>/dev/null || true
       ;;
  esac
  local reason=""
  if [ "$status" = skipped ]; then
    reason=$(grep -o 'Test Skipped: .*' "$OUT/results/$id.log" | head -1)
    [ -n "$reason" ] && reason=" ($reason)"
  elif [ "$status" = failed ] && { [ "$rc" = 124 ] || [ "$rc" = 137 ]; }; then
    reason=" -- timeout after ${PER_TEST_TIMEOUT}s"
  elif [ "$status" = failed ]; then
    reason=$(grep -E 'AssertionError|JSONRPCException|FailedToStartError|Error:' "$OUT/results/$id.log" | grep -v 'Hint' | head -1 | cut -c1-160)
    [ -n "$reason" ] && reason=" -- $reason"
  fi
  printf '%-45s %-8s %5ss%s\n' "$spec" "$status" "$secs" "$reason"
  echo "$status" > "$OUT/results/$id.status"
}
export -f run_one
# The framework's port blocks: 12 nodes' ports per seed in a range of 5000 (test_framework/util.py), about 400 blocks.
PORT_SEEDS=400
PORT_LOCKS=${TMPDIR:-/tmp}/blocksmith-core-functional-ports
export OUT SUITE PYTHON CONFIG CACHE TIMEOUT_FACTOR PER_TEST_TIMEOUT PORT_SEEDS PORT_LOCKS

printf '%s\n' "${TESTS[@]}" | xargs -d '\n' -P "$JOBS" -I{} bash -c 'run_one "$@"' _ {}

passed=$(cat "$OUT"/results/*.status 2>/dev/null | grep -c '^passed$')
failed=$(cat "$OUT"/results/*.status 2>/dev/null | grep -c '^failed$')
skipped=$(cat "$OUT"/results/*.status 2>/dev/null | grep -c '^skipped$')
[ "$failed" -gt 0 ] && echo "core-functional: logs of failed tests in $OUT/failed/"
echo "core-functional: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
