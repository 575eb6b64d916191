// One daemon and one Chromium per test file, and pages that are logged in
// and watched: a native dialog or an uncaught page error fails the test
// (an escaped string must never become markup that runs).
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { startDaemon } from './daemon.mjs';

const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const artifactsDir = path.resolve(process.env.DROVER_ARTIFACTS_DIR ?? 'artifacts');

export async function openSession() {
  const daemon = await startDaemon();
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  } catch (error) {
    await daemon.stop();
    throw new Error(`cannot start ${chromiumPath} (scripts/deps installs chromium): ${error.message}`);
  }
  const context = await browser.newContext({ viewport: { width: 1366, height: 900 } });
  const dialogs = [];
  const pageErrors = [];
  const watch = (page) => {
    page.on('dialog', (dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      dialog.dismiss().catch(() => {});
    });
    page.on('pageerror', (error) => pageErrors.push(error.message));
  };
  context.on('page', watch);
  return {
    daemon,
    dialogs,
    pageErrors,
    // Logs in the way a person does: the link with the token, once.
    async login() {
      const page = await context.newPage();
      const response = await page.goto(`${daemon.url}/?token=${daemon.token}`);
      if (page.url() !== `${daemon.url}/`) {
        throw new Error(`login did not redirect to / (at ${page.url()}, status ${response?.status()})`);
      }
      await page.waitForSelector('header.top');
      return page;
    },
    async screenshot(page, name) {
      await mkdir(artifactsDir, { recursive: true });
      await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true });
    },
    async close() {
      await browser.close().catch(() => {});
      await daemon.stop();
    },
  };
}

// Polls `read` until `accept(value)`; returns the value or throws with `what`.
export async function eventually(read, accept, what, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let value;
  while (Date.now() < deadline) {
    value = await read();
    if (accept(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`timed out waiting for ${what} (last: ${JSON.stringify(value)})`);
}
