// Submit one job of a type, with a form made from the type's schema: its
// fields in drover.toml's order, every problem shown at once beside its
// field, the optional parts of a submit, and the same submit as a command.
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { api, jobAction } from '../api.js';
import { navigate } from '../router.js';
import { useTypes } from '../types.js';
import { checkValues, formValues, problemsByField, properties } from '../schema_values.js';
import { NO_OPTIONS, commandLine, submitBody } from '../submit_options.js';
import { SchemaForm } from './SchemaForm.js';
import { SubmitOptions } from './SubmitOptions.js';
import { ResumeDialog } from './ResumeDialog.js';

// No type is chosen for the person: the first one could be destructive.
function TypePicker({ types, current }) {
  return html`<label class="type-picker">Type
    <select value=${current ?? ''} onChange=${(event) => navigate(`/submit/${encodeURIComponent(event.currentTarget.value)}`)}>
      <option value="" disabled>choose a type…</option>
      ${types.map((type) => html`<option value=${type.name}>${type.label} (${type.name})</option>`)}
    </select>
  </label>`;
}

const NO_ERRORS = { byField: {}, general: [], options: {} };

// The params of the command line, in declaration order; those equal to
// their default are left out: the daemon fills them in the same way.
function commandParams(type, params) {
  const differs = (spec, value) => !Object.hasOwn(spec, 'default') || JSON.stringify(spec.default) !== JSON.stringify(value);
  return Object.fromEntries(properties(type.params, type.param_order)
    .filter(([name, spec]) => Object.hasOwn(params, name) && differs(spec, params[name]))
    .map(([name]) => [name, params[name]]));
}

function useSubmission(type) {
  const [values, setValues] = useState(() => formValues(type.params));
  const [options, setOptions] = useState(NO_OPTIONS);
  const [errors, setErrors] = useState(NO_ERRORS);
  const [conflict, setConflict] = useState(null);
  const [notice, setNotice] = useState(null);
  const [busy, setBusy] = useState(false);
  const checked = checkValues(type.params, values);
  const request = submitBody(type, checked.params, options);
  const command = commandLine({ ...request.body, params: commandParams(type, checked.params) });

  const send = async (force) => {
    if (Object.keys(checked.errors).length || Object.keys(request.errors).length) {
      return setErrors({ byField: checked.errors, general: [], options: request.errors });
    }
    setBusy(true);
    setErrors(NO_ERRORS);
    try {
      const job = await api.post('/api/jobs', { ...request.body, force: force || request.body.force || undefined });
      if (job.deduplicated || job.cached_from) {
        setNotice({ job, text: job.deduplicated ? 'The same job was already submitted' : `Answered from the cache of job #${job.cached_from}` });
      } else {
        navigate(`/jobs/${job.id}`);
      }
    } catch (error) {
      if (error.status === 409 && error.details?.resumable_job) setConflict(error.details);
      else setErrors({ ...problemsByField(error.message, type.params), options: {} });
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
      setErrors({ ...NO_ERRORS, general: [error.message] });
    }
  };
  return { values, setValues, options, setOptions, errors, conflict, setConflict, notice, busy, send, resume,
    command, params: checked.params };
}

function SubmitForm({ type }) {
  const submission = useSubmission(type);
  const { values, setValues, options, errors, conflict, notice, busy } = submission;
  return html`
    <form class="panel submit-form" noValidate onSubmit=${(event) => { event.preventDefault(); submission.send(false); }}>
      <h2>${type.label}</h2>
      <p class="hint">${type.name} · queue ${type.queue}${type.resources?.length ? ` · uses ${type.resources.join(', ')}` : ''}</p>
      <${SchemaForm} schema=${type.params} order=${type.param_order} values=${values} errors=${errors.byField} onChange=${setValues} />
      <div class="field">
        <label for="submit-key">Key <span class="hint">(optional)</span></label>
        <input id="submit-key" type="text" value=${options.key} aria-describedby="submit-key-hint"
          onInput=${(event) => submission.setOptions({ ...options, key: event.currentTarget.value })} />
        <small id="submit-key-hint" class="hint">Jobs with the same key are deduplicated; by default the type decides.</small>
      </div>
      <${SubmitOptions} type=${type} options=${options} errors=${errors.options} onChange=${submission.setOptions} />
      ${errors.general.length > 0 && html`<div class="form-errors" role="alert">${errors.general.map((text) => html`<p class="error-text">${text}</p>`)}</div>`}
      ${notice && html`<p class="notice" role="status">${notice.text}: <a href=${`#/jobs/${notice.job.id}`}>job #${notice.job.id}</a></p>`}
      <div class="actions"><button type="submit" class="primary" disabled=${busy}>Submit</button></div>
      <div class="command-line"><span class="hint">The same from a terminal:</span>
        <code class="cli-line">${submission.command}</code></div>
      ${conflict && html`<${ResumeDialog} details=${conflict} entered=${submission.params} type=${type}
        onResume=${submission.resume}
        onFresh=${() => { submission.setConflict(null); submission.send(true); }}
        onCancel=${() => submission.setConflict(null)} />`}
    </form>
  `;
}

function TypeChoices({ types }) {
  return html`<ul class="type-choices">${types.map((type) => html`<li key=${type.name}>
    <a href=${`#/submit/${encodeURIComponent(type.name)}`}>${type.label}</a>
    <span class="hint">${type.name}${type.category ? ` · ${type.category}` : ''}</span></li>`)}</ul>`;
}

export function SubmitPage({ type: typeName }) {
  const { types, error } = useTypes();
  if (error) return html`<div class="page"><h1>Submit a job</h1><p class="error-text" role="alert">${error}</p></div>`;
  if (!types) return html`<div class="page"><h1>Submit a job</h1><p class="loading">Loading types…</p></div>`;
  const type = types.find((candidate) => candidate.name === typeName);
  return html`
    <div class="page">
      <h1>Submit a job</h1>
      <${TypePicker} types=${types} current=${typeName} />
      ${type ? html`<${SubmitForm} key=${type.name} type=${type} />`
        : typeName ? html`<p class="error-text">No type named ${typeName}.</p>` : html`<${TypeChoices} types=${types} />`}
    </div>
  `;
}
