#!/usr/bin/env bash
# Measures signature verification with JMH (SignatureVerifyBenchmark): ECDSA per thread with
# BouncyCastle and libsecp256k1, Schnorr with libsecp256k1, the scripts of a 2000-input P2WPKH block with
# ParallelScriptVerifier (inputs per second); and whole-block validation (BlockValidationBenchmark:
# ChainManager.processBlock of a 4000-transaction block spending every output type, ms per block).
# Prints the figures and the libsecp256k1/BouncyCastle ratio.
#
# Usage: node-bench/run-sigverify.sh [extra JMH options]
# Environment: WI/W (warm-up iterations/time), I/R (measurement iterations/time), JAVA_HOME (JDK 21+).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
jar="$root/node-bench/target/benchmarks.jar"
results="$root/node-bench/target/sigverify.csv"
# A JDK >= 21: JAVA_HOME, then the java on PATH, then /usr/lib/jvm (scripts/select-jdk.sh).
# shellcheck source=../scripts/select-jdk.sh
. "$root/scripts/select-jdk.sh"
java="$JAVA_HOME/bin/java"

if [[ ! -f "$jar" ]] || [[ -n "$(find "$root/pom.xml" "$root"/node-core/{pom.xml,src/main} \
        "$root"/node-bench/{pom.xml,src/main} -newer "$jar" -print -quit)" ]]; then
    echo "Building $jar"
    (cd "$root" && ./mvnw -q -pl node-bench -am package -DskipTests)
fi

"$java" --enable-native-access=ALL-UNNAMED -jar "$jar" 'SignatureVerifyBenchmark' \
    -wi "${WI:-3}" -w "${W:-2s}" -i "${I:-5}" -r "${R:-3s}" -f 1 \
    -rf csv -rff "$results" "$@"
# Single-shot runs: each iteration validates the large block once on a fresh chain state.
"$java" --enable-native-access=ALL-UNNAMED -jar "$jar" 'BlockValidationBenchmark' \
    -wi "${BWI:-5}" -i "${BI:-15}" -f 1 -rf csv -rff "$results.block" "$@"
tail -n +2 "$results.block" >> "$results"

# CSV columns: "Benchmark","Mode","Threads","Samples","Score","Score Error (99.9%)","Unit"
awk -F',' '
    NR > 1 {
        gsub(/"/, "")
        n = split($1, parts, ".")
        score[parts[n]] = $5
        err[parts[n]] = $6
    }
    END {
        print ""
        printf "  ECDSA BouncyCastle      %10.0f verifications/s per thread (+/- %.0f)\n", score["ecdsaBouncyCastle"], err["ecdsaBouncyCastle"]
        printf "  ECDSA libsecp256k1      %10.0f verifications/s per thread (+/- %.0f)\n", score["ecdsaLibsecp256k1"], err["ecdsaLibsecp256k1"]
        printf "  Schnorr libsecp256k1    %10.0f verifications/s per thread (+/- %.0f)\n", score["schnorrLibsecp256k1"], err["schnorrLibsecp256k1"]
        printf "  Block of 2000 P2WPKH    %10.0f inputs/s, all cores (+/- %.0f)\n", score["blockOf2000P2wpkh"], err["blockOf2000P2wpkh"]
        printf "  Large block (4000 txs)  %10.1f ms per block, whole validation (+/- %.1f)", score["connectLargeBlock"], err["connectLargeBlock"]
        if (score["connectLargeBlock"] > 0) printf " = %.0f inputs/s", 4000 / (score["connectLargeBlock"] / 1000)
        print ""
        if (score["ecdsaBouncyCastle"] > 0)
            printf "  libsecp256k1 / BouncyCastle ECDSA: %.1fx\n", score["ecdsaLibsecp256k1"] / score["ecdsaBouncyCastle"]
    }
' "$results"
