// The jobs the Jobs page lists above History, kept current from /api/events.
// Running, paused and resumable jobs are few: all of them are fetched and an
// event, which carries the whole job, simply replaces ours. Queued jobs may
// be a million: only a page of them is fetched (newest first, the order
// /api/jobs lists), with the total from /api/queues, and events about queued
// jobs refetch that page and the total at most once a second instead of
// growing the page.
import { useEffect, useState } from 'preact/hooks';
import { api, withQuery } from './api.js';
import { useLoad } from './load.js';
import { useJobEvents, useThrottled } from './events.js';

const LISTED_STATES = ['running', 'paused', 'interrupted'];
export const QUEUED_PAGE_SIZE = 100;
const QUEUED_REFRESH_MS = 1000;

// Failed or cancelled, but with a checkpoint to resume from.
export function isResumableEnd(job) {
  return job.resumable && (job.state === 'failed' || job.state === 'cancelled');
}

export function isInterrupted(job) {
  return job.state === 'interrupted' || isResumableEnd(job);
}

function isListed(job) {
  return LISTED_STATES.includes(job.state) || isInterrupted(job);
}

async function fetchListed() {
  const [listed, resumable] = await Promise.all([
    api.get(`/api/jobs?state=${LISTED_STATES.join(',')}&limit=1000`),
    api.get('/api/interrupted'),
  ]);
  const jobs = new Map();
  for (const job of [...listed.jobs, ...resumable.jobs]) jobs.set(job.id, job);
  return jobs;
}

// One page of queued jobs (older than `cursor`, newest first; `depth` pages
// before it) and how many are queued in all: the queues count them in
// memory, without a scan of the jobs table.
async function fetchQueued(cursor, depth) {
  const [page, { queues }] = await Promise.all([
    api.get(withQuery('/api/jobs', { state: 'queued', limit: QUEUED_PAGE_SIZE, cursor })),
    api.get('/api/queues'),
  ]);
  const total = queues.reduce((sum, queue) => sum + queue.queued, 0);
  return { cursor, depth, jobs: page.jobs, nextCursor: page.next_cursor, total };
}

// The page of queued jobs walked to: the cursors of the pages before it
// (the last is this page's; null is the first page).
function useQueuedPage() {
  const [cursors, setCursors] = useState([null]);
  const cursor = cursors[cursors.length - 1];
  const { data: page, error, load, update } = useLoad(() => fetchQueued(cursor, cursors.length - 1),
    [cursor], { cursor: null, depth: 0, jobs: [], nextCursor: null, total: 0 });
  // Every job of a later page started or went: back to the first page.
  useEffect(() => {
    if (cursor !== null && page.cursor === cursor && page.jobs.length === 0) setCursors([null]);
  }, [cursor, page]);
  // Counted from the page shown, which may not be the one asked for yet.
  const skipped = page.depth * QUEUED_PAGE_SIZE;
  const more = Math.max(0, page.total - skipped - page.jobs.length);
  return {
    page,
    error,
    load,
    update,
    first: skipped + 1,
    more,
    total: Math.max(page.total, skipped + page.jobs.length),
    // Only from the page asked for: a second click while it loads walks no further.
    older: page.cursor !== cursor || page.nextCursor === null || more === 0 ? null
      : () => setCursors([...cursors, page.nextCursor]),
    newer: cursors.length === 1 ? null : () => setCursors(cursors.slice(0, -1)),
  };
}

// A job event: does the page of queued jobs or their count change? A job we
// did not list may have just left the queue, so it counts too; progress of
// a listed running job does not.
function touchesQueue(job, listed, queuedPage) {
  return job.state === 'queued' || !listed.has(job.id) || queuedPage.jobs.some((known) => known.id === job.id);
}

export function useActiveJobs() {
  const listed = useLoad(fetchListed, [], new Map());
  const queued = useQueuedPage();
  const refetchQueued = useThrottled(queued.load, QUEUED_REFRESH_MS);
  useJobEvents((event) => {
    if (event.kind === 'reset') {
      listed.load();
      queued.load();
      return;
    }
    const id = event.kind === 'removed' ? event.id : event.job.id;
    if (event.kind === 'removed' || touchesQueue(event.job, listed.data, queued.page)) refetchQueued();
    listed.update((current) => {
      const next = new Map(current);
      if (event.kind === 'job' && isListed(event.job)) next.set(id, event.job);
      else next.delete(id);
      return next;
    });
    // A job on the page is kept as it is now until the page is fetched again.
    queued.update((current) => {
      if (!current.jobs.some((known) => known.id === id)) return current;
      const jobs = event.kind === 'removed' ? current.jobs.filter((known) => known.id !== id)
        : current.jobs.map((known) => (known.id === id ? event.job : known));
      return { ...current, jobs };
    });
  });
  // A job listed as running (say) that the page still shows as queued: the
  // event that moved it is newer than the page.
  const queuedJobs = queued.page.jobs.filter((job) => job.state === 'queued' && !listed.data.has(job.id));
  return {
    jobs: [...listed.data.values(), ...queuedJobs],
    queued: { jobs: queuedJobs, total: queued.total, first: queued.first, more: queued.more,
      older: queued.older, newer: queued.newer },
    error: listed.error ?? queued.error,
  };
}
