import type { ModelOption } from '../model-select.tsx';
import { ModelSelect } from '../model-select.tsx';

interface Props {
  a: string;
  b: string;
  options: readonly ModelOption[];
  onChange: (a: string, b: string) => void;
}

/** Change A or B; picking the other side's model swaps them (a model is never compared with itself). */
export function PairPickers({ a, b, options, onChange }: Props) {
  return (
    <div class="pair-pickers">
      <ModelSelect label="Model A" badge="a" value={a} options={options} onChange={(id) => (id === b ? onChange(b, a) : onChange(id, b))} />
      <button type="button" class="btn btn-ghost btn-small" onClick={() => onChange(b, a)} aria-label="Swap A and B" title="Swap A and B">
        ⇄
      </button>
      <ModelSelect label="Model B" badge="b" value={b} options={options} onChange={(id) => (id === a ? onChange(b, a) : onChange(a, id))} />
    </div>
  );
}
