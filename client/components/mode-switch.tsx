import type { RatingsMode } from '../../shared/api.ts';

const MODES: readonly [RatingsMode, string, string][] = [
  ['blind', 'Blind votes', 'Votes cast before the names were shown (the default board)'],
  ['named', 'Named votes', 'Votes on battles where the person picked both models and saw their names'],
  ['all', 'All votes', 'Blind and named votes together'],
];

/** Which votes a board counts: blind by default; named votes are a board of their own. */
export function ModeSwitch({ value, onChange, name }: { value: RatingsMode; onChange: (m: RatingsMode) => void; name: string }) {
  return (
    <fieldset class="mode-switch">
      <legend class="visually-hidden">Which votes</legend>
      {MODES.map(([mode, label, title]) => (
        <label key={mode} class={value === mode ? 'seg seg-on' : 'seg'} title={title}>
          <input type="radio" name={name} value={mode} checked={value === mode} onChange={() => onChange(mode)} />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
