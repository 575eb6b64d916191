// How numbers and times read for people: "15 min", "2 h ago", "0.1/s".
const UNITS = [
  [86400, 'd'],
  [3600, 'h'],
  [60, 'min'],
  [1, 's'],
];

// 42 -> "42 s", 900 -> "15 min", 5400 -> "1 h 30 min".
export function humanDuration(seconds) {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '';
  let rest = Math.max(0, Math.round(seconds));
  if (rest < 60) return `${rest} s`;
  const parts = [];
  for (const [size, name] of UNITS) {
    if (rest >= size && parts.length < 2) {
      parts.push(`${Math.floor(rest / size)} ${name}`);
      rest %= size;
    } else if (parts.length) {
      break;
    }
  }
  return parts.join(' ');
}

export function eta(seconds) {
  return seconds === null || seconds === undefined ? '' : `~${humanDuration(seconds)}`;
}

// "2 h ago" / "in 5 min" relative to now.
export function ago(timestamp, now = Date.now()) {
  if (!timestamp) return '';
  const seconds = (now - Date.parse(timestamp)) / 1000;
  if (!Number.isFinite(seconds)) return '';
  if (Math.abs(seconds) < 5) return 'just now';
  const coarse = humanDuration(Math.abs(seconds)).split(' ').slice(0, 2).join(' ');
  return seconds >= 0 ? `${coarse} ago` : `in ${coarse}`;
}

// The full local date and time, for tooltips.
export function clockTime(timestamp) {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  return Number.isNaN(date.getTime()) ? String(timestamp) : date.toLocaleString();
}

const sameDay = (a, b) => a.toDateString() === b.toDateString();

// "19:14" today, "Tue 19:14" within a week, "1 Dec 19:14" before or after.
export function shortTime(timestamp, now = Date.now()) {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return String(timestamp);
  const clock = date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
  const today = new Date(now);
  if (sameDay(date, today)) return clock;
  const days = Math.abs(date.getTime() - now) / 86400000;
  const day = days < 6
    ? date.toLocaleDateString([], { weekday: 'short' })
    : date.toLocaleDateString([], { day: 'numeric', month: 'short' });
  return `${day} ${clock}`;
}

// A log line's time: "19:14:05".
export function logTime(timestamp) {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return '';
  return date.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

// The one style for a moment: "19:14 (in 30 min)", "08:02 (3 h ago)".
export function when(timestamp, now = Date.now()) {
  if (!timestamp) return '';
  const relative = ago(timestamp, now);
  return relative ? `${shortTime(timestamp, now)} (${relative})` : shortTime(timestamp, now);
}

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})/g;

// Server text with RFC 3339 times in it ("delayed until 2026-12-01T19:14:00.000Z")
// in the same style: "delayed until 19:14 (in 30 min)".
export function withReadableTimes(text, now = Date.now()) {
  return text ? String(text).replace(ISO_TIME, (iso) => when(iso, now)) : '';
}

export function rate(perSecond) {
  if (perSecond === null || perSecond === undefined) return '';
  if (perSecond >= 10) return `${Math.round(perSecond)}/s`;
  if (perSecond >= 0.1) return `${perSecond.toFixed(1)}/s`;
  return `${(perSecond * 60).toFixed(1)}/min`;
}

// 999900 -> "999,900": counts that may run into millions.
export function wholeNumber(value) {
  return Number(value ?? 0).toLocaleString('en-US', { maximumFractionDigits: 0 });
}

export function percent(value) {
  return value === null || value === undefined ? '' : `${Math.floor(value)}%`;
}

// "154/245 (62%)" or "154" when the total is unknown.
export function counts(progress) {
  if (!progress) return '';
  const { current, total, percentage } = progress;
  if (total === null || total === undefined) return current ? String(current) : '';
  return `${current}/${total} (${percent(percentage)})`;
}

export function bytes(size) {
  if (!size) return '0 B';
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let unit = 0;
  while (size >= 1024 && unit < units.length - 1) {
    size /= 1024;
    unit += 1;
  }
  return `${unit ? size.toFixed(1) : size} ${units[unit]}`;
}

// Params as one line of text: {"org":"acme","count":20} -> "org=acme count=20".
export function paramsLine(params) {
  if (!params || typeof params !== 'object') return '';
  return Object.entries(params)
    .map(([name, value]) => `${name}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}
