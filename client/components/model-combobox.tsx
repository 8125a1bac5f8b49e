import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useRef } from 'preact/hooks';
import { blendedPricePerMTok, type ModelListing } from '../../shared/catalog.ts';
import { formatCompactTokens } from '../lib/format-board.ts';
import { formatPricePerMTok } from '../lib/format.ts';
import { modelMatchesQuery } from '../lib/model-matches-query.ts';

interface Props {
  /** The input's id; the listbox and options derive theirs from it. */
  id: string;
  label: string;
  value: string;
  models: readonly ModelListing[];
  onChange: (id: string) => void;
  badge?: 'a' | 'b';
}

function priceText(m: ModelListing): string {
  const blended = blendedPricePerMTok(m.pricing);
  if (blended === null) return 'price not public';
  return blended === 0 ? 'free' : `${formatPricePerMTok(blended)}/M`;
}

/**
 * A model picker after the ARIA combobox pattern (editable, list
 * autocomplete): type to filter by name, organisation or provider; arrows
 * move through the matches, Enter picks, Escape closes and restores. Each
 * option shows availability, blended price and context; unavailable models
 * are listed (with why) but cannot be picked.
 */
export function ModelCombobox({ id, label, value, models, onChange, badge }: Props) {
  const open = useSignal(false);
  const query = useSignal('');
  const active = useSignal<string | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const listId = `${id}-list`;
  const optionId = (modelId: string) => `${id}-opt-${modelId.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  const selected = models.find((m) => m.id === value) ?? null;
  const matches = models.filter((m) => modelMatchesQuery(m, query.value));
  const pickable = matches.filter((m) => m.available);

  const openList = (q: string) => {
    query.value = q;
    open.value = true;
    const first = models.filter((m) => m.available && modelMatchesQuery(m, q));
    active.value = first.some((m) => m.id === value) && q === '' ? value : (first[0]?.id ?? null);
  };
  const close = () => {
    open.value = false;
    query.value = '';
    active.value = null;
  };
  const pick = (m: ModelListing) => {
    if (!m.available) return;
    onChange(m.id);
    close();
  };
  const move = (step: 1 | -1 | 'first' | 'last') => {
    if (pickable.length === 0) return;
    const at = pickable.findIndex((m) => m.id === active.peek());
    const next =
      step === 'first' ? 0 : step === 'last' ? pickable.length - 1 : at === -1 ? 0 : (at + step + pickable.length) % pickable.length;
    active.value = pickable[next]!.id;
    document.getElementById(optionId(pickable[next]!.id))?.scrollIntoView({ block: 'nearest' });
  };

  const onKeyDown = (e: JSX.TargetedKeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        if (!open.peek()) openList('');
        else if (!e.altKey) move(1);
        return;
      case 'ArrowUp':
        e.preventDefault();
        if (!open.peek()) openList('');
        else move(-1);
        return;
      case 'Home':
      case 'End':
        if (!open.peek()) return;
        e.preventDefault();
        move(e.key === 'Home' ? 'first' : 'last');
        return;
      case 'Enter': {
        if (!open.peek()) return;
        e.preventDefault();
        const m = pickable.find((x) => x.id === active.peek());
        if (m) pick(m);
        return;
      }
      case 'Escape':
        if (!open.peek()) return;
        e.preventDefault();
        e.stopPropagation();
        close();
        return;
      case 'Tab':
        close();
        return;
    }
  };

  const shownText = open.value ? query.value : (selected?.label ?? '');
  return (
    <div class="combo" data-testid={`${id}-combo`}>
      <label class="combo-label" for={id}>
        {badge ? (
          <span class={`side-badge side-badge-${badge}`} aria-hidden="true">
            {badge.toUpperCase()}
          </span>
        ) : null}
        <span class={badge ? 'visually-hidden' : undefined}>{label}</span>
      </label>
      <div class="combo-field">
        <input
          ref={inputRef}
          id={id}
          type="text"
          role="combobox"
          autoComplete="off"
          spellcheck={false}
          aria-autocomplete="list"
          aria-expanded={open.value}
          aria-controls={listId}
          aria-activedescendant={open.value && active.value ? optionId(active.value) : undefined}
          aria-describedby={`${id}-desc`}
          placeholder={selected ? selected.label : 'Search models…'}
          value={shownText}
          onInput={(e) => openList(e.currentTarget.value)}
          onKeyDown={onKeyDown}
          onClick={() => (open.peek() ? null : openList(''))}
          onBlur={close}
        />
        <span id={`${id}-desc`} class="combo-desc">
          {selected ? `${selected.organisation} · ${selected.providerLabel}` : 'No model picked'}
        </span>
        <ul id={listId} role="listbox" aria-label={label} class="combo-list" hidden={!open.value}>
          {matches.length === 0 ? (
            <li class="combo-empty" role="presentation">
              No model matches “{query.value}”.
            </li>
          ) : null}
          {matches.map((m) => (
            <li
              key={m.id}
              id={optionId(m.id)}
              role="option"
              aria-selected={m.id === value}
              aria-disabled={!m.available}
              class={`combo-option${m.id === active.value ? ' combo-active' : ''}${m.available ? '' : ' combo-off'}`}
              data-model-id={m.id}
              // Keep focus in the input: a click must not blur (and close) before it picks.
              onMouseDown={(e) => e.preventDefault()}
              onClick={() => pick(m)}
              title={m.available ? undefined : m.unavailableReason}
            >
              <span class="combo-name">{m.label}</span>
              <span class="combo-meta">
                {m.organisation} · {m.providerLabel}
              </span>
              <span class="combo-facts">
                {m.available ? priceText(m) : 'unavailable'}
                {m.contextWindow !== null ? ` · ${formatCompactTokens(m.contextWindow)} context` : ''}
              </span>
            </li>
          ))}
        </ul>
        <span class="visually-hidden" aria-live="polite">
          {open.value ? `${pickable.length} available model${pickable.length === 1 ? '' : 's'} match.` : ''}
        </span>
      </div>
    </div>
  );
}
