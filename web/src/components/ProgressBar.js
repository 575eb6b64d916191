// A progress bar that always takes the same space, known total or not, so
// rows never jump when progress starts or ends. Without a percentage it is
// indeterminate (moving stripes while running), never a made-up fill.
import { html } from '../html.js';
import { counts } from '../format.js';

// `label` replaces the "154/245 (62%)" text (a chain's phases show a percentage).
export function ProgressBar({ progress, state, large = false, label: givenLabel }) {
  const percentage = progress?.percentage;
  const known = percentage !== null && percentage !== undefined;
  const width = known ? Math.min(100, Math.max(0, percentage)) : 0;
  const label = givenLabel ?? counts(progress);
  const trackClass = known ? 'progress-track' : 'progress-track indeterminate';
  return html`
    <div class=${large ? 'progress large' : 'progress'} data-state=${state}>
      <div
        class=${trackClass}
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${known ? Math.floor(width) : undefined}
        aria-label=${label || 'progress unknown'}
      >
        ${known
          ? html`<div class="progress-fill" style=${{ width: `${width}%` }}></div>`
          : html`<div class="progress-indeterminate"></div>`}
      </div>
      <span class="progress-label num">${label}</span>
    </div>
  `;
}
