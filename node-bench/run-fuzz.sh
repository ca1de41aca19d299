#!/usr/bin/env bash
# Fuzzes every network-reachable decoder with Jazzer (the @FuzzTest harnesses in node-core and node-p2p)
# and prints, per target, the executions, executions per second, coverage and findings (crashes,
# timeouts, out-of-memory). The same harnesses replay their committed corpus in every `./mvnw verify`;
# this script runs them in fuzzing mode (libFuzzer through Jazzer's command-line driver).
#
# Usage: node-bench/run-fuzz.sh [--time SECONDS | --runs N] [--xmx SIZE] [--work DIR] [TARGET-SUBSTRING...]
#   --time SECONDS  fuzzing time per target (default 60)
#   --runs N        stop each target after N executions instead (the issue's target: --runs 10000000)
#   --xmx SIZE      heap per target (default 1g): an allocation beyond it is reported as an OOM finding
#   --work DIR      work directory (default node-bench/target/fuzz): two runs with different directories can
#                   go side by side (one per core), each on its own copy of the classes
#   TARGET-SUBSTRING  only targets whose name contains one of these (e.g. framer, MessageDecoder)
# Environment: JAVA_HOME. Work files, generated corpora and finding inputs: the work directory.
# A finding's input is written to <work>/<target>/crash-* (or timeout-*, oom-*); fix the
# decoder and copy the input into the harness's src/test/resources/.../<Test>Inputs/<method>/ directory.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
seconds=60
runs=0
xmx=1g
work="$root/node-bench/target/fuzz"
filters=()
while [[ $# -gt 0 ]]; do
    case "$1" in
        --time) seconds="$2"; shift 2 ;;
        --runs) runs="$2"; seconds=0; shift 2 ;;
        --xmx) xmx="$2"; shift 2 ;;
        --work) work="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
        -h|--help) sed -n '2,18p' "$0"; exit 0 ;;
        *) filters+=("$1"); shift ;;
    esac
done

# shellcheck source=../scripts/select-jdk.sh
. "$root/scripts/select-jdk.sh"
java="$JAVA_HOME/bin/java"

targets=(
    "node-p2p dev.blocksmith.p2p.codec.FrameDecoderFuzzTest framer"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest version"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest addr"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest inventory"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest headers"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest locator"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest block"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest tx"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest compactBlocks"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest small"
    "node-p2p dev.blocksmith.p2p.message.MessageDecoderFuzzTest compactFilters"
    "node-p2p dev.blocksmith.p2p.cmpct.CompactBlockReconstructionFuzzTest reconstruction"
    "node-p2p dev.blocksmith.p2p.v2.V2TransportFuzzTest bidirectional"
    "node-p2p dev.blocksmith.p2p.v2.V2TransportFuzzTest responderReadsV1OrBytes"
    "node-core dev.blocksmith.core.tx.TransactionFuzzTest transaction"
    "node-core dev.blocksmith.core.block.BlockFuzzTest block"
    "node-core dev.blocksmith.core.block.BlockFuzzTest header"
    "node-core dev.blocksmith.core.psbt.PsbtFuzzTest psbt"
)

mkdir -p "$work"

# Compile main and test classes of both modules and write the external test classpath (the project's
# own modules come from their target directories, so that nothing stale from ~/.m2 is used).
echo "Compiling node-core and node-p2p tests"
(cd "$root" && ./mvnw -B -q -o -pl node-p2p -am test-compile dependency:build-classpath \
    -Dmdep.outputFile="$work/classpath.txt" -Dmdep.includeScope=test -DexcludeGroupIds=dev.blocksmith) \
    2>&1 | grep -v '^WARNING' || true
[[ -s "$work/classpath.txt" ]] || { echo "could not build the test classpath" >&2; exit 1; }
# The fuzzers run on a copy of the classes, so that rebuilding the tree during a long run changes nothing under it.
rm -rf "$work/classes" && mkdir -p "$work/classes"
for d in node-p2p/target/test-classes node-p2p/target/classes node-core/target/test-classes node-core/target/classes; do
    mkdir -p "$work/classes/$d" && cp -r "$root/$d/." "$work/classes/$d/"
