import type { ModelListing, ModelSpec } from '../../shared/catalog.ts';
import type { EndpointConfig } from '../config/endpoint-config.ts';
import type { EndpointStatus } from '../providers/check-endpoints.ts';
import { scrubSecrets } from '../providers/scrub-secrets.ts';
import type { ProviderAdapter } from '../providers/types.ts';

export interface CatalogEntry {
  spec: ModelSpec;
  endpoint: EndpointConfig;
  /** Null when the model is unavailable. */
  adapter: ProviderAdapter | null;
  unavailableReason?: string;
}

export type AdapterFactory = (endpoint: EndpointConfig) => ProviderAdapter;

/** Ollama lists "llama3.2:latest" for a model pulled as "llama3.2". */
function listedName(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
}

function whyUnavailable(spec: ModelSpec, status: EndpointStatus | undefined): string | undefined {
  if (!status) return 'endpoint not checked';
  if (!status.available) return status.reason ?? 'endpoint unavailable';
  if (status.models && !status.models.some((m) => listedName(m) === listedName(spec.upstreamModel))) {
    return `the endpoint does not list "${spec.upstreamModel}" (pull or load it there)`;
  }
  return undefined;
}

/**
 * The models of this arena with their specs, availability and adapters. The
 * entries are swapped whole when the endpoints' health changes (adopt), so a
 * reader sees one consistent set; readers look a model up when they need it
 * rather than keep entries around.
 */
export class ModelCatalog {
  private byId: Map<string, CatalogEntry>;
  private readonly listeners = new Set<() => void>();

  constructor(entries: CatalogEntry[]) {
    this.byId = new Map(entries.map((e) => [e.spec.id, e]));
  }

  /**
   * Takes the entries of a freshly built catalog. Listeners hear of it only
   * when what the API lists changed (a model appeared, went or changed
   * availability); returns whether it did.
   */
  adopt(next: ModelCatalog): boolean {
    if (JSON.stringify(next.listings()) === JSON.stringify(this.listings())) return false;
    this.byId = next.byId;
    for (const f of this.listeners) f();
    return true;
  }

  /** Called after each change that adopt reports; returns the unsubscribe. */
  onChange(f: () => void): () => void {
    this.listeners.add(f);
    return () => this.listeners.delete(f);
  }

  static build(
    models: ModelSpec[],
    endpoints: EndpointConfig[],
    statuses: Map<string, EndpointStatus>,
    createAdapter: AdapterFactory,
  ): ModelCatalog {
    const endpointById = new Map(endpoints.map((e) => [e.id, e]));
    const adapters = new Map<string, ProviderAdapter>();
    const entries = models.map((spec): CatalogEntry => {
      const endpoint = endpointById.get(spec.endpoint);
      if (!endpoint)
        return { spec, endpoint: { id: spec.endpoint } as EndpointConfig, adapter: null, unavailableReason: 'endpoint not configured' };
      const reason = whyUnavailable(spec, statuses.get(endpoint.id));
      if (reason) return { spec, endpoint, adapter: null, unavailableReason: reason };
      let adapter = adapters.get(endpoint.id);
      if (!adapter) {
        adapter = createAdapter(endpoint);
        adapters.set(endpoint.id, adapter);
      }
      return { spec, endpoint, adapter };
    });
    return new ModelCatalog(entries);
  }

  get(id: string): CatalogEntry | undefined {
    return this.byId.get(id);
  }

  all(): CatalogEntry[] {
    return [...this.byId.values()];
  }

  available(): CatalogEntry[] {
    return this.all().filter((e) => e.adapter !== null);
  }

  /** What /api/models shows. Reasons and sources quote URLs and server text: credentials in them never reach the page. */
  listings(): ModelListing[] {
    return this.all().map((e) => ({
      ...e.spec,
      source: scrubSecrets(e.spec.source),
      provider: e.endpoint.kind,
      providerLabel: e.endpoint.label ?? e.endpoint.id,
      endpointId: e.endpoint.id,
      available: e.adapter !== null,
      ...(e.unavailableReason ? { unavailableReason: scrubSecrets(e.unavailableReason) } : {}),
    }));
  }
}
