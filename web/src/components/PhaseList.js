// The builder's phases, reorderable by dragging (SortableJS) or by the
// up/down buttons. Sortable moves DOM nodes itself; we put the node back and
// let Preact render the new order, so the DOM always matches our state.
import { useEffect, useRef } from 'preact/hooks';
import Sortable from 'sortablejs';
import { html } from '../html.js';
import { PhaseCard } from './PhaseCard.js';

function useSortable(list, onMove) {
  const latest = useRef(onMove);
  latest.current = onMove;
  useEffect(() => {
    const sortable = Sortable.create(list.current, {
      handle: '.drag-handle',
      animation: 150,
      // Pointer events rather than native drag and drop: the same on every browser.
      forceFallback: true,
      onEnd: ({ item, from, oldIndex, newIndex }) => {
        if (oldIndex === newIndex) return;
        from.removeChild(item);
        from.insertBefore(item, from.children[oldIndex] ?? null);
        latest.current(oldIndex, newIndex);
      },
    });
    return () => sortable.destroy();
  }, []);
}

export function PhaseList({ phases, typesByName, findings, onChange, onMove, onRemove }) {
  const list = useRef(null);
  useSortable(list, onMove);
  return html`
    <ol class="phases" ref=${list} aria-label="Phases">
      ${phases.map((phase, index) => html`<${PhaseCard} key=${phase.key} phase=${phase} index=${index}
        count=${phases.length} type=${typesByName[phase.type]} findings=${findings[phase.key]}
        onChange=${(next) => onChange(index, next)} onMove=${onMove} onRemove=${() => onRemove(index)} />`)}
    </ol>
  `;
}
