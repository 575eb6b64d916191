// Hash routing: "#/jobs/12" -> {page: "job", id: "12"}. The daemon serves
// one page, so every view stays a bookmarkable URL without server routes.
import { useEffect, useState } from 'preact/hooks';

const ROUTES = [
  [/^\/?$/, () => ({ page: 'jobs' })],
  [/^\/jobs\/(\d+)$/, (match) => ({ page: 'job', id: Number(match[1]) })],
  [/^\/submit(?:\/([^/]+))?$/, (match) => ({ page: 'submit', type: match[1] && decodeURIComponent(match[1]) })],
  [/^\/builder$/, () => ({ page: 'builder' })],
  [/^\/resources$/, () => ({ page: 'resources' })],
];

function parseRoute(hash) {
  const path = hash.replace(/^#/, '');
  for (const [pattern, make] of ROUTES) {
    const match = pattern.exec(path);
    if (match) return make(match);
  }
  return { page: 'not-found', path };
}

export function useRoute() {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const update = () => setRoute(parseRoute(location.hash));
    addEventListener('hashchange', update);
    return () => removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(path) {
  location.hash = path;
}
