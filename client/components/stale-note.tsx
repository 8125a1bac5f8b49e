/** When the ratings on screen were computed, or that newer votes are being counted (the page reloads them by itself). */
export function StaleNote({ stale, computedAt }: { stale: boolean; computedAt: number }) {
  const time = new Date(computedAt).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (
    <span class={stale ? 'stale-note stale' : 'stale-note'} role="status" data-testid="stale-note" data-stale={String(stale)}>
      {stale ? (
        <>
          <span class="dots" aria-hidden="true">
            <i />
            <i />
            <i />
          </span>
          Updating: newer votes are being counted
        </>
      ) : (
        `Computed at ${time}`
      )}
    </span>
  );
}
