// The frame: navigation, connection status, and the page the hash names.
import { useEffect } from 'preact/hooks';
import { html } from '../html.js';
import { useStats } from '../stats.js';
import { titleFor } from './SummaryStrip.js';
import { useRoute } from '../router.js';
import { useEventStatus } from '../events.js';
import { JobsPage } from './JobsPage.js';
import { JobPage } from './JobPage.js';
import { SubmitPage } from './SubmitPage.js';
import { BuilderPage } from './BuilderPage.js';
import { ResourcesPage } from './ResourcesPage.js';

const NAV = [
  ['jobs', '#/', 'Jobs'],
  ['submit', '#/submit', 'Submit'],
  ['builder', '#/builder', 'Job builder'],
  ['resources', '#/resources', 'Resources & queues'],
];

const STATUS_TEXT = {
  connecting: 'connecting…',
  live: 'live',
  reconnecting: 'reconnecting…',
  polling: 'refreshing every few seconds',
};

function Page({ route, stats }) {
  switch (route.page) {
    case 'jobs': return html`<${JobsPage} stats=${stats} />`;
    case 'job': return html`<${JobPage} key=${route.id} id=${route.id} />`;
    case 'submit': return html`<${SubmitPage} type=${route.type} />`;
    case 'builder': return html`<${BuilderPage} />`;
    case 'resources': return html`<${ResourcesPage} />`;
    default: return html`<div class="page"><h1>Not found</h1><p>No page at ${route.path}. <a href="#/">Back to jobs</a></p></div>`;
  }
}

export function App() {
  const route = useRoute();
  const status = useEventStatus();
  const { stats } = useStats();
  useEffect(() => {
    document.title = titleFor(stats);
  }, [stats]);
  const current = route.page === 'job' ? 'jobs' : route.page;
  return html`
    <header class="top">
      <a class="brand" href="#/">drover</a>
      <nav aria-label="Main">
        ${NAV.map(([page, href, label]) => html`
          <a href=${href} aria-current=${current === page ? 'page' : undefined}>${label}</a>`)}
      </nav>
      <span class=${`live-status live-${status}`} role="status">${STATUS_TEXT[status]}</span>
    </header>
    <main><${Page} route=${route} stats=${stats} /></main>
  `;
}
