import { html } from '../html.js';

export function JobPage() {
  return html`<div class="page"><h1>Coming soon</h1></div>`;
}
