import { useState } from 'preact/hooks';
import type { HeadToHeadResponse } from '../../../shared/api.ts';
import { formatMix, MIX_1_TO_1, MIX_3_TO_1, parseMix, type TokenMix } from '../../../shared/cost-mix.ts';
import { mixOf } from '../../../shared/observed-mix.ts';
import { costRows, PRESET_VOLUMES } from '../../lib/compare-published-rows.ts';
import { formatCount } from '../../lib/format.ts';
import { parseVolume } from '../../lib/parse-volume.ts';
import { SideBySideTable } from './side-by-side-table.tsx';

type MixChoice = '3:1' | '1:1' | 'observed' | 'custom';

/** A month of use at hosted-API prices, at the mix the reader picks and at volumes they pick or type. */
export function CostCalculator({ h }: { h: HeadToHeadResponse }) {
  const [choice, setChoice] = useState<MixChoice>('3:1');
  const [custom, setCustom] = useState('2:1');
  const [volumeText, setVolumeText] = useState('');
  const observed = h.observedMix;
  const customMix = parseMix(custom);
  const mix: TokenMix | null =
    choice === '3:1' ? MIX_3_TO_1 : choice === '1:1' ? MIX_1_TO_1 : choice === 'observed' ? (observed ? mixOf(observed) : null) : customMix;
  const typed = parseVolume(volumeText);
  const volumes =
    typed !== null && !(PRESET_VOLUMES as readonly number[]).includes(typed) ? [...PRESET_VOLUMES, typed] : [...PRESET_VOLUMES];
  const options: { id: MixChoice; label: string; disabled?: boolean }[] = [
    { id: '3:1', label: '3:1' },
    { id: '1:1', label: '1:1' },
    {
      id: 'observed',
      label: observed
        ? `this arena's observed mix for these two: ${formatMix(mixOf(observed))} (${formatCount(observed.inputTokens)} in, ${formatCount(observed.outputTokens)} out over ${formatCount(observed.answers)} answers)`
        : "this arena's observed mix (no token counts yet)",
      disabled: !observed,
    },
    { id: 'custom', label: 'custom' },
  ];
  return (
    <section class="card card-wide" aria-labelledby="cost-title" data-testid="cost-calculator">
      <h2 id="cost-title">Monthly cost</h2>
      <fieldset class="mix-choice">
        <legend>Input : output tokens</legend>
        {options.map((o) => (
          <label key={o.id} class={o.disabled ? 'muted' : undefined}>
            <input
              type="radio"
              name="cost-mix"
              value={o.id}
              checked={choice === o.id}
              disabled={o.disabled}
              onChange={() => setChoice(o.id)}
            />{' '}
            {o.label}
          </label>
        ))}
        <input
          type="text"
          class="mix-custom"
          aria-label="Custom ratio, input:output"
          value={custom}
          onInput={(e) => {
            setCustom((e.target as HTMLInputElement).value);
            setChoice('custom');
          }}
          aria-invalid={choice === 'custom' && !customMix}
        />
      </fieldset>
      <label class="volume-input">
        Your volume, tokens a month{' '}
        <input
          type="text"
          inputMode="numeric"
          placeholder="e.g. 25M"
          value={volumeText}
          onInput={(e) => setVolumeText((e.target as HTMLInputElement).value)}
        />
      </label>
      {volumeText.trim() !== '' && typed === null ? (
        <p class="notice notice-info">Type a number of tokens, e.g. 2500000, 250k, 25M or 1.5B.</p>
      ) : null}
      {mix ? (
        <>
          <p class="hint" data-testid="cost-mix">
            At {formatMix(mix)} input to output, at hosted-API prices (see Price).
          </p>
          <SideBySideTable
            caption="Monthly cost at the chosen mix"
            aLabel={h.a.row.label}
            bLabel={h.b.row.label}
            rows={costRows(h, mix, volumes)}
            testId="cost-table"
          />
        </>
      ) : (
        <p class="notice notice-info">Type a ratio as input:output, e.g. 2:1 or 1:3.</p>
      )}
    </section>
  );
}
