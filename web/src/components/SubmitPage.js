// Submit one job of a type, with a form made from the type's schema.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, jobAction } from '../api.js';
import { navigate } from '../router.js';
import { useTypes } from '../types.js';
import { formValues, paramsFrom, problemsByField } from '../schema_values.js';
import { SchemaForm } from './SchemaForm.js';
import { ResumeDialog } from './ResumeDialog.js';

function TypePicker({ types, current }) {
  return html`<label class="type-picker">Type
    <select value=${current ?? ''} onChange=${(event) => navigate(`/submit/${encodeURIComponent(event.currentTarget.value)}`)}>
      <option value="" disabled>choose a type…</option>
      ${types.map((type) => html`<option value=${type.name}>${type.label} (${type.name})</option>`)}
    </select>
  </label>`;
}

function useSubmission(type) {
  const [values, setValues] = useState(() => formValues(type.params));
  const [key, setKey] = useState('');
  const [errors, setErrors] = useState({ byField: {}, general: [] });
  const [conflict, setConflict] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);

  const send = async (force) => {
    const { params, errors: local } = paramsFrom(type.params, values);
    if (Object.keys(local).length) return setErrors({ byField: local, general: [] });
    setBusy(true);
    setErrors({ byField: {}, general: [] });
    try {
      const job = await api.post('/api/jobs', { type: type.name, params, key: key || undefined, force: force || undefined });
      if (job.deduplicated || job.cached_from) {
        setNotice({ job, text: job.deduplicated ? 'The same job was already submitted' : `Answered from the cache of job #${job.cached_from}` });
      } else {
        navigate(`/jobs/${job.id}`);
      }
    } catch (error) {
      if (error.status === 409 && error.details?.resumable_job) setConflict(error.details);
      else setErrors(problemsByField(error.message, type.params));
    } finally {
      setBusy(false);
    }
  };
  const resume = async () => {
    const id = conflict.resumable_job;
    setConflict(null);
    try {
      await jobAction(id, 'resume');
      navigate(`/jobs/${id}`);
    } catch (error) {
      setErrors({ byField: {}, general: [error.message] });
    }
  };
  return { values, setValues, key, setKey, errors, conflict, setConflict, notice, busy, send, resume };
}

function SubmitForm({ type }) {
  const submission = useSubmission(type);
  const { values, setValues, key, setKey, errors, conflict, notice, busy } = submission;
  return html`
    <form class="panel submit-form" noValidate=${false} onSubmit=${(event) => { event.preventDefault(); submission.send(false); }}>
      <h2>${type.label}</h2>
      <p class="hint">${type.name} · queue ${type.queue}${type.resources?.length ? ` · uses ${type.resources.join(', ')}` : ''}</p>
      <${SchemaForm} schema=${type.params} values=${values} errors=${errors.byField} onChange=${setValues} />
      <div class="field">
        <label for="submit-key">Key <span class="hint">(optional)</span></label>
        <input id="submit-key" type="text" value=${key} onInput=${(event) => setKey(event.currentTarget.value)} aria-describedby="submit-key-hint" />
        <small id="submit-key-hint" class="hint">Jobs with the same key are deduplicated; by default the type decides.</small>
      </div>
      ${errors.general.length > 0 && html`<div class="form-errors" role="alert">${errors.general.map((text) => html`<p class="error-text">${text}</p>`)}</div>`}
      ${notice && html`<p class="notice" role="status">${notice.text}: <a href=${`#/jobs/${notice.job.id}`}>job #${notice.job.id}</a></p>`}
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>Submit</button></div>
      ${conflict && html`<${ResumeDialog} details=${conflict} onResume=${submission.resume}
        onFresh=${() => { submission.setConflict(null); submission.send(true); }}
        onCancel=${() => submission.setConflict(null)} />`}
    </form>
  `;
}

export function SubmitPage({ type: typeName }) {
  const { types, error } = useTypes();
  useEffect(() => {
    if (types?.length && !typeName) navigate(`/submit/${encodeURIComponent(types[0].name)}`);
  }, [types, typeName]);
  if (error) return html`<div class="page"><h1>Submit a job</h1><p class="error-text" role="alert">${error}</p></div>`;
  if (!types) return html`<div class="page"><h1>Submit a job</h1><p class="loading">Loading types…</p></div>`;
  const type = types.find((candidate) => candidate.name === typeName);
  return html`
    <div class="page">
      <h1>Submit a job</h1>
      <${TypePicker} types=${types} current=${typeName} />
      ${type ? html`<${SubmitForm} key=${type.name} type=${type} />` : typeName && html`<p class="error-text">No type named ${typeName}.</p>`}
    </div>
  `;
}
