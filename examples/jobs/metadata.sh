#!/bin/sh
# Fakes extracting metadata from ITEMS articles of a source (an admin tool's
# long job): quick items, a checkpoint every 25, a result at the end. With
# FORCE=true it pretends to ignore its cache.
# Usage: metadata.sh SOURCE_ID ITEMS [FORCE]
set -eu
. "$(dirname "$0")/lib.sh"

source_id=$1
items=$2
force=${3:-false}

done_count=$(resume_point)
emit total "$items"
if [ "$force" = true ]; then echo "force: ignoring cached metadata of $source_id"; fi

while [ "$done_count" -lt "$items" ]; do
  done_count=$((done_count + 1))
  sleep 0.05
  emit progress "$done_count/$items" "$source_id/article-$done_count"
  if [ $((done_count % 25)) -eq 0 ]; then save_checkpoint "$done_count"; fi
done

emit message "Extracted metadata of $items articles"
emit result "{\"source_id\": \"$source_id\", \"documents\": $items}"
