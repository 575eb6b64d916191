#!/bin/sh
# Fakes clearing the vectors of a source; never runs while the same source
# is being indexed (conflict key source:<id>).
# Usage: clear.sh SOURCE_ID
set -eu
. "$(dirname "$0")/lib.sh"
count_run clear

emit progress "0/1" "$1"
sleep 0.2
echo "cleared the vectors of $1"
emit progress "1/1" "$1"
