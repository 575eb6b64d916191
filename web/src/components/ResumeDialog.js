// Asked when a submit finds a resumable job for the same key (409 with
// details.resumable_job): resume it, start fresh, or do nothing. Resuming
// keeps the old job's params, so the dialog lists them and says which of
// the values just entered would not be used.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad } from '../load.js';
import { percent, when } from '../format.js';
import { paramsSummary, summaryOrder } from '../params_summary.js';

const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);

function KeptParams({ job, entered, type }) {
  if (!job) return html`<p class="hint">Loading the job's params…</p>`;
  const differing = summaryOrder({ ...job.params, ...entered }, type)
    .filter((name) => Object.hasOwn(entered, name) && !same(job.params[name], entered[name]));
  return html`<div class="kept-params">
    <p>Resuming keeps that job's params: <code class="mono">${paramsSummary(job.params, type) || 'none'}</code></p>
    ${differing.length > 0 && html`<p class="warning-text">Not used if you resume: ${differing.map((name, index) => html`${index ? ', ' : ''}
      <span class="mono">${name}=${JSON.stringify(entered[name])}</span> (kept: <span class="mono">${JSON.stringify(job.params[name] ?? null)}</span>)`)}.
      Start fresh to use them.</p>`}
  </div>`;
}

export function ResumeDialog({ details, entered = {}, type, onResume, onFresh, onCancel }) {
  const dialog = useRef(null);
  const { data: job } = useLoad(() => api.get(`/api/jobs/${details.resumable_job}`), [details.resumable_job]);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const done = percent(details.percentage) || 'some';
  const saved = details.checkpoint_saved_at ? when(details.checkpoint_saved_at) : 'earlier';
  return html`
    <dialog ref=${dialog} class="resume-dialog" aria-labelledby="resume-title"
      onCancel=${(event) => { event.preventDefault(); onCancel(); }}>
      <h2 id="resume-title">This work was started before</h2>
      <p>Job <a href=${`#/jobs/${details.resumable_job}`}>#${details.resumable_job}</a> for the same key
        stopped at ${done}, with a checkpoint saved ${saved}.</p>
      <${KeptParams} job=${job} entered=${entered} type=${type} />
      <div class="actions">
        <button type="button" class="primary" onClick=${onResume}>Resume (${done}, ${saved})</button>
        <button type="button" onClick=${onFresh}>Start fresh</button>
        <button type="button" onClick=${onCancel}>Cancel</button>
      </div>
    </dialog>
  `;
}
