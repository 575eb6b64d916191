import { render } from 'preact';
import { html } from './html.js';
import { App } from './components/App.js';

const root = document.getElementById('app');
root.textContent = ''; // the "Loading…" placeholder is not Preact's to diff
render(html`<${App} />`, root);
