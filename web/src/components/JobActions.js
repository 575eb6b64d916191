// The actions a job's state allows, as buttons (DESIGN.md, States).
import { useState } from 'preact/hooks';
import { html } from '../html.js';
import { jobAction, removeJob } from '../api.js';
import { isResumableEnd } from '../active_jobs.js';
import { ConfirmButton } from './ConfirmButton.js';

const ACTIONS_BY_STATE = {
  queued: ['cancel', 'remove'],
  running: ['pause', 'cancel', 'kill'],
  paused: ['resume', 'cancel', 'remove'],
  interrupted: ['resume', 'retry', 'remove'],
  failed: ['retry', 'remove'],
  cancelled: ['retry', 'remove'],
  completed: ['retry', 'remove'],
};

const LABELS = {
  cancel: 'Cancel',
  kill: 'Kill',
  pause: 'Pause',
  resume: 'Resume',
  retry: 'Retry',
  remove: 'Remove',
};

// Actions that lose work ask for a second press.
const DESTRUCTIVE = new Set(['kill', 'remove']);

function actionsFor(job) {
  const actions = ACTIONS_BY_STATE[job.state] ?? [];
  return isResumableEnd(job) ? ['resume', ...actions] : actions;
}

// `only` limits the buttons (e.g. Resume / Discard in the Interrupted list);
// `labels` renames them there.
export function JobActions({ job, only, labels = {}, onDone }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const actions = actionsFor(job).filter((action) => !only || only.includes(action));
  const run = async (action) => {
    setBusy(true);
    setError(null);
    try {
      const answer = action === 'remove' ? await removeJob(job.id) : await jobAction(job.id, action);
      onDone?.(action, answer);
    } catch (failure) {
      setError(failure.message);
    } finally {
      setBusy(false);
    }
  };
  return html`
    <div class="actions">
      ${actions.map((action) => {
        const label = labels[action] ?? LABELS[action];
        return DESTRUCTIVE.has(action)
          ? html`<${ConfirmButton} key=${action} label=${label} disabled=${busy} onConfirm=${() => run(action)} />`
          : html`<button key=${action} type="button" disabled=${busy} onClick=${() => run(action)}>${label}</button>`;
      })}
      ${error && html`<span class="error-text" role="alert">${error}</span>`}
    </div>
  `;
}
