"""Worker: runs handlers for worker types (runner = "worker" in drover.toml).

It fetches attempts (long-poll, as many at once as it has free threads),
runs them on `concurrency` threads, heartbeats every held attempt every
third of its lease (with the progress gathered meanwhile), and reports how
each ended: the handler's return value completes it, an exception fails it
(retried per the type's policy), Job.pause() pauses it, and Cancelled
(raised by a report call once the daemon said stop) ends it as the daemon
decided. Those final reports go in batches (drover.completions): a worker
of many small jobs sends one request for many of them.

While the daemon is unreachable (a restart) it keeps trying: its leases
live in the daemon's store and its reports are accepted after the restart.

Thread-safety: run() on one thread (the main one to catch SIGTERM and
SIGINT); stop() from any thread.
"""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import threading
import time
import uuid
from typing import Any, Callable, Dict, Iterable, List, Optional

from drover.client import Client, DroverError
from drover.completions import Completions, Ended
from drover.job import Cancelled, Job, Paused

Handler = Callable[[Job], Any]


def _transient(error: Exception) -> bool:
    """A failure worth retrying: the daemon is unreachable or restarting."""
    if isinstance(error, DroverError):
        return error.status >= 500 or error.status == 0
    return isinstance(error, OSError)


class Worker:
    """Fetches jobs of its types and runs their handlers.

    `concurrency`: handlers at once (threads). `report_batch`: at most this
    many final reports per request (1: each its own request, in turn)."""

    def __init__(
        self,
        client: Client,
        types: Optional[Iterable[str]] = None,
        concurrency: int = 1,
        worker_id: Optional[str] = None,
        poll_wait: float = 5.0,
        grace: float = 30.0,
        report_retry: float = 300.0,
        report_batch: int = 500,
    ) -> None:
        if concurrency < 1:
            raise ValueError("concurrency must be at least 1")
        self.client = client
        self.concurrency = concurrency
        self.poll_wait = poll_wait
        self.grace = grace
        self.report_retry = report_retry
        self.report_batch = report_batch
        self._types = list(types) if types else None
        self._handlers: Dict[str, Handler] = {}
        host = socket.gethostname()
        self.identity = {
            "id": worker_id or f"{host}:{os.getpid()}:{uuid.uuid4().hex[:6]}",
            "host": host,
            "pid": os.getpid(),
        }
        self._jobs: Dict[int, Job] = {}  # fetched, their handler not yet ended
        self._ready: "queue.Queue[Optional[Job]]" = queue.Queue()
        self._cond = threading.Condition()
        self._stopping = threading.Event()
        self._beat_stop = threading.Event()

    def handler(self, type: str) -> Callable[[Handler], Handler]:
        """Decorator: `@worker.handler("type")` over `def fn(job): ...`."""

        def register(fn: Handler) -> Handler:
            self._handlers[type] = fn
            return fn

        return register

    def handle(self, type: str, fn: Handler) -> None:
        """Registers `fn` as the handler of `type`."""
        self._handlers[type] = fn

    def stop(self) -> None:
        """Stops fetching; running handlers finish (within the grace)."""
        self._stopping.set()
        with self._cond:
            self._cond.notify_all()

    @property
    def running(self) -> int:
        """How many handlers run now."""
        with self._cond:
            return len(self._jobs)

    def run(self) -> None:
        """Fetches and runs jobs until stop(), SIGTERM or SIGINT."""
        types = self._types or sorted(self._handlers)
        if not types:
            raise ValueError("no handlers: register one with @worker.handler(\"type\")")
        missing = [t for t in types if t not in self._handlers]
        if missing:
            raise ValueError(f"no handler for type(s) {', '.join(missing)}")
        restore = self._catch_signals()
        beat = threading.Thread(target=self._heartbeat, name="drover-heartbeat", daemon=True)
        beat.start()
        completions = Completions(self._send_final, self.report_batch)
        runners = [threading.Thread(target=self._run_handlers, args=(completions,),
                                    name=f"drover-handler-{n}", daemon=True)
                   for n in range(self.concurrency)]
        for runner in runners:
            runner.start()
        try:
            self._fetch_loop(types, completions)
            self._drain()
        finally:
            for signum, previous in restore:
                signal.signal(signum, previous)
            self._stopping.set()
            for _ in runners:
                self._ready.put(None)
            completions.close()
            self._beat_stop.set()
            beat.join(timeout=5)
            self.client._drop_connection()

    # --- fetching

    def _fetch_loop(self, types: List[str], completions: Completions) -> None:
        delay = 0.1
        backlog = max(self.report_batch, self.concurrency)
        while not self._stopping.is_set():
            # While the daemon is slow to take completions, fetch no more.
            completions.wait_below(backlog, self._stopping)
            with self._cond:
                while len(self._jobs) >= self.concurrency and not self._stopping.is_set():
                    self._cond.wait()
                free = self.concurrency - len(self._jobs)
            if self._stopping.is_set():
                return
            try:
                assignments = self.client.fetch(types, max=free, wait=self.poll_wait,
                                                worker=self.identity)
                delay = 0.1
            except Exception as error:  # noqa: BLE001 - decided by _transient
                if not _transient(error):
                    raise
                self._stopping.wait(delay)
                delay = min(delay * 2, 2.0)
                continue
            for assignment in assignments:
                self._start(Job(self, assignment))

    def _start(self, job: Job) -> None:
        with self._cond:
            self._jobs[job.id] = job
        self._ready.put(job)

    def _run_handlers(self, completions: Completions) -> None:
        while True:
            job = self._ready.get()
            if job is None:
                break
            self._run_handler(job, completions)
        self.client._drop_connection()  # this thread ends; its connection with it

    def _drain(self) -> None:
        deadline = time.monotonic() + self.grace
        with self._cond:
            while self._jobs and time.monotonic() < deadline:
                self._cond.wait(timeout=max(0.0, deadline - time.monotonic()))

    def _catch_signals(self):
        if threading.current_thread() is not threading.main_thread():
            return []
        restore = []
        for signum in (signal.SIGTERM, signal.SIGINT):
            restore.append((signum, signal.getsignal(signum)))
            signal.signal(signum, lambda *_: self.stop())
        return restore

    # --- running one job

    def _run_handler(self, job: Job, completions: Completions) -> None:
        end, result, error = "complete", None, None
        try:
            result = self._handlers[job.type](job)
            json.dumps(result)  # a result the daemon cannot store fails here, visibly
        except Paused:
            result = None  # the pause event is pending; the daemon pauses the job
        except Cancelled:
            end, error = "fail", f"stopped ({job.stop_reason})"
        except Exception as exc:  # noqa: BLE001 - any failure of user code fails the attempt
            end, error = "fail", f"{type(exc).__name__}: {exc}"
        try:
            # Under the send lock: a heartbeat in flight lands first, and none
            # is sent for this job afterwards (it is ended).
            with job._send_lock:
                if not job._lost:
                    job._ended = True
                    completions.put(job, job._report(end, result, error))
        finally:
            with self._cond:
                self._jobs.pop(job.id, None)
                self._cond.notify_all()

    def _send_final(self, ended: List[Ended]) -> None:
        """Sends final reports (Completions calls it), retrying while the
        daemon is unreachable, up to `report_retry` seconds."""
        reports = [report for _, report in ended]
        deadline = time.monotonic() + self.report_retry
        delay = 0.1
        while True:
            try:
                answers = self.client.report(reports)
                break
            except Exception as error:  # noqa: BLE001 - decided by _transient
                if not _transient(error) or time.monotonic() >= deadline:
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        for (job, _), answer in zip(ended, answers):
            if "error" in answer:
                job._lose()  # refused: the attempt is no longer ours

    # --- reports and heartbeats

    def _send_reports(self, jobs: List[Job], retry: bool = True) -> None:
        """Sends each job's pending events (a heartbeat when none) and reads
        the answers: stop, or refused (lost). Retries while the daemon is
        unreachable, up to the lease of the jobs, when `retry`."""
        if not jobs:
            return
        # One send at a time per job, so that a heartbeat's events never
        # arrive after the report that ended the attempt.
        jobs = sorted(jobs, key=lambda job: job.id)
        for job in jobs:
            job._send_lock.acquire()
        try:
            self._send_locked(jobs, retry)
        finally:
            for job in jobs:
                job._send_lock.release()

    def _send_locked(self, jobs: List[Job], retry: bool) -> None:
        jobs = [job for job in jobs if not job._ended]
        if not jobs:
            return
        reports = [job._report() for job in jobs]
        deadline = time.monotonic() + min(job.lease_seconds for job in jobs)
        delay = 0.1
        while True:
            try:
                answers = self.client.report(reports)
                break
            except Exception as error:  # noqa: BLE001 - decided by _transient
                if not retry or not _transient(error) or time.monotonic() >= deadline:
                    for job, report in zip(jobs, reports):
                        job._put_back(report["events"])
                    if _transient(error):
                        return
                    raise
                time.sleep(delay)
                delay = min(delay * 2, 2.0)
        for job, answer in zip(jobs, answers):
            if "error" in answer:
                job._lose()
            else:
                job._told(answer)

    def _heartbeat(self) -> None:
        interval = 1.0
        while not self._beat_stop.wait(interval):
            with self._cond:
                jobs = list(self._jobs.values())
            interval = min((job.lease_seconds for job in jobs), default=3.0) / 3
            try:
                self._send_reports(jobs, retry=False)
            except Exception:  # noqa: BLE001 - the next beat tries again
                pass
        self.client._drop_connection()
