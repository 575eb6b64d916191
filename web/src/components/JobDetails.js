// The parts of a job's page, each one panel (DESIGN.md, A job as JSON).
import { html } from '../html.js';
import { bytes, clockTime, eta, percent, rate, when, withReadableTimes } from '../format.js';
import { ProgressBar } from './ProgressBar.js';
import { ErrorText } from './ErrorText.js';
import { ParamsText } from './JobLink.js';

const jsonText = (value) => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));

function Panel({ title, children }) {
  const id = `panel-${title.toLowerCase().replace(/\W+/g, '-')}`;
  return html`<section class="panel" aria-labelledby=${id}><h2 id=${id}>${title}</h2>${children}</section>`;
}

// Rate and ETA describe a job that runs now: a stopped job has neither.
export function ProgressPanel({ job, children }) {
  const progress = job.progress ?? {};
  const running = job.state === 'running';
  return html`<${Panel} title="Progress">
    <${ProgressBar} progress=${progress} state=${job.state} large />
    <dl class="facts">
      <dt>Item</dt><dd class="clip">${progress.item ?? '—'}</dd>
      <dt>Rate</dt><dd class="num">${running ? rate(progress.rate) || '—' : '—'}</dd>
      <dt>ETA</dt><dd class="num">${running ? eta(progress.eta_seconds) || '—' : '—'}</dd>
      <dt>Message</dt><dd>${progress.message ?? '—'}</dd>
      ${job.wait_reason && html`<dt>Waiting for</dt><dd>${withReadableTimes(job.wait_reason)}</dd>`}
      ${job.state_reason && html`<dt>Reason</dt><dd>${withReadableTimes(job.state_reason)}</dd>`}
      ${job.resume_at && html`<dt>Resumes</dt><dd class="num" title=${clockTime(job.resume_at)}>${when(job.resume_at)}</dd>`}
      ${job.checkpoint && html`<dt>Checkpoint</dt><dd class="num" title=${clockTime(job.checkpoint.saved_at)}>saved ${when(job.checkpoint.saved_at)}</dd>`}
      ${job.error && html`<dt>Error</dt><dd><${ErrorText} job=${job} block /></dd>`}
    </dl>
    ${children}
  </${Panel}>`;
}

