import { useSignal } from '@preact/signals';
import type { ImportResponse } from '../../../shared/admin.ts';
import { importBattles } from '../../lib/admin-api.ts';
import { formatCount } from '../../lib/format.ts';

/** Export (clean-battle JSON Lines, voided votes marked) and import, admins only. */
export function DataPanel({ onImported }: { onImported: () => void }) {
  const result = useSignal<ImportResponse | null>(null);
  const error = useSignal<string | null>(null);
  const busy = useSignal(false);
  const upload = (e: Event) => {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    busy.value = true;
    error.value = null;
    importBattles(file).then(
      (r) => {
        busy.value = false;
        result.value = r;
        onImported();
      },
      (err: Error) => {
        busy.value = false;
        error.value = err.message;
      },
    );
  };
  return (
    <section class="card" aria-labelledby="data-title">
      <h2 id="data-title">Data</h2>
      <p>
        Export every voted battle: <a href="/api/export.jsonl?mode=all">all</a> · <a href="/api/export.jsonl?mode=blind">blind</a> ·{' '}
        <a href="/api/export.jsonl?mode=named">named</a> (JSON Lines; voided votes carry <code>versus.voided</code>).
      </p>
      <label class="field">
        <span>Import clean-battle JSON Lines (a battle already here is skipped)</span>
        <input type="file" accept=".jsonl,.ndjson,application/x-ndjson" disabled={busy.value} onChange={upload} />
      </label>
      {result.value ? (
        <p class="hint" role="status">
          Imported {formatCount(result.value.imported)}, already present {formatCount(result.value.duplicates)}, invalid{' '}
          {formatCount(result.value.invalid.length)}
          {result.value.invalid.length > 0 ? ` (first: line ${result.value.invalid[0]!.line}: ${result.value.invalid[0]!.message})` : ''}.
        </p>
      ) : null}
      {error.value ? (
        <p class="notice" role="alert">
          {error.value}
        </p>
      ) : null}
    </section>
  );
}
