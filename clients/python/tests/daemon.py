"""A real drover daemon in a temporary state dir, on a loopback port, for
the client's end-to-end tests. $DROVER_BIN names the `drover` binary."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Callable, Optional, TypeVar

import drover

T = TypeVar("T")


def wait_for(reached: Callable[[], Optional[T]], timeout: float = 30.0, what: str = "") -> T:
    """Polls `reached` until it returns something true; AssertionError after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        value = reached()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what or reached}")
        time.sleep(0.02)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Daemon:
    """`drover daemon` with `types` (TOML) as its config, on a fixed port so
    that a restarted daemon is where its workers look for it."""

    def __init__(self, types: str) -> None:
        self.binary = os.environ.get("DROVER_BIN", "drover")
        self.dir = Path(tempfile.mkdtemp(prefix="drover-py-"))
        self.port = free_port()
        (self.dir / "drover.toml").write_text(
            f'[daemon]\nlisten = "127.0.0.1:{self.port}"\n'
            f"[queues.default]\nparallel = 16\n" + types)
        self.process: Optional[subprocess.Popen] = None

    def start(self) -> None:
        log = open(self.dir / "daemon.log", "ab")
        self.process = subprocess.Popen(
            [self.binary, "daemon", "--state-dir", str(self.dir)], stdout=log, stderr=log)
        log.close()
        wait_for(self._answers, 20, "the daemon to answer")

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            raise AssertionError(f"the daemon exited:\n{self.log()}")
        if not (self.dir / "address").exists() or not (self.dir / "token").exists():
            return False
        with self.client() as client:
            try:
                client.request("GET", "/healthz")
                return True
            except OSError:
                return False

    def client(self) -> drover.Client:
        return drover.Client(state_dir=self.dir)

    def kill(self) -> None:
        """kill -9: a crash."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(20)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def log(self) -> str:
        return (self.dir / "daemon.log").read_text(errors="replace")

    def remove(self) -> None:
        self.stop()
        shutil.rmtree(self.dir, ignore_errors=True)
