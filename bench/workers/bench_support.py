"""What the Python workers bench shares: a throwaway redis-server, a free
loopback port, waiting, percentiles, and one way to print a figure (the
format of bench/bench_daemon.cc's print_figure)."""

from __future__ import annotations

import math
import shutil
import socket
import subprocess
import tempfile
import time
from typing import Any, Callable, List


def figure(what: str, value: float, unit: str, note: str = "") -> None:
    """One figure per line, with its unit."""
    print(f"{what:<50} {value:12.2f} {unit:<9}" + (f"({note})" if note else ""), flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for(reached: Callable[[], Any], what: str, timeout: float = 60.0) -> Any:
    """Polls `reached` until it returns something true; exits the bench after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = reached()
        except OSError:
            value = None
        if value:
            return value
        if time.monotonic() >= deadline:
            raise SystemExit(f"bench: timed out waiting for {what}")
        time.sleep(0.02)


def percentile(values: List[float], p: float) -> float:
    """Nearest-rank percentile (0..100)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, min(len(ordered), math.ceil(p / 100 * len(ordered))))
    return ordered[rank - 1]


class RedisServer:
    """redis-server on 127.0.0.1 and a free port, without persistence, in a
    temporary directory; stopped and removed on exit."""

    def __enter__(self) -> "RedisServer":
        self.dir = tempfile.mkdtemp(prefix="drover-bench-redis-")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", "",
             "--appendonly", "no", "--dir", self.dir, "--loglevel", "warning"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(self._answers, "redis-server to answer")
        return self

    def _answers(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")

    def __exit__(self, *exc_info: Any) -> None:
        self.process.terminate()
        self.process.wait(30)
        shutil.rmtree(self.dir, ignore_errors=True)
