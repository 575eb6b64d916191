// The operator's view: a readable log, jobs told apart by their params,
// chains nested, values that do not mislead, failures first, a layout that
// holds at 1400 px and 400 px, the builder's validation, the submit form.
// Screenshots land in test-artifacts/browser/operator-*.png.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { eventually, openSession } from './session.mjs';

let session;
let page;
const jobs = {};

const api = (...args) => session.daemon.api(...args);
const stateOf = async (id) => (await api('GET', `/api/jobs/${id}`)).json;
const waitForState = (id, states, what = `job ${id} to be ${states}`) =>
  eventually(() => stateOf(id), (job) => states.includes(job.state), what, 30000);

async function submit(body) {
  const answer = await api('POST', '/api/jobs', body);
  assert.ok([200, 201].includes(answer.status), JSON.stringify(answer.json));
  return answer.json.id;
}

const shell = (script) => ({ type: 'shell', params: { argv: ['sh', '-c', script] } });

before(async () => {
  session = await openSession();
  page = await session.login();
  // A failure that explains itself on stderr, then exits 3.
  jobs.failed = await submit(shell("echo 'checking quota' ; echo 'disk quota exceeded on /data' >&2; exit 3"));
  // Progress without a total, for as long as the tests look at it.
  jobs.unknown = await submit(shell('i=0; while [ $i -lt 600 ]; do i=$((i+1)); echo "@drover progress $i"; sleep 0.2; done'));
  jobs.clone = await submit({ type: 'clone-repos', params: { org: 'operator', count: 1000, delay: 0.3, fail_every: 7 } });
  jobs.delayed = await submit({ type: 'clear', params: { source_id: 'later' }, delay: '30m' });
  jobs.paused = await submit({ type: 'import-issues',
    params: { repo: 'acme/app', count: 2000, rate_limit_at: 50, pause_for: '45m' } });
  const chain = await api('POST', '/api/chains', { name: 'operator-chain', phases: [
    { type: 'metadata', weight: 10, params: { source_id: 'operator', items: 6000, delay: 0.05 } },
    { type: 'index', weight: 90, params: { source_id: 'operator', batches: 5, delay: 0.05 } }] });
  assert.equal(chain.status, 201, JSON.stringify(chain.json));
  jobs.chain = chain.json.id;
  await waitForState(jobs.failed, ['failed']);
  await waitForState(jobs.paused, ['paused']);
  await waitForState(jobs.chain, ['running']);
  jobs.phase = (await eventually(() => stateOf(jobs.chain), (job) => job.phases?.[0]?.job, 'the first phase job')).phases[0].job;
  await eventually(async () => (await stateOf(jobs.clone)).progress?.current, (current) => current >= 3, 'clone progress');
});

after(async () => {
  await session?.close();
});

// Cells whose text is cut (their own content wider than their box), except
// the columns that cut on purpose and show everything in a tooltip.
const truncatedCells = () => page.locator('table.jobs td').evaluateAll((cells) => cells
  .filter((cell) => !cell.matches('.col-params, .col-item, .col-reason, [colspan]'))
  .filter((cell) => cell.scrollWidth > cell.clientWidth + 1)
  .map((cell) => `${cell.className}: ${cell.textContent.trim()}`));

const pageOverflow = () => page.evaluate(() =>
  document.documentElement.scrollWidth - document.documentElement.clientWidth);

const section = (name) => page.locator(`[data-section=${name}]`);

async function openJobsPage() {
  await page.goto(`${session.daemon.url}/#/`);
  await section('failed').locator(`tr[data-job="${jobs.failed}"]`).waitFor();
  await section('running').locator(`tr[data-job="${jobs.clone}"] [role=progressbar]`).waitFor();
}

test('failures come first: the Failed section shows the stderr tail, with Retry and Remove', async () => {
  await page.setViewportSize({ width: 1400, height: 1000 });
  await openJobsPage();
  const row = section('failed').locator(`tr[data-job="${jobs.failed}"]`);
  await row.locator('.stderr-tail').getByText('disk quota exceeded on /data').waitFor();
  await row.getByRole('button', { name: 'Retry' }).waitFor();
  await row.getByRole('button', { name: 'Remove' }).waitFor();
  // The shell job reads as the command it ran.
  assert.equal(await row.locator('.params').textContent(),
    "sh -c 'echo '\\''checking quota'\\'' ; echo '\\''disk quota exceeded on /data'\\'' >&2; exit 3'");
  const history = section('history').locator(`tr[data-job="${jobs.failed}"]`);
  await history.getByRole('button', { name: 'Retry' }).waitFor();
  await history.locator('.stderr-tail').getByText('disk quota exceeded on /data').waitFor();
});

