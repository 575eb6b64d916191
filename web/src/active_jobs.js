// The jobs the Jobs page lists above History: running, queued, paused and
// resumable ones, kept current from /api/events. The server's job JSON is
// the model; an event carries the whole job, so it simply replaces ours.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { useJobEvents } from './events.js';

const ACTIVE_STATES = ['running', 'queued', 'paused', 'interrupted'];

export function isInterrupted(job) {
  return job.state === 'interrupted' ||
    (job.resumable && (job.state === 'failed' || job.state === 'cancelled'));
}

export function isListedActive(job) {
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
  const [jobs, setJobs] = useState(() => new Map());
  const [error, setError] = useState(null);
  const reload = useCallback(() => {
    fetchActive().then((fresh) => {
      setJobs(fresh);
      setError(null);
    }, (failure) => setError(failure.message));
  }, []);
  useEffect(reload, [reload]);
  useJobEvents((event) => {
    if (event.kind === 'reset') return reload();
    setJobs((current) => {
      const next = new Map(current);
      if (event.kind === 'removed') next.delete(event.id);
      else if (isListedActive(event.job)) next.set(event.job.id, event.job);
      else next.delete(event.job.id);
      return next;
    });
  });
  return { jobs: [...jobs.values()], error, reload };
}
