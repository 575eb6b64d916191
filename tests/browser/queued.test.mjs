// A backlog bigger than a page: the Jobs page shows a page of the queued
// jobs and how many more there are, walks the pages, follows new
// submissions in the count, and keeps to one page while the queue drains.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from './session.mjs';

const PAGE = 100;
const BACKLOG = 250;

let session;
let page;
let ids;

const api = (...args) => session.daemon.api(...args);
const queued = () => page.locator('[data-section=queued]');
const rows = () => queued().locator('tr[data-job]');
const row = (id) => queued().locator(`tr[data-job="${id}"]`);
const echo = (n) => ({ type: 'shell', queue: 'default', params: { argv: ['echo', `backlog ${n}`] } });

before(async () => {
  session = await openSession();
  page = await session.login();
  const paused = await api('POST', '/api/queues/default/pause');
  assert.equal(paused.json.paused, true, JSON.stringify(paused.json));
  const submitted = await api('POST', '/api/jobs', { jobs: Array.from({ length: BACKLOG }, (_, n) => echo(n)) });
  assert.equal(submitted.status, 201, JSON.stringify(submitted.json));
  ids = submitted.json.jobs.map((job) => job.id).sort((a, b) => a - b);
  assert.equal(new Set(ids).size, BACKLOG, 'every job is a job of its own');
});

after(async () => {
  await session?.close();
});

test('the first page shows 100 queued jobs, newest first, and how many more are queued', async () => {
  await page.goto(`${session.daemon.url}/#/`);
  await queued().getByText('150 more queued').waitFor();
  await row(ids[BACKLOG - 1]).waitFor();
  assert.equal(await rows().count(), PAGE);
  assert.equal(await rows().first().getAttribute('data-job'), String(ids[BACKLOG - 1]));
  assert.equal(await queued().locator('h2 .count').first().textContent(), String(BACKLOG));
  await queued().getByText('newest first').first().waitFor();
  await session.screenshot(page, 'queued-first-page');
});

test('"Show next" walks to the older pages and "Newer" back', async () => {
  await queued().getByRole('button', { name: 'Show next 100 →' }).click();
  await row(ids[BACKLOG - PAGE - 1]).waitFor();
  await queued().getByText('50 more queued').waitFor();
  assert.equal(await rows().count(), PAGE);
  assert.equal(await row(ids[BACKLOG - 1]).count(), 0, 'the first page\'s jobs are gone');

  await queued().getByRole('button', { name: 'Show next 50 →' }).click();
  await row(ids[0]).waitFor();
  await queued().getByText('no more queued').waitFor();
  assert.equal(await rows().count(), BACKLOG - 2 * PAGE);
  assert.ok(await queued().getByRole('button', { name: /Show next/ }).isDisabled(), 'nothing older to show');

  await queued().getByRole('button', { name: '← Newer' }).click();
  await row(ids[BACKLOG - PAGE - 1]).waitFor();
  await queued().getByRole('button', { name: '← Newer' }).click();
  await row(ids[BACKLOG - 1]).waitFor();
  await queued().getByText('150 more queued').waitFor();
});

test('a job submitted while the page is open counts, and the page keeps its size', async () => {
  const added = await api('POST', '/api/jobs', echo('late'));
  assert.equal(added.status, 201, JSON.stringify(added.json));
  await queued().getByText('151 more queued').waitFor();
  await row(added.json.id).waitFor();
  assert.equal(await rows().count(), PAGE);
  assert.equal(await queued().locator('h2 .count').first().textContent(), String(BACKLOG + 1));
});

test('while the queue drains the page never holds more than a page, and refetches at most about once a second', async () => {
  await page.evaluate(() => {
    window.mostQueuedRows = 0;
    const count = () => document.querySelectorAll('[data-section=queued] tr[data-job]').length;
    new MutationObserver(() => { window.mostQueuedRows = Math.max(window.mostQueuedRows, count()); })
      .observe(document.body, { childList: true, subtree: true });
  });
  const pageRequests = [];
  page.on('request', (request) => {
    if (request.url().includes('state=queued')) pageRequests.push(Date.now());
  });
  const started = Date.now();
  await api('POST', '/api/queues/default/resume');
  await queued().getByText('No job is waiting.').waitFor({ timeout: 120000 });
  const seconds = (Date.now() - started) / 1000;
  assert.ok(await page.evaluate(() => window.mostQueuedRows) <= PAGE, 'at most one page of rows');
  assert.ok(pageRequests.length <= seconds + 2,
    `${pageRequests.length} refetches of the queued page in ${seconds.toFixed(1)} s`);
  assert.deepEqual(session.pageErrors, []);
});
