#!/usr/bin/env bash
# Measures block-header hash rates with JMH (HashRateBenchmark) and prints per-thread figures and
# the engine/naive and 2-thread/1-thread ratios, all from one run.
#
# Usage: node-bench/run-hashrate.sh [extra JMH options]
# Environment: WI/W (warm-up iterations/time), I/R (measurement iterations/time), JAVA_HOME.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/node-bench/target/benchmarks.jar"
results="$root/node-bench/target/hashrate.csv"

# A JDK >= 21: JAVA_HOME, then the java on PATH, then /usr/lib/jvm (scripts/select-jdk.sh).
# shellcheck source=../scripts/select-jdk.sh
. "$root/scripts/select-jdk.sh"
java="$JAVA_HOME/bin/java"
echo "Using $java"

# Rebuild the jar when it is missing or older than any source it contains.
if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/pom.xml" "$root"/node-core/{pom.xml,src/main} \
        "$root"/node-miner/{pom.xml,src/main} "$root"/node-bench/{pom.xml,src/main} -newer "$jar" -print -quit)" ]]; then
    echo "Building $jar"
    (cd "$root" && ./mvnw -q -pl node-bench -am package -DskipTests)
fi

"$java" -jar "$jar" 'HashRateBenchmark' \
    -wi "${WI:-3}" -w "${W:-2s}" -i "${I:-5}" -r "${R:-3s}" -f 1 \
    -rf csv -rff "$results" "$@"

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
awk -F',' '
    NR > 1 {
        gsub(/"/, "")
        n = split($1, parts, ".")
        name = parts[n]
        threads[name] = $3
        score[name] = $5
        err[name] = $6
    }
    END {
        print ""
        print "Hash rate per thread (MH/s), one JMH run:"
        order = "naive_1thread naive_2threads engine_1thread engine_2threads portable_1thread"
        m = split(order, names, " ")
        for (i = 1; i <= m; i++) {
            k = names[i]
            if (!(k in score)) continue
            printf "  %-18s %2d thread(s): total %7.2f MH/s  per thread %6.2f MH/s  (+/- %.2f)\n",
                k, threads[k], score[k] / 1e6, score[k] / threads[k] / 1e6, err[k] / 1e6
        }
        print ""
        if (("engine_1thread" in score) && ("naive_1thread" in score))
            printf "  engine / naive, 1 thread:        %.2fx\n", score["engine_1thread"] / score["naive_1thread"]
        if (("engine_2threads" in score) && ("naive_2threads" in score))
            printf "  engine / naive, 2 threads:       %.2fx\n", score["engine_2threads"] / score["naive_2threads"]
        if (("engine_2threads" in score) && ("engine_1thread" in score))
            printf "  engine 2 threads / 1 thread:     %.2fx\n", score["engine_2threads"] / score["engine_1thread"]
        if (("naive_2threads" in score) && ("naive_1thread" in score))
            printf "  naive 2 threads / 1 thread:      %.2fx\n", score["naive_2threads"] / score["naive_1thread"]
        if (("portable_1thread" in score) && ("naive_1thread" in score))
            printf "  portable / naive, 1 thread:      %.2fx\n", score["portable_1thread"] / score["naive_1thread"]
    }
' "$results"
