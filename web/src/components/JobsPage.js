// Jobs: what runs, waits, is paused or interrupted, and what finished.
import { html } from '../html.js';
import { isInterrupted, useActiveJobs } from '../active_jobs.js';
import { useTick, useTypes } from '../types.js';
import { HistorySection } from './HistorySection.js';
import { InterruptedJobs, PausedJobs, QueuedJobs, RunningJobs } from './JobSections.js';

const newestFirst = (a, b) => b.id - a.id;
const oldestFirst = (a, b) => a.id - b.id;

export function JobsPage() {
  const { jobs, error } = useActiveJobs();
  const { types } = useTypes();
  const now = useTick(10000);
  const inState = (state) => jobs.filter((job) => job.state === state);
  return html`
    <div class="page">
      <h1>Jobs</h1>
      ${error && html`<p class="error-text" role="alert">${error}</p>`}
      <${RunningJobs} jobs=${inState('running').sort(oldestFirst)} now=${now} />
      <${QueuedJobs} jobs=${inState('queued').sort(oldestFirst)} now=${now} />
      <${PausedJobs} jobs=${inState('paused').sort(newestFirst)} now=${now} />
      <${InterruptedJobs} jobs=${jobs.filter(isInterrupted).sort(newestFirst)} now=${now} />
      <${HistorySection} types=${types} now=${now} />
    </div>
  `;
}
