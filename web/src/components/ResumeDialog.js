// Asked when a submit finds a resumable job for the same key (409 with
// details.resumable_job): resume it, start fresh, or do nothing.
import { useEffect, useRef } from 'preact/hooks';
import { html } from '../html.js';
import { ago, percent } from '../format.js';

export function ResumeDialog({ details, onResume, onFresh, onCancel }) {
  const dialog = useRef(null);
  useEffect(() => {
    dialog.current?.showModal();
  }, []);
  const done = percent(details.percentage) || 'some';
  const saved = details.checkpoint_saved_at ? ago(details.checkpoint_saved_at) : 'earlier';
  return html`
    <dialog ref=${dialog} class="resume-dialog" aria-labelledby="resume-title"
      onCancel=${(event) => { event.preventDefault(); onCancel(); }}>
      <h2 id="resume-title">This work was started before</h2>
      <p>Job <a href=${`#/jobs/${details.resumable_job}`}>#${details.resumable_job}</a> for the same key
        stopped at ${done}, with a checkpoint saved ${saved}.</p>
      <div class="actions">
        <button type="button" class="primary" onClick=${onResume}>Resume (${done}, ${saved})</button>
        <button type="button" onClick=${onFresh}>Start fresh</button>
        <button type="button" onClick=${onCancel}>Cancel</button>
      </div>
    </dialog>
  `;
}
