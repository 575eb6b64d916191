#!/usr/bin/env python3
"""Workers bench, Python: no-op jobs end to end (submitted, run by a worker
process, completed; timed until the last one is completed) through drover's
Python client, beside Celery and RQ on a throwaway Redis (loopback, no
persistence) in the same run. drover's every acknowledged change is durable
(its store's synchronous commits); the peers' are not (Redis without
persistence).

For each system:
  one by one   every job its own submit request, from THREADS threads
  batched      submits of BATCH jobs per request (drover: submit_many;
               RQ: enqueue_many; Celery has no batch submit: a loop)
  latency      LATENCY jobs submitted one at a time, 100 a second (a light
               load every system keeps up with, so no queue builds), each
               timed from just before its submit to its handler's start

Usage: python_bench.py [jobs] [latency jobs] [systems]
       (defaults 10000 1000 drover,celery,rq)
Needs /usr/bin/python3 with Debian's python3-celery and python3-rq, and
redis-server ($DROVER_BIN names the drover binary).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT / "clients" / "python"))

import drover  # noqa: E402
from bench_support import RedisServer, figure, free_port, percentile, wait_for  # noqa: E402

THREADS = 8
LATENCY_RATE = 100  # jobs a second
BATCH = 1000
WORKER_CONCURRENCY = 16
PEER_PROCESSES = 2  # Celery's prefork children, RQ's workers: one per core here


class Drover:
    """A drover daemon in a temporary state dir, and the bench's worker process."""

    name = "drover (Python client)"

    def __init__(self) -> None:
        binary = os.environ.get("DROVER_BIN", str(ROOT / "build" / "default" / "src" / "drover"))
        self.dir = Path(tempfile.mkdtemp(prefix="drover-workers-bench-"))
        port = free_port()
        (self.dir / "drover.toml").write_text(
            f'[daemon]\nlisten = "127.0.0.1:{port}"\n[queues.default]\nparallel = 1000\n'
            '[types.noop]\nrunner = "worker"\n')
        log = open(self.dir / "daemon.log", "ab")
        self.daemon = subprocess.Popen([binary, "daemon", "--state-dir", str(self.dir)],
                                       stdout=log, stderr=log)
        log.close()
        wait_for(lambda: (self.dir / "address").exists() and (self.dir / "token").exists(),
                 "the daemon to start")
        self.client = drover.Client(state_dir=self.dir)
        self.worker = None
        self.starts_file = self.dir / "starts.json"

    def start_worker(self, total: int) -> None:
        env = dict(os.environ, DROVER_STATE_DIR=str(self.dir),
                   PYTHONPATH=str(ROOT / "clients" / "python"))
        self.worker = subprocess.Popen(
            [sys.executable, str(HERE / "drover_worker.py"), str(self.starts_file),
             str(WORKER_CONCURRENCY), str(BATCH)], env=env)
        wait_for(lambda: any(w["fetching"] for w in self.client.workers()), "the worker to fetch")

    def submit_one(self, index: int, total: int) -> int:
        return self.client.submit("noop")["id"]

    def submit_batch(self, indices: Sequence[int], total: int) -> List[int]:
        return [job["id"] for job in self.client.submit_many("noop", ({} for _ in indices))]

    def wait_all(self, total: int) -> float:
        # Every job ended: none queued or running (polled; 10 ms at most late).
        while self.client.request("GET", "/api/jobs?state=queued,running&limit=1")["jobs"]:
            time.sleep(0.01)
        return time.time()

    def stop_worker(self) -> Dict[str, float]:
        self.worker.terminate()
        self.worker.wait(60)
        starts = json.loads(self.starts_file.read_text())
        return {int(key): value for key, value in starts.items()}

    def close(self) -> None:
        self.client.close()
        self.daemon.terminate()
        self.daemon.wait(60)
        shutil.rmtree(self.dir, ignore_errors=True)


