"""Job: one attempt a worker holds, as its handler sees it.

Progress is cumulative, so progress calls are coalesced and sent with the
next heartbeat (or the final report); checkpoints, items' failures and
pauses are sent at once, since losing them would cost work.

Thread-safety: a Job is used by its handler's thread and by the worker's
heartbeat thread; its state is guarded by a lock.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Dict, List, Optional, Union

if TYPE_CHECKING:
    from drover.worker import Worker


class Cancelled(Exception):
    """Raised by a report call once the job was cancelled (or paused or timed
    out by the daemon, or its attempt was lost): stop working and return."""


class Paused(BaseException):
    """Raised by Job.pause(): the worker ends the attempt as paused. A
    BaseException so that a handler's `except Exception` does not swallow it."""


class Job:
    """The attempt a handler runs: params, checkpoint, and report calls."""

    def __init__(self, worker: "Worker", assignment: Dict[str, Any]) -> None:
        self._worker = worker
        self.id: int = assignment["id"]
        self.attempt: int = assignment["attempt"]
        self.type: str = assignment["type"]
        self.token: str = assignment["token"]
        self.params: Dict[str, Any] = assignment.get("params") or {}
        self.checkpoint: Any = assignment.get("checkpoint")
        self.resumed: bool = bool(assignment.get("resumed"))
        self.lease_seconds: float = float(assignment.get("lease_seconds", 30))
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()  # held while a report of this job is in flight
        self._pending: List[Dict[str, Any]] = []
        self._progress: Optional[Dict[str, Any]] = None
        self._stop_reason: Optional[str] = None
        self._lost = False
        self._ended = False  # its final report is queued: no report follows it
        self._stopped = threading.Event()

    # --- what a handler reads

    @property
    def cancelled(self) -> bool:
        """True once the daemon said stop (cancel, pause, timeout) or the
        attempt is no longer this worker's."""
        return self._stopped.is_set()

    @property
    def stop_reason(self) -> Optional[str]:
        """Why the job must stop: "cancel", "pause", "timeout", "kill", "lost"."""
        return self._stop_reason

    def wait_cancelled(self, timeout: Optional[float] = None) -> bool:
        """Blocks until the job is cancelled (or `timeout` passes); True when it is."""
        return self._stopped.wait(timeout)

    # --- what a handler reports

    def progress(self, done: int, total: Optional[int] = None, item: Optional[str] = None
                 ) -> None:
        """Reports `done` of `total` items, and the current item."""
        event: Dict[str, Any] = {"kind": "progress", "current": int(done)}
        if total is not None:
            event["total"] = int(total)
        if item:
            event["item"] = str(item)
        with self._lock:
            self._progress = event
        self._raise_if_cancelled()

    def item(self, name: str, outcome: str = "ok", error: Optional[str] = None) -> None:
        """Records one item as "ok", "fail" (with `error`) or "skip"."""
        event = {"kind": "item", "item": str(name), "outcome": outcome}
        if error:
            event["error"] = str(error)
        self._queue(event)

    def message(self, text: str) -> None:
        """Shows `text` as the job's current message."""
        self._queue({"kind": "message", "text": str(text)})

    def checkpoint_save(self, value: Any) -> None:
        """Saves `value` (JSON) as the checkpoint the next attempt gets back;
        sent at once, and stored durably before this returns."""
        self._queue({"kind": "checkpoint", "value": value})
        self.flush()
        self.checkpoint = value

    def pause(self, until_or_seconds: Union[float, int, str, datetime], reason: str = "") -> None:
        """Ends this attempt as paused until a time (a datetime, an RFC 3339
        string, or seconds from now); the daemon resumes the job then, from
        its checkpoint. Does not return: raises Paused for the worker."""
        if isinstance(until_or_seconds, datetime):
            moment = until_or_seconds
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=timezone.utc)
            until = moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")
        elif isinstance(until_or_seconds, str):
            until = until_or_seconds
        else:
            until = f"+{max(0, int(round(float(until_or_seconds) * 1000)))}ms"
        event: Dict[str, Any] = {"kind": "pause", "until": until}
        if reason:
            event["reason"] = reason
        self._queue(event)
        raise Paused()

    def heartbeat(self) -> None:
        """Renews the lease now and sends what is pending (the worker does this
        by itself every third of the lease)."""
        self.flush()

    def flush(self) -> None:
        """Sends pending events now; Cancelled when the job must stop."""
        self._worker._send_reports([self])
        self._raise_if_cancelled()

    # --- for the worker

    def _queue(self, event: Dict[str, Any]) -> None:
        with self._lock:
            self._pending.append(event)
        self._raise_if_cancelled()

    def _take_events(self) -> List[Dict[str, Any]]:
        with self._lock:
            events = self._pending
            if self._progress is not None:
                # Progress goes first: a later item or checkpoint is newer.
                events = [self._progress] + events
            self._pending, self._progress = [], None
            return events

    def _put_back(self, events: List[Dict[str, Any]]) -> None:
        with self._lock:
            self._pending = events + self._pending

    def _told(self, answer: Dict[str, Any]) -> None:
        if answer.get("stop"):
            self._stop_reason = answer.get("stop_reason") or "cancel"
            self._stopped.set()

    def _lose(self) -> None:
        self._lost = True
        self._stop_reason = self._stop_reason or "lost"
        self._stopped.set()

    def _raise_if_cancelled(self) -> None:
        if self._stopped.is_set():
            raise Cancelled(f"job {self.id} must stop ({self._stop_reason})")

    def _report(self, end: Optional[str] = None, result: Any = None,
                error: Optional[str] = None) -> Dict[str, Any]:
        report: Dict[str, Any] = {"job": self.id, "token": self.token,
                                  "events": self._take_events()}
        if end:
            report["end"] = end
        if end == "complete" and result is not None:
            report["result"] = result
        if end == "fail":
            report["error"] = error or "failed"
        return report

    def __repr__(self) -> str:
        return f"<drover.Job {self.id} attempt {self.attempt} {self.type}>"

