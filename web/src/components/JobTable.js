// A table of jobs, one row per job and one cell per column; a chain's phases
// follow it as indented rows ("phase 2/3: index #41"), never as rows of
// their own.
import { html } from '../html.js';
import { percent, withReadableTimes } from '../format.js';
import { chainRows } from '../chain_rows.js';
import { ParamsText } from './JobLink.js';

function PhaseRow({ phase, chain, job, span }) {
  const state = job?.state ?? phase.state;
  const done = job?.progress?.percentage ?? phase.percentage;
  const reason = job?.wait_reason ?? job?.state_reason;
  return html`<tr class="phase-row" data-phase-of=${chain.id} data-phase=${phase.n} data-job=${phase.job ?? undefined}>
    <td colspan=${span}>
      <div class="phase-line">
        <span class="phase-label">phase ${phase.n}/${chain.phases.length}: <b>${phase.type}</b></span>
        ${phase.job ? html`<a href=${`#/jobs/${phase.job}`} class="num">#${phase.job}</a>` : ''}
        <span class=${`state state-${state}`}>${state}</span>
        ${state === 'pending' ? '' : html`<span class="num">${percent(done ?? 0)}</span>`}
        <${ParamsText} params=${job?.params ?? phase.params} type=${phase.type} />
        ${reason && html`<span class="hint clip">${withReadableTimes(reason)}</span>`}
      </div>
    </td>
  </tr>`;
}

// `listed`: ids of every job shown on the page (phases of these chains nest).
export function JobTable({ jobs, now, columns, listed, jobsById }) {
  const rows = chainRows(jobs, listed ?? new Set(jobs.map((job) => job.id)), jobsById);
  return html`
    <div class="table-scroll">
      <table class="jobs">
        <thead><tr>${columns.map((c) => html`<th class=${c.className}>${c.head}</th>`)}</tr></thead>
        <tbody>${rows.map((row) => (row.phase
          ? html`<${PhaseRow} key=${`${row.chain.id}.${row.phase.n}`} ...${row} span=${columns.length} />`
          : html`
          <tr key=${row.job.id} data-job=${row.job.id} class=${Array.isArray(row.job.phases) ? 'chain-row' : undefined}>
            ${columns.map((c) => html`<td class=${c.className} title=${c.title?.(row.job, now)}>${c.cell(row.job, now)}</td>`)}
          </tr>`))}</tbody>
      </table>
    </div>
  `;
}
