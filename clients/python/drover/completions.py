"""Completions: the final reports of a worker's attempts, sent in batches.

One thread sends them: each request carries every report that ended while
the previous one was in flight (at most `batch`), so a worker running many
small jobs sends one request for many of them, and a lone job's report
leaves at once (nothing lingers waiting for company).

Thread-safety: put() from any thread; close() once, from the worker.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import TYPE_CHECKING, Any, Callable, Deque, Dict, List, Tuple

if TYPE_CHECKING:
    from drover.job import Job

Ended = Tuple["Job", Dict[str, Any]]


class Completions:
    """A queue of (job, final report) flushed by a thread of its own."""

    def __init__(self, send: Callable[[List[Ended]], None], batch: int) -> None:
        if batch < 1:
            raise ValueError("report_batch must be at least 1")
        self._send = send
        self._batch = batch
        self._queue: Deque[Ended] = deque()
        self._cond = threading.Condition()
        self._in_flight = 0
        self._closing = False
        self._thread = threading.Thread(target=self._run, name="drover-completions", daemon=True)
        self._thread.start()

    def put(self, job: "Job", report: Dict[str, Any]) -> None:
        """Queues the report that ends `job`'s attempt."""
        with self._cond:
            self._queue.append((job, report))
            self._cond.notify_all()

    @property
    def pending(self) -> int:
        """Reports queued or in flight."""
        with self._cond:
            return len(self._queue) + self._in_flight

    def wait_below(self, limit: int, stopping: threading.Event) -> None:
        """Blocks while `limit` or more reports are pending (back-pressure for
        the fetch loop), unless `stopping` is set."""
        with self._cond:
            while len(self._queue) + self._in_flight >= limit and not stopping.is_set():
                self._cond.wait(0.5)

    def close(self) -> None:
        """Sends what is queued, then ends the thread."""
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        self._thread.join()

    def _run(self) -> None:
        while True:
            with self._cond:
                while not self._queue and not self._closing:
                    self._cond.wait()
                if not self._queue:
                    return
                count = min(len(self._queue), self._batch)
                batch = [self._queue.popleft() for _ in range(count)]
                self._in_flight = count
            try:
                self._send(batch)
            except Exception:  # noqa: BLE001 - the sender gave up on these; keep going
                pass
            finally:
                with self._cond:
                    self._in_flight = 0
                    self._cond.notify_all()
