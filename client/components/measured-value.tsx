import type { MeasuredStat } from '../../shared/api.ts';
import { DASH } from '../lib/format.ts';

const nbsp = (s: string) => s.replace(/ /g, '\u00a0');

/**
 * A measured median with its p90 and sample count as a second, quieter line.
 * That line may wrap after the "·" (nowhere else), so a crowded table can
 * narrow its columns instead of scrolling.
 */
export function MeasuredValue({ stat, format }: { stat: MeasuredStat; format: (v: number | null) => string }) {
  if (stat.samples === 0 || stat.median === null) {
    return <span title="No finished answers measured here yet">{DASH}</span>;
  }
  return (
    <span title={`median ${format(stat.median)}, 90th percentile ${format(stat.p90)}, over ${stat.samples} answers`}>
      {format(stat.median)}
      <span class="sub sub-wrap">
        {nbsp(`p90 ${format(stat.p90)} ·`)} {`n=${stat.samples}`}
      </span>
    </span>
  );
}