class RedisPeer:
    """What Celery and RQ share: the Redis notes of peer_tasks and its workers."""

    def __init__(self, redis_server: RedisServer) -> None:
        import redis

        self.url = redis_server.url
        os.environ["BENCH_REDIS_URL"] = self.url  # peer_tasks reads it when imported
        self.redis = redis.Redis.from_url(self.url)
        self.workers: List[subprocess.Popen] = []
        self.env = dict(os.environ, BENCH_REDIS_URL=self.url, PYTHONPATH=str(HERE))

    def start_worker(self, total: int) -> None:
        self.redis.flushall()
        self.workers = [subprocess.Popen(argv, env=self.env, cwd=HERE,
                                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                        for argv in self.worker_argvs()]
        self.wait_ready()

    def wait_all(self, total: int) -> float:
        _, finished = self.redis.blpop("finished", timeout=600)
        return float(finished)

    def stop_worker(self) -> Dict[int, float]:
        for worker in self.workers:
            worker.terminate()
        for worker in self.workers:
            worker.wait(60)
        starts = {}
        for note in self.redis.lrange("starts", 0, -1):
            index, at = note.decode().split()
            starts[int(index)] = float(at)
        return starts

    def close(self) -> None:
        self.redis.close()


class Celery(RedisPeer):
    name = "Celery (Redis broker)"

    def __init__(self, redis_server: RedisServer) -> None:
        super().__init__(redis_server)
        from peer_tasks import celery_noop

        self.task = celery_noop

    def worker_argvs(self) -> List[List[str]]:
        return [[sys.executable, "-m", "celery", "-A", "peer_tasks", "worker", "-l", "warning",
                 "--pool", "prefork", "--concurrency", str(PEER_PROCESSES), "--without-gossip",
                 "--without-mingle", "--without-heartbeat", "-n", f"bench{os.getpid()}@%h"]]

    def wait_ready(self) -> None:
        wait_for(lambda: self.task.app.control.ping(timeout=0.5), "the Celery worker")

    def submit_one(self, index: int, total: int) -> int:
        self.task.apply_async((index, total))
        return index

    def submit_batch(self, indices: Sequence[int], total: int) -> List[int]:
        # No batch submit in Celery: apply_async per task, on one connection.
        with self.task.app.producer_or_acquire() as producer:
            for index in indices:
                self.task.apply_async((index, total), producer=producer)
        return list(indices)


class Rq(RedisPeer):
    name = "RQ (SimpleWorker)"

    def __init__(self, redis_server: RedisServer) -> None:
        super().__init__(redis_server)
        from rq import Queue

        import peer_tasks

        self.noop = peer_tasks.noop
        self.queue = Queue("bench", connection=self.redis)
        self.local = threading.local()

    def worker_argvs(self) -> List[List[str]]:
        return [[sys.executable, "-m", "rq.cli", "worker", "--url", self.url, "--worker-class",
                 "rq.worker.SimpleWorker", "--quiet", "bench"]] * PEER_PROCESSES

    def wait_ready(self) -> None:
        from rq import Worker

        wait_for(lambda: len(Worker.all(connection=self.redis)) >= PEER_PROCESSES,
                 "the RQ workers")

    def submit_one(self, index: int, total: int) -> int:
        self.queue.enqueue(self.noop, index, total)
        return index

    def submit_batch(self, indices: Sequence[int], total: int) -> List[int]:
        from rq import Queue

        self.queue.enqueue_many([Queue.prepare_data(self.noop, (index, total)) for index in indices])
        return list(indices)


def one_by_one(system, total: int) -> None:
    def submit_share(first: int) -> None:
        for index in range(first, total, THREADS):
            system.submit_one(index, total)

    threads = [threading.Thread(target=submit_share, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def batched(system, total: int) -> None:
    for first in range(0, total, BATCH):
        system.submit_batch(range(first, min(first + BATCH, total)), total)


def throughput(system, total: int, submit: Callable) -> float:
    system.start_worker(total)
    began = time.time()
    submit(system, total)
    ended = system.wait_all(total)
    system.stop_worker()
    return total / (ended - began)


def latency(system, total: int) -> List[float]:
    system.start_worker(total)
    submitted = {}
    began = time.time()
    for index in range(total):
        time.sleep(max(0.0, began + index / LATENCY_RATE - time.time()))
        before = time.time()
        submitted[system.submit_one(index, total)] = before
    system.wait_all(total)
    starts = system.stop_worker()
    return [(starts[key] - at) * 1000 for key, at in submitted.items() if key in starts]


def measure(system, jobs: int, latency_jobs: int) -> None:
    figure(f"{system.name}: one by one ({THREADS} threads)",
           throughput(system, jobs, one_by_one), "jobs/s", f"{jobs} no-op jobs, end to end")
    figure(f"{system.name}: batched ({BATCH} a request)",
           throughput(system, jobs, batched), "jobs/s", f"{jobs} no-op jobs, end to end")
    waits = latency(system, latency_jobs)
    note = f"{len(waits)} jobs submitted one at a time, {LATENCY_RATE}/s"
    figure(f"{system.name}: submit-to-start p50", percentile(waits, 50), "ms", note)
    figure(f"{system.name}: submit-to-start p99", percentile(waits, 99), "ms", note)


def main() -> None:
    jobs = int(sys.argv[1]) if len(sys.argv) > 1 else 10000
    latency_jobs = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    systems = (sys.argv[3] if len(sys.argv) > 3 else "drover,celery,rq").split(",")
    print(f"worker: drover {WORKER_CONCURRENCY} threads in one process; Celery prefork and "
          f"RQ SimpleWorker, {PEER_PROCESSES} processes; Redis without persistence", flush=True)
    if "drover" in systems:
        system = Drover()
        try:
            measure(system, jobs, latency_jobs)
        finally:
            system.close()
    with RedisServer() as redis_server:
        for kind in [kind for name, kind in (("celery", Celery), ("rq", Rq)) if name in systems]:
            peer = kind(redis_server)
            try:
                measure(peer, jobs, latency_jobs)
            finally:
                peer.close()


if __name__ == "__main__":
    main()
