// The jobs the Jobs page lists above History: running, queued, paused and
// resumable ones, kept current from /api/events. The server's job JSON is
// the model; an event carries the whole job, so it simply replaces ours.
import { api } from './api.js';
import { useLoad } from './load.js';
import { useJobEvents } from './events.js';

const ACTIVE_STATES = ['running', 'queued', 'paused', 'interrupted'];

// Failed or cancelled, but with a checkpoint to resume from.
export function isResumableEnd(job) {
  return job.resumable && (job.state === 'failed' || job.state === 'cancelled');
}

export function isInterrupted(job) {
  return job.state === 'interrupted' || isResumableEnd(job);
}

function isListedActive(job) {
  return ACTIVE_STATES.includes(job.state) || isInterrupted(job);
}

async function fetchActive() {
  const [active, resumable] = await Promise.all([
    api.get(`/api/jobs?state=${ACTIVE_STATES.join(',')}&limit=1000`),
    api.get('/api/interrupted'),
  ]);
  const jobs = new Map();
  for (const job of [...active.jobs, ...resumable.jobs]) jobs.set(job.id, job);
  return jobs;
}

export function useActiveJobs() {
  const { data: jobs, error, load, update } = useLoad(fetchActive, [], new Map());
  useJobEvents((event) => {
    if (event.kind === 'reset') return load();
    update((current) => {
      const next = new Map(current);
      if (event.kind === 'removed') next.delete(event.id);
      else if (isListedActive(event.job)) next.set(event.job.id, event.job);
      else next.delete(event.job.id);
      return next;
    });
  });
  return { jobs: [...jobs.values()], error };
}
