// The web UI as a person uses it, against a real daemon and Chromium:
// submit a job and watch it live, cancel and resume it, read its log,
// check resources and queues, and see that hostile params stay text.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, openSession } from './session.mjs';

let session;
let page;
let jobId;

before(async () => {
  session = await openSession();
  page = await session.login();
});

after(async () => {
  await session?.close();
});

const progressOf = (row) => row.locator('[role=progressbar]').getAttribute('aria-valuenow').then(Number);

test('a job submitted from the form shows its progress bar advancing live', async () => {
  await page.goto(`${session.daemon.url}/#/submit/clone-repos`);
  await page.getByLabel('org').fill('browser');
  await page.getByLabel('count').fill('80');
  await page.getByLabel('delay').fill('0.25');
  await session.screenshot(page, 'submit');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/#\/jobs\/\d+$/);
  jobId = Number(page.url().match(/#\/jobs\/(\d+)$/)[1]);

  await page.goto(`${session.daemon.url}/#/`);
  // A marker on the window: if the page reloaded, it would be gone.
  await page.evaluate(() => { window.stillTheSamePage = true; });
  const row = page.locator(`[data-section=running] tr[data-job="${jobId}"]`);
  await row.waitFor();
  const first = await eventually(() => progressOf(row), (value) => value > 0, 'progress above 0');
  await eventually(() => progressOf(row), (value) => value >= first + 5, 'progress to advance');
  assert.equal(await page.evaluate(() => window.stillTheSamePage), true);
  await session.screenshot(page, 'jobs');
});

// The cumulative layout shift (as Chromium scores it) while the page
// updates itself for `millis`, without any input.
const layoutShiftDuring = (millis) => page.evaluate((wait) => new Promise((resolve) => {
  let total = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) total += entry.value;
  }).observe({ type: 'layout-shift' });
  setTimeout(() => resolve(total), wait);
}), millis);

test('live updates do not make the jobs page or the job page jump', async () => {
  const row = page.locator(`[data-section=running] tr[data-job="${jobId}"]`);
  const before = await progressOf(row);
  const listShift = await layoutShiftDuring(2500);
  assert.ok(await progressOf(row) > before, 'the job progressed while the page was watched');
  assert.ok(listShift < 0.01, `jobs page layout shift ${listShift}`);

  await page.goto(`${session.daemon.url}/#/jobs/${jobId}`);
  await page.locator('.log .log-line').first().waitFor();
  const jobShift = await layoutShiftDuring(2500);
  assert.ok(jobShift < 0.01, `job page layout shift ${jobShift}`);
  await page.goto(`${session.daemon.url}/#/`);
  await row.waitFor();
});

test('a cancelled job is listed as interrupted and resumes from there', async () => {
  const running = page.locator(`[data-section=running] tr[data-job="${jobId}"]`);
  await running.getByRole('button', { name: 'Cancel' }).click();
  const interrupted = page.locator(`[data-section=interrupted] tr[data-job="${jobId}"]`);
  await interrupted.waitFor({ timeout: 20000 });
  await interrupted.getByRole('button', { name: 'Discard' }).waitFor();
  await session.screenshot(page, 'interrupted');
  await interrupted.getByRole('button', { name: 'Resume' }).click();
  await running.waitFor({ timeout: 20000 });
  const { json } = await session.daemon.api('GET', `/api/jobs/${jobId}`);
  assert.ok(json.attempts.length >= 2, 'the resume started a second attempt');
});

test('the job page shows new log lines as they come', async () => {
  await page.goto(`${session.daemon.url}/#/jobs/${jobId}`);
  const lines = page.locator('.log .log-line');
  const before = await eventually(() => lines.count(), (count) => count > 0, 'log lines');
  await eventually(() => lines.count(), (count) => count > before, 'more log lines');
  await page.getByRole('button', { name: 'Pause scroll' }).click();
  await page.getByRole('button', { name: 'Resume scroll' }).waitFor();
  await page.getByRole('heading', { name: 'Params' }).waitFor();
  await session.screenshot(page, 'job');
});

test('the resources page shows who holds a resource, and pauses and resumes a queue', async () => {
  await page.goto(`${session.daemon.url}/#/resources`);
  const github = page.locator('tr[data-resource="github-api"]');
  await github.locator(`a[href="#/jobs/${jobId}"]`).waitFor({ timeout: 20000 });
  const imports = page.locator('tr[data-queue="imports"]');
  await imports.getByRole('button', { name: 'Pause queue' }).click();
  await imports.getByText('paused', { exact: true }).waitFor();
  await session.screenshot(page, 'resources');
  await imports.getByRole('button', { name: 'Resume queue' }).click();
  await imports.getByText('active', { exact: true }).waitFor();
});

test('the submit form shows the server\'s complaint beside the field it names', async () => {
  await page.goto(`${session.daemon.url}/#/submit/metadata`);
  await page.getByLabel('source_id').fill('Not A Source');
  await page.getByRole('button', { name: 'Submit' }).click();
  const error = page.locator('[data-field="source_id"] .field-error');
  await error.waitFor();
  assert.match(await error.textContent(), /source_id/);
});

