// Finished jobs with filters (state, type: server side; text: this page).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { humanDuration } from '../format.js';
import { FINISHED_STATES, useHistory } from '../history.js';
import { JobActions } from './JobActions.js';
import { ERROR, FINISHED, ID, PARAMS, STATE, TYPE } from './JobSections.js';
import { JobTable } from './JobTable.js';

function duration(job) {
  if (!job.started_at || !job.finished_at) return '';
  return humanDuration((Date.parse(job.finished_at) - Date.parse(job.started_at)) / 1000);
}

function Filters({ filters, setFilters, types }) {
  const set = (name) => (event) => setFilters({ ...filters, [name]: event.currentTarget.value });
  return html`
    <form class="filters" onSubmit=${(event) => event.preventDefault()} aria-label="History filters">
      <label>State
        <select value=${filters.state} onChange=${set('state')}>
          <option value="">any finished</option>
          ${FINISHED_STATES.map((state) => html`<option value=${state}>${state}</option>`)}
        </select>
      </label>
      <label>Type
        <select value=${filters.type} onChange=${set('type')}>
          <option value="">any type</option>
          ${(types ?? []).map((type) => html`<option value=${type.name}>${type.name}</option>`)}
        </select>
      </label>
      <label>Text
        <input type="search" value=${filters.text} onInput=${set('text')} placeholder="id, params, error…" />
      </label>
    </form>
  `;
}

const HISTORY = [ID, TYPE, STATE, PARAMS, ERROR, FINISHED,
  { head: 'Took', className: 'col-eta num', cell: duration },
  { head: '', className: 'col-retry', cell: (job) => html`<${JobActions} job=${job} only=${['retry']} />` }];

export function HistorySection({ types, now }) {
  const [filters, setFilters] = useState({ state: '', type: '', text: '' });
  const history = useHistory(filters);
  return html`
    <section class="jobs-section" aria-labelledby="section-history" data-section="history">
      <h2 id="section-history">History</h2>
      <${Filters} filters=${filters} setFilters=${setFilters} types=${types} />
      ${history.error && html`<p class="error-text" role="alert">${history.error}</p>`}
      ${history.jobs.length === 0
        ? html`<p class="empty">No finished job matches.</p>`
        : html`<${JobTable} jobs=${history.jobs} now=${now} columns=${HISTORY} />`}
      <nav class="pager" aria-label="History pages">
        <button type="button" disabled=${!history.newer} onClick=${history.newer}>← Newer</button>
        <button type="button" disabled=${!history.older} onClick=${history.older}>Older →</button>
      </nav>
    </section>
  `;
}
