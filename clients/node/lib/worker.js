// Worker: fetches attempts of its types (long-poll), runs their handlers
// (at most `concurrency` at once), heartbeats every held attempt every third
// of its lease with the progress gathered meanwhile, and reports how each
// ended: a handler's return value completes it, a throw fails it (retried
// per the type's policy), job.pause() pauses it. Those final reports go in
// batches: each request carries every one that ended while the previous was
// in flight (at most `reportBatch`), so a worker of many small jobs sends one
// request for many, and a lone job's report leaves at once. While the daemon
// is unreachable (a restart) it keeps trying: leases live in the daemon's
// store, so reports after the restart are accepted.
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";

import { DroverError } from "./client.js";
import { Cancelled, Job, Paused } from "./job.js";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function transient(error) {
  if (error instanceof DroverError) return error.status >= 500 || error.status === 0;
  return error instanceof TypeError || error?.name === "TimeoutError" || error?.name === "AbortError";
}

export class Worker {
  constructor({ client, concurrency = 1, types, workerId, pollWait = 5, grace = 30,
                reportRetry = 300, reportBatch = 500 }) {
    if (!client) throw new Error("a Worker needs a client");
    if (concurrency < 1) throw new Error("concurrency must be at least 1");
    if (reportBatch < 1) throw new Error("reportBatch must be at least 1");
    this.reportBatch = reportBatch;
    this._ended = [];            // [job, final report], not yet sent
    this._sendingEnded = null;   // the batch in flight (a promise), one at a time
    this.client = client;
    this.concurrency = concurrency;
    this.pollWait = pollWait;
    this.grace = grace;
    this.reportRetry = reportRetry;
    this._types = types;
    this._handlers = new Map();
    this._jobs = new Map();
    this._stopping = false;
    this._beatStopped = false;
    this._fetchWakers = new Set();  // naps of the fetch loop, cut short when a slot frees
    this._beatWakers = new Set();   // naps of the heartbeat, cut short when it must end
    this.identity = {
      id: workerId || `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`,
      host: hostname(),
      pid: process.pid,
    };
  }

  /** Registers `fn(job)` (async or not) as the handler of `type`. */
  handle(type, fn) {
    this._handlers.set(type, fn);
    return this;
  }

  /** Stops fetching; running handlers finish (within the grace). */
  stop() {
    this._stopping = true;
    this._poke();
  }

  get running() {
    return this._jobs.size;
  }

  /** Fetches and runs jobs until stop(), SIGTERM or SIGINT. */
  async run() {
    const types = this._types || [...this._handlers.keys()].sort();
    if (types.length === 0) throw new Error('no handlers: register one with worker.handle("type", fn)');
    const missing = types.filter((type) => !this._handlers.has(type));
    if (missing.length) throw new Error(`no handler for type(s) ${missing.join(", ")}`);
    const onSignal = () => this.stop();
    process.once("SIGTERM", onSignal);
    process.once("SIGINT", onSignal);
    const beat = this._heartbeat();
    try {
      await this._fetchLoop(types);
      await this._drain();
      while (this._sendingEnded) await this._sendingEnded;
    } finally {
      process.removeListener("SIGTERM", onSignal);
      process.removeListener("SIGINT", onSignal);
      this._stopping = true;
      this._beatStopped = true;
      this._poke();
      for (const wake of [...this._beatWakers]) wake();
      await beat;
    }
  }

  _poke() {
    for (const wake of [...this._fetchWakers]) wake();
  }

  _nap(ms, wakers = this._fetchWakers) {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakers.add(done);
    });
  }

  async _fetchLoop(types) {
    let delay = 100;
    const backlog = Math.max(this.reportBatch, this.concurrency);
    while (!this._stopping) {
      // While the daemon is slow to take completions, fetch no more.
      if (this._jobs.size >= this.concurrency || this._ended.length >= backlog) {
        await this._nap(1000);
        continue;
      }
      let assignments;
      try {
        assignments = await this.client.fetchJobs({
          types, max: this.concurrency - this._jobs.size, wait: this.pollWait, worker: this.identity,
        });
        delay = 100;
      } catch (error) {
        if (!transient(error)) throw error;
        await this._nap(delay);
        delay = Math.min(delay * 2, 2000);
        continue;
      }
      for (const assignment of assignments) this._start(new Job(this, assignment));
    }
  }

  _start(job) {
    this._jobs.set(job.id, job);
    this._runHandler(job).finally(() => {
      this._jobs.delete(job.id);
      this._poke();
    });
  }

  async _drain() {
    const deadline = Date.now() + this.grace * 1000;
    while (this._jobs.size > 0 && Date.now() < deadline) await this._nap(100);
  }

  async _runHandler(job) {
    let end = "complete";
    let result;
    let error;
    try {
      result = await this._handlers.get(job.type)(job);
      if (result !== undefined) JSON.stringify(result);
    } catch (thrown) {
      if (thrown instanceof Paused) {
        result = undefined;
      } else if (thrown instanceof Cancelled || job.cancelled) {
        end = "fail";
        error = `stopped (${job.stopReason})`;
      } else {
        end = "fail";
        error = thrown instanceof Error ? `${thrown.name}: ${thrown.message}` : String(thrown);
      }
    }
    if (job._lost) return;
    // After this job's earlier sends: a heartbeat's events land first, and
    // none is sent for it afterwards (it is ended).
    await job._serially(() => {
      job._ended = true;
      this._ended.push([job, job._report(end, result, error)]);
      if (!this._sendingEnded) this._sendingEnded = this._sendEnded();
    });
  }

  // Sends the final reports queued, a batch at a time, until none is left.
  async _sendEnded() {
    while (this._ended.length > 0) {
      const batch = this._ended.splice(0, this.reportBatch);
      try {
        await this._finish(batch);
      } catch {
        // given up on (not transient, or past reportRetry): their leases end them
      }
    }
    this._sendingEnded = null;
    this._poke();
  }

  async _finish(batch) {
    const reports = batch.map(([, report]) => report);
    const deadline = Date.now() + this.reportRetry * 1000;
    let delay = 100;
    for (;;) {
      try {
        const answers = await this.client.report(reports);
        answers.forEach((answer, n) => {
          if (answer.error) batch[n][0]._lose();
        });
        return;
      } catch (failure) {
        if (!transient(failure) || Date.now() >= deadline) throw failure;
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  /** Sends each job's pending events (a heartbeat when none) and reads the answers. */
  async _sendReports(jobs, retry = true) {
    await Promise.all(jobs.map((job) => job._serially(() => this._sendOne(job, retry))));
  }

  async _sendOne(job, retry) {
    if (job._lost || job._ended) return;
    const report = job._report();
    const deadline = Date.now() + job.leaseSeconds * 1000;
    let delay = 100;
    for (;;) {
      try {
        const [answer] = await this.client.report([report]);
        if (answer.error) job._lose();
        else job._told(answer);
        return;
      } catch (failure) {
        if (!retry || !transient(failure) || Date.now() >= deadline) {
          job._putBack(report.events);
          if (transient(failure)) return;
          throw failure;
        }
        await sleep(delay);
        delay = Math.min(delay * 2, 2000);
      }
    }
  }

  async _heartbeat() {
    let interval = 1000;
    while (!this._beatStopped) {
      await this._nap(interval, this._beatWakers);
      if (this._beatStopped) return;
      const jobs = [...this._jobs.values()];
      interval = jobs.length ? (Math.min(...jobs.map((job) => job.leaseSeconds)) * 1000) / 3 : 1000;
      try {
        await this._sendReports(jobs, false);
      } catch {
        // the next beat tries again
      }
    }
  }
}
