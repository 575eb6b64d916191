// Client: the daemon's HTTP API (submit, get, cancel, wait) and the worker
// protocol's calls (fetchJobs, report).
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export const FINISHED_STATES = ["completed", "failed", "cancelled", "interrupted"];

/** An error answer of the daemon: HTTP `status`, `code` and message. */
export class DroverError extends Error {
  constructor(status, code, message) {
    super(`${message} (${code}, HTTP ${status})`);
    this.name = "DroverError";
    this.status = status;
    this.code = code;
  }
}

/** A report refused because the attempt is no longer this worker's. */
export class StaleAttempt extends DroverError {
  constructor(status, code, message) {
    super(status, code, message);
    this.name = "StaleAttempt";
  }
}

/** $DROVER_STATE_DIR, else $XDG_STATE_HOME/drover, else ~/.local/state/drover. */
export function defaultStateDir() {
  if (process.env.DROVER_STATE_DIR) return process.env.DROVER_STATE_DIR;
  const base = process.env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(base, "drover");
}

function readWord(path) {
  try {
    return readFileSync(path, "utf8").trim().split(/\s+/)[0] || undefined;
  } catch {
    return undefined;
  }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Client {
  /**
   * `url` defaults to $DROVER_URL, else the address in the state dir;
   * `token` to $DROVER_TOKEN, else the state dir's `token` file.
   */
  constructor({ url, token, stateDir, timeout = 60 } = {}) {
    const dir = stateDir || defaultStateDir();
    url = url || process.env.DROVER_URL;
    if (!url) {
      const address = readWord(join(dir, "address"));
      if (!address) {
        throw new DroverError(0, "unavailable",
          `no daemon address: set DROVER_URL, or start the daemon with a TCP listener (it writes ${join(dir, "address")})`);
      }
      url = `http://${address}`;
    }
    this.url = url.replace(/\/+$/, "");
    this.token = token || process.env.DROVER_TOKEN || readWord(join(dir, "token"));
    this.timeout = timeout;
  }

  /** Submits a job; options: key, queue, priority, after, delay, at, force. */
  submit(type, params = {}, options = {}) {
    return this.request("POST", "/api/jobs", { type, params, ...options });
  }

  /**
   * Submits one job of `type` per item of `paramsList` in one request, stored
   * together; resolves to the jobs (summaries), in order. `options` apply to
   * every job.
   */
  async submitMany(type, paramsList, options = {}) {
    const jobs = [...paramsList].map((params) => ({ type, params, ...options }));
    if (jobs.length === 0) return [];
    return (await this.request("POST", "/api/jobs", { jobs })).jobs;
  }

  get(id) {
    return this.request("GET", `/api/jobs/${Number(id)}`);
  }

  cancel(id) {
    return this.request("POST", `/api/jobs/${Number(id)}/cancel`, {});
  }

  /** Polls until the job's state is one of `states` (by default: it ended). */
  async wait(id, { timeout, states = FINISHED_STATES } = {}) {
    const deadline = timeout === undefined ? Infinity : Date.now() + timeout * 1000;
    let delay = 20;
    for (;;) {
      const job = await this.get(id);
      if (states.includes(job.state)) return job;
      if (Date.now() >= deadline) {
        throw new Error(`job ${id} is still ${job.state} after ${timeout} s`);
      }
      await sleep(delay);
      delay = Math.min(delay * 2, 500);
    }
  }

  /** Up to `max` attempts of `types`, waiting up to `wait` seconds for one. */
  async fetchJobs({ types, max = 1, wait = 0, worker }) {
    const body = { types, max, wait };
    if (worker) body.worker = worker;
    const answer = await this.request("POST", "/api/workers/fetch", body, this.timeout + wait);
    return answer.jobs;
  }

  /** Many reports at once; one answer each (with "error" when refused). */
  async report(reports) {
    return (await this.request("POST", "/api/workers/reports", { reports })).answers;
  }

  async workers() {
    return (await this.request("GET", "/api/workers")).workers;
  }

  async request(method, path, body, timeout = this.timeout) {
    const headers = { Accept: "application/json" };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    if (this.token) headers.Authorization = `Bearer ${this.token}`;
    const response = await fetch(this.url + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeout * 1000),
    });
    const text = await response.text();
    const answer = text ? JSON.parse(text) : null;
    if (response.status >= 400) {
      const error = (answer && answer.error) || {};
      const Kind = response.status === 409 && path.startsWith("/api/workers") ? StaleAttempt : DroverError;
      throw new Kind(response.status, error.code || "http_error", error.message || text);
    }
    return answer;
  }
}
