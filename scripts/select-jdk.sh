# Sourced (POSIX sh) by ./blocksmith, ./mvnw and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Search order: $JAVA_HOME, the java on PATH, then the system JVM directory (/usr/lib/jvm/*).
# Prints a clear message and returns 1 when none is found.

_bs_java_major() {
  # A JDK's release file names its version: read without starting a JVM (tens of milliseconds each, for every JDK
  # tried, at every start of the node). A JDK without one is asked.
  _bs_v=""
  _bs_release="$(dirname "$(dirname "$1")")/release"
  [ -r "$_bs_release" ] && _bs_v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$_bs_release" | head -n 1)
  [ -n "$_bs_v" ] || _bs_v=$("$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = //p' | head -n 1)
  case "$_bs_v" in
    1.*) echo "${_bs_v#1.}" | cut -d. -f1 ;;
    "") echo 0 ;;
    *) echo "$_bs_v" | cut -d. -f1 ;;
  esac
}

_bs_try_home() {
  [ -n "$1" ] && [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(_bs_java_major "$1/bin/java")" -ge 21 ] 2>/dev/null
}

_bs_select_jdk() {
  if _bs_try_home "${JAVA_HOME:-}"; then export JAVA_HOME; return 0; fi
  if command -v java >/dev/null 2>&1; then
    _bs_home=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
    if _bs_try_home "$_bs_home"; then JAVA_HOME=$_bs_home; export JAVA_HOME; return 0; fi
  fi
  case $- in *f*) _bs_noglob=1; set +f ;; *) _bs_noglob=0 ;; esac
  for _bs_home in /usr/lib/jvm/*; do
    if _bs_try_home "$_bs_home"; then
      [ "$_bs_noglob" = 1 ] && set -f
      JAVA_HOME=$_bs_home; export JAVA_HOME; return 0
    fi
  done
  [ "$_bs_noglob" = 1 ] && set -f
  echo "error: Blocksmith needs a JDK 21 or newer (java and javac). Looked in JAVA_HOME, PATH and /usr/lib/jvm; set JAVA_HOME to one." >&2
  return 1
}

_bs_select_jdk
