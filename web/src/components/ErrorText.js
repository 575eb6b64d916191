// A finished job's error: its last stderr lines when it failed, then what
// the daemon says (e.g. "exit code 3") as a hint.
import { html } from '../html.js';
import { useErrorTail } from '../error_tail.js';

// `block`: every tail line (the job page); else the last line, cut by CSS.
export function ErrorText({ job, block = false }) {
  const tail = useErrorTail(job);
  const reason = job.error ?? '';
  if (!tail.length) return html`<span class="clip error-text" title=${reason}>${reason}</span>`;
  const all = [...tail, reason].filter(Boolean).join('\n');
  if (block) {
    return html`<div class="error-tail"><pre class="error-text">${tail.join('\n')}</pre>
      ${reason && html`<span class="hint">${reason}</span>`}</div>`;
  }
  return html`<span class="clip error-text stderr-tail" title=${all}>${tail[tail.length - 1]}
    ${reason && html` <span class="hint">· ${reason}</span>`}</span>`;
}
