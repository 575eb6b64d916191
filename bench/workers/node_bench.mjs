// Workers bench, Node: no-op jobs end to end (submitted, run by a worker,
// completed; timed until the last one is completed) through drover's Node
// client, beside BullMQ on a throwaway Redis (loopback, no persistence) in
// the same run. drover's every acknowledged change is durable (its store's
// synchronous commits); BullMQ's is not (Redis without persistence).
// Submitter and worker share this process, for both systems.
//
//   one by one   every job its own submit request, WINDOW requests in flight
//   batched      BATCH jobs per request (drover: submitMany; BullMQ: addBulk)
//   latency      LATENCY jobs submitted one at a time, 100 a second (a light
//                load both keep up with, so no queue builds), each timed
//                from just before its submit to its handler's start
//
// Usage: node node_bench.mjs [jobs] [latency jobs] [systems]
//        (defaults 20000 1000 drover,bullmq)
// Needs `npm install` here (bullmq) and redis-server; $DROVER_BIN names drover.
import { performance } from "node:perf_hooks";

import { Queue, Worker as BullWorker } from "bullmq";

import { Worker } from "../../clients/node/index.js";
import { DroverDaemon, RedisServer, figure, percentile, waitFor } from "./bench_support.mjs";

const WINDOW = 64;
const BATCH = 1000;
const CONCURRENCY = 64;
const LATENCY_RATE = 100;  // jobs a second
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Runs `submitOne(index)` for every index, WINDOW at a time.
async function oneByOne(total, submitOne) {
  let next = 0;
  const lane = async () => {
    while (next < total) await submitOne(next++);
  };
  await Promise.all(Array.from({ length: WINDOW }, lane));
}

async function batched(total, submitBatch) {
  for (let first = 0; first < total; first += BATCH) {
    await submitBatch(Math.min(BATCH, total - first));
  }
}

class Drover {
  name = "drover (Node client)";

  async open() {
    this.daemon = await DroverDaemon.start('[types.noop]\nrunner = "worker"\n');
    this.client = this.daemon.client();
  }

  // A worker whose handler notes when each job starts; `handled` resolves
  // once `total` have started.
  async startWorker(total) {
    this.starts = new Map();
    let started = 0;
    this.handled = new Promise((resolve) => {
      this.worker = new Worker({ client: this.client, concurrency: CONCURRENCY, pollWait: 1,
        reportBatch: BATCH, workerId: "bench" });
      this.worker.handle("noop", (job) => {
        this.starts.set(job.id, performance.now());
        if (++started === total) resolve();
      });
    });
    this.running = this.worker.run();
    await waitFor(async () => (await this.client.workers()).some((w) => w.fetching),
      "the worker to fetch");
  }

  submitOne() {
    return this.client.submit("noop").then((job) => job.id);
  }

  async submitBatch(count) {
    const jobs = await this.client.submitMany("noop", Array.from({ length: count }, () => ({})));
    return jobs.map((job) => job.id);
  }

  // Every job ended: none queued or running (polled once all have started).
  async waitAll() {
    await this.handled;
    while ((await this.client.request("GET", "/api/jobs?state=queued,running&limit=1")).jobs.length) {
      await sleep(2);
    }
    return performance.now();
  }

  async stopWorker() {
    this.worker.stop();
    await this.running;
    return this.starts;
  }

  close() {
    return this.daemon.remove();
  }
}

class BullMQ {
  name = "BullMQ";

  async open() {
    this.redis = await RedisServer.start();
    this.connection = { host: "127.0.0.1", port: this.redis.port };
    this.run = 0;
  }

  async startWorker(total) {
    this.queue = new Queue(`bench${++this.run}`, { connection: this.connection });
    this.starts = new Map();
    let completed = 0;
    this.done = new Promise((resolve) => {
      this.worker = new BullWorker(this.queue.name, async (job) => {
        this.starts.set(job.id, performance.now());
      }, { connection: this.connection, concurrency: CONCURRENCY });
      this.worker.on("completed", () => {
        if (++completed === total) resolve(performance.now());
      });
    });
    await this.worker.waitUntilReady();
  }

  async submitOne(index) {
    return (await this.queue.add("noop", { index })).id;
  }

  async submitBatch(count) {
    const jobs = await this.queue.addBulk(
      Array.from({ length: count }, (_, index) => ({ name: "noop", data: { index } })));
    return jobs.map((job) => job.id);
  }

  waitAll() {
    return this.done;
  }

  async stopWorker() {
    await this.worker.close();
    await this.queue.close();
    return this.starts;
  }

  close() {
    return this.redis.remove();
  }
}

async function throughput(system, total, submit) {
  await system.startWorker(total);
  const began = performance.now();
  await submit(total);
  const ended = await system.waitAll();
  await system.stopWorker();
  return total / ((ended - began) / 1000);
}

async function latency(system, total) {
  await system.startWorker(total);
  const submitted = new Map();
  const began = performance.now();
  for (let index = 0; index < total; index++) {
    await sleep(Math.max(0, began + (index * 1000) / LATENCY_RATE - performance.now()));
    const before = performance.now();
    submitted.set(await system.submitOne(index), before);
  }
  await system.waitAll();
  const starts = await system.stopWorker();
  const waits = [];
  for (const [id, at] of submitted) if (starts.has(id)) waits.push(starts.get(id) - at);
  return waits;
}

async function measure(system, jobs, latencyJobs) {
  await system.open();
  try {
    figure(`${system.name}: one by one (${WINDOW} in flight)`,
      await throughput(system, jobs, (total) => oneByOne(total, (i) => system.submitOne(i))),
      "jobs/s", `${jobs} no-op jobs, end to end`);
    figure(`${system.name}: batched (${BATCH} a request)`,
      await throughput(system, jobs, (total) => batched(total, (n) => system.submitBatch(n))),
      "jobs/s", `${jobs} no-op jobs, end to end`);
    const waits = await latency(system, latencyJobs);
    const note = `${waits.length} jobs submitted one at a time, ${LATENCY_RATE}/s`;
    figure(`${system.name}: submit-to-start p50`, percentile(waits, 50), "ms", note);
    figure(`${system.name}: submit-to-start p99`, percentile(waits, 99), "ms", note);
  } finally {
    await system.close();
  }
}

const jobs = Number(process.argv[2] || 20000);
const latencyJobs = Number(process.argv[3] || 1000);
const systems = (process.argv[4] || "drover,bullmq").split(",");
console.log(`worker: ${CONCURRENCY} handlers at once in the submitting process, for both; ` +
  "Redis without persistence");
if (systems.includes("drover")) await measure(new Drover(), jobs, latencyJobs);
if (systems.includes("bullmq")) await measure(new BullMQ(), jobs, latencyJobs);
