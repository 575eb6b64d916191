#!/bin/sh
# Fakes building a vector index of a source (the second phase of the
# regenerate-source chain); holds the chroma-<dimension> resource while it runs.
# Usage: index.sh SOURCE_ID DIMENSION [BATCHES] [DELAY]
set -eu
. "$(dirname "$0")/lib.sh"
count_run index

source_id=$1
dimension=$2
batches=${3:-40}
delay=${4:-0.25}

done_count=$(resume_point)
emit total "$batches"
while [ "$done_count" -lt "$batches" ]; do
  done_count=$((done_count + 1))
  sleep "$delay"
  emit progress "$done_count/$batches" "batch $done_count"
  save_checkpoint "$done_count"
done
emit result "{\"source_id\": \"$source_id\", \"dimension\": $dimension}"
