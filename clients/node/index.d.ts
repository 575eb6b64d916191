// Types of drover-client (the library is plain ESM JavaScript).

export type JobState =
  | "queued" | "running" | "completed" | "failed" | "cancelled" | "paused" | "interrupted";

/** A job as the daemon shows it (GET /api/jobs/{id}). */
export interface JobJson {
  id: number;
  type: string;
  params: Record<string, unknown>;
  state: JobState;
  progress: { current: number; total: number | null; percentage: number | null; [k: string]: unknown };
  checkpoint: { value: unknown; saved_at: string } | null;
  result: unknown;
  error: string | null;
  cached_from: number | null;
  deduplicated: boolean;
  attempts: Array<Record<string, unknown>>;
  [key: string]: unknown;
}

export interface SubmitOptions {
  key?: string;
  queue?: string;
  priority?: number;
  after?: number[];
  delay?: string;
  at?: string;
  force?: boolean;
}

/** One attempt handed to a worker (POST /api/workers/fetch). */
export interface Assignment {
  id: number;
  attempt: number;
  token: string;
  type: string;
  params: Record<string, unknown>;
  checkpoint: unknown;
  resumed: boolean;
  lease_seconds: number;
  lease_until: string;
}

export class DroverError extends Error {
  readonly status: number;
  readonly code: string;
}
/** A report refused (409): the attempt is no longer this worker's. */
export class StaleAttempt extends DroverError {}

export class Client {
  /** url: $DROVER_URL or the state dir's address; token: $DROVER_TOKEN or its token file. */
  constructor(options?: { url?: string; token?: string; stateDir?: string; timeout?: number });
  readonly url: string;
  submit(type: string, params?: Record<string, unknown>, options?: SubmitOptions): Promise<JobJson>;
  /** One job of `type` per params object, in one request; the jobs (summaries), in order. */
  submitMany(type: string, paramsList: Iterable<Record<string, unknown>>, options?: SubmitOptions): Promise<JobJson[]>;
  get(id: number): Promise<JobJson>;
  cancel(id: number): Promise<JobJson>;
  /** Polls until the job's state is one of `states` (default: it ended). */
  wait(id: number, options?: { timeout?: number; states?: JobState[] }): Promise<JobJson>;
  fetchJobs(request: {
    types: string[];
    max?: number;
    wait?: number;
    worker?: { id?: string; host?: string; pid?: number };
  }): Promise<Assignment[]>;
  report(reports: Array<Record<string, unknown>>): Promise<Array<Record<string, unknown>>>;
  workers(): Promise<Array<Record<string, unknown>>>;
  request(method: string, path: string, body?: unknown, timeout?: number): Promise<any>;
}

/** Thrown by report calls once the job must stop. */
export class Cancelled extends Error {}
/** Thrown by job.pause(); the worker ends the attempt as paused. */
export class Paused extends Error {}

export class Job {
  readonly id: number;
  readonly attempt: number;
  readonly type: string;
  readonly token: string;
  readonly params: Record<string, any>;
  checkpoint: unknown;
  readonly resumed: boolean;
  readonly leaseSeconds: number;
  /** Fires when the job is cancelled (or paused, timed out, or lost). */
  readonly signal: AbortSignal;
  readonly cancelled: boolean;
  stopReason: string | null;
  progress(done: number, total?: number | null, item?: string): void;
  item(name: string, outcome?: "ok" | "fail" | "skip", error?: string): void;
  message(text: string): void;
  /** Stored durably before it resolves; rejects with Cancelled once stopped. */
  saveCheckpoint(value: unknown): Promise<void>;
  /** Ends the attempt as paused until then (Date, RFC 3339 text, or seconds). */
  pause(until: Date | string | number, reason?: string): never;
  flush(): Promise<void>;
}

export type Handler = (job: Job) => unknown | Promise<unknown>;

export class Worker {
  constructor(options: {
    client: Client;
    concurrency?: number;
    types?: string[];
    workerId?: string;
    pollWait?: number;
    grace?: number;
    reportRetry?: number;
    /** At most this many final reports per request (default 500; 1: one by one). */
    reportBatch?: number;
  });
  readonly identity: { id: string; host: string; pid: number };
  readonly running: number;
  handle(type: string, handler: Handler): this;
  /** Fetches and runs jobs until stop(), SIGTERM or SIGINT. */
  run(): Promise<void>;
  stop(): void;
}
