#!/usr/bin/env bash
# ctest: scripts/run as a new user runs it, on a fresh state dir and a free
# port: the daemon starts with the demo config, the printed link with the
# token signs a browser in, the printed commands work, and a second run finds
# the daemon already running.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
state=$(mktemp -d "${TMPDIR:-/tmp}/drover-run-XXXXXX")
export DROVER_STATE_DIR=$state
drover=$root/build/default/src/drover
cleanup() {
  "$drover" daemon stop >/dev/null 2>&1 || true
  rm -rf "$state"
}
trap cleanup EXIT
fail() {
  echo "FAILED: $*"
  exit 1
}

out=$(DROVER_LISTEN=127.0.0.1:0 "$root/scripts/run" </dev/null 2>&1) || fail "scripts/run exited with $?: $out"
echo "$out" | tail -8
token=$(cat "$state/token")
url=$(echo "$out" | grep -o "http://127\.0\.0\.1:[0-9]*/?token=[0-9a-f]*") || fail "no link printed"
[ "${url##*token=}" = "$token" ] || fail "the link's token is not the state dir's token"

# The link signs a browser in: a redirect to / that sets the HttpOnly cookie.
headers=$(curl -s -D - -o /dev/null "$url")
grep -q "^HTTP/1.1 303" <<<"$headers" || fail "the link did not redirect: $headers"
grep -qi "^set-cookie: drover_token=$token; HttpOnly" <<<"$headers" || fail "no cookie: $headers"

# The printed commands: a shell job and a demo type, both complete.
export PATH=$root/build/default/src:$PATH
shell_job=$(drover run -- sh -c 'drover emit progress 1/1') || fail "drover run failed"
demo_job=$(drover submit clone-repos count=3 delay=0) || fail "drover submit failed"
for job in "$shell_job" "$demo_job"; do
  state_now=""
  for _ in $(seq 200); do
    state_now=$(drover show "$job" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)["state"])')
    [ "$state_now" = completed ] && break
    sleep 0.1
  done
  [ "$state_now" = completed ] || fail "job $job is $state_now, not completed"
done
grep -q clone-repos <<<"$(drover ls)" || fail "drover ls does not list the demo job"

again=$("$root/scripts/run" </dev/null 2>&1) || fail "a second scripts/run failed: $again"
grep -q "already running" <<<"$again" || fail "the second run did not find the daemon: $again"
grep -q "$url" <<<"$again" || fail "the second run printed another link"
echo "passed"
