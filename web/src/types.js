// The declared job types (GET /api/types), fetched once per page load.
import { useEffect, useState } from 'preact/hooks';
import { api } from './api.js';

let pending = null;

export function fetchTypes() {
  pending ??= api.get('/api/types').then((answer) => answer.types).catch((error) => {
    pending = null;
    throw error;
  });
  return pending;
}

export function useTypes() {
  const [state, setState] = useState({ types: null, error: null });
  useEffect(() => {
    fetchTypes().then((types) => setState({ types, error: null }),
      (error) => setState({ types: null, error: error.message }));
  }, []);
  return state;
}

export function useTick(milliseconds) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), milliseconds);
    return () => clearInterval(timer);
  }, [milliseconds]);
  return now;
}
