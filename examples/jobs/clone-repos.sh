#!/bin/sh
# Fakes `git clone` of COUNT repositories of ORG, a short sleep each.
# Every FAIL_EVERY-th clone fails (0: none), to show failed items; the
# job still completes. A checkpoint after each repository lets a cancelled
# or interrupted run resume where it stopped.
# Usage: clone-repos.sh ORG COUNT [FAIL_EVERY] [DELAY]
set -eu
. "$(dirname "$0")/lib.sh"

org=$1
count=$2
fail_every=${3:-0}
delay=${4:-0.3}

done_count=$(resume_point)
emit total "$count"
if [ "$done_count" -gt 0 ]; then
  echo "resuming: $done_count of $count repositories are already cloned"
fi

while [ "$done_count" -lt "$count" ]; do
  n=$((done_count + 1))
  name="$org-repo-$n"
  emit progress "$done_count/$count" "$name"
  sleep "$delay"
  if [ "$fail_every" -gt 0 ] && [ $((n % fail_every)) -eq 0 ]; then
    echo "fatal: could not read from remote repository $name" >&2
    emit item fail "$name" "remote: Repository not found"
  else
    echo "Cloning into '$name'... done."
    emit item ok "$name"
  fi
  done_count=$n
  emit progress "$done_count/$count" "$name"
  save_checkpoint "$done_count"
done

emit message "Cloned $count repositories of $org"
emit result "{\"org\": \"$org\", \"repositories\": $count}"
