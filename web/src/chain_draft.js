// The chain the builder edits: phases with a local key (stable across
// reorders, for rendering and for pinning findings), form values as typed,
// and conversion to the JSON of POST /api/chains.
import { formValues, paramsFrom, problemsByField } from './schema_values.js';

const DEFAULT_WEIGHT = 10;
let lastKey = 0;

export function newPhase(type, params = {}, weight = DEFAULT_WEIGHT) {
  lastKey += 1;
  return { key: lastKey, type: type.name, weight: String(weight), values: formValues(type.params, params), open: false };
}

export function movePhase(phases, from, to) {
  if (to < 0 || to >= phases.length || from === to) return phases;
  const next = phases.slice();
  const [moved] = next.splice(from, 1);
  next.splice(to, 0, moved);
  return next;
}

// {chain, problems}: problems by phase key for values that are not params yet.
export function chainFrom(name, phases, typesByName) {
  const problems = {};
  const chainPhases = phases.map((phase) => {
    const { params, errors } = paramsFrom(typesByName[phase.type]?.params, phase.values);
    if (Object.keys(errors).length) problems[phase.key] = { byField: errors, messages: [] };
    return { type: phase.type, weight: Number(phase.weight), params };
  });
  return { chain: { name, phases: chainPhases }, problems };
}

// The server's findings ({phase: 1-based or null, type, message}) pinned to
// our phases by key; params problems go beside their fields.
export function findingsByPhase(report, phases, typesByName) {
  const byKey = {};
  const general = [];
  const place = (finding, kind) => {
    const phase = finding.phase ? phases[finding.phase - 1] : null;
    if (!phase) return general.push({ kind, message: finding.message });
    const entry = (byKey[phase.key] ??= { byField: {}, messages: [] });
    const { byField, general: rest } = problemsByField(finding.message, typesByName[phase.type]?.params);
    if (kind === 'error') Object.assign(entry.byField, byField);
    const messages = kind === 'error' && Object.keys(byField).length ? rest : [finding.message];
    for (const message of messages) entry.messages.push({ kind, message });
  };
  for (const finding of report.errors ?? []) place(finding, 'error');
  for (const finding of report.warnings ?? []) place(finding, 'warning');
  return { byKey, general };
}

export function phasesFromChain(chain, typesByName) {
  return (chain.phases ?? []).map((phase) => {
    const type = typesByName[phase.type] ?? { name: phase.type, params: {} };
    return newPhase(type, phase.params ?? {}, phase.weight ?? DEFAULT_WEIGHT);
  });
}
