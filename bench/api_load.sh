#!/usr/bin/env bash
# API under load, on loopback: 200 SSE clients on /api/events while wrk
# sends over 1000 req/s for 60 s, split between GET /api/jobs/{id} and submits
# (to a paused queue, so that the jobs only queue). Prints p99 latencies
# (targets: GET < 20 ms, submit < 50 ms) beside a baseline: /healthz at a
# low rate in the same run. Needs wrk and curl (scripts/deps installs them).
#   bench/api_load.sh [path/to/drover]
# Knobs: DURATION (s), SSE_CLIENTS, GET_RATE, SUBMIT_RATE (req/s).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
drover=${1:-$here/../build/default/src/drover}
duration=${DURATION:-60}
sse_clients=${SSE_CLIENTS:-200}
get_rate=${GET_RATE:-1100}  # wrk paces after each answer: ~80% of this is reached
submit_rate=${SUBMIT_RATE:-200}

state=$(mktemp -d "${TMPDIR:-/tmp}/drover-api-load-XXXXXX")
printf '[daemon]\nlisten = "127.0.0.1:0"\n[queues.default]\nparallel = 2\n[queues.bench]\nparallel = 1\n' \
  >"$state/drover.toml"
"$drover" daemon --state-dir "$state" >"$state/daemon.out" 2>&1 &
daemon=$!
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  kill "$daemon" 2>/dev/null || true
  wait 2>/dev/null || true
  rm -rf "$state"
}
trap cleanup EXIT

for _ in $(seq 200); do [ -s "$state/address" ] && break; sleep 0.05; done
address=$(cat "$state/address")
token=$(cat "$state/token")
base="http://$address"
auth=(-H "Authorization: Bearer $token")
curl -sf "${auth[@]}" -X POST "$base/api/queues/bench/pause" >/dev/null
submit='{"type":"shell","queue":"bench","params":{"argv":["true"]}}'
job=$(curl -sf "${auth[@]}" -H 'Content-Type: application/json' -d "$submit" "$base/api/jobs" |
      python3 -c 'import json, sys; print(json.load(sys.stdin)["id"])')

for _ in $(seq "$sse_clients"); do
  curl -sN "${auth[@]}" "$base/api/events" >/dev/null 2>&1 &
  pids+=($!)
done
sleep 1
echo "sse_clients $sse_clients"

run_wrk() {  # figure rate target [body]
  FIGURE=$1 RATE=$2 CONNECTIONS=10 TOKEN=$token BODY=${4:-} \
    wrk -t 1 -c 10 -d "${duration}s" -s "$here/api_load/paced.lua" "$base$3" 2>&1 |
    grep -E '^[a-z0-9_]+ [0-9.]+$'
}
figures=$state/figures
run_wrk get_job "$get_rate" "/api/jobs/$job" >"$figures.get" &
get_wrk=$!
run_wrk submit "$submit_rate" "/api/jobs" "$submit" >"$figures.submit" &
submit_wrk=$!
run_wrk baseline_healthz 50 "/healthz" >"$figures.healthz" &
base_wrk=$!
wait "$get_wrk" "$submit_wrk" "$base_wrk"
cat "$figures".*
awk '/_rate_per_s/ { total += $2 } END { printf "total_rate_per_s %.0f\n", total }' "$figures".*

alive=0
for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
echo "sse_clients_still_connected $alive"
echo "targets: get_job_p99_ms < 20, submit_p99_ms < 50"
