#!/bin/bash
# Docker HEALTHCHECK: GET /health (or BLOCKSMITH_HEALTHCHECK_PATH, e.g. /ready) on the RPC port over
# bash's /dev/tcp, so the image needs no curl. Both paths need no credentials. Healthy on HTTP 200.
# The port comes from BLOCKSMITH_HEALTHCHECK_PORT, else from what entrypoint.sh worked out.
set -uo pipefail
path=${BLOCKSMITH_HEALTHCHECK_PATH:-/health}
port=${BLOCKSMITH_HEALTHCHECK_PORT:-$(cat "${TMPDIR:-/tmp}/blocksmith-rpcport" 2>/dev/null || echo 8332)}
{ exec 3<>"/dev/tcp/127.0.0.1/$port"; } 2>/dev/null || { echo "nothing listens on RPC port $port"; exit 1; }
printf 'GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n' "$path" >&3
IFS= read -r -t 4 status <&3 || { echo "no reply on port $port"; exit 1; }
status=${status%$'\r'}
echo "$path on port $port: $status"
[[ $status =~ ^HTTP/1\.[01]\ 200 ]]
