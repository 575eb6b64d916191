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

function Table({ columns, rows }) {
  return html`
    <table class="jobs">
      <thead><tr>${columns.map(([name, className]) => html`<th class=${className}>${name}</th>`)}</tr></thead>
      <tbody>${rows}</tbody>
    </table>
  `;
}

export function RunningJobs({ jobs, now }) {
  const rows = jobs.map((job) => html`
    <tr key=${job.id} data-job=${job.id}>
      <td class="col-id"><${JobLink} job=${job} /></td>
      <td class="col-type">${job.type}</td>
      <td class="col-progress"><${ProgressBar} progress=${job.progress} state=${job.state} /></td>
      <td class="col-item"><span class="clip" title=${job.progress?.item ?? ''}>${job.progress?.item ?? ''}</span></td>
      <td class="col-num num">${rate(job.progress?.rate)}</td>
      <td class="col-num num">${eta(job.progress?.eta_seconds)}</td>
      <td class="col-time">${ago(job.started_at, now)}</td>
      <td class="col-actions"><${JobActions} job=${job} /></td>
    </tr>`);
  return html`<${Section} title="Running" count=${jobs.length} empty="Nothing is running.">
    <${Table} columns=${[['ID', 'col-id'], ['Type', 'col-type'], ['Progress', 'col-progress'], ['Item', 'col-item'],
      ['Rate', 'col-num'], ['ETA', 'col-num'], ['Started', 'col-time'], ['', 'col-actions']]} rows=${rows} />
  </${Section}>`;
}

export function QueuedJobs({ jobs, now }) {
  const rows = jobs.map((job) => html`
    <tr key=${job.id} data-job=${job.id}>
      <td class="col-id"><${JobLink} job=${job} /></td>
      <td class="col-type">${job.type}</td>
      <td class="col-params"><${ParamsText} params=${job.params} /></td>
      <td class="col-reason">${job.wait_reason ?? 'next in line'}</td>
      <td class="col-time">${ago(job.created_at, now)}</td>
      <td class="col-actions"><${JobActions} job=${job} /></td>
    </tr>`);
  return html`<${Section} title="Queued" count=${jobs.length} empty="No job is waiting.">
    <${Table} columns=${[['ID', 'col-id'], ['Type', 'col-type'], ['Params', 'col-params'],
      ['Waiting for', 'col-reason'], ['Queued', 'col-time'], ['', 'col-actions']]} rows=${rows} />
  </${Section}>`;
}

export function PausedJobs({ jobs, now }) {
  const rows = jobs.map((job) => html`
    <tr key=${job.id} data-job=${job.id}>
      <td class="col-id"><${JobLink} job=${job} /></td>
      <td class="col-type">${job.type}</td>
      <td class="col-progress"><${ProgressBar} progress=${job.progress} state=${job.state} /></td>
      <td class="col-reason">${job.state_reason ?? ''}</td>
      <td class="col-time" title=${clockTime(job.resume_at)}>${job.resume_at ? `resumes ${ago(job.resume_at, now)}` : 'until resumed'}</td>
      <td class="col-actions"><${JobActions} job=${job} /></td>
    </tr>`);
  return html`<${Section} title="Paused" count=${jobs.length} empty="No job is paused.">
    <${Table} columns=${[['ID', 'col-id'], ['Type', 'col-type'], ['Progress', 'col-progress'],
      ['Reason', 'col-reason'], ['Resumes', 'col-time'], ['', 'col-actions']]} rows=${rows} />
  </${Section}>`;
}

export function InterruptedJobs({ jobs, now }) {
  const rows = jobs.map((job) => html`
    <tr key=${job.id} data-job=${job.id}>
      <td class="col-id"><${JobLink} job=${job} /></td>
      <td class="col-type">${job.type}</td>
      <td class="col-params"><${ParamsText} params=${job.params} /></td>
      <td class="col-num num">${percent(job.progress?.percentage)}</td>
      <td class="col-state"><span class=${`state state-${job.state}`}>${job.state}</span></td>
      <td class="col-time">${job.checkpoint ? `saved ${ago(job.checkpoint.saved_at, now)}` : ''}</td>
      <td class="col-actions">
        <${JobActions} job=${job} only=${['resume', 'remove']} labels=${{ remove: 'Discard' }} />
      </td>
    </tr>`);
  return html`<${Section} title="Interrupted" count=${jobs.length} empty="No job waits to be resumed.">
    <${Table} columns=${[['ID', 'col-id'], ['Type', 'col-type'], ['Params', 'col-params'], ['Done', 'col-num'],
      ['State', 'col-state'], ['Checkpoint', 'col-time'], ['', 'col-actions']]} rows=${rows} />
  </${Section}>`;
}