test('submitting work that has a checkpoint offers to resume it', async () => {
  const first = await session.daemon.api('POST', '/api/jobs', {
    type: 'metadata', params: { source_id: 'resumable', items: 400, delay: 0.05 } });
  const id = first.json.id;
  await eventually(async () => (await session.daemon.api('GET', `/api/jobs/${id}`)).json.checkpoint,
    (checkpoint) => checkpoint !== null, 'a checkpoint');
  await session.daemon.api('POST', `/api/jobs/${id}/cancel`);
  await eventually(async () => (await session.daemon.api('GET', `/api/jobs/${id}`)).json.state,
    (state) => state === 'cancelled', 'the job to be cancelled');

  await page.goto(`${session.daemon.url}/#/submit/metadata`);
  await page.getByLabel('source_id').fill('resumable');
  await page.getByLabel('items').fill('400');
  await page.getByRole('button', { name: 'Submit' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: /^Resume \(\d+%, / }).waitFor();
  await dialog.getByRole('button', { name: 'Start fresh' }).waitFor();
  await session.screenshot(page, 'resume-dialog');
  await dialog.getByRole('button', { name: /^Resume/ }).click();
  await page.waitForURL(new RegExp(`#/jobs/${id}$`));
  await eventually(async () => (await session.daemon.api('GET', `/api/jobs/${id}`)).json.state,
    (state) => ['queued', 'running', 'completed'].includes(state), 'the job to resume');
});

// Every option of the form reaches the daemon as typed, and the command
// line beside the button says the same; a delay and a time are one or the other.
test('the submit form\'s options: queue, priority, delay or time, after and force', async () => {
  const first = await session.daemon.api('POST', '/api/jobs', { type: 'shell', params: { argv: ['true'] } });
  const before = first.json.id;
  await page.goto(`${session.daemon.url}/#/submit/clone-repos`);
  await page.getByLabel('org').fill('options');
  await page.locator('.submit-options summary').click();
  await page.getByLabel('Queue').fill('imports');
  await page.getByLabel('Priority').fill('7');
  await page.getByLabel('Wait before start').fill('10m');
  await page.getByLabel('Start at').fill('2030-01-02T03:04');
  await page.getByRole('button', { name: 'Submit' }).click();
  const both = page.locator('[data-field="option-at"] .field-error');
  await both.waitFor();
  assert.match(await both.textContent(), /either a delay or a time/);

  await page.getByLabel('Start at').fill('');
  await page.getByLabel('After jobs').fill(`${before}`);
  await page.getByLabel('Force').check();
  const line = await page.locator('.cli-line').textContent();
  assert.ok(line.startsWith('drover submit clone-repos ') && line.includes(' org=options '), line);
  assert.ok(line.endsWith(` --queue imports --priority 7 --after ${before} --delay 10m --force`), line);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/#\/jobs\/\d+$/);
  const id = Number(page.url().match(/#\/jobs\/(\d+)$/)[1]);
  const job = (await session.daemon.api('GET', `/api/jobs/${id}`)).json;
  assert.equal(job.queue, 'imports');
  assert.equal(job.priority, 7);
  assert.deepEqual(job.after, [before]);
  const notBefore = Date.parse(job.resume_at);
  assert.ok(notBefore - Date.parse(job.created_at) >= 9 * 60_000, `delayed ~10 min: ${job.resume_at}`);
  await session.daemon.api('POST', `/api/jobs/${id}/cancel`);

  await page.goto(`${session.daemon.url}/#/submit/clone-repos`);
  await page.getByLabel('org').fill('at-time');
  await page.locator('.submit-options summary').click();
  await page.getByLabel('Start at').fill('2030-01-02T03:04');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/#\/jobs\/\d+$/);
  const timed = (await session.daemon.api('GET', `/api/jobs/${Number(page.url().match(/#\/jobs\/(\d+)$/)[1])}`)).json;
  assert.equal(Date.parse(timed.resume_at), new Date('2030-01-02T03:04').getTime());
  await session.daemon.api('POST', `/api/jobs/${timed.id}/cancel`);
});

test('a hostile param is shown as text on every page and never runs', async () => {
  const payload = '<img src=x onerror=alert(1)>';
  const submitted = await session.daemon.api('POST', '/api/jobs', { type: 'disk-usage', params: { path: payload } });
  assert.ok([200, 201].includes(submitted.status), JSON.stringify(submitted.json));
  const id = submitted.json.id;
  await eventually(async () => (await session.daemon.api('GET', `/api/jobs/${id}`)).json.state,
    (state) => ['completed', 'failed'].includes(state), 'the disk-usage job to finish');

  await page.goto(`${session.daemon.url}/#/`);
  await page.locator(`[data-section=history] tr[data-job="${id}"]`).getByText(`path=${payload}`).waitFor();
  await page.goto(`${session.daemon.url}/#/jobs/${id}`);
  await page.locator('.params-list dd').getByText(payload, { exact: true }).waitFor();
  await page.goto(`${session.daemon.url}/#/submit/disk-usage`);
  await page.getByLabel('path').fill(payload);
  await page.getByLabel('Key').fill(payload);
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.waitForURL(/#\/jobs\/\d+$/);
  await page.locator('.params-list dd').getByText(payload, { exact: true }).waitFor();
  await page.goto(`${session.daemon.url}/#/builder`);
  await page.locator('.palette-type[data-type="disk-usage"]').click();
  await page.getByRole('textbox', { name: 'Name' }).fill(payload);

  assert.equal(await page.locator('img').count(), 0, 'no <img> element was created');
  assert.deepEqual(session.dialogs, [], 'no dialog fired');
  assert.deepEqual(session.pageErrors, [], 'no script error on any page');
});
