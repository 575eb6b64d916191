// A real drover daemon in a temporary state dir on a loopback port, for the
// client's end-to-end tests. $DROVER_BIN names the `drover` binary.
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { Client } from "../index.js";

/** Polls `reached` until it gives something truthy; throws after `timeout` ms. */
export async function waitFor(reached, what, timeout = 30000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await reached();
    if (value) return value;
    if (Date.now() >= deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A TCP port on loopback that nothing listens on now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export class Daemon {
  static async start(types) {
    const daemon = new Daemon();
    daemon.dir = mkdtempSync(join(tmpdir(), "drover-node-"));
    daemon.port = await freePort();
    writeFileSync(join(daemon.dir, "drover.toml"),
      `[daemon]\nlisten = "127.0.0.1:${daemon.port}"\n[queues.default]\nparallel = 16\n${types}`);
    await daemon.launch();
    return daemon;
  }

  async launch() {
    const log = openSync(join(this.dir, "daemon.log"), "a");
    this.process = spawn(process.env.DROVER_BIN || "drover", ["daemon", "--state-dir", this.dir],
      { stdio: ["ignore", log, log] });
    await waitFor(async () => {
      if (this.process.exitCode !== null) throw new Error(`the daemon exited:\n${this.log()}`);
      if (!existsSync(join(this.dir, "address")) || !existsSync(join(this.dir, "token"))) return false;
      try {
        await this.client().request("GET", "/healthz");
        return true;
      } catch {
        return false;
      }
    }, "the daemon to answer", 20000);
  }

  client() {
    return new Client({ stateDir: this.dir });
  }

  log() {
    return readFileSync(join(this.dir, "daemon.log"), "utf8");
  }

  async remove() {
    if (this.process.exitCode === null) {
      const exited = new Promise((resolve) => this.process.once("exit", resolve));
      this.process.kill("SIGTERM");
      await exited;
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
