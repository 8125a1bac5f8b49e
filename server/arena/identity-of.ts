import type { SideIdentity } from '../../shared/protocol.ts';
import type { CatalogEntry } from '../catalog/model-catalog.ts';

/** What the client may be told about a side once it may know it; a model gone from the catalog keeps its id. */
export function identityOf(modelId: string, entry: CatalogEntry | undefined): SideIdentity {
  return { modelId, label: entry?.spec.label ?? modelId, organisation: entry?.spec.organisation ?? 'unknown' };
}
