#!/usr/bin/env bash
# ctest: starts a real daemon in a temporary state dir, and validates the
# OpenAPI document it serves (validate.mjs). Exit 77 (skipped) without node.
set -euo pipefail
drover=$1
here=$(cd "$(dirname "$0")" && pwd)

if ! command -v node >/dev/null; then
  echo "SKIPPED: node is not installed (scripts/deps installs nodejs); the OpenAPI document was not validated"
  exit 77
fi
if [ ! -d "$here/node_modules/@seriousme/openapi-schema-validator" ]; then
  (cd "$here" && npm ci --no-audit --no-fund --silent)
fi

state=$(mktemp -d "${TMPDIR:-/tmp}/drover-openapi-XXXXXX")
printf '[daemon]\nlisten = "off"\n' >"$state/drover.toml"
"$drover" daemon --state-dir "$state" >"$state/daemon.out" 2>&1 &
daemon=$!
cleanup() {
  kill "$daemon" 2>/dev/null || true
  wait "$daemon" 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT

for _ in $(seq 200); do
  [ -S "$state/drover.sock" ] && break
  sleep 0.05
done
node "$here/validate.mjs" "$state/drover.sock"
