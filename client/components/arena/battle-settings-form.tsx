import type { Signal } from '@preact/signals';
import { LIMITS, SIDES, type Limits, type Side } from '../../../shared/protocol.ts';
import type { SideSettingsInput } from '../../lib/settings-form.ts';

interface Props {
  form: Signal<Record<Side, SideSettingsInput>>;
  limits: Limits;
}

/** Per-side settings of a named battle: system prompt, temperature, max tokens (empty: the model's default). */
export function BattleSettingsForm({ form, limits }: Props) {
  const set = (side: Side, field: keyof SideSettingsInput, value: string) => {
    form.value = { ...form.value, [side]: { ...form.value[side], [field]: value } };
  };
  const changed = SIDES.some((s) =>
    [form.value[s].systemPrompt, form.value[s].temperature, form.value[s].maxTokens].some((v) => v.trim() !== ''),
  );
  return (
    <details class="battle-settings" open={changed || undefined}>
      <summary>Settings per side{changed ? ' (set)' : ''}</summary>
      <p class="hint">Empty fields keep the model&apos;s defaults. Settings are recorded with the battle and shown on it.</p>
      <div class="settings-grid">
        {SIDES.map((side) => {
          const letter = side.toUpperCase();
          const f = form.value[side];
          const id = (name: string) => `settings-${side}-${name}`;
          return (
            <fieldset key={side} class="settings-side">
              <legend>
                <span class={`side-badge side-badge-${side}`} aria-hidden="true">
                  {letter}
                </span>{' '}
                Side {letter}
              </legend>
              <label for={id('system')}>System prompt {letter}</label>
              <textarea
                id={id('system')}
                rows={2}
                value={f.systemPrompt}
                maxLength={(limits.systemPromptChars ?? LIMITS.systemPromptChars) * 2}
                onInput={(e) => set(side, 'systemPrompt', e.currentTarget.value)}
              />
              <div class="settings-numbers">
                <label>
                  Temperature {letter}
                  <input
                    id={id('temperature')}
                    type="number"
                    inputMode="decimal"
                    min={0}
                    max={2}
                    step={0.1}
                    placeholder="default"
                    value={f.temperature}
                    onInput={(e) => set(side, 'temperature', e.currentTarget.value)}
                  />
                </label>
                <label>
                  Max tokens {letter}
                  <input
                    id={id('max-tokens')}
                    type="number"
                    inputMode="numeric"
                    min={1}
                    max={limits.maxTokens ?? LIMITS.maxTokens}
                    step={1}
                    placeholder="default"
                    value={f.maxTokens}
                    onInput={(e) => set(side, 'maxTokens', e.currentTarget.value)}
                  />
                </label>
              </div>
            </fieldset>
          );
        })}
      </div>
    </details>
  );
}
