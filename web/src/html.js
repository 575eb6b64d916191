// htm bound to Preact: tagged templates instead of a JSX build step.
// Interpolated values are always text or attributes, never parsed as HTML.
import { h } from 'preact';
import htm from 'htm';

export const html = htm.bind(h);
