"""The no-op task of the Python peers (Celery, RQ), on the bench's throwaway
Redis ($BENCH_REDIS_URL). Each run notes when it starts (wall clock) in the
list "starts"; the one that completes a run of `total` pushes the time onto
"finished", which the driver waits on (BLPOP) as the end of the run. That one
RPUSH per job is the cost the peers pay for being measured.
"""

import os
import time

import redis
from celery import Celery

URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")
notes = redis.Redis.from_url(URL)


def noop(index: int, total: int) -> None:
    if notes.rpush("starts", f"{index} {time.time()}") == total:
        notes.rpush("finished", time.time())


celery_app = Celery("peer_tasks", broker=URL)
celery_app.conf.update(task_ignore_result=True, worker_hijack_root_logger=False,
                       broker_connection_retry_on_startup=True)
celery_noop = celery_app.task(name="noop", ignore_result=True)(noop)
