// A button for an action that loses something: the first press asks, a
// second press within a few seconds confirms. No window.confirm, so the
// page never blocks on a native dialog.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../html.js';

const CONFIRM_MS = 4000;

export function ConfirmButton({ label, confirmLabel, onConfirm, disabled, class: className }) {
  const [asking, setAsking] = useState(false);
  useEffect(() => {
    if (!asking) return undefined;
    const timer = setTimeout(() => setAsking(false), CONFIRM_MS);
    return () => clearTimeout(timer);
  }, [asking]);
  const press = () => {
    if (!asking) return setAsking(true);
    setAsking(false);
    onConfirm();
  };
  return html`
    <button type="button" class=${`${className ?? ''} ${asking ? 'danger' : ''}`} disabled=${disabled} onClick=${press}>
      ${asking ? confirmLabel ?? `Really ${label.toLowerCase()}?` : label}
    </button>
  `;
}
