"""A worker in a process of its own, for the test that kills one with -9.
Serves type "slow": saves a checkpoint, writes its attempt's token to the
file named by argv[1], then holds the job until killed."""

import json
import os
import sys
import threading

import drover

token_file = sys.argv[1]
worker = drover.Worker(drover.Client(), concurrency=1)


@worker.handler("slow")
def hold(job: drover.Job):
    job.checkpoint_save({"step": 3})
    with open(token_file + ".tmp", "w") as out:
        json.dump({"job": job.id, "token": job.token}, out)
    os.rename(token_file + ".tmp", token_file)
    threading.Event().wait()


worker.run()
