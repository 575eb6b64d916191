// The live end of a job's log: follows GET /api/jobs/{id}/logs?follow=1
// (server-sent "log" events, then "end"); if the daemon refuses the stream,
// polls the plain log by offset instead. "Pause scroll" keeps the view
// still while lines keep arriving.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';

const MAX_LINES = 2000;
const POLL_MS = 1500;

function useLogLines(jobId, attempt) {
  const [lines, setLines] = useState([]);
  const [ended, setEnded] = useState(false);
  useEffect(() => {
    setLines([]);
    setEnded(false);
    const append = (text) => setLines((current) => current.concat(text.split('\n')).slice(-MAX_LINES));
    let stopped = false;
    let timer = null;
    const poll = async (offset) => {
      if (stopped) return;
      const response = await fetch(`/api/jobs/${jobId}/logs?offset=${offset}`).catch(() => null);
      if (!response?.ok) return void (timer = setTimeout(() => poll(offset), POLL_MS));
      const text = await response.text();
      if (text) append(text.replace(/\n$/, ''));
      if (response.headers.get('X-Drover-Log-Finished') === '1') return setEnded(true);
      const next = Number(response.headers.get('X-Drover-Next-Offset') ?? offset);
      timer = setTimeout(() => poll(next), POLL_MS);
    };
    const source = new EventSource(`/api/jobs/${jobId}/logs?follow=1`);
    let received = false;
    source.addEventListener('log', (event) => {
      received = true;
      append(event.data);
    });
    source.addEventListener('end', () => {
      source.close();
      setEnded(true);
    });
    source.addEventListener('error', () => {
      if (source.readyState === EventSource.CLOSED && !received) poll(0);
    });
    return () => {
      stopped = true;
      source.close();
      clearTimeout(timer);
    };
  }, [jobId, attempt]);
  return { lines, ended };
}

export function LogTail({ jobId, attempt }) {
  const { lines, ended } = useLogLines(jobId, attempt);
  const [paused, setPaused] = useState(false);
  const view = useRef(null);
  useLayoutEffect(() => {
    if (!paused && view.current) view.current.scrollTop = view.current.scrollHeight;
  }, [lines, paused]);
  return html`
    <section class="panel" aria-labelledby="log-title">
      <div class="panel-head">
        <h2 id="log-title">Log${attempt ? html` <span class="count">attempt ${attempt}</span>` : ''}</h2>
        <span class="hint" role="status">${ended ? 'end of log' : 'following…'}</span>
        <button type="button" aria-pressed=${paused ? 'true' : 'false'} onClick=${() => setPaused(!paused)}>
          ${paused ? 'Resume scroll' : 'Pause scroll'}
        </button>
        <a class="button" href=${`/api/jobs/${jobId}/logs`} target="_blank" rel="noopener">Full log</a>
      </div>
      <pre class="log" ref=${view} tabindex="0" aria-label="Log output">${lines.map((line) => html`<span class="log-line">${line}</span>`)}</pre>
    </section>
  `;
}
