import { useSignal } from '@preact/signals';
import type { RatingsMode } from '../../../shared/api.ts';
import { compareHash } from '../../lib/router.ts';
import { ModelSelect, type ModelOption } from '../model-select.tsx';

/** Choose any two models and open their head-to-head page. Defaults: the top two. */
export function ComparePicker({ options, mode }: { options: readonly ModelOption[]; mode: RatingsMode }) {
  const pickA = useSignal<string | null>(null);
  const pickB = useSignal<string | null>(null);
  if (options.length < 2) return null;
  const a = pickA.value ?? options[0]!.id;
  const b = pickB.value ?? options.find((o) => o.id !== a)!.id;
  const same = a === b;
  return (
    <form
      class="compare-picker"
      aria-label="Compare two models"
      onSubmit={(e) => {
        e.preventDefault();
        if (!same) location.hash = compareHash(a, b, mode);
      }}
    >
      <ModelSelect label="First model" value={a} options={options} onChange={(id) => (pickA.value = id)} />
      <span class="vs" aria-hidden="true">
        vs
      </span>
      <ModelSelect label="Second model" value={b} options={options} onChange={(id) => (pickB.value = id)} />
      <button type="submit" class="btn" disabled={same} title={same ? 'Pick two different models' : undefined}>
        Compare
      </button>
    </form>
  );
}
