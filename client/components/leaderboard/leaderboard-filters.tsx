import type { RowFilter } from '../../lib/leaderboard-rows.ts';

interface Props {
  providers: readonly string[];
  filter: RowFilter;
  onChange: (f: RowFilter) => void;
}

/** Open weights only, and which providers to show (all ticked at first). */
export function LeaderboardFilters({ providers, filter, onChange }: Props) {
  const toggleProvider = (p: string, on: boolean) => {
    const hidden = new Set(filter.hiddenProviders);
    if (on) hidden.delete(p);
    else hidden.add(p);
    onChange({ ...filter, hiddenProviders: hidden });
  };
  return (
    <div class="lb-filters">
      <label class="check">
        <input
          type="checkbox"
          checked={filter.openWeightsOnly}
          onChange={(e) => onChange({ ...filter, openWeightsOnly: e.currentTarget.checked })}
        />
        Open weights only
      </label>
      {providers.length > 1 ? (
        <fieldset class="providers">
          <legend>Providers</legend>
          {providers.map((p) => (
            <label key={p} class="check">
              <input type="checkbox" checked={!filter.hiddenProviders.has(p)} onChange={(e) => toggleProvider(p, e.currentTarget.checked)} />
              {p}
            </label>
          ))}
        </fieldset>
      ) : null}
    </div>
  );
}
