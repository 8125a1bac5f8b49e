import type { CompareRow } from '../../lib/compare-rows.ts';

interface Props {
  caption: string;
  aLabel: string;
  bLabel: string;
  rows: readonly CompareRow[];
  testId: string;
}

/** Rows of A against B; the better value (where one is better) is marked, in words too for screen readers. */
export function SideBySideTable({ caption, aLabel, bLabel, rows, testId }: Props) {
  return (
    <table class="vs-table" data-testid={testId}>
      <caption class="visually-hidden">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span class="visually-hidden">Measure</span>
          </th>
          <th scope="col" class="vs-a">
            <span class="side-badge side-badge-a">A</span> {aLabel}
          </th>
          <th scope="col" class="vs-b">
            <span class="side-badge side-badge-b">B</span> {bLabel}
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-row={r.key}>
            <th scope="row">{r.label}</th>
            {(['a', 'b'] as const).map((s) => (
              <td key={s} data-side={s} class={r.better === s ? 'best' : undefined}>
                {r[s].text}
                {r.better === s ? <span class="visually-hidden"> (better)</span> : null}
                {r[s].sub ? <span class="sub">{r[s].sub}</span> : null}
              </td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
}
