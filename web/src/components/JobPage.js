// One job: what it is, how far it got, what it said (the log, high up:
// it is what people come for), what it did, and what can be done.
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad } from '../load.js';
import { useJobEvents } from '../events.js';
import { useTick } from '../types.js';
import { navigate } from '../router.js';
import { JobActions } from './JobActions.js';
import { LogTail } from './LogTail.js';
import { ProgressChart } from './ProgressChart.js';
import { AttemptsPanel, HistoryPanel, ItemsPanel, ParamsPanel, PhasesPanel, ProgressPanel,
  ResultPanel } from './JobDetails.js';

function useJob(id) {
  const { data: job, error, load, update, setError } = useLoad(() => api.get(`/api/jobs/${id}`), [id]);
  useJobEvents((event) => {
    if (event.kind === 'reset') return load();
    if (event.kind === 'removed' && event.id === id) return setError(`Job #${id} was removed.`);
    if (event.kind !== 'job' || event.job.id !== id) return;
    // Events omit the history; a change of state fetches the whole job.
    if (job && job.state !== event.job.state) load();
    update((current) => ({ ...current, ...event.job, history: event.job.history ?? current?.history }));
  });
  return { job, error, load };
}

export function JobPage({ id }) {
  const { job, error, load } = useJob(id);
  useTick(10000);
  if (error) return html`<div class="page"><h1>Job #${id}</h1><p class="error-text" role="alert">${error}</p><a href="#/">Back to jobs</a></div>`;
  if (!job) return html`<div class="page"><h1>Job #${id}</h1><p class="loading">Loading…</p></div>`;
  const onDone = (action) => (action === 'remove' ? navigate('/') : load());
  const attempt = job.attempts?.length ?? 0;
  return html`
    <div class="page job-page">
      <div class="page-head">
        <h1>Job <span class="num">#${job.id}</span> · ${job.type} <span class=${`state state-${job.state}`}>${job.state}</span></h1>
        <${JobActions} job=${job} onDone=${onDone} />
      </div>
      <div class="job-grid">
        <${ProgressPanel} job=${job}><${ProgressChart} job=${job} /></${ProgressPanel}>
        <${ParamsPanel} job=${job} />
      </div>
      <${PhasesPanel} job=${job} />
      ${Array.isArray(job.phases)
        ? html`<p class="hint">A chain has no log of its own: each phase's job has its log.</p>`
        : html`<${LogTail} jobId=${job.id} attempt=${attempt} />`}
      <${ItemsPanel} job=${job} />
      <${ResultPanel} job=${job} />
      <div class="job-grid">
        <${AttemptsPanel} job=${job} />
        <${HistoryPanel} job=${job} />
      </div>
    </div>
  `;
}
