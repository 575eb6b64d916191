// The declared job types (GET /api/types), fetched once per page load.
import { useEffect, useMemo, useState } from 'preact/hooks';
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

// {name: type}; empty until the types arrive.
export function useTypesByName() {
  const { types } = useTypes();
  return useMemo(() => Object.fromEntries((types ?? []).map((type) => [type.name, type])), [types]);
}

export function useTick(milliseconds) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), milliseconds);
    return () => clearInterval(timer);
  }, [milliseconds]);
  return now;
}
