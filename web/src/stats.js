// GET /api/stats (jobs by state, finished in 24 h and per minute over the
// last hour), fetched again at most every few seconds while jobs change,
// and every minute anyway so the chart moves on.
import { useEffect } from 'preact/hooks';
import { api } from './api.js';
import { useLoad } from './load.js';
import { useThrottledJobEvents } from './events.js';

const REFRESH_MS = 2000;
const MINUTE_MS = 60000;

export function useStats() {
  const { data: stats, error, load } = useLoad(() => api.get('/api/stats'), [], null);
  useThrottledJobEvents(load, REFRESH_MS);
  useEffect(() => {
    const timer = setInterval(load, MINUTE_MS);
    return () => clearInterval(timer);
  }, [load]);
  return { stats, error };
}
