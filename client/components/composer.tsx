import { useComputed, useSignal } from '@preact/signals';
import { inBlindPool } from '../../shared/catalog.ts';
import type { BattleMode, BattleSettings, Limits, Side } from '../../shared/protocol.ts';
import type { ModelsStore } from '../lib/models-store.ts';
import { needsTwoModelsNotice } from '../lib/needs-two-models-notice.ts';
import { EMPTY_SETTINGS, settingsFromForm, type SideSettingsInput } from '../lib/settings-form.ts';
import { lazyPart } from './lazy-part.tsx';
import { PromptInput } from './prompt-input.tsx';
import { SetupPanel } from './setup-panel.tsx';

const NamedPickers = lazyPart(() => import('./named-pickers.tsx'), 'model pickers');

interface Props {
  models: ModelsStore;
  limits: Limits;
  connected: boolean;
  busy: boolean;
  onStart: (mode: BattleMode, prompt: string, models?: { a: string; b: string }, settings?: Partial<BattleSettings>) => boolean;
}

const BLIND_POOL_TOO_SMALL =
  'Blind battles draw from chat models with trained weights, and fewer than two are available: pick two models instead, or add a chat model.';

/** A new battle: blind or two picked models (each with its own settings), and the first prompt. */
export function Composer({ models, limits, connected, busy, onStart }: Props) {
  const mode = useSignal<BattleMode>('blind');
  const pickA = useSignal('');
  const pickB = useSignal('');
  const settingsForm = useSignal<Record<Side, SideSettingsInput>>({ a: EMPTY_SETTINGS, b: EMPTY_SETTINGS });
  const listing = models.data.value?.models ?? [];
  const available = useComputed(() => (models.data.value?.models ?? []).filter((m) => m.available));
  const avail = available.value;

  // Default picks: the first two available models. One model on both sides is allowed (two settings of it).
  const a = avail.some((m) => m.id === pickA.value) ? pickA.value : (avail[0]?.id ?? '');
  const b = avail.some((m) => m.id === pickB.value) ? pickB.value : (avail.find((m) => m.id !== a)?.id ?? a);
  const namedReady = a !== '' && b !== '';
  const enough = avail.length >= 2;
  const loaded = models.data.value !== null;
  const guide = models.data.value?.setupGuide ?? null;
  const named = mode.value === 'named';
  const settings = named ? settingsFromForm(settingsForm.value, limits) : { settings: undefined, problem: null };

  // Zero or one model: nothing can be sent, and the box says why instead of ignoring Enter.
  const locked = !loaded ? null : !enough && !(named && avail.length === 1) ? needsTwoModelsNotice(avail, guide !== null) : null;
  let problem: string | null = null;
  if (!connected) problem = 'Connecting to the server…';
  else if (locked) problem = null;
  else if (mode.value === 'blind' && loaded && avail.filter(inBlindPool).length < 2) problem = BLIND_POOL_TOO_SMALL;
  else if (named && loaded && !namedReady) problem = 'Pick two models.';
  else if (settings.problem) problem = settings.problem;

  return (
    <section class="composer" aria-label="New battle">
      <fieldset class="mode-switch">
        <legend class="visually-hidden">Battle mode</legend>
        {(
          [
            ['blind', 'Blind battle', 'Two random models; names revealed after your vote'],
            ['named', 'Pick models', 'Choose both models from the catalog, with settings per side'],
          ] as const
        ).map(([value, label, title]) => (
          <label key={value} class={mode.value === value ? 'seg seg-on' : 'seg'} title={title}>
            <input type="radio" name="mode" value={value} checked={mode.value === value} onChange={() => (mode.value = value)} />
            {label}
          </label>
        ))}
      </fieldset>
      {named && listing.length > 0 ? (
        <NamedPickers
          a={a}
          b={b}
          listing={listing}
          onPick={(side, id) => ((side === 'a' ? pickA : pickB).value = id)}
          settingsForm={settingsForm}
          limits={limits}
        />
      ) : null}
      {loaded && !enough && guide ? <SetupPanel guide={guide} /> : null}
      {models.error.value ? <p class="hint hint-error">Could not load the model list: {models.error.value}</p> : null}
      <PromptInput
        id="prompt"
        label="Prompt"
        placeholder="Ask both models anything…"
        submitLabel="Send to both"
        disabled={!connected || busy || problem !== null || (named && !namedReady)}
        lockedReason={locked}
        busy={busy}
        maxChars={limits.promptChars}
        autoFocus
        onSubmit={(text) => (named ? onStart('named', text, { a, b }, settings.settings) : onStart('blind', text))}
      />
      {problem ? (
        <p class="hint" role="status">
          {problem}
        </p>
      ) : null}
    </section>
  );
}
