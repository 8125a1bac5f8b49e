import { useSignal } from '@preact/signals';
import type { VoidEntry, VoidScope } from '../../../shared/admin.ts';
import { reverseVoid } from '../../lib/admin-api.ts';
import { formatCount } from '../../lib/format.ts';

const when = (ms: number) => new Date(ms).toLocaleString();

function describeScope(s: VoidScope): string {
  const bounds = s.kind !== 'window' && (s.from !== undefined || s.to !== undefined) ? ' (within a time window)' : '';
  switch (s.kind) {
    case 'battle':
      return `${s.battleIds.length === 1 ? 'battle' : `${s.battleIds.length} battles`} ${s.battleIds.slice(0, 3).join(', ')}${bounds}`;
    case 'session':
      return `session ${s.sessionHash.slice(0, 12)}…${bounds}`;
    case 'user':
      return `user ${s.userId}${bounds}`;
    case 'address':
      return `addresses ${s.cidr}${bounds}`;
    case 'address-hash':
      return `address ${s.addressHash.slice(0, 12)}…${bounds}`;
    case 'window':
      return `every vote from ${when(s.from)} until ${when(s.to)}`;
  }
}

/** Every void, newest first; a void is reversed by a record of its own, with a reason. */
export function VoidsList({ voids, onChanged }: { voids: VoidEntry[]; onChanged: () => void }) {
  const error = useSignal<string | null>(null);
  const reverse = (v: VoidEntry) => {
    const reason = window.prompt(`Why reverse void ${v.id} (${v.reason})?`);
    if (!reason) return;
    reverseVoid(v.id, reason).then(onChanged, (e: Error) => (error.value = e.message));
  };
  return (
    <section class="card" aria-labelledby="voids-title">
      <h2 id="voids-title">Voids</h2>
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
      {voids.length === 0 ? (
        <p class="empty">No vote has been voided.</p>
      ) : (
        <ul class="void-list" data-testid="voids-list">
          {voids.map((v) => (
            <li key={v.id} class={v.reversed ? 'void-reversed' : undefined}>
              <strong>{formatCount(v.votes)} votes</strong> · {describeScope(v.scope)} · “{v.reason}” · {v.by.name ?? v.by.id},{' '}
              {when(v.createdAt)}
              {v.reversed ? (
                <span class="muted">
                  {' '}
                  · reversed by {v.reversed.by.name ?? v.reversed.by.id}, {when(v.reversed.at)}: “{v.reversed.reason}”
                </span>
              ) : (
                <button type="button" class="btn btn-small btn-ghost" onClick={() => reverse(v)}>
                  Reverse…
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
