// What tells one job from another of its type, on one line: the params
// named by the type's key template first, then required ones, then the rest
// in drover.toml's order (GET /api/types `param_order`), leaving out values
// equal to their default. Shell jobs show their command, shell-quoted.
const SAFE_WORD = /^[A-Za-z0-9_@%+=:,./-]+$/;

// One argument as a POSIX shell reads it back: bare when safe, else '...'.
export function shellQuote(word) {
  const text = String(word);
  if (text && SAFE_WORD.test(text)) return text;
  return `'${text.replaceAll("'", "'\\''")}'`;
}

export function shellCommand(argv) {
  return Array.isArray(argv) ? argv.map(shellQuote).join(' ') : '';
}

const valueText = (value) => (typeof value === 'string' ? value : JSON.stringify(value));

// The params' names in the order a person declared them.
export function declaredOrder(type) {
  const declared = type?.param_order ?? Object.keys(type?.params?.properties ?? {});
  return declared;
}

const keyNames = (type) => [...(type?.key ?? '').matchAll(/\{([^}]+)\}/g)].map((match) => match[1]);

// Names of `params` in summary order: key params, required, declared, others.
export function summaryOrder(params, type) {
  const required = type?.params?.required ?? [];
  const declared = declaredOrder(type);
  const ranked = [...keyNames(type), ...required, ...declared, ...Object.keys(params)];
  return [...new Set(ranked)].filter((name) => Object.hasOwn(params, name));
}

const isDefault = (spec, value) =>
  spec && Object.hasOwn(spec, 'default') && JSON.stringify(spec.default) === JSON.stringify(value);

// "org=acme count=80" (defaults left out), or the shell command of a shell job.
export function paramsSummary(params, type) {
  if (!params || typeof params !== 'object') return '';
  if (type?.name === 'shell' && Array.isArray(params.argv)) return shellCommand(params.argv);
  const properties = type?.params?.properties ?? {};
  const required = new Set(type?.params?.required ?? []);
  const keys = new Set(keyNames(type));
  return summaryOrder(params, type)
    .filter((name) => keys.has(name) || required.has(name) || !isDefault(properties[name], params[name]))
    .map((name) => `${name}=${valueText(params[name])}`)
    .join(' ');
}
