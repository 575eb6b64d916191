// The optional fields of a submit beside the key: queue, priority, delay or
// time, dependencies and force (submit_options.js), folded away until wanted.
import { html } from '../html.js';

const FIELDS = [
  ['queue', 'Queue', 'text', null],
  ['priority', 'Priority', 'number', 'higher runs first; default 0'],
  ['delay', 'Wait before start', 'text', 'e.g. 10m, 2h: start no sooner than that from now'],
  ['at', 'Start at', 'datetime-local', 'or start no sooner than this time'],
  ['after', 'After jobs', 'text', 'job ids, e.g. 12, 13: start once they completed'],
];

export function SubmitOptions({ type, options, errors, onChange }) {
  const set = (name, value) => onChange({ ...options, [name]: value });
  const hint = (name, text) => (name === 'queue' ? `default: ${type.queue}` : text);
  return html`<details class="submit-options" open=${Object.keys(errors).length > 0 || undefined}>
    <summary>Options <span class="hint">queue, priority, delay or time, after, force</span></summary>
    <div class="options-grid">
      ${FIELDS.map(([name, label, inputType, text]) => html`<div class=${`field${errors[name] ? ' invalid' : ''}`} key=${name} data-field=${`option-${name}`}>
        <label for=${`submit-${name}`}>${label}</label>
        <input id=${`submit-${name}`} type=${inputType} value=${options[name]} placeholder=${name === 'queue' ? type.queue : ''}
          aria-describedby=${`submit-${name}-hint`} onInput=${(event) => set(name, event.currentTarget.value)} />
        <small id=${`submit-${name}-hint`} class="hint">${hint(name, text)}</small>
        ${errors[name] && html`<small class="error-text field-error" role="alert">${errors[name]}</small>`}
      </div>`)}
      <div class="field field-boolean" data-field="option-force">
        <input id="submit-force" type="checkbox" checked=${options.force} onChange=${(event) => set('force', event.currentTarget.checked)} />
        <label for="submit-force">Force</label>
        <small class="hint">run even when a cached result or a resumable job exists</small>
      </div>
    </div>
  </details>`;
}
