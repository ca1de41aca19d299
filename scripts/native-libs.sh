# Sourced (bash) by ./blocksmith and docker/entrypoint.sh: native_lib_opts DIST sets the array NATIVE_LIB_OPTS to the
# JVM options that load the JNI libraries of RocksDB, secp256k1-kmp and sqlite-jdbc from DIST/native/linux-<cpu>/,
# where the build unpacked them (node-cli/pom.xml), or to nothing when that directory does not fit this machine.
# Why: each library otherwise extracts its copy from its jar into java.io.tmpdir on every start, under a random
# name that only a clean exit deletes; a node killed with kill -9 (or a container restarted after a crash) leaves
# its copies behind, 17 MB for RocksDB alone.
# - RocksDB's NativeLibraryLoader tries System.loadLibrary("rocksdbjni-linux64" / "rocksdbjni-linux-aarch64")
#   before extracting, so java.library.path names the directory. Nothing else the node loads searches
#   java.library.path first: RocksDB's optional probes for system compression libraries (snappy, z, ...) then find
#   none, which changes nothing, its JNI library has them built in; the JDK's own libraries come from its own
#   directory (sun.boot.library.path).
# - secp256k1-kmp reads the directory from fr.acinq.secp256k1.lib.path, sqlite-jdbc from org.sqlite.lib.path.
# Elsewhere (macOS, other CPUs, musl C libraries, which these builds do not fit) the libraries extract as before.
native_lib_opts() {
  NATIVE_LIB_OPTS=()
  local dist=$1 machine cpu dir
  machine=$(uname -sm)
  [ "${machine% *}" = Linux ] || return 0
  case ${machine##* } in
    x86_64 | amd64) cpu=x86_64 ;;
    aarch64 | arm64) cpu=aarch64 ;;
    *) return 0 ;;
  esac
  compgen -G '/lib/ld-musl-*' >/dev/null && return 0
  dir="$dist/native/linux-$cpu"
  [ -d "$dir" ] || return 0
  NATIVE_LIB_OPTS=("-Djava.library.path=$dir" "-Dfr.acinq.secp256k1.lib.path=$dir" "-Dorg.sqlite.lib.path=$dir")
}
