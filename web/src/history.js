// History: finished jobs, filtered by state and type on the server and by
// text here, a page at a time (cursor = the oldest id seen). Chain phases are
// not rows of their own: each shows under its chain, on whatever page.
import { useState } from 'preact/hooks';
import { api, withQuery } from './api.js';
import { useLoad } from './load.js';
import { useJobEvents } from './events.js';
import { paramsLine } from './format.js';

export const FINISHED_STATES = ['completed', 'failed', 'cancelled'];
const PAGE_SIZE = 25;

function matchesText(job, text) {
  if (!text) return true;
  const haystack = [job.id, job.type, job.key, job.state, job.error, paramsLine(job.params)]
    .join(' ')
    .toLowerCase();
  return haystack.includes(text.toLowerCase());
}

export function useHistory(filters) {
  // The cursors of the pages walked through (the last is this page's), for
  // the filters they were walked with: other filters start at page one.
  const filterKey = `${filters.state}|${filters.type}`;
  const [walk, setWalk] = useState({ filterKey, cursors: [null] });
  const cursors = walk.filterKey === filterKey ? walk.cursors : [null];
  const cursor = cursors[cursors.length - 1];
  const states = filters.state ? [filters.state] : FINISHED_STATES;

  const fetchPage = () => api.get(withQuery('/api/jobs', {
    state: states.join(','),
    type: filters.type,
    limit: PAGE_SIZE,
    cursor,
    top_level: 1,
  }));
  const { data: page, error, load, update: updatePage } =
    useLoad(fetchPage, [filters.state, filters.type, cursor], { jobs: [], next_cursor: null });

  useJobEvents((event) => {
    if (event.kind === 'reset') return load();
    if (event.kind === 'removed') {
      return updatePage((current) => ({ ...current, jobs: current.jobs.filter((job) => job.id !== event.id) }));
    }
    const { job } = event;
    const belongs = !job.parent && states.includes(job.state) && (!filters.type || job.type === filters.type);
    updatePage((current) => {
      const others = current.jobs.filter((known) => known.id !== job.id);
      const wasHere = others.length !== current.jobs.length;
      // New arrivals go on top of the first page only; later pages stay put.
      if (!belongs || (!wasHere && cursor !== null)) return { ...current, jobs: others };
      const jobs = wasHere ? current.jobs.map((known) => (known.id === job.id ? job : known)) : [job, ...others];
      return { ...current, jobs };
    });
  });

  return {
    jobs: page.jobs.filter((job) => matchesText(job, filters.text)),
    error,
    older: page.next_cursor === null ? null
      : () => setWalk({ filterKey, cursors: [...cursors, page.next_cursor] }),
    newer: cursors.length === 1 ? null
      : () => setWalk({ filterKey, cursors: cursors.slice(0, -1) }),
  };
}
