// The tables of the Jobs page, one per kind of attention a job needs.
import { html } from '../html.js';
import { ago, clockTime, eta, percent, rate } from '../format.js';
import { ProgressBar } from './ProgressBar.js';
import { JobActions } from './JobActions.js';
import { JobLink, ParamsText } from './JobLink.js';

function Section({ title, count, empty, children }) {
  const id = `section-${title.toLowerCase()}`;
  return html`
    <section class="jobs-section" aria-labelledby=${id} data-section=${title.toLowerCase()}>
      <h2 id=${id}>${title} <span class="count num">${count}</span></h2>
      ${count === 0 ? html`<p class="empty">${empty}</p>` : children}
    </section>
  `;
}

// A column: its heading, class, and what a job shows in it.
const column = (head, className, cell, title) => ({ head, className, cell, title });
export const ID = column('ID', 'col-id', (job) => html`<${JobLink} job=${job} />`);
export const TYPE = column('Type', 'col-type', (job) => job.type);
export const PARAMS = column('Params', 'col-params', (job) => html`<${ParamsText} params=${job.params} />`);
export const STATE = column('State', 'col-state',
  (job) => html`<span class=${`state state-${job.state}`}>${job.state}</span>`);
const PROGRESS = column('Progress', 'col-progress',
  (job) => html`<${ProgressBar} progress=${job.progress} state=${job.state} />`);
const ACTIONS = column('', 'col-actions', (job) => html`<${JobActions} job=${job} />`);

// One row per job, one cell per column.
export function JobTable({ jobs, now, columns }) {
  return html`
    <table class="jobs">
      <thead><tr>${columns.map((c) => html`<th class=${c.className}>${c.head}</th>`)}</tr></thead>
      <tbody>${jobs.map((job) => html`
        <tr key=${job.id} data-job=${job.id}>
          ${columns.map((c) => html`<td class=${c.className} title=${c.title?.(job)}>${c.cell(job, now)}</td>`)}
        </tr>`)}</tbody>
    </table>
  `;
}

const RUNNING = [ID, TYPE, PROGRESS,
  column('Item', 'col-item',
    (job) => html`<span class="clip" title=${job.progress?.item ?? ''}>${job.progress?.item ?? ''}</span>`),
  column('Rate', 'col-num num', (job) => rate(job.progress?.rate)),
  column('ETA', 'col-num num', (job) => eta(job.progress?.eta_seconds)),
  column('Started', 'col-time', (job, now) => ago(job.started_at, now), (job) => clockTime(job.started_at)),
  ACTIONS];

const QUEUED = [ID, TYPE, PARAMS,
  column('Waiting for', 'col-reason', (job) => job.wait_reason ?? 'next in line'),
  column('Queued', 'col-time', (job, now) => ago(job.created_at, now), (job) => clockTime(job.created_at)),
  ACTIONS];

const PAUSED = [ID, TYPE, PROGRESS,
  column('Reason', 'col-reason', (job) => job.state_reason ?? ''),
  column('Resumes', 'col-time',
    (job, now) => (job.resume_at ? `resumes ${ago(job.resume_at, now)}` : 'until resumed'),
    (job) => clockTime(job.resume_at)),
  ACTIONS];

const INTERRUPTED = [ID, TYPE, PARAMS,
  column('Done', 'col-num num', (job) => percent(job.progress?.percentage)),
  STATE,
  column('Checkpoint', 'col-time', (job, now) => (job.checkpoint ? `saved ${ago(job.checkpoint.saved_at, now)}` : '')),
  column('', 'col-actions',
    (job) => html`<${JobActions} job=${job} only=${['resume', 'remove']} labels=${{ remove: 'Discard' }} />`)];

// A section of the Jobs page: its heading with a count, then the table.
function JobsSection({ title, empty, jobs, now, columns }) {
  return html`<${Section} title=${title} count=${jobs.length} empty=${empty}>
    <${JobTable} jobs=${jobs} now=${now} columns=${columns} />
  </${Section}>`;
}

export const RunningJobs = ({ jobs, now }) =>
  html`<${JobsSection} title="Running" empty="Nothing is running." jobs=${jobs} now=${now} columns=${RUNNING} />`;
export const QueuedJobs = ({ jobs, now }) =>
  html`<${JobsSection} title="Queued" empty="No job is waiting." jobs=${jobs} now=${now} columns=${QUEUED} />`;
export const PausedJobs = ({ jobs, now }) =>
  html`<${JobsSection} title="Paused" empty="No job is paused." jobs=${jobs} now=${now} columns=${PAUSED} />`;
export const InterruptedJobs = ({ jobs, now }) =>
  html`<${JobsSection} title="Interrupted" empty="No job waits to be resumed." jobs=${jobs} now=${now}
    columns=${INTERRUPTED} />`;
