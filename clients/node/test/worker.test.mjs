// End to end: the Node client and worker against a real daemon.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";

import { StaleAttempt, Worker } from "../index.js";
import { Daemon, waitFor } from "./daemon.mjs";

const here = dirname(fileURLToPath(import.meta.url));

const TYPES = `
[types.square]
runner = "worker"
params.n = { type = "integer", required = true }

[types.slow]
runner = "worker"
lease = "2s"
grace = "5s"
retries = 1

[types.pausing]
runner = "worker"
`;

let daemon;
let client;
let worker;
let running;

before(async () => {
  daemon = await Daemon.start(TYPES);
  client = daemon.client();
});

after(async () => {
  if (worker) {
    worker.stop();
    await running;
  }
  await daemon.remove();
});

function startWorker() {
  worker = new Worker({ client, concurrency: 8, pollWait: 1 });
  worker.handle("square", async (job) => {
    job.progress(1, 2, "half");
    job.progress(2, 2, "done");
    return { square: job.params.n ** 2 };
  });
  worker.handle("slow", async (job) => {
    if (job.resumed) return { resumed: true, from: job.checkpoint };
    await job.saveCheckpoint({ step: 1 });
    let done = 0;
    while (!job.signal.aborted) {  // the job's own work, until it is told to stop
      job.progress(++done);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw job.signal.reason;
  });
  worker.handle("pausing", async (job) => {
    if (job.checkpoint === null) {
      await job.saveCheckpoint({ paused: true });
      job.pause(2, "rate limited");
    }
    return { resumed: job.resumed };
  });
  running = worker.run();
}

test("a worker handles jobs with progress", async () => {
  startWorker();
  const jobs = await client.submitMany("square", Array.from({ length: 30 }, (_, n) => ({ n })));
  assert.equal(jobs.length, 30);
  for (const [n, submitted] of jobs.entries()) {
    const job = await client.wait(submitted.id, { timeout: 60 });
    assert.equal(job.state, "completed");
    assert.deepEqual(job.result, { square: n * n });
    assert.equal(job.progress.current, 2);
  }
});

test("completions sent in batches and one by one end every job", async () => {
  for (const reportBatch of [7, 1]) {
    const own = new Worker({ client, concurrency: 4, pollWait: 1, reportBatch });
    own.handle("square", (job) => ({ square: job.params.n ** 2 }));
    const ownRun = own.run();
    const jobs = await client.submitMany("square", Array.from({ length: 60 }, (_, n) => ({ n })),
      { priority: 1 });
    for (const [n, submitted] of jobs.entries()) {
      assert.equal(submitted.priority, 1);
      const job = await client.wait(submitted.id, { timeout: 60 });
      assert.equal(job.state, "completed");
      assert.deepEqual(job.result, { square: n * n });
      assert.equal(job.attempts.length, 1);
    }
    own.stop();
    await ownRun;
  }
  assert.deepEqual(await client.submitMany("square", []), []);
});

test("a cancelled job's signal fires and it ends cancelled with its checkpoint", async () => {
  const { id } = await client.submit("slow");
  await waitFor(async () => (await client.get(id)).checkpoint, "the checkpoint");
  await client.cancel(id);
  const job = await client.wait(id, { timeout: 30 });
  assert.equal(job.state, "cancelled");
  assert.deepEqual(job.checkpoint.value, { step: 1 });
});

test("a job that pauses itself resumes by itself", async () => {
  const { id } = await client.submit("pausing");
  const job = await client.wait(id, { timeout: 30 });
  assert.equal(job.state, "completed");
  assert.deepEqual(job.result, { resumed: true });
  assert.ok(job.history.some((step) => step.from === "running" && step.to === "paused"));
});

test("a killed worker's job resumes on another and its late report is refused", async () => {
  worker.stop();
  await running;
  worker = undefined;
  const tokenFile = join(mkdtempSync(join(tmpdir(), "drover-token-")), "token.json");
  const child = spawn(process.execPath, [join(here, "killed_worker.mjs"), tokenFile], {
    env: { ...process.env, DROVER_STATE_DIR: daemon.dir },
    stdio: "inherit",
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  let id;
  let first;
  try {
    // force: the job cancelled above did the same work and could be resumed instead
    ({ id } = await client.submit("slow", {}, { force: true }));
    await waitFor(() => existsSync(tokenFile), "the first worker to take the job");
    first = JSON.parse(readFileSync(tokenFile, "utf8"));
  } finally {
    child.kill("SIGKILL");
    await exited;
  }
  startWorker();
  const job = await client.wait(id, { timeout: 30 });
  assert.equal(job.state, "completed");
  assert.deepEqual(job.result, { resumed: true, from: { step: 3 } });
  assert.equal(job.attempts.length, 2);
  await assert.rejects(
    client.request("POST", "/api/workers/complete", { job: first.job, token: first.token }),
    (error) => error instanceof StaleAttempt && error.status === 409);
});
