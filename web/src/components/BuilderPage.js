import { html } from '../html.js';

export function BuilderPage() {
  return html`<div class="page"><h1>Coming soon</h1></div>`;
}
