// Fields for a type's params, built from its JSON Schema: required marks,
// enums as selects, numbers, checkboxes, one-per-line arrays, JSON objects;
// each with its description and its error underneath.
import { html } from '../html.js';
import { properties } from '../schema_values.js';

function Input({ id, spec, value, required, describedBy, onValue }) {
  const common = { id, name: id, required, 'aria-describedby': describedBy || undefined };
  if (Array.isArray(spec.enum)) {
    return html`<select ...${common} value=${value} onChange=${(event) => onValue(event.currentTarget.value)}>
      ${!required && html`<option value="">(default)</option>`}
      ${spec.enum.map((option) => html`<option value=${String(option)}>${String(option)}</option>`)}
    </select>`;
  }
  switch (spec.type) {
    case 'boolean':
      return html`<input type="checkbox" ...${common} required=${false} checked=${value} onChange=${(event) => onValue(event.currentTarget.checked)} />`;
    case 'integer':
    case 'number':
      return html`<input type="number" ...${common} inputmode=${spec.type === 'integer' ? 'numeric' : 'decimal'}
        step=${spec.type === 'integer' ? '1' : 'any'} min=${spec.minimum} max=${spec.maximum}
        value=${value} onInput=${(event) => onValue(event.currentTarget.value)} />`;
    case 'array':
    case 'object':
      return html`<textarea ...${common} class="mono" value=${value} onInput=${(event) => onValue(event.currentTarget.value)}></textarea>`;
    default:
      return html`<input type="text" ...${common} value=${value} onInput=${(event) => onValue(event.currentTarget.value)} />`;
  }
}

function hintFor(spec) {
  const parts = [];
  if (spec.description) parts.push(spec.description);
  if (spec.type === 'array') parts.push('one per line');
  if (spec.type === 'object') parts.push('JSON');
  const { minimum, maximum } = spec;
  if (minimum !== undefined && maximum !== undefined) parts.push(`${minimum} to ${maximum}`);
  else if (minimum !== undefined) parts.push(`at least ${minimum}`);
  else if (maximum !== undefined) parts.push(`at most ${maximum}`);
  return parts.join(' · ');
}

// `idPrefix` keeps ids unique when several forms share a page (the builder);
// `order` is the type's param_order: fields come as drover.toml declares them.
export function SchemaForm({ schema, order, values, errors = {}, onChange, idPrefix = 'param' }) {
  const required = new Set(schema?.required ?? []);
  const fields = properties(schema, order);
  if (fields.length === 0) return html`<p class="empty">This type takes no params.</p>`;
  return html`<div class="schema-form">
    ${fields.map(([name, spec]) => {
      const id = `${idPrefix}-${name}`;
      const hint = hintFor(spec);
      const error = errors[name];
      const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(' ');
      return html`<div class=${`field field-${spec.type}${error ? ' invalid' : ''}`} key=${name} data-field=${name}>
        <label for=${id}>${name}${required.has(name) && html`<span class="required" aria-hidden="true"> *</span>`}</label>
        <${Input} id=${id} spec=${spec} value=${values[name]} required=${required.has(name)}
          describedBy=${describedBy} onValue=${(value) => onChange({ ...values, [name]: value })} />
        ${hint && html`<small id=${`${id}-hint`} class="hint">${hint}</small>`}
        ${error && html`<small id=${`${id}-error`} class="error-text field-error" role="alert">${error}</small>`}
      </div>`;
    })}
  </div>`;
}
