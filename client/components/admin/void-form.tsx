import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';
import { VoidScope } from '../../../shared/admin.ts';
import { voidVotes } from '../../lib/admin-api.ts';
import { formatCount } from '../../lib/format.ts';

type Kind = VoidScope['kind'];

const KINDS: readonly [Kind, string, string][] = [
  ['battle', 'Battles', 'battle ids, separated by spaces or commas'],
  ['session', 'Session', 'session hash (64 hex digits)'],
  ['user', 'User', 'user id'],
  ['address', 'Address range', 'an address or CIDR range, e.g. 203.0.113.0/24'],
  ['address-hash', 'Address (hash)', 'address hash from the suspicious list'],
  ['window', 'Time window only', 'every vote between the two times below'],
];

/** A scope prefilled from elsewhere on the page (a suspicious group, a flagged battle). */
export interface VoidPreset {
  scope: VoidScope;
  reason: string;
}

function scopeValue(s: VoidScope): string {
  switch (s.kind) {
    case 'battle':
      return s.battleIds.join(' ');
    case 'session':
      return s.sessionHash;
    case 'user':
      return s.userId;
    case 'address':
      return s.cidr;
    case 'address-hash':
      return s.addressHash;
    case 'window':
      return '';
  }
}

function buildScope(kind: Kind, value: string, from: string, to: string): unknown {
  const v = value.trim();
  const bounds = {
    ...(from ? { from: new Date(from).getTime() } : {}),
    ...(to ? { to: new Date(to).getTime() } : {}),
  };
  switch (kind) {
    case 'battle':
      return { kind, battleIds: v.split(/[\s,]+/).filter(Boolean), ...bounds };
    case 'session':
      return { kind, sessionHash: v, ...bounds };
    case 'user':
      return { kind, userId: v, ...bounds };
    case 'address':
      return { kind, cidr: v, ...bounds };
    case 'address-hash':
      return { kind, addressHash: v, ...bounds };
    case 'window':
      return { kind, ...bounds };
  }
}

/** Void votes by one scope, with a reason; "Check" counts them first without writing anything. */
export function VoidForm({ preset, onVoided }: { preset: VoidPreset | null; onVoided: () => void }) {
  const kind = useSignal<Kind>('battle');
  const value = useSignal('');
  const from = useSignal('');
  const to = useSignal('');
  const reason = useSignal('');
  const message = useSignal<{ text: string; error: boolean } | null>(null);
  const busy = useSignal(false);

  useEffect(() => {
    if (!preset) return;
    kind.value = preset.scope.kind;
    value.value = scopeValue(preset.scope);
    from.value = '';
    to.value = '';
    reason.value = preset.reason;
    message.value = null;
    document.getElementById('void-form')?.scrollIntoView({ block: 'nearest' });
  }, [preset]);

  const run = (dryRun: boolean) => {
    const scope = VoidScope.safeParse(buildScope(kind.value, value.value, from.value, to.value));
    if (!scope.success) {
      message.value = { text: scope.error.issues.map((i) => i.message).join('; '), error: true };
      return;
    }
    busy.value = true;
    voidVotes(scope.data, reason.value, dryRun).then(
      (r) => {
        busy.value = false;
        const already = r.alreadyVoided > 0 ? ` (${formatCount(r.alreadyVoided)} already voided)` : '';
        message.value = {
          text: dryRun ? `${formatCount(r.votes)} votes match${already}.` : `Voided ${formatCount(r.votes)} votes${already}.`,
          error: false,
        };
        if (!dryRun) onVoided();
      },
      (e: Error) => {
        busy.value = false;
        message.value = { text: e.message, error: true };
      },
    );
  };

  const hint = KINDS.find(([k]) => k === kind.value)![2];
  return (
    <form id="void-form" class="card admin-form" onSubmit={(e) => (e.preventDefault(), run(false))} aria-labelledby="void-title">
      <h2 id="void-title">Void votes</h2>
      <p class="hint">
        A void is a record of its own: the votes stay, marked, and leave every rating. It can be reversed, never edited or deleted.
      </p>
      <div class="admin-fields">
        <label class="field">
          <span>By</span>
          <select value={kind.value} onChange={(e) => (kind.value = e.currentTarget.value as Kind)} data-testid="void-kind">
            {KINDS.map(([k, label]) => (
              <option key={k} value={k}>
                {label}
              </option>
            ))}
          </select>
        </label>
        {kind.value === 'window' ? null : (
          <label class="field field-wide">
            <span>{hint}</span>
            <input value={value.value} onInput={(e) => (value.value = e.currentTarget.value)} data-testid="void-value" />
          </label>
        )}
        <label class="field">
          <span>From (optional)</span>
          <input type="datetime-local" value={from.value} onInput={(e) => (from.value = e.currentTarget.value)} />
        </label>
        <label class="field">
          <span>Until (optional)</span>
          <input type="datetime-local" value={to.value} onInput={(e) => (to.value = e.currentTarget.value)} />
        </label>
        <label class="field field-wide">
          <span>Reason (kept with the void and in the export)</span>
          <input
            required
            minLength={3}
            maxLength={500}
            value={reason.value}
            onInput={(e) => (reason.value = e.currentTarget.value)}
            data-testid="void-reason"
          />
        </label>
      </div>
      <div class="admin-actions">
        <button type="button" class="btn" disabled={busy.value} onClick={() => run(true)}>
          Check
        </button>
        <button type="submit" class="btn btn-primary" disabled={busy.value || reason.value.trim().length < 3}>
          Void
        </button>
      </div>
      {message.value ? (
        <p class={message.value.error ? 'notice' : 'hint'} role={message.value.error ? 'alert' : 'status'} data-testid="void-message">
          {message.value.text}
        </p>
      ) : null}
    </form>
  );
}