test('a summary strip, the live counts in the title, and a chart of the last hour drawn with data', async () => {
  const failedTile = page.locator('[data-count=failed] .summary-count');
  await eventually(() => failedTile.textContent(), (text) => Number(text) >= 1, 'failed 24 h in the strip');
  await eventually(() => page.locator('[data-count=running] .summary-count').textContent(),
    (text) => Number(text) >= 3, 'running count in the strip');
  await eventually(() => page.title(), (title) => /\d+ running/.test(title) && /\d+ failed/.test(title), 'the tab title');
  const chart = page.locator('.finished-chart');
  await eventually(() => chart.getAttribute('data-failed'), (value) => Number(value) >= 1, 'failures in the chart');
  assert.ok(await chart.locator('rect.bar-failed').count() >= 1, 'a failed bar is drawn');
  assert.equal(await chart.locator('g[data-minute]').count(), 60, 'one slot per minute of the hour');
});

test('chains are nested: their phases are rows under them, not rows of their own', async () => {
  const phases = section('running').locator(`tr.phase-row[data-phase-of="${jobs.chain}"]`);
  await eventually(() => phases.count(), (count) => count === 2, 'two phase rows under the chain');
  await phases.first().getByText('phase 1/2:').waitFor();
  await phases.first().getByText('source_id=operator').first().waitFor();
  assert.equal(await page.locator(`tr[data-job="${jobs.phase}"]:not(.phase-row)`).count(), 0,
    'the phase job is not a top-level row');
  await section('running').locator(`tr[data-job="${jobs.chain}"] .params`).getByText('operator-chain · 2 phases').waitFor();
});

test('values do not mislead: unknown progress is indeterminate and times read the same way', async () => {
  const unknown = section('running').locator(`tr[data-job="${jobs.unknown}"]`);
  await unknown.locator('.progress-indeterminate').waitFor();
  assert.equal(await unknown.locator('.progress-fill').count(), 0, 'no made-up fill');
  assert.equal(await unknown.locator('[role=progressbar]').getAttribute('aria-valuenow'), null);

  const delayed = section('queued').locator(`tr[data-job="${jobs.delayed}"]`);
  const waiting = await delayed.locator('td.col-reason').textContent();
  assert.match(waiting, /\d\d:\d\d \(in (29|30) min\)/, waiting);
  assert.doesNotMatch(waiting, /\d{4}-\d\d-\d\dT/, 'no raw ISO time');
  const resumes = await section('paused').locator(`tr[data-job="${jobs.paused}"] td.col-time`).textContent();
  assert.match(resumes, /^\d\d:\d\d \(in (44|45) min\)$/, resumes);
  const started = await section('running').locator(`tr[data-job="${jobs.clone}"] td.col-time`).textContent();
  assert.match(started, /^\d\d:\d\d \((just now|\d+ (s|min) ago)\)$/, started);
});

test('at 1400 px no cell is cut and nothing overflows', async () => {
  assert.deepEqual(await truncatedCells(), []);
  assert.ok(await pageOverflow() <= 0, 'the page does not scroll sideways');
  await session.screenshot(page, 'operator-jobs-1400');
});

