// Job builder: click types to add phases, set their params and weights,
// reorder, validate on the server, run the chain or save it as a template.
import { html } from '../html.js';
import { useTypes, useTypesByName } from '../types.js';
import { useBuilder } from '../chain_builder.js';
import { PhaseList } from './PhaseList.js';
import { TemplateBar } from './TemplateBar.js';

function Palette({ types, onAdd }) {
  const categories = [...new Set(types.map((type) => type.category || 'other'))];
  return html`<aside class="palette panel" aria-labelledby="palette-title">
    <h2 id="palette-title">Add a phase</h2>
    ${categories.map((category) => html`<div class="palette-group" key=${category}>
      <h3>${category}</h3>
      ${types.filter((type) => (type.category || 'other') === category).map((type) => html`
        <button type="button" class="palette-type" data-type=${type.name} onClick=${() => onAdd(type)}>
          + ${type.label}</button>`)}
    </div>`)}
  </aside>`;
}

// Every error of the chain, each phase's linked to it: a click opens the
// phase and brings it into view.
function ErrorList({ phases, findings, typesByName, onOpen }) {
  const items = [];
  phases.forEach((phase, index) => {
    const entry = findings.byKey[phase.key];
    if (!entry) return;
    const label = `phase ${index + 1} (${typesByName[phase.type]?.label ?? phase.type})`;
    const messages = [...Object.values(entry.byField), ...entry.messages.filter((m) => m.kind === 'error').map((m) => m.message)];
    for (const message of messages) items.push({ phase, label, message });
  });
  if (!items.length) return null;
  const go = (phase) => {
    onOpen(phase.key);
    document.querySelector(`[data-phase-key="${phase.key}"]`)?.scrollIntoView({ block: 'center' });
  };
  return html`<ul class="chain-errors">${items.map(({ phase, label, message }, index) => html`<li key=${index}>
    <a href=${`#/builder`} data-error-phase=${phase.key} onClick=${(event) => { event.preventDefault(); go(phase); }}>${label}</a>: ${message}
  </li>`)}</ul>`;
}

export function BuilderPage() {
  const { types, error } = useTypes();
  const typesByName = useTypesByName();
  const builder = useBuilder(typesByName);
  if (error) return html`<div class="page"><h1>Job builder</h1><p class="error-text" role="alert">${error}</p></div>`;
  if (!types) return html`<div class="page"><h1>Job builder</h1><p class="loading">Loading types…</p></div>`;
  const { findings, validity } = builder;
  return html`<div class="page builder">
    <h1>Job builder</h1>
    <div class="builder-grid">
      <${Palette} types=${types} onAdd=${builder.add} />
      <section class="panel chain" aria-labelledby="chain-title">
        <h2 id="chain-title">Chain</h2>
        <div class="field"><label for="chain-name">Name</label>
          <input id="chain-name" type="text" value=${builder.name} placeholder="regenerate-source"
            onInput=${(event) => builder.setName(event.currentTarget.value)} /></div>
        ${builder.phases.length === 0 && html`<p class="empty">Click a type on the left to add it as a phase.</p>`}
        <${PhaseList} phases=${builder.phases} typesByName=${typesByName} findings=${findings.byKey}
          onChange=${builder.change} onMove=${builder.move} onRemove=${builder.remove} />
        <ul class="findings" role="alert">${findings.general.map(({ kind, message }) => html`
          <li class=${kind === 'error' ? 'error-text' : 'warning-text'}>${message}</li>`)}</ul>
        <p class="validity" role="status">${validity === null ? '' : validity ? 'Valid chain.' : 'The chain has errors.'}</p>
        ${validity === false && html`<${ErrorList} phases=${builder.phases} findings=${findings} typesByName=${typesByName} onOpen=${builder.open} />`}
        <div class="actions">
          <button type="button" disabled=${builder.busy || !builder.phases.length} onClick=${builder.validate}>Validate</button>
          <button type="button" class="primary" disabled=${builder.busy || validity !== true}
            title=${validity === true ? '' : 'Run is enabled once the chain is valid'} onClick=${builder.run}>Run</button>
        </div>
        <${TemplateBar} name=${builder.name} buildChain=${builder.build} onLoad=${builder.load} />
      </section>
    </div>
  </div>`;
}
