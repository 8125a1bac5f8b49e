import { ModelCatalog } from '../catalog/model-catalog.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { createAdapter } from '../providers/create-adapter.ts';
import { discover } from '../providers/discover.ts';

/** The models a server with this config would offer (configured and discovered, no first-run download), for the CLI. */
export async function cliCatalog(config: LoadedConfig): Promise<ModelCatalog> {
  const found = await discover(config, {
    timeoutMs: config.discovery.timeoutMs,
    ...(config.discovery.servers ? { servers: config.discovery.servers } : {}),
    modelsDirs: config.local.modelsDirs,
    offline: true,
    starter: false,
  });
  return ModelCatalog.build(found.models, found.endpoints, found.statuses, (e) => createAdapter(e, config.secrets));
}
