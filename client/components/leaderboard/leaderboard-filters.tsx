import type { RowFilter } from '../../lib/leaderboard-rows.ts';

interface Props {
  /** By the serving endpoint's own name: OpenAI, Google Gemini, Ollama… */
  providers: readonly string[];
  organisations: readonly string[];
  filter: RowFilter;
  onChange: (f: RowFilter) => void;
}

/** Open weights only, and which providers and organisations to show (all ticked at first). */
export function LeaderboardFilters({ providers, organisations, filter, onChange }: Props) {
  const toggle = (which: 'hiddenProviders' | 'hiddenOrganisations', p: string, on: boolean) => {
    const hidden = new Set(filter[which]);
    if (on) hidden.delete(p);
    else hidden.add(p);
    onChange({ ...filter, [which]: hidden });
  };
  const group = (legend: string, which: 'hiddenProviders' | 'hiddenOrganisations', names: readonly string[]) =>
    names.length > 1 ? (
      <fieldset class="providers">
        <legend>{legend}</legend>
        {names.map((p) => (
          <label key={p} class="check">
            <input
              type="checkbox"
              checked={!(filter[which]?.has(p) ?? false)}
              onChange={(e) => toggle(which, p, e.currentTarget.checked)}
            />
            {p}
          </label>
        ))}
      </fieldset>
    ) : null;
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
      {group('Providers', 'hiddenProviders', providers)}
      {group('Organisations', 'hiddenOrganisations', organisations)}
    </div>
  );
}
