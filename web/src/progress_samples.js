// A job's progress over time: what the daemon recorded since the job started
// (GET /api/jobs/{id}/progress, read once per attempt), then one sample per
// change of its percentage (or count, when the total is unknown) as the page
// sees it live. A sample older than the chart's window drops out.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

const MAX_SAMPLES = 600;

const valueOf = (progress) => progress?.percentage ?? progress?.current ?? null;

// A recorded point in the unit the job shows now: a percentage once the job
// has a total (the total known then, else today's), else the count.
function recordedValue(point, progress) {
  const total = point.total ?? progress?.total ?? null;
  if (progress?.percentage === null || progress?.percentage === undefined || !total) return point.current;
  return Math.min(100, (point.current / total) * 100);
}

function recorded(points, progress) {
  return points.map((point) => ({ at: Date.parse(point.at), value: recordedValue(point, progress) }));
}

export function useProgressSamples(job) {
  const [samples, setSamples] = useState([]);
  const value = valueOf(job?.progress);
  const attempts = job?.attempts?.length ?? 0;
  useEffect(() => {
    setSamples([]);
    if (!job?.id || attempts === 0) return undefined;
    let current = true;
    api.get(`/api/jobs/${job.id}/progress`).then((body) => {
      if (!current) return;
      const history = recorded(body.points ?? [], job.progress);
      // Live samples that came in while the history loaded stay after it.
      setSamples((live) => {
        const last = history.length ? history[history.length - 1].at : -Infinity;
        return [...history, ...live.filter((sample) => sample.at > last)].slice(-MAX_SAMPLES);
      });
    }, () => {});
    return () => { current = false; };
  }, [job?.id, attempts]);
  useEffect(() => {
    if (value === null || value === undefined) return;
    setSamples((current) => {
      const start = current.length === 0 && job.started_at ? [{ at: Date.parse(job.started_at), value: 0 }] : [];
      const last = current[current.length - 1];
      if (last && last.value === value) return current;
      return [...start, ...current, { at: Date.now(), value }].slice(-MAX_SAMPLES);
    });
  }, [value]);
  return { samples, unit: job?.progress?.percentage !== null && job?.progress?.percentage !== undefined ? '%' : '' };
}
