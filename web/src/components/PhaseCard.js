// One phase of the builder's chain: drag handle, weight, move/remove
// buttons, its findings, and its params: a one-line summary while
// collapsed, the form when expanded. A phase with errors is marked either way.
import { html } from '../html.js';
import { paramsFrom } from '../schema_values.js';
import { paramsSummary } from '../params_summary.js';
import { SchemaForm } from './SchemaForm.js';

function Findings({ messages }) {
  if (!messages?.length) return null;
  return html`<ul class="findings">${messages.map(({ kind, message }) => html`
    <li class=${kind === 'error' ? 'error-text' : 'warning-text'} data-kind=${kind}>
      ${kind === 'error' ? 'Error: ' : 'Warning: '}${message}</li>`)}</ul>`;
}

export function PhaseCard({ phase, index, count, type, findings, onChange, onMove, onRemove }) {
  const label = type?.label ?? phase.type;
  const set = (change) => onChange({ ...phase, ...change });
  const weightId = `phase-${phase.key}-weight`;
  const hasError = findings?.messages?.some((finding) => finding.kind === 'error')
    || Object.keys(findings?.byField ?? {}).length > 0;
  const summary = paramsSummary(paramsFrom(type?.params, phase.values).params, type);
  return html`
    <li class=${`phase${hasError ? ' invalid' : ''}`} data-phase-type=${phase.type} data-phase-key=${phase.key}>
      <div class="phase-head">
        <span class="drag-handle" title="Drag to reorder" aria-hidden="true">⠿</span>
        <span class="phase-number num">${index + 1}.</span>
        <span class="phase-type">${label} <span class="hint">${phase.type}</span>
          ${hasError && html` <span class="phase-bad" title="This phase has errors">has errors</span>`}</span>
        <label for=${weightId} class="phase-weight">Weight
          <input id=${weightId} type="number" min="0" step="any" value=${phase.weight}
            onInput=${(event) => set({ weight: event.currentTarget.value })} /></label>
        <button type="button" aria-expanded=${phase.open ? 'true' : 'false'} onClick=${() => set({ open: !phase.open })}>
          ${phase.open ? 'Hide params' : 'Params'}</button>
        <button type="button" aria-label=${`Move ${label} up`} disabled=${index === 0} onClick=${() => onMove(index, index - 1)}>↑</button>
        <button type="button" aria-label=${`Move ${label} down`} disabled=${index === count - 1} onClick=${() => onMove(index, index + 1)}>↓</button>
        <button type="button" aria-label=${`Remove ${label}`} onClick=${onRemove}>✕</button>
      </div>
      ${!phase.open && html`<p class="phase-summary params" title=${summary}>${summary || 'default params'}</p>`}
      <${Findings} messages=${findings?.messages} />
      ${phase.open && html`<div class="phase-params">
        <${SchemaForm} schema=${type?.params} order=${type?.param_order} values=${phase.values} errors=${findings?.byField ?? {}}
          idPrefix=${`phase-${phase.key}`} onChange=${(values) => set({ values })} />
      </div>`}
    </li>
  `;
}
