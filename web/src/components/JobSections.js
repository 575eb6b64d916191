// The tables of the Jobs page, one per kind of attention a job needs.
import { html } from '../html.js';
import { ago, clockTime, eta, percent, rate, shortTime, when, wholeNumber, withReadableTimes } from '../format.js';
import { ProgressBar } from './ProgressBar.js';
import { JobActions } from './JobActions.js';
import { ErrorText } from './ErrorText.js';
import { JobTable } from './JobTable.js';
import { JobLink, ParamsText } from './JobLink.js';
import { QueuedPager } from './QueuedPager.js';

function Section({ title, count, empty, children, note }) {
  const id = `section-${title.toLowerCase()}`;
  return html`
    <section class="jobs-section" aria-labelledby=${id} data-section=${title.toLowerCase()}>
      <h2 id=${id}>${title} <span class="count num">${wholeNumber(count)}</span>${note && html` <span class="count">${note}</span>`}</h2>
      ${count === 0 ? html`<p class="empty">${empty}</p>` : children}
    </section>
  `;
}

// A column: its heading, class, and what a job shows in it.
const column = (head, className, cell, title) => ({ head, className, cell, title });
// A time cell: "19:14 (in 30 min)", the full date in the tooltip.
const timeColumn = (head, field, prefix = '') => column(head, 'col-time num',
  (job, now) => (job[field] ? `${prefix}${when(job[field], now)}` : ''), (job) => clockTime(job[field]));
export const ID = column('ID', 'col-id', (job) => html`<${JobLink} job=${job} />`);
export const TYPE = column('Type', 'col-type', (job) => job.type);
export const PARAMS = column('Params', 'col-params',
  (job) => html`<${ParamsText} params=${job.params} type=${job.type} phases=${job.phases} />`);
export const STATE = column('State', 'col-state',
  (job) => html`<span class=${`state state-${job.state}`}>${job.state}</span>`);
export const ERROR = column('Error', 'col-reason', (job) => html`<${ErrorText} job=${job} />`);
export const FINISHED = timeColumn('Finished', 'finished_at');
const PROGRESS = column('Progress', 'col-progress',
  (job) => html`<${ProgressBar} progress=${job.progress} state=${job.state} />`);
const ACTIONS = column('', 'col-actions', (job) => html`<${JobActions} job=${job} />`);

const RUNNING = [ID, TYPE, PARAMS, PROGRESS,
  column('Item', 'col-item',
    (job) => html`<span class="clip" title=${job.progress?.item ?? ''}>${job.progress?.item ?? ''}</span>`),
  column('Rate', 'col-rate num', (job) => rate(job.progress?.rate)),
  column('ETA', 'col-eta num', (job) => eta(job.progress?.eta_seconds)),
  timeColumn('Started', 'started_at'),
  ACTIONS];

const QUEUED = [ID, TYPE, PARAMS,
  column('Waiting for', 'col-reason',
    (job, now) => html`<span class="clip">${withReadableTimes(job.wait_reason, now) || 'next in line'}</span>`),
  timeColumn('Queued', 'created_at'),
  ACTIONS];

const PAUSED = [ID, TYPE, PARAMS, PROGRESS,
  column('Reason', 'col-reason', (job, now) => html`<span class="clip">${withReadableTimes(job.state_reason, now)}</span>`),
  column('Resumes', 'col-time num', (job, now) => (job.resume_at ? when(job.resume_at, now) : 'when resumed'),
    (job) => clockTime(job.resume_at)),
  ACTIONS];

const INTERRUPTED = [ID, TYPE, PARAMS,
  column('Done', 'col-rate num', (job) => percent(job.progress?.percentage)),
  STATE,
  column('Checkpoint', 'col-time num',
    (job, now) => (job.checkpoint ? `saved ${shortTime(job.checkpoint.saved_at, now)} (${ago(job.checkpoint.saved_at, now)})` : ''),
    (job) => clockTime(job.checkpoint?.saved_at)),
  column('', 'col-actions',
    (job) => html`<${JobActions} job=${job} only=${['resume', 'remove']} labels=${{ remove: 'Discard' }} />`)];

const FAILED = [ID, TYPE, PARAMS, ERROR, FINISHED,
  column('', 'col-actions', (job) => html`<${JobActions} job=${job} only=${['retry', 'remove']} />`)];

// A section of the Jobs page: its heading with a count (of `jobs` unless
// given), then the table and what follows it (`children`).
function JobsSection({ title, empty, jobs, count, now, columns, listed, jobsById, note, children }) {
  return html`<${Section} title=${title} count=${count ?? jobs.length} empty=${empty} note=${note}>
    <${JobTable} jobs=${jobs} now=${now} columns=${columns} listed=${listed} jobsById=${jobsById} />
    ${children}
  </${Section}>`;
}

export const RunningJobs = (props) =>
  html`<${JobsSection} title="Running" empty="Nothing is running." columns=${RUNNING} ...${props} />`;
// `queued`: a page of the queued jobs and their total (active_jobs.js).
export const QueuedJobs = ({ queued, ...props }) =>
  html`<${JobsSection} title="Queued" empty="No job is waiting." columns=${QUEUED} jobs=${queued.jobs}
    count=${queued.total} note=${queued.total > queued.jobs.length ? 'newest first' : ''} ...${props}>
    <${QueuedPager} queued=${queued} />
  </${JobsSection}>`;
export const PausedJobs = (props) =>
  html`<${JobsSection} title="Paused" empty="No job is paused." columns=${PAUSED} ...${props} />`;
export const InterruptedJobs = (props) =>
  html`<${JobsSection} title="Interrupted" empty="No job waits to be resumed." columns=${INTERRUPTED} ...${props} />`;
export const FailedJobs = (props) =>
  html`<${JobsSection} title="Failed" note="last 24 h" empty="No job failed in the last 24 hours." columns=${FAILED} ...${props} />`;
