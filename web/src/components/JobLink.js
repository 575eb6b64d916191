import { html } from '../html.js';
import { paramsLine } from '../format.js';

export function JobLink({ job }) {
  return html`<a href=${`#/jobs/${job.id}`} class="num">#${job.id}</a>`;
}

// Params on one line, cut by CSS; the full text is in the tooltip.
export function ParamsText({ params }) {
  const text = paramsLine(params);
  return html`<span class="params" title=${text}>${text}</span>`;
}
