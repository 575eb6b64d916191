# Sourced by the demo jobs: how a job talks to drover (DESIGN.md, Job events).
# A line on stdout that starts with "@drover " is an event; anything else is
# the job's log. Any language can print these; no drover binary is needed.

# emit progress 3/10 name | emit item ok name | emit checkpoint '{"next": 3}' ...
# A write to a full pipe that a trapped signal interrupts fails in dash
# instead of being retried; an event line is shorter than PIPE_BUF, so
# nothing of it was written and writing it again once is safe.
emit() {
  printf '@drover %s\n' "$*" || printf '@drover %s\n' "$*"
}

# Where the previous attempt stopped: the "next" number of the checkpoint
# drover hands back in $DROVER_CHECKPOINT (a file), or 0 on a first run.
resume_point() {
  next=""
  if [ -n "${DROVER_CHECKPOINT:-}" ] && [ -r "$DROVER_CHECKPOINT" ]; then
    next=$(sed -n 's/.*"next"[^0-9]*\([0-9][0-9]*\).*/\1/p' "$DROVER_CHECKPOINT" | head -n 1)
  fi
  echo "${next:-0}"
}

# When DROVER_DEMO_RUNS names a file, each run of a demo script appends
# "JOB_ID ATTEMPT SCRIPT" to it: the tests count runs with it (a resumed
# chain must not run a completed phase again).
count_run() {
  demo_script=$1
  if [ -n "${DROVER_DEMO_RUNS:-}" ]; then
    echo "${DROVER_JOB_ID:-0} ${DROVER_ATTEMPT:-0} $1" >>"$DROVER_DEMO_RUNS"
  fi
}

# Saves how far the job got, so that a cancelled, failed or interrupted run
# resumes there instead of starting over.
save_checkpoint() {
  emit checkpoint "{\"next\": $1}"
  hold_while_asked
}

# When DROVER_DEMO_HOLD names a folder, a demo script waits after each
# checkpoint for as long as a file named after it (e.g. "index") is there:
# the tests hold a job mid-way and let it go when they have looked, instead
# of hoping that it still runs when they look. A script that traps its stop
# request into $stop (metadata.sh) stops waiting when one arrives; the
# signal that kills `sleep` must not end it under `set -e`.
hold_while_asked() {
  if [ -n "${DROVER_DEMO_HOLD:-}" ] && [ -n "${demo_script:-}" ]; then
    while [ -e "$DROVER_DEMO_HOLD/$demo_script" ] && [ "${stop:-0}" = 0 ]; do
      sleep 0.05 || true
    done
  fi
}
