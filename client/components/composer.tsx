import { useComputed, useSignal } from '@preact/signals';
import { inBlindPool } from '../../shared/catalog.ts';
import type { BattleMode } from '../../shared/protocol.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { needsTwoModelsNotice } from '../lib/needs-two-models-notice.ts';
import { PromptInput } from './prompt-input.tsx';

interface Props {
  models: ModelsStore;
  maxChars: number;
  connected: boolean;
  busy: boolean;
  onStart: (mode: BattleMode, prompt: string, models?: { a: string; b: string }) => boolean;
}

const BLIND_POOL_TOO_SMALL =
  'Blind battles draw from chat models with trained weights, and fewer than two are available: pick two models instead, or add a chat model.';

/** A new battle: blind or two picked models, and the first prompt. */
export function Composer({ models, maxChars, connected, busy, onStart }: Props) {
  const mode = useSignal<BattleMode>('blind');
  const pickA = useSignal('');
  const pickB = useSignal('');
  const listing = models.data.value?.models ?? [];
  const available = useComputed(() => (models.data.value?.models ?? []).filter((m) => m.available));
  const avail = available.value;

  // Default picks: the first two available models.
  const a = avail.some((m) => m.id === pickA.value) ? pickA.value : (avail[0]?.id ?? '');
  const b = avail.some((m) => m.id === pickB.value) ? pickB.value : (avail.find((m) => m.id !== a)?.id ?? '');
  const namedReady = a !== '' && b !== '' && a !== b;
  const enough = avail.length >= 2;
  const loaded = models.data.value !== null;

  let problem: string | null = null;
  if (!connected) problem = 'Connecting to the server…';
  else if (loaded && !enough) problem = needsTwoModelsNotice(avail, Boolean(models.data.value?.setupHelp));
  else if (mode.value === 'blind' && loaded && avail.filter(inBlindPool).length < 2) problem = BLIND_POOL_TOO_SMALL;
  else if (mode.value === 'named' && loaded && !namedReady) problem = 'Pick two different models.';

  return (
    <section class="composer" aria-label="New battle">
      <fieldset class="mode-switch">
        <legend class="visually-hidden">Battle mode</legend>
        {(
          [
            ['blind', 'Blind battle', 'Two random models; names revealed after your vote'],
            ['named', 'Pick models', 'Choose both models from the catalog'],
          ] as const
        ).map(([value, label, title]) => (
          <label key={value} class={mode.value === value ? 'seg seg-on' : 'seg'} title={title}>
            <input
              type="radio"
              name="mode"
              value={value}
              checked={mode.value === value}
              onChange={() => (mode.value = value)}
            />
            {label}
          </label>
        ))}
      </fieldset>
      {mode.value === 'named' ? (
        <div class="pickers">
          {(
            [
              ['a', a, pickA],
              ['b', b, pickB],
            ] as const
          ).map(([side, value, sig]) => (
            <label key={side} class="picker">
              <span class="side-badge">{side.toUpperCase()}</span>
              <span class="visually-hidden">Model {side.toUpperCase()}</span>
              <select value={value} onChange={(e) => (sig.value = e.currentTarget.value)} aria-label={`Model ${side.toUpperCase()}`}>
                {listing.map((m) => (
                  <option key={m.id} value={m.id} disabled={!m.available}>
                    {m.label} — {m.organisation}
                    {m.available ? '' : ' (unavailable)'}
                  </option>
                ))}
              </select>
            </label>
          ))}
        </div>
      ) : null}
      {loaded && !enough && models.data.value?.setupHelp ? <pre class="setup-help">{models.data.value.setupHelp}</pre> : null}
      {models.error.value ? <p class="hint hint-error">Could not load the model list: {models.error.value}</p> : null}
      <PromptInput
        id="prompt"
        label="Prompt"
        placeholder="Ask both models anything…"
        submitLabel="Send to both"
        disabled={!connected || busy || (loaded && !enough) || (mode.value === 'named' && !namedReady)}
        busy={busy}
        maxChars={maxChars}
        autoFocus
        onSubmit={(text) => (mode.value === 'named' ? onStart('named', text, { a, b }) : onStart('blind', text))}
      />
      {problem ? (
        <p class="hint" role="status">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
