// A real drover daemon for the browser tests: a temporary state dir, the
// example config with TCP on 127.0.0.1 and a free port, the example job
// scripts. The daemon binary comes from DROVER_BIN (ctest passes it).
import { spawn, execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const here = path.dirname(fileURLToPath(import.meta.url));
const examplesDir = path.resolve(here, '../../examples');

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitForFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const text = (await readFile(file, 'utf8')).trim();
      if (text) return text;
    }
    await sleep(50);
  }
  throw new Error(`the daemon did not write ${file} within ${timeoutMs} ms`);
}

function configText(example) {
  return example
    .replaceAll('@EXAMPLES@', examplesDir)
    .replace(/^listen\s*=.*$/m, 'listen = "127.0.0.1:0"');
}

export async function startDaemon() {
  const bin = process.env.DROVER_BIN;
  if (!bin || !existsSync(bin)) throw new Error(`set DROVER_BIN to the drover binary (got "${bin ?? ''}")`);
  const stateDir = await mkdtemp(path.join(tmpdir(), 'drover-browser-'));
  await writeFile(path.join(stateDir, 'drover.toml'),
    configText(await readFile(path.join(examplesDir, 'drover.toml'), 'utf8')));
  const log = [];
  const child = spawn(bin, ['daemon', '--state-dir', stateDir], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (chunk) => log.push(String(chunk)));
  child.stderr.on('data', (chunk) => log.push(String(chunk)));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  let address;
  try {
    address = await Promise.race([
      waitForFile(path.join(stateDir, 'address'), 20000),
      exited.then((code) => { throw new Error(`the daemon exited with ${code}:\n${log.join('')}`); }),
    ]);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const token = await waitForFile(path.join(stateDir, 'token'), 5000);
  const url = `http://${address}`;
  return {
    url,
    token,
    stateDir,
    log: () => log.join(''),
    // The API as a script sees it (bearer token), for set-up and checks.
    async api(method, route, body) {
      const response = await fetch(url + route, {
        method,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await response.text();
      return { status: response.status, json: text ? JSON.parse(text) : null };
    },
    async cli(...args) {
      const { stdout } = await promisify(execFile)(bin, ['--state-dir', stateDir, ...args]);
      return stdout;
    },
    // Jobs outlive the daemon by design: kill the ones still running first.
    async stop() {
      if (child.exitCode === null) {
        await this.killJobs().catch(() => {});
        child.kill('SIGTERM');
        await Promise.race([exited, sleep(10000)]);
      }
      await rm(stateDir, { recursive: true, force: true });
    },
    async killJobs() {
      const deadline = Date.now() + 10000;
      while (Date.now() < deadline) {
        const { json } = await this.api('GET', '/api/jobs?state=running,queued&limit=1000');
        if (!json.jobs.length) return;
        for (const job of json.jobs) {
          await this.api('POST', `/api/jobs/${job.id}/${job.state === 'running' ? 'kill' : 'cancel'}`);
        }
        await sleep(200);
      }
    },
  };
}
