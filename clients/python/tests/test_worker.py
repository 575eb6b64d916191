"""End-to-end: the Python client and worker against a real daemon."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import unittest
from pathlib import Path

import drover
from daemon import Daemon, wait_for

TYPES = """
[types.square]
runner = "worker"
params.n = { type = "integer", required = true }
params.hold = { type = "boolean", default = false }

[types.slow]
runner = "worker"
lease = "2s"
grace = "5s"
retries = 1

[types.pausing]
runner = "worker"

[types.docs]
runner = "worker"
params.repo = { type = "string", required = true }
key = "{repo}"
unique_for = "10m"

[types.render]
runner = "worker"
params.page = { type = "string", required = true }
cache_ttl = "1h"

[types.held]
runner = "worker"
lease = "10s"

[types.prepare]
command = ["sh", "-c", "echo '@drover progress 1/1'"]

[types.finish]
command = ["true"]
"""

HERE = Path(__file__).resolve().parent


class WorkerTest(unittest.TestCase):
    """One daemon per test; workers run in threads of this process unless
    the test needs one to die."""

    def setUp(self) -> None:
        self.daemon = Daemon(TYPES)
        self.daemon.start()
        self.client = self.daemon.client()
        self.gate = threading.Event()
        self.workers = []

    def tearDown(self) -> None:
        self.gate.set()
        for worker, thread in self.workers:
            worker.stop()
            thread.join(30)
        failed = any(error for _, error in self._outcome.errors) if hasattr(
            self._outcome, "errors") else False
        if failed:
            print(self.daemon.log(), file=sys.stderr)
        self.client.close()
        self.daemon.remove()

    def start_worker(self, concurrency: int = 1, report_batch: int = 500) -> drover.Worker:
        worker = drover.Worker(self.client, concurrency=concurrency, poll_wait=1.0,
                               report_batch=report_batch)
        gate = self.gate

        @worker.handler("square")
        def square(job: drover.Job):
            job.progress(1, 2, item="half")
            if job.params.get("hold"):
                gate.wait(30)
            job.progress(2, 2, item="done")
            return {"square": job.params["n"] ** 2}

        @worker.handler("slow")
        def slow(job: drover.Job):
            if job.resumed:
                return {"resumed": True, "from": job.checkpoint}
            job.checkpoint_save({"step": 1})
            done = 0
            while True:  # the job's own work, until it is told to stop
                done += 1
                job.progress(done)
                job.wait_cancelled(0.05)

        @worker.handler("pausing")
        def pausing(job: drover.Job):
            if job.checkpoint is None:
                job.checkpoint_save({"paused": True})
                job.pause(2, "rate limited")
            return {"resumed": job.resumed}

        @worker.handler("docs")
        def docs(job: drover.Job):
            gate.wait(30)
            return {"path": "/docs/" + job.params["repo"]}

        @worker.handler("render")
        def render(job: drover.Job):
            return {"html": "<h1>" + job.params["page"] + "</h1>"}

        @worker.handler("held")
        def held(job: drover.Job):
            job.progress(1, 2)
            gate.wait(60)
            job.progress(2, 2)
            return {"ok": True}

        thread = threading.Thread(target=worker.run, daemon=True)
        thread.start()
        self.workers.append((worker, thread))
        return worker

    def state_of(self, job_id: int, states) -> dict:
        job = self.client.get(job_id)
        return job if job["state"] in states else None

    def test_a_worker_handles_a_hundred_jobs_with_progress(self):
        self.start_worker(concurrency=8)
        jobs = self.client.submit_many("square", [{"n": n} for n in range(100)])
        self.assertEqual(len(jobs), 100)
        for n, job in enumerate(jobs):
            done = self.client.wait(job["id"], timeout=60)
            self.assertEqual(done["state"], "completed", done)
            self.assertEqual(done["result"], {"square": n * n})
            self.assertEqual(done["progress"]["current"], 2)
            self.assertEqual(done["progress"]["total"], 2)

    def test_completions_sent_in_batches_and_one_by_one_end_every_job(self):
        for report_batch in (7, 1):
            worker = self.start_worker(concurrency=4, report_batch=report_batch)
            jobs = self.client.submit_many("square", [{"n": n} for n in range(60)], priority=1)
            for n, job in enumerate(jobs):
                self.assertEqual(job["priority"], 1)
                done = self.client.wait(job["id"], timeout=60)
                self.assertEqual(done["state"], "completed", done)
                self.assertEqual(done["result"], {"square": n * n})
                self.assertEqual(len(done["attempts"]), 1)
            worker.stop()
            wait_for(lambda: worker.running == 0, what="the worker to stop")

    def test_submit_many_of_nothing_sends_nothing(self):
        self.assertEqual(self.client.submit_many("square", []), [])

    def test_a_worker_killed_during_its_long_poll_is_handed_nothing(self):
        def fetching() -> bool:
            return any(w["id"] == "gone" and w["fetching"] for w in self.client.workers())

        body = json.dumps({"types": ["square"], "wait": 30, "worker": {"id": "gone"}}).encode()
        host, port = self.client._parsed.hostname, self.client._parsed.port
        with socket.create_connection((host, port)) as gone:
            gone.sendall(b"POST /api/workers/fetch HTTP/1.1\r\nHost: %s:%d\r\n"
                         b"Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                         b"Content-Length: %d\r\n\r\n%s"
                         % (host.encode(), port, self.client.token.encode(), len(body), body))
            wait_for(fetching, what="the long-poll to wait")
        # Its process is gone, its connection closed: the long-poll ends with it.
        wait_for(lambda: not fetching(), timeout=10, what="the long-poll to end")
        job_id = self.client.submit("square", n=3)["id"]
        taken = self.client.fetch(["square"], max=1, wait=5, worker={"id": "alive"})
        self.assertEqual([job["id"] for job in taken], [job_id])
        self.assertEqual(self.client.get(job_id)["attempts"][0]["worker"], "alive")

    def test_a_cancelled_job_ends_cancelled_with_its_checkpoint(self):
        self.start_worker()
        job_id = self.client.submit("slow")["id"]
        wait_for(lambda: self.client.get(job_id)["checkpoint"], what="the checkpoint")
        self.client.cancel(job_id)
        job = self.client.wait(job_id, timeout=30)
        self.assertEqual(job["state"], "cancelled")
        self.assertEqual(job["checkpoint"]["value"], {"step": 1})
        self.assertEqual(len(job["attempts"]), 1)

    def test_a_killed_worker_loses_its_lease_and_the_job_resumes_elsewhere(self):
        token_file = Path(tempfile.mkdtemp()) / "token.json"
        env = dict(os.environ, DROVER_STATE_DIR=str(self.daemon.dir),
                   PYTHONPATH=os.pathsep.join([str(HERE.parent), os.environ.get("PYTHONPATH", "")]))
        process = subprocess.Popen([sys.executable, str(HERE / "worker_process.py"),
                                    str(token_file)], env=env)
        try:
            job_id = self.client.submit("slow")["id"]
            wait_for(token_file.exists, what="the first worker to take the job")
            wait_for(lambda: self.client.get(job_id)["checkpoint"], what="the checkpoint")
            first = json.loads(token_file.read_text())
        finally:
            process.kill()
            process.wait()
        self.start_worker()
        job = self.client.wait(job_id, timeout=30)
        self.assertEqual(job["state"], "completed", job)
        self.assertEqual(job["result"], {"resumed": True, "from": {"step": 3}})
        self.assertEqual(len(job["attempts"]), 2)
        with self.assertRaises(drover.StaleAttempt) as refused:
            self.client.request("POST", "/api/workers/complete",
                                {"job": first["job"], "token": first["token"], "result": 1})
        self.assertEqual(refused.exception.status, 409)
        self.assertEqual(self.client.get(job_id)["result"], job["result"])

    def test_a_job_that_pauses_itself_resumes_by_itself(self):
        self.start_worker()
        job_id = self.client.submit("pausing")["id"]
        job = self.client.wait(job_id, timeout=30)
        self.assertEqual(job["state"], "completed", job)
        self.assertEqual(job["result"], {"resumed": True})
        went = [(step["from"], step["to"]) for step in job["history"]]
        self.assertIn(("running", "paused"), went)
        self.assertIn(("paused", "queued"), went)

    def test_a_chain_mixes_command_and_worker_phases_with_weighted_progress(self):
        self.start_worker()
        chain = self.client.request("POST", "/api/chains", {"name": "mixed", "phases": [
            {"type": "prepare", "weight": 10, "params": {}},
            {"type": "square", "weight": 80, "params": {"n": 3, "hold": True}},
            {"type": "finish", "weight": 10, "params": {}}]})
        parent = chain["id"]

        def halfway():
            progress = self.client.get(parent)["progress"]
            return progress if progress.get("percentage") == 50 else None

        wait_for(halfway, what="the worker phase's half to show as 50% of the chain")
        self.gate.set()
        job = self.client.wait(parent, timeout=30)
        self.assertEqual(job["state"], "completed", job)
        self.assertEqual(job["progress"]["percentage"], 100)

    def test_dedupe_and_cache_apply_to_worker_types(self):
        self.start_worker()
        first = self.client.submit("docs", repo="org/a")
        wait_for(lambda: self.client.get(first["id"])["attempts"] and
                 self.client.get(first["id"])["attempts"][0].get("worker"),
                 what="a worker to hold the job")
        again = self.client.submit("docs", repo="org/a")
        self.assertEqual(again["id"], first["id"])
        self.assertTrue(again["deduplicated"])
        self.gate.set()
        self.assertEqual(self.client.wait(first["id"], timeout=30)["state"], "completed")
        rendered = self.client.submit("render", page="home")
        self.assertEqual(self.client.wait(rendered["id"], timeout=30)["state"], "completed")
        cached = self.client.submit("render", page="home")
        self.assertEqual(cached["cached_from"], rendered["id"])
        self.assertEqual(cached["result"], {"html": "<h1>home</h1>"})

    def test_a_daemon_killed_while_workers_hold_leases_accepts_their_reports_after(self):
        worker = self.start_worker(concurrency=3)
        ids = [self.client.submit("held")["id"] for _ in range(3)]
        held = lambda: all(self.client.get(i)["progress"]["current"] == 1 for i in ids)
        wait_for(held, what="the worker to hold every job")
        self.daemon.kill()
        self.daemon.start()
        self.gate.set()
        for job_id in ids:
            job = self.client.wait(job_id, timeout=60)
            self.assertEqual(job["state"], "completed", job)
            self.assertEqual(len(job["attempts"]), 1, job)
            self.assertEqual(job["progress"]["current"], 2)
        self.assertEqual(worker.running, 0)


if __name__ == "__main__":
    unittest.main()
