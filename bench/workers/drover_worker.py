"""The bench's drover worker (a process of its own, as a user's would be):
serves type "noop" through clients/python, notes when each job's handler
starts (wall clock, for submit-to-start), and writes those times as JSON to
argv[1] when it stops (SIGTERM).

Usage: drover_worker.py OUT CONCURRENCY REPORT_BATCH  (DROVER_STATE_DIR names the daemon)
"""

import json
import sys
import time
from typing import Dict

import drover

out, concurrency, report_batch = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
worker = drover.Worker(drover.Client(), concurrency=concurrency, report_batch=report_batch,
                       poll_wait=1.0, worker_id="bench")
starts: Dict[int, float] = {}


@worker.handler("noop")
def noop(job: drover.Job) -> None:
    starts[job.id] = time.time()


worker.run()
with open(out, "w") as file:
    json.dump(starts, file)
