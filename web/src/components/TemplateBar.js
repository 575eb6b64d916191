// Saved chains (GET|PUT|DELETE /api/templates/{name}): save the current
// chain under its name, load or delete one.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api } from '../api.js';
import { useLoad } from '../load.js';

function useTemplates() {
  const fetchTemplates = () => api.get('/api/templates').then((answer) => answer.templates ?? []);
  const { data: templates, error, load, setError } = useLoad(fetchTemplates, [], []);
  return { templates, error, load, setError };
}

export function TemplateBar({ name, buildChain, onLoad }) {
  const { templates, error, load, setError } = useTemplates();
  const [chosen, setChosen] = useState('');
  const [status, setStatus] = useState(null);
  const path = (template) => `/api/templates/${encodeURIComponent(template)}`;
  const act = async (work, done) => {
    try {
      await work();
      setError(null);
      setStatus(done);
      load();
    } catch (failure) {
      setStatus(null);
      setError(failure.message);
    }
  };
  const save = () => {
    if (!name) return setError('Give the chain a name to save it as a template.');
    const chain = buildChain();
    if (chain) act(() => api.put(path(name), chain), `Saved template “${name}”.`);
  };
  const loadChosen = () => act(async () => {
    const answer = await api.get(path(chosen));
    onLoad(answer.chain ?? answer, chosen);
  }, `Loaded template “${chosen}”.`);
  const remove = () => act(() => api.delete(path(chosen)), `Deleted template “${chosen}”.`).then(() => setChosen(''));
  return html`
    <div class="template-bar">
      <button type="button" onClick=${save}>Save as template</button>
      <label for="template-choice">Template</label>
      <select id="template-choice" value=${chosen} onChange=${(event) => setChosen(event.currentTarget.value)}>
        <option value="">choose…</option>
        ${templates.map((template) => html`<option value=${template.name}>${template.name}</option>`)}
      </select>
      <button type="button" disabled=${!chosen} onClick=${loadChosen}>Load</button>
      <button type="button" disabled=${!chosen} onClick=${remove}>Delete</button>
      <span role="status" class="hint">${status ?? ''}</span>
      ${error && html`<span class="error-text" role="alert">${error}</span>`}
    </div>
  `;
}
