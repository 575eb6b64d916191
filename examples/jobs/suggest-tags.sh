#!/bin/sh
# Fakes suggesting tags for the documents of a source (the last phase of
# the regenerate-source chain). While the file FAIL_WHILE exists the job
# fails, as if its model server were down; remove the file and resume.
# Usage: suggest-tags.sh SOURCE_ID [DOCUMENTS] [FAIL_WHILE]
set -eu
. "$(dirname "$0")/lib.sh"
count_run suggest-tags

source_id=$1
documents=${2:-20}
fail_while=${3:-}

done_count=$(resume_point)
emit total "$documents"
while [ "$done_count" -lt "$documents" ]; do
  if [ -n "$fail_while" ] && [ -e "$fail_while" ]; then
    echo "tag model unreachable ($fail_while exists)" >&2
    exit 3
  fi
  done_count=$((done_count + 1))
  sleep 0.05
  emit progress "$done_count/$documents" "$source_id/doc-$done_count"
  save_checkpoint "$done_count"
done
emit result "{\"source_id\": \"$source_id\", \"tagged\": $documents}"
