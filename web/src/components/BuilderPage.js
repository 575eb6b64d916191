// Job builder: click types to add phases, set their params and weights,
// reorder, validate on the server, run the chain or save it as a template.
import { useMemo, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { navigate } from '../router.js';
import { useTypes } from '../types.js';
import { chainFrom, findingsByPhase, movePhase, newPhase, phasesFromChain } from '../chain_draft.js';
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

function useBuilder(typesByName) {
  const [name, setName] = useState('');
  const [phases, setPhases] = useState([]);
  const [findings, setFindings] = useState({ byKey: {}, general: [] });
  const [validity, setValidity] = useState(null);
  const [busy, setBusy] = useState(false);
  // Findings describe the chain as it was; any edit makes them stale.
  const edit = (next) => {
    setPhases(next);
    setFindings({ byKey: {}, general: [] });
    setValidity(null);
  };
  const build = () => {
    const { chain, problems } = chainFrom(name, phases, typesByName);
    if (Object.keys(problems).length) {
      setFindings({ byKey: problems, general: [] });
      return null;
    }
    return chain;
  };
  const report = (answer) => {
    setFindings(findingsByPhase(answer, phases, typesByName));
    setValidity(answer.valid);
  };
  const send = async (work) => {
    const chain = build();
    if (!chain) return;
    setBusy(true);
    try {
      await work(chain);
    } catch (error) {
      if (error.details?.errors) report({ ...error.details, valid: false });
      else setFindings({ byKey: {}, general: [{ kind: 'error', message: error.message }] });
    } finally {
      setBusy(false);
    }
  };
  return {
    name, setName, phases, findings, validity, busy, build,
    add: (type) => edit([...phases, newPhase(type)]),
    change: (index, phase) => edit(phases.map((old, at) => (at === index ? phase : old))),
    move: (from, to) => edit(movePhase(phases, from, to)),
    remove: (index) => edit(phases.filter((_, at) => at !== index)),
    load: (chain, templateName) => {
      setName(chain.name ?? templateName);
      edit(phasesFromChain(chain, typesByName));
    },
    validate: () => send(async (chain) => report(await api.post('/api/chains/validate', chain))),
    run: () => send(async (chain) => navigate(`/jobs/${(await api.post('/api/chains', chain)).id}`)),
  };
}

export function BuilderPage() {
  const { types, error } = useTypes();
  const typesByName = useMemo(() => Object.fromEntries((types ?? []).map((type) => [type.name, type])), [types]);
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
        <div class="actions">
          <button type="button" disabled=${builder.busy || !builder.phases.length} onClick=${builder.validate}>Validate</button>
          <button type="button" class="primary" disabled=${builder.busy || !builder.phases.length} onClick=${builder.run}>Run</button>
        </div>
        <${TemplateBar} name=${builder.name} buildChain=${builder.build} onLoad=${builder.load} />
      </section>
    </div>
  </div>`;
}
