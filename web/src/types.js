// The declared job types (GET /api/types), fetched once per page load.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';
import { useLoad } from './load.js';

let pending = null;

function fetchTypes() {
  pending ??= api.get('/api/types').then((answer) => answer.types).catch((error) => {
    pending = null;
    throw error;
  });
  return pending;
}

export function useTypes() {
  const { data: types, error } = useLoad(fetchTypes, []);
  return { types, error };
}

export function useTick(milliseconds) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), milliseconds);
    return () => clearInterval(timer);
  }, [milliseconds]);
  return now;
}
