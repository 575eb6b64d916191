// The live end of a job's log: follows GET /api/jobs/{id}/logs?follow=1
// (server-sent "log" events, then "end"); if the daemon refuses the stream,
// polls the plain log by offset instead. "Pause scroll" keeps the view
// still while lines keep arriving. The job's "@drover" event lines are
// hidden unless asked for (progress already shows them); stderr stands out.
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../html.js';
import { logTime } from '../format.js';
import { parseLogLine } from '../log_line.js';

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

function LogLine({ line }) {
  return html`<span class=${`log-line log-${line.stream}${line.event ? ' log-event' : ''}`}>${
    line.time && html`<time class="log-time" datetime=${line.time} title=${line.time}>${logTime(line.time)}</time>`}${line.text}</span>`;
}

export function LogTail({ jobId, attempt }) {
  const { lines, ended } = useLogLines(jobId, attempt);
  const [paused, setPaused] = useState(false);
  const [showEvents, setShowEvents] = useState(false);
  const view = useRef(null);
  const parsed = lines.map(parseLogLine);
  const shown = showEvents ? parsed : parsed.filter((line) => !line.event);
  const hidden = parsed.length - shown.length;
  useLayoutEffect(() => {
    if (!paused && view.current) view.current.scrollTop = view.current.scrollHeight;
  }, [lines, paused, showEvents]);
  return html`
    <section class="panel log-panel" aria-labelledby="log-title">
      <div class="panel-head">
        <h2 id="log-title">Log${attempt ? html` <span class="count">attempt ${attempt}</span>` : ''}</h2>
        <span class="hint" role="status">${ended ? 'end of log' : 'following…'}</span>
        <div class="actions">
          <button type="button" class="toggle-events" aria-pressed=${showEvents ? 'true' : 'false'}
            onClick=${() => setShowEvents(!showEvents)}>
            ${showEvents ? 'Hide @drover events' : `Show @drover events${hidden ? ` (${hidden})` : ''}`}
          </button>
          <button type="button" aria-pressed=${paused ? 'true' : 'false'} onClick=${() => setPaused(!paused)}>
            ${paused ? 'Resume scroll' : 'Pause scroll'}
          </button>
          <a class="button" href=${`/api/jobs/${jobId}/logs`} target="_blank" rel="noopener">Full log</a>
        </div>
      </div>
      <pre class="log" ref=${view} tabindex="0" aria-label="Log output">${shown.map((line) => html`<${LogLine} line=${line} />`)}</pre>
    </section>
  `;
}