export function ParamsPanel({ job }) {
  const entries = Object.entries(job.params ?? {});
  return html`<${Panel} title="Params">
    ${entries.length === 0 ? html`<p class="empty">No params.</p>` : html`
      <dl class="facts params-list">
        ${entries.map(([name, value]) => html`<dt>${name}</dt><dd class="mono">${jsonText(value)}</dd>`)}
      </dl>`}
    <p class="hint">Key: <span class="mono">${job.key ?? '—'}</span> · queue ${job.queue} · priority ${job.priority}
      ${job.after?.length ? ` · after ${job.after.map((id) => `#${id}`).join(', ')}` : ''}
      ${job.parent ? html` · part of <a href=${`#/jobs/${job.parent}`}>#${job.parent}</a>` : ''}</p>
  </${Panel}>`;
}

export function PhasesPanel({ job }) {
  if (!Array.isArray(job.phases) || job.phases.length === 0) return null;
  const current = job.current_phase ? ` · now phase ${job.current_phase} (${job.phase_name})` : '';
  return html`<${Panel} title="Phases">
    <p class="hint num">${job.phases_completed ?? 0} of ${job.phases.length} phases completed${current}</p>
    <div class="table-scroll"><table class="jobs">
      <thead><tr><th class="col-id">#</th><th class="col-type">Type</th><th class="col-params">Params</th><th class="col-rate">Weight</th>
        <th class="col-state">State</th><th class="col-progress">Progress</th><th class="col-id">Job</th></tr></thead>
      <tbody>${job.phases.map((phase) => html`
        <tr key=${phase.n} data-phase=${phase.n}>
          <td class="num">${phase.n}</td><td>${phase.type}</td>
          <td class="col-params"><${ParamsText} params=${phase.params} type=${phase.type} /></td>
          <td class="col-rate num">${phase.weight}</td>
          <td><span class=${`state state-${phase.state ?? 'queued'}`}>${phase.state ?? 'waiting'}</span></td>
          <td><${ProgressBar} progress=${{ percentage: phase.percentage ?? 0 }} state=${phase.state} label=${percent(phase.percentage ?? 0)} /></td>
          <td>${phase.job ? html`<a href=${`#/jobs/${phase.job}`} class="num">#${phase.job}</a>` : '—'}</td>
        </tr>`)}</tbody>
    </table></div>
    ${job.warnings?.length ? html`<ul class="warnings">${job.warnings.map((warning) => html`<li class="warning-text">${typeof warning === 'string' ? warning : warning.message}</li>`)}</ul>` : ''}
  </${Panel}>`;
}

export function ItemsPanel({ job }) {
  const progress = job.progress ?? {};
  const failed = progress.failed ?? [];
  return html`<${Panel} title="Items">
    <p class="num">${progress.items_completed ?? 0} done · ${progress.items_failed ?? 0} failed · ${progress.items_skipped ?? 0} skipped</p>
    ${failed.length > 0 && html`
      <div class="table-scroll"><table class="jobs"><thead><tr><th>Failed item</th><th>Error</th></tr></thead>
        <tbody>${failed.map((item, index) => html`<tr key=${index}><td>${item.item}</td><td class="error-text">${item.error}</td></tr>`)}</tbody>
      </table></div>`}
  </${Panel}>`;
}

export function AttemptsPanel({ job }) {
  const attempts = job.attempts ?? [];
  const ending = (attempt) => attempt.signal ? `signal ${attempt.signal}` : attempt.exit_code ?? '';
  return html`<${Panel} title="Attempts">
    ${attempts.length === 0 ? html`<p class="empty">Not started yet.</p>` : html`
      <div class="table-scroll"><table class="jobs fit"><thead><tr><th>#</th><th>Node</th><th class="col-num">PID</th>
        <th>Started</th><th>Ended</th><th class="col-num">Exit</th><th class="col-num">Log</th></tr></thead>
        <tbody>${attempts.map((attempt) => html`<tr key=${attempt.n}>
          <td class="num">${attempt.n}</td><td>${attempt.node}</td><td class="col-num num">${attempt.pid ?? ''}</td>
          <td class="num" title=${clockTime(attempt.started_at)}>${when(attempt.started_at)}</td>
          <td class="num" title=${clockTime(attempt.ended_at)}>${attempt.ended_at ? when(attempt.ended_at) : 'running'}</td>
          <td class="col-num num">${ending(attempt)}</td><td class="col-num num">${bytes(attempt.log_bytes)}</td></tr>`)}</tbody>
      </table></div>`}
  </${Panel}>`;
}

export function HistoryPanel({ job }) {
  const history = job.history ?? [];
  return html`<${Panel} title="History">
    <ol class="history">${history.map((step, index) => html`<li key=${index}>
      <span class="num" title=${clockTime(step.at)}>${when(step.at)}</span>
      <span class=${`state state-${step.from}`}>${step.from}</span> → <span class=${`state state-${step.to}`}>${step.to}</span>
      ${step.reason ? html` <span class="hint">${withReadableTimes(step.reason)}</span>` : ''}</li>`)}</ol>
  </${Panel}>`;
}

export function ResultPanel({ job }) {
  const artifacts = job.artifacts ?? [];
  if (job.result === null && artifacts.length === 0 && !job.checkpoint) return null;
  const name = (artifact) => (typeof artifact === 'string' ? artifact : artifact.path ?? artifact.name);
  return html`<${Panel} title="Result and artifacts">
    ${job.result !== null && html`<pre class="json">${jsonText(job.result)}</pre>`}
    ${artifacts.length > 0 && html`<ul>${artifacts.map((artifact) => html`
      <li><a href=${`/api/jobs/${job.id}/artifacts/${name(artifact).split('/').map(encodeURIComponent).join('/')}`}>${name(artifact)}</a></li>`)}</ul>`}
    ${job.checkpoint && html`<details><summary>Checkpoint (saved ${when(job.checkpoint.saved_at)})</summary>
      <pre class="json">${jsonText(job.checkpoint.value)}</pre></details>`}
  </${Panel}>`;
}
