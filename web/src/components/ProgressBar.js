// A progress bar that always takes the same space, known total or not, so
// rows never jump when progress starts or ends.
import { html } from '../html.js';
import { counts } from '../format.js';

// `label` replaces the "154/245 (62%)" text (a chain's phases show a percentage).
export function ProgressBar({ progress, state, large = false, label: givenLabel }) {
  const percentage = progress?.percentage;
  const known = percentage !== null && percentage !== undefined;
  const width = known ? Math.min(100, Math.max(0, percentage)) : 0;
  const label = givenLabel ?? counts(progress);
  return html`
    <div class=${large ? 'progress large' : 'progress'} data-state=${state}>
      <div
        class="progress-track"
        role="progressbar"
        aria-valuemin="0"
        aria-valuemax="100"
        aria-valuenow=${known ? Math.floor(width) : undefined}
        aria-label=${label || 'progress unknown'}
      >
        <div class=${known ? 'progress-fill' : 'progress-fill unknown'} style=${{ width: `${width}%` }}></div>
      </div>
      <span class="progress-label num">${label}</span>
    </div>
  `;
}