done
cp="$work/classes/node-p2p/target/test-classes:$work/classes/node-p2p/target/classes"
cp="$cp:$work/classes/node-core/target/test-classes:$work/classes/node-core/target/classes:$(cat "$work/classpath.txt")"

selected() {
    [[ ${#filters[@]} -eq 0 ]] && return 0
    local f
    for f in "${filters[@]}"; do [[ "$1" == *"$f"* ]] && return 0; done
    return 1
}

# @FuzzTest's maxDuration (5 minutes unless the annotation says otherwise) becomes a -max_total_time that Jazzer puts
# before ours; libFuzzer keeps the last value of a flag, so ours wins. A run by executions lifts the time limit.
limit="-max_total_time=$seconds"
[[ "$runs" -gt 0 ]] && limit="-runs=$runs -max_total_time=0"
echo "Fuzzing each target with $limit, heap $xmx ($(nproc) cores here)"
summary="$work/summary.tsv"
printf 'target\texecutions\tseconds\texec/s\tcoverage\tcrashes\ttimeouts\tooms\n' > "$summary"

for t in "${targets[@]}"; do
    read -r module class method <<< "$t"
    name="${class##*.}#$method"
    selected "$name" || continue
    dir="$work/${class##*.}-$method"
    mkdir -p "$dir/corpus"
    log="$dir/fuzz.log"
    start=$(date +%s)
    # --keep_going: report up to 20 distinct findings instead of stopping at the first one.
    # -timeout: an input taking over 60 s is a hang (executions take microseconds to milliseconds; a shorter limit
    # mistook the first execution, which loads and instruments the classes, for a hang on a starved machine).
    # slf4j's no-op provider: log lines are not what a harness checks, and configuring a logging backend inside
    # the first execution was that slow start's largest part. The committed inputs seed the run (Jazzer adds the
    # harness's Inputs directory itself); new interesting inputs go to $dir/corpus.
    (cd "$dir" && "$java" -Xmx"$xmx" -XX:+EnableDynamicAgentLoading -Xss4m -cp "$cp" \
        -Dslf4j.provider=org.slf4j.helpers.NOP_FallbackServiceProvider \
        com.code_intelligence.jazzer.Jazzer --target_class="$class" --target_method="$method" \
        --instrumentation_includes='dev.blocksmith.**' --custom_hook_includes='dev.blocksmith.**' --keep_going=20 \
        $limit -timeout=60 -print_final_stats=1 -artifact_prefix="$dir/" "$dir/corpus") > "$log" 2>&1 || true
    elapsed=$(( $(date +%s) - start ))
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    cov=$(grep -o 'cov: [0-9]*' "$log" | tail -1 | cut -d' ' -f2)
    timeouts=$(grep -c 'libFuzzer: timeout' "$log" || true)
    # Jazzer reports an OutOfMemoryError as a Java finding; libFuzzer's RSS limit as out-of-memory.
    javaooms=$(grep -c -E '== Java Exception: .*(Out of memory|OutOfMemoryError)' "$log" || true)
    rssooms=$(grep -c 'libFuzzer: out-of-memory' "$log" || true)
    ooms=$(( javaooms + rssooms ))
    crashes=$(( $(grep -c '== Java Exception:' "$log" || true) - javaooms ))
    if [[ -z "$execs" ]]; then
        # No final statistics: the run itself failed (see the log), which is not a figure.
        echo "$name: no statistics, run failed; see $log" >&2
        execs="-"; rate="-"
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$execs" "$elapsed" "$rate" "${cov:--}" \
        "$crashes" "$timeouts" "$ooms" >> "$summary"
    printf '%-40s %12s execs %6ss %8s exec/s  cov %5s  crashes %s  timeouts %s  ooms %s\n' "$name" "$execs" \
        "$elapsed" "$rate" "${cov:--}" "$crashes" "$timeouts" "$ooms"
done

echo
column -t -s $'\t' "$summary"
findings=$(awk -F'\t' 'NR > 1 { n += $6 + $7 + $8 } END { print n + 0 }' "$summary")
echo "Total findings: $findings (inputs under $work/*/crash-*, timeout-*, oom-*; logs $work/*/fuzz.log)"
