import type { Signal } from '@preact/signals';
import type { ModelListing } from '../../shared/catalog.ts';
import type { Limits } from '../../shared/protocol.ts';
import type { SideSettingsInput } from '../lib/settings-form.ts';
import type { Side } from '../../shared/protocol.ts';
import { BattleSettingsForm } from './arena/battle-settings-form.tsx';
import { ModelCombobox } from './model-combobox.tsx';

export interface NamedPickersProps {
  a: string;
  b: string;
  listing: ModelListing[];
  onPick: (side: Side, id: string) => void;
  settingsForm: Signal<Record<Side, SideSettingsInput>>;
  limits: Limits;
}

/**
 * Named mode's two model pickers and per-side settings: a chunk of its own,
 * loaded when someone picks models, so the blind arena's first load stays small.
 */
export default function NamedPickers({ a, b, listing, onPick, settingsForm, limits }: NamedPickersProps) {
  return (
    <>
      <div class="pickers">
        <ModelCombobox id="model-a" label="Model A" badge="a" value={a} models={listing} onChange={(id) => onPick('a', id)} />
        <ModelCombobox id="model-b" label="Model B" badge="b" value={b} models={listing} onChange={(id) => onPick('b', id)} />
      </div>
      {a !== '' && a === b ? (
        <p class="hint" data-testid="same-model-note">
          The same model on both sides: give each side its own settings below. The vote is recorded, but left out of the ratings.
        </p>
      ) : null}
      <BattleSettingsForm form={settingsForm} limits={limits} />
    </>
  );
}
