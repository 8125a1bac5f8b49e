import type { ModelListing } from '../../shared/catalog.ts';

/** Every word typed must appear in the model's name, organisation, provider or id. */
export function modelMatchesQuery(m: Pick<ModelListing, 'label' | 'organisation' | 'providerLabel' | 'id'>, query: string): boolean {
  const hay = `${m.label} ${m.organisation} ${m.providerLabel} ${m.id}`.toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => hay.includes(w));
}
