#!/usr/bin/env bash
# Builds offline stand-ins for the two base images docker/Dockerfile names in its FROM lines, so that
# `docker build -f docker/Dockerfile .` runs unchanged on a machine without Docker Hub access.
#
#   RUNTIME_BASE  debian:bookworm-20250520-slim      debootstrap --variant=minbase bookworm (the same
#                                                      recipe Debian's official slim images use)
#   BUILD_BASE    eclipse-temurin:21.0.8_9-jdk-noble  minbase bookworm + ca-certificates + a JDK copied
#                                                      from the host into /opt/java/openjdk (the path the
#                                                      real Temurin images use), JAVA_HOME/PATH set alike
#
# The stand-in build image carries whatever JDK HOST_JDK points at (Temurin 25 on the project's build
# host; the real tag carries Temurin 21). The project compiles with --release 21, so the jars are the
# same; the jlink runtime made in the build stage follows the build JDK's version. See docs/docker.md.
#
# Environment: DOCKER_HOST (optional), HOST_JDK (default /usr/lib/jvm/temurin-25-jdk-amd64),
# DEBIAN_MIRROR (default: first URI in /etc/apt/sources.list.d/*.sources), WORK (scratch dir),
# FORCE=1 rebuilds images that already exist.
set -euo pipefail

RUNTIME_BASE=${RUNTIME_BASE:-debian:bookworm-20250520-slim}
BUILD_BASE=${BUILD_BASE:-eclipse-temurin:21.0.8_9-jdk-noble}
HOST_JDK=${HOST_JDK:-/usr/lib/jvm/temurin-25-jdk-amd64}
WORK=${WORK:-/tmp/blocksmith-base}
SUITE=bookworm

die() { echo "build-local-base: $*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "debootstrap needs root"
command -v debootstrap >/dev/null || die "debootstrap missing (apt-get install -y debootstrap)"
command -v docker >/dev/null || die "docker CLI missing (apt-get install -y docker.io)"
docker info >/dev/null 2>&1 || die "no Docker daemon reachable (DOCKER_HOST=${DOCKER_HOST:-unset})"

# The Dockerfile must keep naming exactly these images, or the stand-ins would be silently unused.
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
grep -q "^FROM ${BUILD_BASE} " "$script_dir/Dockerfile" || die "Dockerfile no longer builds FROM ${BUILD_BASE}"
grep -q "^FROM ${RUNTIME_BASE}" "$script_dir/Dockerfile" || die "Dockerfile no longer runs FROM ${RUNTIME_BASE}"

if [[ -z ${DEBIAN_MIRROR:-} ]]; then
  DEBIAN_MIRROR=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -1 || true)
  [[ -n $DEBIAN_MIRROR ]] || DEBIAN_MIRROR=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -1 || true)
  [[ -n $DEBIAN_MIRROR ]] || die "no Debian mirror found; set DEBIAN_MIRROR"
fi

have_image() { [[ ${FORCE:-0} != 1 ]] && docker image inspect "$1" >/dev/null 2>&1; }

# Runs debootstrap once into $WORK/rootfs-<name> and trims it like the official slim images do.
bootstrap() {
  local name=$1 include=$2 root="$WORK/rootfs-$1"
  rm -rf "$root"
  mkdir -p "$WORK"
  echo "build-local-base: debootstrap $SUITE ($name) from $DEBIAN_MIRROR" >&2
  debootstrap --variant=minbase ${include:+--include=$include} "$SUITE" "$root" "$DEBIAN_MIRROR" >"$WORK/debootstrap-$name.log" 2>&1 \
    || { tail -20 "$WORK/debootstrap-$name.log" >&2; die "debootstrap failed for $name"; }
  chroot "$root" apt-get clean
  rm -rf "$root"/var/lib/apt/lists/* "$root"/var/cache/apt/*.bin "$root"/var/log/*.log "$root"/tmp/*
  # An empty machine-id, like the official images, so containers do not share one.
  : >"$root/etc/machine-id"
}

if have_image "$RUNTIME_BASE"; then
  echo "build-local-base: $RUNTIME_BASE already present" >&2
else
  bootstrap runtime ""
  tar -C "$WORK/rootfs-runtime" -c . | docker import -c 'CMD ["bash"]' - "$RUNTIME_BASE" >/dev/null
  rm -rf "$WORK/rootfs-runtime"
  echo "build-local-base: imported $RUNTIME_BASE" >&2
fi

if have_image "$BUILD_BASE"; then
  echo "build-local-base: $BUILD_BASE already present" >&2
else
  [[ -x $HOST_JDK/bin/javac && -x $HOST_JDK/bin/jlink ]] || die "HOST_JDK=$HOST_JDK is not a JDK with javac and jlink"
  bootstrap build "ca-certificates"
  mkdir -p "$WORK/rootfs-build/opt/java"
  cp -a "$HOST_JDK" "$WORK/rootfs-build/opt/java/openjdk"
  # Distribution-packaged JDKs link their trust store to the system's; bring that file along so the
  # links resolve inside the image (Maven downloads over TLS) and the JDK's own files stay untouched,
  # which jlink's linking from the run-time image (JEP 493) checks.
  find "$HOST_JDK" -type l | while read -r link; do
    target=$(readlink "$link")
    if [[ $target == /* && ! -e $WORK/rootfs-build$target ]]; then
      mkdir -p "$(dirname "$WORK/rootfs-build$target")"
      cp -L "$link" "$WORK/rootfs-build$target"
    fi
  done
  tar -C "$WORK/rootfs-build" -c . | docker import \
    -c 'ENV JAVA_HOME=/opt/java/openjdk' \
    -c 'ENV PATH=/opt/java/openjdk/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    -c 'ENV LANG=C.UTF-8' \
    -c 'CMD ["jshell"]' - "$BUILD_BASE" >/dev/null
  rm -rf "$WORK/rootfs-build"
  echo "build-local-base: imported $BUILD_BASE (JDK: $("$HOST_JDK/bin/java" -version 2>&1 | head -1))" >&2
fi

docker image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' | grep -E "^(${RUNTIME_BASE}|${BUILD_BASE})  " >&2
