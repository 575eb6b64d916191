// The job builder: a three-phase chain built by clicking and dragging, its
// ordering warning, a run, and a template that survives a reload.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { openSession } from './session.mjs';

let session;
let page;

before(async () => {
  session = await openSession();
  page = await session.login();
});

after(async () => {
  await session?.close();
});

const phaseOrder = () => page.locator('.phases > li').evaluateAll((items) => items.map((item) => item.dataset.phaseType));
const phase = (type) => page.locator(`.phases > li[data-phase-type="${type}"]`);

async function dragAbove(handle, target) {
  const from = await handle.boundingBox();
  const to = await target.boundingBox();
  await page.mouse.move(from.x + from.width / 2, from.y + from.height / 2);
  await page.mouse.down();
  await page.mouse.move(to.x + to.width / 2, to.y + 4, { steps: 20 });
  await page.mouse.up();
}

async function setParams(type, params) {
  await phase(type).getByRole('button', { name: 'Params' }).click();
  for (const [name, value] of Object.entries(params)) await phase(type).getByLabel(name).fill(value);
}

test('a chain built by clicking and dragging warns about its order, runs, and saves as a template', async () => {
  await page.goto(`${session.daemon.url}/#/builder`);
  for (const type of ['metadata', 'index', 'clear']) await page.locator(`.palette-type[data-type="${type}"]`).click();
  assert.deepEqual(await phaseOrder(), ['metadata', 'index', 'clear']);

  await dragAbove(phase('index').locator('.drag-handle'), phase('metadata'));
  assert.deepEqual(await phaseOrder(), ['index', 'metadata', 'clear'], 'the drag put index first');

  await page.getByRole('textbox', { name: 'Name' }).fill('browser-chain');
  await setParams('index', { source_id: 'browser', batches: '5', delay: '0.05' });
  await setParams('metadata', { source_id: 'browser', items: '20', delay: '0.01' });
  await setParams('clear', { source_id: 'browser' });
  await page.getByRole('button', { name: 'Validate' }).click();
  const warning = phase('index').locator('[data-kind=warning]');
  await warning.waitFor();
  assert.match(await warning.textContent(), /metadata/);
  await page.getByText('Valid chain.').waitFor();
  await session.screenshot(page, 'builder');

  await page.getByRole('button', { name: 'Save as template' }).click();
  await page.getByText('Saved template “browser-chain”.').waitFor();

  await page.getByRole('button', { name: 'Run' }).click();
  await page.waitForURL(/#\/jobs\/\d+$/);
  await page.getByRole('heading', { name: 'Phases' }).waitFor();
  assert.equal(await page.locator('tr[data-phase]').count(), 3);
  await session.screenshot(page, 'chain-job');

  await page.goto(`${session.daemon.url}/#/builder`);
  await page.reload();
  await page.getByLabel('Template').selectOption('browser-chain');
  await page.getByRole('button', { name: 'Load' }).click();
  await page.getByText('Loaded template “browser-chain”.').waitFor();
  assert.deepEqual(await phaseOrder(), ['index', 'metadata', 'clear']);
  assert.equal(await page.getByRole('textbox', { name: 'Name' }).inputValue(), 'browser-chain');
  await phase('metadata').getByRole('button', { name: 'Params' }).click();
  assert.equal(await phase('metadata').getByLabel('items').inputValue(), '20');
  assert.deepEqual(session.pageErrors, []);
});

test('moving a phase with the keyboard buttons reorders it', async () => {
  await phase('clear').getByRole('button', { name: /Move .* up/ }).click();
  assert.deepEqual(await phaseOrder(), ['index', 'clear', 'metadata']);
});
