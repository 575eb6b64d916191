// useLoad: data fetched from the API, its error, and a load() that fetches
// again. An answer older than the latest request is dropped, and a success
// clears an earlier error: one place for what every page needs.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export function useLoad(fetcher, deps, initial = null) {
  const [state, setState] = useState({ data: initial, error: null });
  const latest = useRef(0);
  const load = useCallback(() => {
    const mine = ++latest.current;
    fetcher().then(
      (data) => mine === latest.current && setState({ data, error: null }),
      (failure) => mine === latest.current && setState((s) => ({ ...s, error: failure.message })));
  }, deps);
  useEffect(load, [load]);
  // Changes the data in place (from a live event); `change` gets the current data.
  const update = useCallback((change) => setState((s) => ({ ...s, data: change(s.data) })), []);
  const setError = useCallback((error) => setState((s) => ({ ...s, error })), []);
  return { data: state.data, error: state.error, load, update, setError };
}
