// One shared EventSource on /api/events for every view. Subscribers get
// {kind: "job", job} | {kind: "removed", id} | {kind: "reset"}; "reset"
// means "refetch everything" (the server lost track of what we saw). The
// browser reconnects by itself and sends Last-Event-ID. If the stream is
// refused outright, the views are told to refetch every few seconds.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

const POLL_MS = 3000;
const subscribers = new Set();
const statusListeners = new Set();
let source = null;
let pollTimer = null;
let status = 'connecting';

function publish(event) {
  for (const subscriber of subscribers) subscriber(event);
}

function setStatus(next) {
  status = next;
  for (const listener of statusListeners) listener(next);
}

function parse(data) {
  try {
    return JSON.parse(data);
  } catch {
    return null;
  }
}

function startPolling() {
  if (pollTimer) return;
  setStatus('polling');
  pollTimer = setInterval(() => publish({ kind: 'reset' }), POLL_MS);
}

function connect() {
  source = new EventSource('/api/events');
  source.addEventListener('open', () => setStatus('live'));
  source.addEventListener('job', (event) => {
    const job = parse(event.data);
    if (job) publish({ kind: 'job', job });
  });
  source.addEventListener('removed', (event) => {
    const removed = parse(event.data);
    if (removed) publish({ kind: 'removed', id: removed.id });
  });
  source.addEventListener('reset', () => publish({ kind: 'reset' }));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) {
      startPolling();
    } else {
      setStatus('reconnecting');
    }
  });
}

// Calls `onEvent` for every event while the component is mounted.
export function useJobEvents(onEvent) {
  const latest = useRef(onEvent);
  latest.current = onEvent;
  useEffect(() => {
    if (!source) connect();
    const subscriber = (event) => latest.current(event);
    subscribers.add(subscriber);
    return () => subscribers.delete(subscriber);
  }, []);
}

// A `schedule()` that calls `callback` once, `milliseconds` after the first
// call since the last run: a burst of calls becomes one.
export function useThrottled(callback, milliseconds) {
  const pending = useRef(null);
  const latest = useRef(callback);
  latest.current = callback;
  useEffect(() => () => clearTimeout(pending.current), []);
  return useCallback(() => {
    if (pending.current) return;
    pending.current = setTimeout(() => {
      pending.current = null;
      latest.current();
    }, milliseconds);
  }, [milliseconds]);
}

// Calls `onChange` once per `milliseconds` at most while job events arrive:
// for views that refetch a summary rather than apply each event.
export function useThrottledJobEvents(onChange, milliseconds) {
  useJobEvents(useThrottled(onChange, milliseconds));
}

export function useEventStatus() {
  const [current, setCurrent] = useState(status);
  useEffect(() => {
    statusListeners.add(setCurrent);
    return () => statusListeners.delete(setCurrent);
  }, []);
  return current;
}
