// The jobs that failed in the last 24 hours and are not resumable (those are
// listed as interrupted), newest first, kept current from /api/events.
import { api } from './api.js';
import { useLoad } from './load.js';
import { useJobEvents } from './events.js';

const DAY_MS = 24 * 3600 * 1000;
const LIMIT = 100;

const isRecentFailure = (job, now = Date.now()) =>
  job.state === 'failed' && !job.resumable && Date.parse(job.finished_at) >= now - DAY_MS;

const fetchFailed = () => api.get(`/api/jobs?state=failed&limit=${LIMIT}`)
  .then((page) => page.jobs.filter((job) => isRecentFailure(job)));

export function useFailedJobs() {
  const { data: jobs, error, load, update } = useLoad(fetchFailed, [], []);
  useJobEvents((event) => {
    if (event.kind === 'reset') return load();
    const id = event.kind === 'removed' ? event.id : event.job.id;
    update((current) => {
      const others = current.filter((job) => job.id !== id);
      if (event.kind !== 'job' || !isRecentFailure(event.job)) return others;
      return [event.job, ...others].sort((a, b) => b.id - a.id);
    });
  });
  return { jobs, error };
}
