import type { SortKey } from '../../lib/leaderboard-rows.ts';

const OPTIONAL: readonly [SortKey, string][] = [
  ['votes', 'Votes'],
  ['winRate', 'Win rate'],
  ['organisation', 'Organisation (own column)'],
  ['license', 'License'],
  ['context', 'Context'],
  ['input', 'Input $/M'],
  ['output', 'Output $/M'],
  ['blended', 'Blended $/M'],
  ['ttft', 'First token'],
];

/** Which optional columns the board shows; rating, speed and cost always stay. */
export function ColumnChooser({ columns, onChange }: { columns: ReadonlySet<SortKey>; onChange: (c: ReadonlySet<SortKey>) => void }) {
  const toggle = (key: SortKey, on: boolean) => {
    const next = new Set(columns);
    if (on) next.add(key);
    else next.delete(key);
    onChange(next);
  };
  return (
    <details class="column-chooser">
      <summary>Columns</summary>
      <fieldset>
        <legend class="visually-hidden">Columns to show</legend>
        {OPTIONAL.map(([key, label]) => (
          <label key={key} class="check">
            <input type="checkbox" checked={columns.has(key)} onChange={(e) => toggle(key, e.currentTarget.checked)} />
            {label}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
