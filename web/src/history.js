// History: finished jobs, filtered by state and type on the server and by
// text here, a page at a time (cursor = the oldest id seen).
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, withQuery } from './api.js';
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
  const [page, setPage] = useState({ jobs: [], next_cursor: null });
  const [cursors, setCursors] = useState([]); // cursors of the pages before this one
  const [cursor, setCursor] = useState(null);
  const [error, setError] = useState(null);
  const states = filters.state ? [filters.state] : FINISHED_STATES;

  const load = useCallback(() => {
    const path = withQuery('/api/jobs', {
      state: states.join(','),
      type: filters.type,
      limit: PAGE_SIZE,
      cursor,
    });
    api.get(path).then((answer) => {
      setPage(answer);
      setError(null);
    }, (failure) => setError(failure.message));
  }, [filters.state, filters.type, cursor]);
  useEffect(load, [load]);
  useEffect(() => {
    setCursor(null);
    setCursors([]);
  }, [filters.state, filters.type]);

  useJobEvents((event) => {
    if (event.kind === 'reset') return load();
    if (event.kind === 'removed') {
      return setPage((current) => ({ ...current, jobs: current.jobs.filter((job) => job.id !== event.id) }));
    }
    const { job } = event;
    const belongs = states.includes(job.state) && (!filters.type || job.type === filters.type);
    setPage((current) => {
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
    older: page.next_cursor === null ? null : () => {
      setCursors([...cursors, cursor]);
      setCursor(page.next_cursor);
    },
    newer: cursors.length === 0 ? null : () => {
      setCursor(cursors[cursors.length - 1]);
      setCursors(cursors.slice(0, -1));
    },
  };
}
