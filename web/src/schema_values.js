// Between a type's JSON Schema params and the text a form holds: the form
// keeps what people typed (strings, booleans for checkboxes); params are
// made from it only on submit, so a half-typed number is never lost.
// [name, spec] pairs in `order` (the type's param_order: drover.toml's
// order), then any the order does not name.
export function properties(schema, order = []) {
  const specs = schema?.properties ?? {};
  const names = [...new Set([...order, ...Object.keys(specs)])].filter((name) => Object.hasOwn(specs, name));
  return names.map((name) => [name, specs[name]]);
}

function toText(spec, value) {
  if (value === undefined || value === null) return spec.type === 'boolean' ? false : '';
  if (spec.type === 'boolean') return Boolean(value);
  if (spec.type === 'array' && Array.isArray(value)) return value.map(String).join('\n');
  if (spec.type === 'object') return JSON.stringify(value, null, 2);
  return String(value);
}

// Form values for `params` (defaults where a param is absent).
export function formValues(schema, params = {}) {
  const values = {};
  for (const [name, spec] of properties(schema)) values[name] = toText(spec, params[name] ?? spec.default);
  return values;
}

function fromText(spec, text) {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const number = Number(text);
      if (!Number.isFinite(number)) throw new Error('must be a number');
      if (spec.type === 'integer' && !Number.isInteger(number)) throw new Error('must be a whole number');
      return number;
    }
    case 'array': {
      const items = text.split('\n').map((item) => item.trim()).filter(Boolean);
      const itemType = spec.items?.type;
      return itemType === 'integer' || itemType === 'number' ? items.map(Number) : items;
    }
    case 'object':
      try {
        return JSON.parse(text);
      } catch {
        throw new Error('must be a JSON object');
      }
    default:
      return text;
  }
}

// {params, errors}: errors by param name for what cannot be converted.
// Empty optional fields are left out, so the server fills their defaults.
export function paramsFrom(schema, values) {
  const params = {};
  const errors = {};
  for (const [name, spec] of properties(schema)) {
    const value = values[name];
    if (spec.type === 'boolean') {
      params[name] = Boolean(value);
      continue;
    }
    if (value === undefined || value === '') continue;
    try {
      params[name] = fromText(spec, value);
    } catch (error) {
      errors[name] = `${name} ${error.message}`;
    }
  }
  return { params, errors };
}

// A pattern this browser cannot compile is left to the server to check.
function matches(pattern, value) {
  try {
    return new RegExp(pattern, 'u').test(value);
  } catch {
    return true;
  }
}

// What the schema says of one converted value, or null when it is fine.
function schemaProblem(name, spec, value) {
  if (spec.pattern && typeof value === 'string' && !matches(spec.pattern, value)) {
    return `${name} must match ${spec.pattern}`;
  }
  if (typeof value === 'number' && spec.minimum !== undefined && value < spec.minimum) {
    return `${name} must be at least ${spec.minimum}`;
  }
  if (typeof value === 'number' && spec.maximum !== undefined && value > spec.maximum) {
    return `${name} must be at most ${spec.maximum}`;
  }
  return null;
}

// Every problem of the form at once, by param name: missing required values,
// values that do not convert, patterns and bounds. The server checks again.
export function checkValues(schema, values) {
  const { params, errors } = paramsFrom(schema, values);
  const required = new Set(schema?.required ?? []);
  for (const [name, spec] of properties(schema)) {
    if (errors[name]) continue;
    if (required.has(name) && !Object.hasOwn(params, name)) errors[name] = `${name} is required`;
    const problem = Object.hasOwn(params, name) ? schemaProblem(name, spec, params[name]) : null;
    if (problem) errors[name] = problem;
  }
  return { params, errors };
}

// The server says "invalid params for T: a must be X; b is required": each
// problem goes beside the field it names, the rest to the whole form.
export function problemsByField(message, schema) {
  const byField = {};
  const general = [];
  const names = new Set(properties(schema).map(([name]) => name));
  const detail = message.replace(/^invalid params for [^:]+: /, '');
  const problems = detail === message ? [message] : detail.split('; ');
  for (const problem of problems) {
    const name = problem.split(' ')[0];
    if (names.has(name)) byField[name] = byField[name] ? `${byField[name]}; ${problem}` : problem;
    else general.push(problem);
  }
  return { byField, general };
}
