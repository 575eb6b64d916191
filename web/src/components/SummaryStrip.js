// The Jobs page's summary: how many run, wait, are paused, and how many
// failed or completed in the last 24 hours (GET /api/stats).
import { html } from '../html.js';
import { wholeNumber } from '../format.js';

const TILES = [
  ['running', 'running', (stats) => stats.states.running],
  ['queued', 'queued', (stats) => stats.states.queued],
  ['paused', 'paused', (stats) => stats.states.paused],
  ['failed', 'failed 24 h', (stats) => stats.last_24h.failed],
  ['completed', 'completed 24 h', (stats) => stats.last_24h.completed],
];

export function SummaryStrip({ stats }) {
  return html`<ul class="summary-strip" aria-label="Summary">
    ${TILES.map(([state, label, count]) => html`<li key=${state} data-count=${state}
      class=${`summary-tile tile-${state}${stats && count(stats) > 0 ? ' nonzero' : ''}`}>
      <span class="summary-count num">${stats ? wholeNumber(count(stats)) : '–'}</span>
      <span class="summary-label">${label}</span>
    </li>`)}
  </ul>`;
}

// "drover · 2 running · 5 queued · 1 failed": the live counts in the tab title.
export function titleFor(stats) {
  if (!stats) return 'drover';
  const parts = [['running', stats.states.running], ['queued', stats.states.queued],
    ['paused', stats.states.paused], ['failed', stats.last_24h.failed]]
    .filter(([, count]) => count > 0).map(([label, count]) => `${count} ${label}`);
  return ['drover', ...parts].join(' · ');
}
