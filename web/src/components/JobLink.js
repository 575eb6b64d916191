import { html } from '../html.js';
import { paramsSummary } from '../params_summary.js';
import { useTypesByName } from '../types.js';

export function JobLink({ job }) {
  return html`<a href=${`#/jobs/${job.id}`} class="num">#${job.id}</a>`;
}

// What tells the job apart (params_summary.js) on one line, cut by CSS; the
// full text is in the tooltip. A chain shows its name and phase count.
export function ParamsText({ params, type, phases }) {
  const typesByName = useTypesByName();
  const text = Array.isArray(phases)
    ? `${params?.name ? `${params.name} · ` : ''}${phases.length} phases`
    : paramsSummary(params, typesByName[type] ?? { name: type });
  return html`<span class="params" title=${text}>${text}</span>`;
}
