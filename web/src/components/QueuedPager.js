// Under the page of queued jobs: which of them it shows, how many more are
// queued, and buttons to walk the pages (newest first, as /api/jobs lists).
import { html } from '../html.js';
import { wholeNumber } from '../format.js';
import { QUEUED_PAGE_SIZE } from '../active_jobs.js';

export function QueuedPager({ queued }) {
  const { jobs, first, more, older, newer } = queued;
  if (!older && !newer) return null;
  const last = first + jobs.length - 1;
  return html`<nav class="pager queued-pager" aria-label="Queued pages">
    <span class="hint pager-status" role="status">
      ${jobs.length ? `showing ${wholeNumber(first)}–${wholeNumber(last)}, newest first · ` : ''}<b class="more-queued">${more ? `${wholeNumber(more)} more queued` : 'no more queued'}</b>
    </span>
    <button type="button" disabled=${!newer} onClick=${newer}>← Newer</button>
    <button type="button" disabled=${!older} onClick=${older}>Show next ${wholeNumber(Math.min(more, QUEUED_PAGE_SIZE))} →</button>
  </nav>`;
}
