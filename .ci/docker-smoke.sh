#!/usr/bin/env bash
# The container checks of CI: installs what docker/smoke-test.sh needs from Debian's packages when it
# is missing (Docker engine, Compose v1, debootstrap for the offline base images, jq, curl), then runs
# it: image build, healthy container, RPC, clean `docker stop`, restart on the same volume, non-root,
# and the three-node compose testnet converging.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
command -v dockerd >/dev/null || missing+=(docker.io)
command -v docker-compose >/dev/null || docker compose version >/dev/null 2>&1 || missing+=(docker-compose)
command -v debootstrap >/dev/null || missing+=(debootstrap)
command -v jq >/dev/null || missing+=(jq)
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  echo "docker-smoke: installing ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
exec bash docker/smoke-test.sh
