// The optional parts of a submit (DESIGN.md, HTTP API: queue, priority,
// delay | at, after, force) as a form holds them, the request body made from
// them, and the equivalent `drover submit` command line.
import { shellQuote } from './params_summary.js';

export const NO_OPTIONS = { key: '', queue: '', priority: '', delay: '', at: '', after: '', force: false };

// {body, errors}: errors by option name for what cannot be sent.
export function submitBody(type, params, options) {
  const body = { type: type.name, params };
  const errors = {};
  if (options.key) body.key = options.key;
  if (options.queue) body.queue = options.queue;
  if (options.priority !== '') {
    const priority = Number(options.priority);
    if (Number.isInteger(priority)) body.priority = priority;
    else errors.priority = 'priority must be a whole number';
  }
  if (options.delay && options.at) errors.at = 'give either a delay or a time, not both';
  else if (options.delay) body.delay = options.delay.trim();
  else if (options.at) {
    const at = new Date(options.at);
    if (Number.isNaN(at.getTime())) errors.at = 'not a date and time';
    else body.at = at.toISOString();
  }
  if (options.after.trim()) {
    const ids = options.after.split(/[\s,]+/).filter(Boolean).map(Number);
    if (ids.every((id) => Number.isInteger(id) && id > 0)) body.after = ids;
    else errors.after = 'after takes job ids, e.g. "12, 13"';
  }
  if (options.force) body.force = true;
  return { body, errors };
}

const paramText = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

// "drover submit clone-repos org=acme count=80 --queue imports": the body
// of submitBody() as a command line, every value shell-quoted.
export function commandLine(body) {
  const words = ['drover', 'submit', body.type];
  for (const [name, value] of Object.entries(body.params ?? {})) words.push(shellQuote(`${name}=${paramText(value)}`));
  const flag = (name, value) => words.push(`--${name}`, shellQuote(value));
  if (body.key) flag('key', body.key);
  if (body.queue) flag('queue', body.queue);
  if (body.priority !== undefined) flag('priority', String(body.priority));
  for (const id of body.after ?? []) flag('after', String(id));
  if (body.delay) flag('delay', body.delay);
  if (body.at) flag('at', body.at);
  if (body.force) words.push('--force');
  return words.join(' ');
}
