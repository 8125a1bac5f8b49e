import { signal } from '@preact/signals';
import type { ModelsResponse } from '../../shared/api.ts';
import { fetchModels } from './api.ts';

/** The catalog as /api/models lists it, loaded once and refreshed on demand. */
export function createModelsStore(load: () => Promise<ModelsResponse> = () => fetchModels()) {
  const data = signal<ModelsResponse | null>(null);
  const error = signal<string | null>(null);
  const loading = signal(false);
  let inflight: Promise<void> | null = null;

  const refresh = (): Promise<void> =>
    (inflight ??= (async () => {
      loading.value = true;
      try {
        data.value = await load();
        error.value = null;
      } catch (e) {
        error.value = (e as Error).message;
      } finally {
        loading.value = false;
        inflight = null;
      }
    })());

  return { data, error, loading, refresh };
}

export type ModelsStore = ReturnType<typeof createModelsStore>;
