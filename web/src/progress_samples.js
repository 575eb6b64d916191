// A job's progress over time as this page has seen it: one sample per
// change of its percentage (or count, when the total is unknown), starting
// from its start at 0. The daemon keeps no such series, so the chart starts
// when the page is opened; a sample older than the chart's window drops out.
import { useEffect, useState } from 'preact/hooks';

const MAX_SAMPLES = 600;

const valueOf = (progress) => progress?.percentage ?? progress?.current ?? null;

export function useProgressSamples(job) {
  const [samples, setSamples] = useState([]);
  const value = valueOf(job?.progress);
  useEffect(() => setSamples([]), [job?.id, job?.attempts?.length]);
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
