// What a failed job said last on stderr (its log's tail), fetched once per
// job and attempt: a better error than "exit code 3".
import { useEffect, useState } from 'preact/hooks';
import { stderrTail } from './log_line.js';

const TAIL_LINES = 200;
const cache = new Map();

function fetchTail(job) {
  const id = `${job.id}:${job.attempts?.length ?? 0}`;
  if (!cache.has(id)) {
    cache.set(id, fetch(`/api/jobs/${job.id}/logs?tail=${TAIL_LINES}`)
      .then((response) => (response.ok ? response.text() : ''))
      .then((text) => stderrTail(text.replace(/\n$/, '').split('\n')))
      .catch(() => {
        cache.delete(id);
        return [];
      }));
  }
  return cache.get(id);
}

// The last stderr lines of a failed job ([] until known, or for other states).
export function useErrorTail(job) {
  const [lines, setLines] = useState([]);
  const wanted = job.state === 'failed' && (job.attempts?.length ?? 0) > 0;
  useEffect(() => {
    if (!wanted) return setLines([]);
    let current = true;
    fetchTail(job).then((tail) => current && setLines(tail));
    return () => { current = false; };
  }, [job.id, job.attempts?.length, wanted]);
  return lines;
}
