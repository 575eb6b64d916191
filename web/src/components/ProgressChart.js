// A job's progress over time (progress_samples.js) as an SVG line. While
// the job runs the chart keeps its place even before it has a line, so the
// page does not jump when the second sample arrives.
import { html } from '../html.js';
import { logTime } from '../format.js';
import { useProgressSamples } from '../progress_samples.js';

const WIDTH = 400;
const HEIGHT = 90;
const PAD = 4;

export function ProgressChart({ job }) {
  const { samples, unit } = useProgressSamples(job);
  if (samples.length < 2) {
    if (job.state !== 'running') return null;
    return html`<figure class="chart progress-chart" data-samples=${samples.length}>
      <div class="chart-placeholder hint">Progress over time appears here as the job reports it.</div></figure>`;
  }
  const first = samples[0].at;
  const span = Math.max(1, samples[samples.length - 1].at - first);
  const top = unit === '%' ? 100 : Math.max(1, ...samples.map((sample) => sample.value));
  const x = (at) => PAD + ((at - first) / span) * (WIDTH - 2 * PAD);
  const y = (value) => HEIGHT - PAD - (value / top) * (HEIGHT - 2 * PAD);
  const points = samples.map((sample) => `${x(sample.at).toFixed(1)},${y(sample.value).toFixed(1)}`).join(' ');
  return html`<figure class="chart progress-chart" data-samples=${samples.length}>
    <svg viewBox=${`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img"
      aria-label=${`progress from ${samples[0].value}${unit} to ${samples[samples.length - 1].value}${unit}`}>
      <line class="axis" x1=${PAD} y1=${HEIGHT - PAD} x2=${WIDTH - PAD} y2=${HEIGHT - PAD} />
      <polyline class="progress-line" points=${points} />
    </svg>
    <div class="chart-axis"><span>${logTime(first)}</span><span>progress over time (${top}${unit})</span>
      <span>${logTime(samples[samples.length - 1].at)}</span></div>
  </figure>`;
}
