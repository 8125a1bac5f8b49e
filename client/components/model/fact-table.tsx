import type { FactRow } from '../../lib/model-page-rows.ts';

/** One model's facts, label and value, with the quieter second line (sample count, source note) under the value. */
export function FactTable({ caption, rows, testId }: { caption: string; rows: readonly FactRow[]; testId: string }) {
  return (
    <table class="vs-table fact-table" data-testid={testId}>
      <caption class="visually-hidden">{caption}</caption>
      <tbody>
        {rows.map((r) => (
          <tr key={r.key} data-row={r.key}>
            <th scope="row">{r.label}</th>
            <td>
              {r.text}
              {r.sub ? <span class="sub">{r.sub}</span> : null}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
