// Jobs: a summary, then what failed, runs, waits, is paused or interrupted,
// and what finished.
import { useMemo } from 'preact/hooks';
import { html } from '../html.js';
import { isInterrupted, useActiveJobs } from '../active_jobs.js';
import { useFailedJobs } from '../failed_jobs.js';
import { useTick, useTypes } from '../types.js';
import { HistorySection } from './HistorySection.js';
import { SummaryStrip } from './SummaryStrip.js';
import { FinishedChart } from './FinishedChart.js';
import { FailedJobs, InterruptedJobs, PausedJobs, QueuedJobs, RunningJobs } from './JobSections.js';

const newestFirst = (a, b) => b.id - a.id;
const oldestFirst = (a, b) => a.id - b.id;

export function JobsPage({ stats }) {
  const { jobs, queued, error } = useActiveJobs();
  const failed = useFailedJobs();
  const { types } = useTypes();
  const now = useTick(10000);
  const jobsById = useMemo(() => new Map(jobs.map((job) => [job.id, job])), [jobs]);
  const listed = useMemo(() => new Set([...jobsById.keys(), ...failed.jobs.map((job) => job.id)]),
    [jobsById, failed.jobs]);
  const inState = (state) => jobs.filter((job) => job.state === state && !isInterrupted(job));
  const shared = { now, listed, jobsById };
  return html`
    <div class="page">
      <h1>Jobs</h1>
      <div class="overview">
        <${SummaryStrip} stats=${stats} />
        <${FinishedChart} minutes=${stats?.per_minute} />
      </div>
      ${[error, failed.error].filter(Boolean).map((text) => html`<p class="error-text" role="alert">${text}</p>`)}
      <${FailedJobs} jobs=${failed.jobs} ...${shared} />
      <${RunningJobs} jobs=${inState('running').sort(oldestFirst)} ...${shared} />
      <${QueuedJobs} queued=${queued} ...${shared} />
      <${PausedJobs} jobs=${inState('paused').sort(newestFirst)} ...${shared} />
      <${InterruptedJobs} jobs=${jobs.filter(isInterrupted).sort(newestFirst)} ...${shared} />
      <${HistorySection} types=${types} now=${now} />
    </div>
  `;
}
