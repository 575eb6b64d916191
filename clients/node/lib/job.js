// Job: one attempt a worker holds, as its handler sees it. Progress is
// cumulative, so it is coalesced and sent with the next heartbeat or the
// final report; checkpoints are sent at once (losing one costs work).

/** Thrown by report calls once the job must stop (cancelled, lost). */
export class Cancelled extends Error {
  constructor(message) {
    super(message);
    this.name = "Cancelled";
  }
}

/** Thrown by job.pause(): the worker ends the attempt as paused. */
export class Paused extends Error {
  constructor() {
    super("paused");
    this.name = "Paused";
  }
}

export class Job {
  constructor(worker, assignment) {
    this._worker = worker;
    this.id = assignment.id;
    this.attempt = assignment.attempt;
    this.type = assignment.type;
    this.token = assignment.token;
    this.params = assignment.params || {};
    this.checkpoint = assignment.checkpoint ?? null;
    this.resumed = Boolean(assignment.resumed);
    this.leaseSeconds = Number(assignment.lease_seconds || 30);
    this._pending = [];
    this._progress = null;
    this._abort = new AbortController();
    this.stopReason = null;
    this._lost = false;
    this._ended = false;  // its final report is queued: no report follows it
    this._sending = Promise.resolve();  // one report of this job in flight at a time
  }

  /** Fires when the daemon says stop (cancel, pause, timeout) or the attempt is lost. */
  get signal() {
    return this._abort.signal;
  }

  get cancelled() {
    return this._abort.signal.aborted;
  }

  /** Reports `done` of `total` items and the current item. */
  progress(done, total, item) {
    const event = { kind: "progress", current: Math.trunc(done) };
    if (total !== undefined && total !== null) event.total = Math.trunc(total);
    if (item) event.item = String(item);
    this._progress = event;
  }

  /** Records one item: outcome "ok", "fail" (with error) or "skip". */
  item(name, outcome = "ok", error) {
    const event = { kind: "item", item: String(name), outcome };
    if (error) event.error = String(error);
    this._pending.push(event);
  }

  message(text) {
    this._pending.push({ kind: "message", text: String(text) });
  }

  /** Saves the checkpoint the next attempt gets back; stored before it resolves. */
  async saveCheckpoint(value) {
    this._pending.push({ kind: "checkpoint", value });
    await this.flush();
    this.checkpoint = value;
  }

  /**
   * Ends this attempt as paused until a Date, an RFC 3339 string or a number
   * of seconds from now; the daemon resumes the job then. Throws Paused.
   */
  pause(until, reason = "") {
    let text;
    if (until instanceof Date) text = until.toISOString();
    else if (typeof until === "string") text = until;
    else text = `+${Math.max(0, Math.round(Number(until) * 1000))}ms`;
    const event = { kind: "pause", until: text };
    if (reason) event.reason = reason;
    this._pending.push(event);
    throw new Paused();
  }

  /** Sends what is pending now and renews the lease; throws Cancelled when stopped. */
  async flush() {
    await this._worker._sendReports([this]);
    if (this.cancelled) throw new Cancelled(`job ${this.id} must stop (${this.stopReason})`);
  }

  _takeEvents() {
    const events = this._progress ? [this._progress, ...this._pending] : this._pending;
    this._pending = [];
    this._progress = null;
    return events;
  }

  _putBack(events) {
    this._pending = [...events, ...this._pending];
  }

  _told(answer) {
    if (answer.stop && !this.cancelled) {
      this.stopReason = answer.stop_reason || "cancel";
      this._abort.abort(new Cancelled(`job ${this.id} must stop (${this.stopReason})`));
    }
  }

  _lose() {
    this._lost = true;
    if (!this.cancelled) {
      this.stopReason = "lost";
      this._abort.abort(new Cancelled(`job ${this.id}: its attempt is no longer this worker's`));
    }
  }

  _report(end, result, error) {
    const report = { job: this.id, token: this.token, events: this._takeEvents() };
    if (end) report.end = end;
    if (end === "complete" && result !== undefined) report.result = result;
    if (end === "fail") report.error = error || "failed";
    return report;
  }

  // Runs `send` after this job's earlier sends: a heartbeat's events never
  // arrive after the report that ended the attempt.
  _serially(send) {
    const next = this._sending.then(send, send);
    this._sending = next.catch(() => {});
    return next;
  }
}
