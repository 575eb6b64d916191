#!/bin/sh
# Fakes importing COUNT issues of REPO from the GitHub API, 50 per page.
# After RATE_LIMIT_AT issues (0: never) the "API" rate-limits us once: the job
# saves a checkpoint, asks drover to pause it for a minute, and exits; drover
# resumes it then, and the next attempt starts from the checkpoint.
# Usage: import-issues.sh REPO COUNT [RATE_LIMIT_AT] [PAUSE_FOR]
set -eu
. "$(dirname "$0")/lib.sh"

repo=$1
count=$2
rate_limit_at=${3:-0}
page_size=50
pause_for=${4:-1m}

started_at=$(resume_point)
imported=$started_at
emit total "$count"

while [ "$imported" -lt "$count" ]; do
  # Rate-limited once per job: only when this attempt crosses the limit.
  if [ "$rate_limit_at" -gt 0 ] && [ "$started_at" -lt "$rate_limit_at" ] &&
     [ "$imported" -ge "$rate_limit_at" ]; then
    echo "GitHub: API rate limit exceeded for $repo; retry after 60 s" >&2
    save_checkpoint "$imported"
    emit pause "until=+$pause_for" "rate limited by GitHub"
    exit 0
  fi
  sleep 0.2
  imported=$((imported + page_size))
  if [ "$imported" -gt "$count" ]; then imported=$count; fi
  echo "imported issues up to #$imported of $repo"
  emit progress "$imported/$count" "issue #$imported"
  save_checkpoint "$imported"
done

emit message "Imported $count issues of $repo"
emit result "{\"repo\": \"$repo\", \"issues\": $count}"