test('at 400 px tables scroll inside their section, the nav wraps, and no cell is cut', async () => {
  await page.setViewportSize({ width: 400, height: 900 });
  await openJobsPage();
  assert.ok(await pageOverflow() <= 0, `the page scrolls sideways by ${await pageOverflow()} px`);
  assert.deepEqual(await truncatedCells(), []);
  const nav = await page.locator('header.top nav').boundingBox();
  assert.ok(nav.x + nav.width <= 400, 'the nav fits');
  const buttons = await section('failed').locator('td.col-actions button').evaluateAll((list) =>
    list.map((button) => button.getBoundingClientRect().top));
  assert.equal(new Set(buttons).size, 1, 'the row\'s buttons stay on one line');
  await session.screenshot(page, 'operator-jobs-400');
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('the job page: the log under progress, event lines hidden until asked, stderr in its own colour', async () => {
  await page.goto(`${session.daemon.url}/#/jobs/${jobs.clone}`);
  const log = page.locator('.log');
  await eventually(() => log.locator('.log-err').count(), (count) => count > 0, 'a stderr line');
  assert.equal(await log.locator('.log-event').count(), 0, 'event lines are hidden');
  assert.doesNotMatch(await log.textContent(), /@drover/);
  const time = await log.locator('.log-time').first().textContent();
  assert.match(time, /^\d\d:\d\d:\d\d$/, time);
  const colour = (selector) => log.locator(selector).first().evaluate((line) => getComputedStyle(line).color);
  assert.notEqual(await colour('.log-err'), await colour('.log-out'), 'stderr has its own colour');

  await page.getByRole('button', { name: /Show @drover events/ }).click();
  await eventually(() => log.locator('.log-event').count(), (count) => count > 0, 'event lines shown');
  await page.getByRole('button', { name: 'Hide @drover events' }).waitFor();

  const logBox = await page.locator('.log-panel').boundingBox();
  const progressBox = await page.getByRole('heading', { name: 'Progress' }).boundingBox();
  const itemsBox = await page.getByRole('heading', { name: 'Items' }).boundingBox();
  assert.ok(progressBox.y < logBox.y && logBox.y < itemsBox.y, 'progress, then the log, then items');
  assert.ok(logBox.height >= 450, `the log is tall (${logBox.height} px)`);

  const chart = page.locator('.progress-chart polyline');
  await chart.waitFor();
  await eventually(() => page.locator('.progress-chart').getAttribute('data-samples'),
    (samples) => Number(samples) >= 3, 'progress samples');
  await session.screenshot(page, 'operator-job-1400');

  await page.setViewportSize({ width: 400, height: 900 });
  assert.ok(await pageOverflow() <= 0, 'the job page fits 400 px');
  await session.screenshot(page, 'operator-job-400');
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('a stopped job shows no rate and no ETA', async () => {
  await api('POST', `/api/jobs/${jobs.clone}/cancel`);
  await waitForState(jobs.clone, ['cancelled']);
  await page.goto(`${session.daemon.url}/#/jobs/${jobs.clone}`);
  const facts = page.locator('[aria-labelledby=panel-progress] .facts');
  await facts.waitFor();
  // The page may first show what it held of the running job, then its fetch.
  const rateAndEta = () => Promise.all([
    facts.locator('dt:text-is("Rate") + dd').textContent(),
    facts.locator('dt:text-is("ETA") + dd').textContent(),
  ]);
  const shown = await eventually(rateAndEta, ([rate, eta]) => rate === '—' && eta === '—',
    'no rate and no ETA');
  assert.deepEqual(shown, ['—', '—']);
  // No live samples come from a stopped job: a line is what the daemon recorded.
  const chart = page.locator('.progress-chart');
  await chart.locator('polyline').waitFor();
  assert.ok(Number(await chart.getAttribute('data-samples')) >= 2, 'the recorded progress is charted');
  await page.goto(`${session.daemon.url}/#/`);
  const checkpoint = section('interrupted').locator(`tr[data-job="${jobs.clone}"] td.col-time`);
  assert.match(await checkpoint.textContent(), /^saved \d\d:\d\d \(/);
  assert.deepEqual(await truncatedCells(), []);
});

test('the builder lists its errors linked to their phases and keeps Run disabled', async () => {
  await page.goto(`${session.daemon.url}/#/builder`);
  await page.locator('.palette-type[data-type="metadata"]').click();
  await page.locator('.palette-type[data-type="index"]').click();
  const index = page.locator('.phases > li[data-phase-type="index"]');
  await page.getByText('The chain has errors.').waitFor();
  const link = page.locator('.chain-errors a', { hasText: 'phase 2' }).first();
  await link.waitFor();
  assert.match(await page.locator('.chain-errors').textContent(), /source_id/);
  assert.ok(await page.getByRole('button', { name: 'Run' }).isDisabled(), 'Run is disabled');
  await index.locator('.phase-bad').waitFor();
  assert.equal(await index.locator('.phase-summary').textContent(), 'default params');
  await page.locator('.phases > li[data-phase-type="metadata"]').getByRole('button', { name: 'Params' }).click();
  await page.locator('.phases > li[data-phase-type="metadata"]').getByLabel('items').fill('50');
  await page.locator('.phases > li[data-phase-type="metadata"]').getByRole('button', { name: 'Hide params' }).click();
  assert.equal(await page.locator('.phases > li[data-phase-type="metadata"] .phase-summary').textContent(), 'items=50');
  await session.screenshot(page, 'operator-builder-errors');

  await link.click();
  await index.getByLabel('source_id').waitFor();
  await index.locator('[data-field="source_id"] .field-error').waitFor();
  await page.getByText('The chain has errors.').waitFor();
  await index.getByLabel('source_id').fill('operator');
  await page.locator('.phases > li[data-phase-type="metadata"]').getByRole('button', { name: 'Params' }).click();
  await page.locator('.phases > li[data-phase-type="metadata"]').getByLabel('source_id').fill('operator');
  await page.getByText('Valid chain.').waitFor();
  assert.ok(await page.getByRole('button', { name: 'Run' }).isEnabled(), 'Run is enabled once valid');

  await page.setViewportSize({ width: 400, height: 900 });
  assert.ok(await pageOverflow() <= 0, 'the builder fits 400 px');
  const palette = await page.locator('.palette').boundingBox();
  const chain = await page.locator('.chain').boundingBox();
  assert.ok(chain.y >= palette.y + palette.height, 'the builder\'s columns stack');
  await session.screenshot(page, 'operator-builder-400');
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('the submit form: no type chosen for you, declaration order, every error at once, the CLI line', async () => {
  await page.goto(`${session.daemon.url}/#/submit`);
  await page.locator('.type-choices').waitFor();
  assert.equal(await page.locator('form.submit-form').count(), 0, 'no type is preselected');

  await page.goto(`${session.daemon.url}/#/submit/clone-repos`);
  const { json } = await api('GET', '/api/types');
  const declared = json.types.find((type) => type.name === 'clone-repos').param_order;
  const fields = await page.locator('.schema-form .field').evaluateAll((list) => list.map((field) => field.dataset.field));
  assert.deepEqual(fields, declared);

  await page.getByLabel('org').fill('bad org!');
  await page.getByLabel('count').fill('0');
  await page.getByRole('button', { name: 'Submit' }).click();
  await page.locator('[data-field="org"] .field-error').waitFor();
  await page.locator('[data-field="count"] .field-error').waitFor();

  await page.getByLabel('org').fill('my org');
  await page.getByLabel('count').fill('5');
  await page.locator('.submit-options summary').click();
  await page.getByLabel('Queue').fill('imports');
  await page.getByLabel('Priority').fill('2');
  assert.equal(await page.locator('.cli-line').textContent(),
    "drover submit clone-repos 'org=my org' count=5 --queue imports --priority 2");
  await session.screenshot(page, 'operator-submit');
  await page.setViewportSize({ width: 400, height: 900 });
  assert.ok(await pageOverflow() <= 0, 'the submit form fits 400 px');
  await page.setViewportSize({ width: 1400, height: 1000 });
});

test('the resume dialog says which params the resumed job keeps', async () => {
  const id = await submit({ type: 'metadata', params: { source_id: 'kept', items: 400, delay: 0.05 } });
  await eventually(async () => (await stateOf(id)).checkpoint, (checkpoint) => checkpoint !== null, 'a checkpoint');
  await api('POST', `/api/jobs/${id}/cancel`);
  await waitForState(id, ['cancelled']);
  await page.goto(`${session.daemon.url}/#/submit/metadata`);
  await page.getByLabel('source_id').fill('kept');
  await page.getByLabel('items').fill('900');
  await page.getByRole('button', { name: 'Submit' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByText('Resuming keeps that job\'s params').waitFor();
  await dialog.locator('.kept-params code').getByText('source_id=kept items=400').waitFor();
  await dialog.getByText('items=900').waitFor();
  await session.screenshot(page, 'operator-resume-dialog');
  await dialog.getByRole('button', { name: 'Cancel' }).click();
  assert.deepEqual(session.pageErrors, []);
});
