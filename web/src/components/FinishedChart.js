// Jobs finished per minute over the last hour (GET /api/stats per_minute):
// one stacked bar per minute, completed under failed, drawn as SVG.
import { html } from '../html.js';
import { shortTime } from '../format.js';

const WIDTH = 600;
const HEIGHT = 120;
const TOP = 14;
const BOTTOM = 18;

export function FinishedChart({ minutes }) {
  if (!minutes?.length) return null;
  const max = Math.max(1, ...minutes.map((m) => m.completed + m.failed));
  const barWidth = WIDTH / minutes.length;
  const scale = (HEIGHT - TOP - BOTTOM) / max;
  const totals = minutes.reduce((sum, m) => ({ completed: sum.completed + m.completed, failed: sum.failed + m.failed }),
    { completed: 0, failed: 0 });
  const bar = (m, index) => {
    const x = index * barWidth + 1;
    const okHeight = m.completed * scale;
    const badHeight = m.failed * scale;
    const base = HEIGHT - BOTTOM;
    return html`<g key=${m.minute} data-minute=${m.minute}>
      <title>${shortTime(m.minute)}: ${m.completed} completed, ${m.failed} failed</title>
      ${m.completed > 0 && html`<rect class="bar-completed" x=${x} y=${base - okHeight} width=${barWidth - 2} height=${okHeight} />`}
      ${m.failed > 0 && html`<rect class="bar-failed" x=${x} y=${base - okHeight - badHeight} width=${barWidth - 2} height=${badHeight} />`}
    </g>`;
  };
  return html`<figure class="chart finished-chart" data-completed=${totals.completed} data-failed=${totals.failed}>
    <figcaption>Finished per minute, last hour: <span class="legend-completed">${totals.completed} completed</span>${', '}<span class="legend-failed">${totals.failed} failed</span></figcaption>
    <svg viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img"
      aria-label=${`${totals.completed} completed and ${totals.failed} failed in the last hour`}>
      <line class="axis" x1="0" y1=${HEIGHT - BOTTOM} x2=${WIDTH} y2=${HEIGHT - BOTTOM} />
      <text class="axis-label" x="2" y="10">${max}/min</text>
      ${minutes.map(bar)}
    </svg>
    <div class="chart-axis"><span>${shortTime(minutes[0].minute)}</span><span>now</span></div>
  </figure>`;
}
