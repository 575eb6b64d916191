// What the Node workers bench shares: a drover daemon and a throwaway
// redis-server (loopback, free port, no persistence), each in a temporary
// directory and removed at the end; percentiles; and one way to print a
// figure (the format of bench/bench_daemon.cc's print_figure).
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { createConnection } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { Client } from "../../clients/node/index.js";
import { freePort } from "../../clients/node/test/daemon.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

export function figure(what, value, unit, note = "") {
  const text = `${what.padEnd(50)} ${value.toFixed(2).padStart(12)} ${unit.padEnd(9)}`;
  console.log(note ? `${text}(${note})` : text);
}

/** Nearest-rank percentile (0..100). */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil((p / 100) * sorted.length)));
  return sorted[rank - 1];
}

export async function waitFor(reached, what, timeout = 60000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    let value;
    try {
      value = await reached();
    } catch {
      value = undefined;
    }
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`bench: timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  await exited;
}

/** `drover daemon` with `types` (TOML), on a loopback port. */
export class DroverDaemon {
  static async start(types) {
    const daemon = new DroverDaemon();
    daemon.dir = mkdtempSync(join(tmpdir(), "drover-workers-bench-"));
    const port = await freePort();
    writeFileSync(join(daemon.dir, "drover.toml"),
      `[daemon]\nlisten = "127.0.0.1:${port}"\n[queues.default]\nparallel = 1000\n${types}`);
    const log = openSync(join(daemon.dir, "daemon.log"), "a");
    const binary = process.env.DROVER_BIN || join(root, "build", "default", "src", "drover");
    daemon.process = spawn(binary, ["daemon", "--state-dir", daemon.dir],
      { stdio: ["ignore", log, log] });
    await waitFor(async () => {
      if (!existsSync(join(daemon.dir, "address")) || !existsSync(join(daemon.dir, "token"))) return false;
      await daemon.client().request("GET", "/healthz");
      return true;
    }, "the drover daemon to answer");
    return daemon;
  }

  client() {
    return new Client({ stateDir: this.dir });
  }

  async remove() {
    await stop(this.process);
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** redis-server without persistence, for BullMQ. */
export class RedisServer {
  static async start() {
    const redis = new RedisServer();
    redis.dir = mkdtempSync(join(tmpdir(), "drover-bench-redis-"));
    redis.port = await freePort();
    redis.process = spawn("redis-server", ["--bind", "127.0.0.1", "--port", String(redis.port),
      "--save", "", "--appendonly", "no", "--dir", redis.dir, "--loglevel", "warning"],
    { stdio: "ignore" });
    await waitFor(() => new Promise((resolve) => {
      const socket = createConnection({ host: "127.0.0.1", port: redis.port });
      socket.on("connect", () => {
        socket.end();
        resolve(true);
      });
      socket.on("error", () => resolve(false));
    }), "redis-server to answer");
    return redis;
  }

  async remove() {
    await stop(this.process);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
