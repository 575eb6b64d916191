"""Client: the daemon's HTTP API (submit, get, cancel, wait) and the worker
protocol's calls (fetch, report), over keep-alive connections, one per thread.

Thread-safety: a Client may be shared by threads; each thread gets its own
connection.
"""

from __future__ import annotations

import http.client
import json
import os
import threading
import time
import urllib.parse
from pathlib import Path
from typing import Any, Dict, Iterable, List, Optional

FINISHED_STATES = ("completed", "failed", "cancelled", "interrupted")


class DroverError(Exception):
    """An error answer of the daemon: `status` (HTTP), `code` and `message`."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(f"{message} ({code}, HTTP {status})")
        self.status = status
        self.code = code
        self.message = message


class StaleAttempt(DroverError):
    """The daemon refused a report: the attempt is no longer this worker's
    (it ended, was cancelled by force, or was lost when its lease expired)."""


def default_state_dir() -> Path:
    """Where the daemon keeps its state: $DROVER_STATE_DIR, else
    $XDG_STATE_HOME/drover, else ~/.local/state/drover."""
    if os.environ.get("DROVER_STATE_DIR"):
        return Path(os.environ["DROVER_STATE_DIR"])
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(Path.home(), ".local", "state")
    return Path(base) / "drover"


def _read_word(path: Path) -> Optional[str]:
    try:
        words = path.read_text().split()
    except OSError:
        return None
    return words[0] if words else None


class Client:
    """Talks to one drover daemon.

    `url` defaults to $DROVER_URL, else the address the daemon wrote in its
    state dir; `token` to $DROVER_TOKEN, else the state dir's `token` file.
    """

    def __init__(
        self,
        url: Optional[str] = None,
        token: Optional[str] = None,
        state_dir: Optional[os.PathLike] = None,
        timeout: float = 60.0,
    ) -> None:
        directory = Path(state_dir) if state_dir else default_state_dir()
        url = url or os.environ.get("DROVER_URL")
        if not url:
            address = _read_word(directory / "address")
            if not address:
                raise DroverError(
                    0, "unavailable",
                    f"no daemon address: set DROVER_URL, or start the daemon with a TCP "
                    f"listener (it writes {directory / 'address'})")
            url = "http://" + address
        self.token = token or os.environ.get("DROVER_TOKEN") or _read_word(directory / "token")
        parsed = urllib.parse.urlsplit(url)
        if parsed.scheme not in ("http", "https") or not parsed.hostname:
            raise ValueError(f"url must look like http://127.0.0.1:7878, got {url!r}")
        self.url = url.rstrip("/")
        self._parsed = parsed
        self._timeout = timeout
        self._local = threading.local()
        self._open_lock = threading.Lock()
        self._open: List[http.client.HTTPConnection] = []  # every thread's, for close()

    # --- jobs

    def submit(self, type: str, /, **params: Any) -> Dict[str, Any]:
        """Submits a job of `type` with `params`; the job as JSON (existing
        when deduplicated, with `cached_from` when a cached result answers).
        Options go in underscored keywords: _key, _queue, _priority, _after,
        _delay, _at, _force."""
        body: Dict[str, Any] = {"type": type, "params": {}}
        for name, value in params.items():
            if name.startswith("_"):
                body[name[1:]] = value
            else:
                body["params"][name] = value
        return self.request("POST", "/api/jobs", body)

    def submit_many(self, type: str, params: Iterable[Dict[str, Any]], /, **options: Any
                    ) -> List[Dict[str, Any]]:
        """Submits one job of `type` per item of `params` in one request, stored
        together; the jobs as JSON (summaries), in order. `options` (key,
        queue, priority, after, delay, at, force, without underscores) apply
        to every job."""
        jobs = [{"type": type, "params": dict(item), **options} for item in params]
        if not jobs:
            return []
        return self.request("POST", "/api/jobs", {"jobs": jobs})["jobs"]

    def get(self, job_id: int) -> Dict[str, Any]:
        """The job as JSON, with attempts, progress and history."""
        return self.request("GET", f"/api/jobs/{int(job_id)}")

    def cancel(self, job_id: int) -> Dict[str, Any]:
        """Cancels the job (a running one stops softly, its checkpoint kept)."""
        return self.request("POST", f"/api/jobs/{int(job_id)}/cancel", {})

    def wait(
        self,
        job_id: int,
        timeout: Optional[float] = None,
        states: Iterable[str] = FINISHED_STATES,
    ) -> Dict[str, Any]:
        """Polls the job until its state is one of `states` (by default it
        finished or was interrupted) and returns it; TimeoutError after
        `timeout` seconds."""
        wanted = set(states)
        deadline = None if timeout is None else time.monotonic() + timeout
        delay = 0.02
        while True:
            job = self.get(job_id)
            if job["state"] in wanted:
                return job
            if deadline is not None and time.monotonic() >= deadline:
                raise TimeoutError(f"job {job_id} is still {job['state']} after {timeout} s")
            time.sleep(delay)
            delay = min(delay * 2, 0.5)

    # --- the worker protocol (used by Worker)

    def fetch(self, types: List[str], max: int = 1, wait: float = 0, worker: Optional[dict] = None
              ) -> List[Dict[str, Any]]:
        """Up to `max` attempts of `types`, waiting up to `wait` seconds for one."""
        body: Dict[str, Any] = {"types": list(types), "max": max, "wait": wait}
        if worker:
            body["worker"] = worker
        timeout = self._timeout + wait
        return self.request("POST", "/api/workers/fetch", body, timeout=timeout)["jobs"]

    def report(self, reports: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """Sends many reports at once; one answer each (an "error" when refused)."""
        return self.request("POST", "/api/workers/reports", {"reports": reports})["answers"]

    def workers(self) -> List[Dict[str, Any]]:
        """The workers the daemon knows: id, host, pid, types, jobs, last_seen."""
        return self.request("GET", "/api/workers")["workers"]

    def close(self) -> None:
        """Closes the connections of every thread (a later request opens anew)."""
        with self._open_lock:
            connections, self._open = self._open, []
        for connection in connections:
            connection.close()

    def __enter__(self) -> "Client":
        return self

    def __exit__(self, *exc_info: Any) -> None:
        self.close()

    # --- transport

    def request(self, method: str, path: str, body: Any = None,
                timeout: Optional[float] = None) -> Any:
        """Sends one request; the answer's JSON, or DroverError."""
        data = None if body is None else json.dumps(body).encode()
        headers = {"Accept": "application/json"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        status, text = self._send(method, path, data, headers, timeout or self._timeout)
        answer = json.loads(text) if text else None
        if status >= 400:
            error = (answer or {}).get("error", {}) if isinstance(answer, dict) else {}
            kind = StaleAttempt if status == 409 and path.startswith("/api/workers") else DroverError
            raise kind(status, error.get("code", "http_error"), error.get("message", text))
        return answer

    def _send(self, method, path, data, headers, timeout):
        # A kept-alive connection the server closed meanwhile fails once: retry
        # on a fresh one. Nothing is sent twice that the server had read.
        for fresh in (False, True):
            connection = self._connection(fresh, timeout)
            try:
                connection.request(method, path, body=data, headers=headers)
                response = connection.getresponse()
                return response.status, response.read().decode()
            except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
                self._drop_connection()
                if fresh:
                    raise
            except BaseException:
                self._drop_connection()  # its state is unknown: never reuse it
                raise
        raise AssertionError("unreachable")

    def _drop_connection(self) -> None:
        """Closes this thread's connection."""
        connection = getattr(self._local, "connection", None)
        self._local.connection = None
        if connection is not None:
            with self._open_lock:
                if connection in self._open:
                    self._open.remove(connection)
            connection.close()

    def _connection(self, fresh: bool, timeout: float) -> http.client.HTTPConnection:
        connection = getattr(self._local, "connection", None)
        if connection is None or fresh:
            self._drop_connection()
            kind = (http.client.HTTPSConnection if self._parsed.scheme == "https"
                    else http.client.HTTPConnection)
            connection = kind(self._parsed.hostname, self._parsed.port, timeout=timeout)
            self._local.connection = connection
            with self._open_lock:
                self._open.append(connection)
        connection.timeout = timeout
        if connection.sock is not None:
            connection.sock.settimeout(timeout)
        return connection
