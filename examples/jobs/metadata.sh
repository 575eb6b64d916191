#!/bin/sh
# Fakes extracting metadata from ITEMS articles of a source (an admin tool's
# long job). Each processed article is appended to processed.txt in
# $DROVER_JOB_DIR (the job's partial work, kept across attempts, which
# becomes the artifact articles.txt when the job completes); a
# checkpoint every 2,000 articles or every second, and on SIGTERM, lets a
# cancelled, paused or interrupted run resume exactly where it stopped.
# Usage: metadata.sh SOURCE_ID ITEMS [FORCE] [DELAY]
set -eu
. "$(dirname "$0")/lib.sh"
count_run metadata

source_id=$1
items=$2
force=${3:-false}
delay=${4:-0.05}

done_count=$(resume_point)
work=${DROVER_JOB_DIR:-.}/processed.txt
# Articles written after the last checkpoint (a kill -9, a reboot) are
# done again: keep only those the checkpoint covers.
if [ -f "$work" ]; then
  head -n "$done_count" "$work" >"$work.tmp" && mv "$work.tmp" "$work"
fi
exec 3>>"$work"
emit total "$items"
if [ "$force" = true ]; then echo "force: ignoring cached metadata of $source_id"; fi
if [ "${DROVER_RESUMED:-0}" = 1 ]; then echo "resuming after article $done_count"; fi

# A stop request ends the loop between two articles, never inside one.
# The stop signal reaches every process of the job, `sleep` and `date`
# included: under `set -e` their death must not end the script before it
# saves its last checkpoint, hence the `||`s.
last_saved=$(date +%s)
stop=0
trap 'stop=1' TERM

# Slow runs also checkpoint once a second (fast ones every 2,000 articles).
second_passed() {
  [ "$delay" != 0 ] || return 1
  now=$(date +%s) || return 1
  [ "$now" != "$last_saved" ] || return 1
  last_saved=$now
}

while [ "$done_count" -lt "$items" ] && [ "$stop" = 0 ]; do
  done_count=$((done_count + 1))
  echo "$source_id/article-$done_count" >&3
  if [ "$delay" != 0 ]; then sleep "$delay" || true; fi
  if [ $((done_count % 500)) -eq 0 ] || [ "$delay" != 0 ]; then
    emit progress "$done_count/$items" "$source_id/article-$done_count"
  fi
  if [ $((done_count % 2000)) -eq 0 ] || second_passed; then
    save_checkpoint "$done_count"
  fi
done
save_checkpoint "$done_count"
if [ "$stop" = 1 ]; then
  echo "stopped after article $done_count"
  exit 143
fi

emit progress "$items/$items"
if [ -n "${DROVER_ARTIFACTS:-}" ]; then mv "$work" "$DROVER_ARTIFACTS/articles.txt"; fi
emit message "Extracted metadata of $items articles"
emit result "{\"source_id\": \"$source_id\", \"documents\": $items}"
