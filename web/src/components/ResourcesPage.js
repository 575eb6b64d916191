// Resources (busy/free, held by which job doing what, who waits) and
// queues (limits, load, pause/resume), refreshed when jobs change.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad } from '../load.js';
import { useThrottledJobEvents } from '../events.js';
import { clockTime, when } from '../format.js';

const REFRESH_MS = 1000;

// Loads both lists, again at most once a second while jobs change.
function useResourcesAndQueues() {
  const fetchBoth = () => Promise.all([api.get('/api/resources'), api.get('/api/queues')])
    .then(([resources, queues]) => ({ resources: resources.resources, queues: queues.queues }));
  const { data, error, load } = useLoad(fetchBoth, [], { resources: null, queues: null });
  useThrottledJobEvents(load, REFRESH_MS);
  return { ...data, error, load };
}

function Holders({ holders }) {
  if (!holders.length) return html`<span class="hint">free</span>`;
  return html`<ul class="holders">${holders.map((holder) => html`<li key=${holder.job}>
    <a href=${`#/jobs/${holder.job}`} class="num">#${holder.job}</a> ${holder.type ?? ''}
    ${holder.operation && holder.operation !== holder.type ? html` · <span>${holder.operation}</span>` : ''}
    ${holder.since && html` <span class="hint" title=${clockTime(holder.since)}>since ${when(holder.since)}</span>`}
  </li>`)}</ul>`;
}

function Waiters({ waiters }) {
  const list = Array.isArray(waiters) ? waiters : [];
  if (!list.length) return html`<span class="hint">${typeof waiters === 'number' && waiters > 0 ? waiters : 'none'}</span>`;
  return html`${list.map((waiter, index) => {
    const id = typeof waiter === 'object' ? waiter.job : waiter;
    return html`${index ? ', ' : ''}<a href=${`#/jobs/${id}`} class="num">#${id}</a>`;
  })}`;
}

function ResourcesTable({ resources }) {
  if (!resources.length) return html`<p class="empty">No resources are declared.</p>`;
  return html`<div class="table-scroll"><table class="jobs">
    <thead><tr><th class="col-type">Resource</th><th class="col-num">In use</th><th>Held by</th><th class="col-params">Waiting</th></tr></thead>
    <tbody>${resources.map((resource) => html`<tr key=${resource.name} data-resource=${resource.name}>
      <td>${resource.name}</td>
      <td class="col-num num">${resource.busy}/${resource.capacity}</td>
      <td class="wrap"><${Holders} holders=${resource.holders ?? []} /></td>
      <td class="wrap"><${Waiters} waiters=${resource.waiters} /></td>
    </tr>`)}</tbody>
  </table></div>`;
}

function QueueRow({ queue, onChange }) {
  const [error, setError] = useState(null);
  const toggle = async () => {
    try {
      await api.post(`/api/queues/${encodeURIComponent(queue.name)}/${queue.paused ? 'resume' : 'pause'}`);
      setError(null);
      onChange();
    } catch (failure) {
      setError(failure.message);
    }
  };
  return html`<tr data-queue=${queue.name}>
    <td>${queue.name}</td>
    <td class="col-num num">${queue.running}/${queue.parallel}</td>
    <td class="col-num num">${queue.queued}</td>
    <td class="col-state"><span class=${`state state-${queue.paused ? 'paused' : 'running'}`}>${queue.paused ? 'paused' : 'active'}</span></td>
    <td class="col-actions"><button type="button" onClick=${toggle}>${queue.paused ? 'Resume queue' : 'Pause queue'}</button>
      ${error && html` <span class="error-text" role="alert">${error}</span>`}</td>
  </tr>`;
}

export function ResourcesPage() {
  const { resources, queues, error, load } = useResourcesAndQueues();
  return html`<div class="page">
    <h1>Resources & queues</h1>
    ${error && html`<p class="error-text" role="alert">${error}</p>`}
    <section class="panel" aria-labelledby="resources-title"><h2 id="resources-title">Resources</h2>
      ${resources ? html`<${ResourcesTable} resources=${resources} />` : html`<p class="loading">Loading…</p>`}
    </section>
    <section class="panel" aria-labelledby="queues-title"><h2 id="queues-title">Queues</h2>
      ${queues ? html`<div class="table-scroll"><table class="jobs">
        <thead><tr><th>Queue</th><th class="col-num">Running</th><th class="col-num">Queued</th><th class="col-state">State</th><th class="col-actions"></th></tr></thead>
        <tbody>${queues.map((queue) => html`<${QueueRow} key=${queue.name} queue=${queue} onChange=${load} />`)}</tbody>
      </table></div>` : html`<p class="loading">Loading…</p>`}
    </section>
  </div>`;
}
