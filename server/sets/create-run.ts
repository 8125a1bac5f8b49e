import type { SetStore } from '../../db/set-store.ts';
import type { SetRunSummary, StartRunRequest } from '../../shared/prompt-set.ts';
import { newBattleId } from '../arena/session-ids.ts';
import type { ModelCatalog } from '../catalog/model-catalog.ts';

/** Records a new run of a set against `req.models` (every pair of them); errors are values, for the page and the CLI alike. */
export async function createRun(
  sets: SetStore,
  catalog: ModelCatalog,
  setId: string,
  req: StartRunRequest,
  createdBy: string,
): Promise<{ ok: true; run: SetRunSummary } | { ok: false; status: 400 | 404; error: string }> {
  const set = await sets.getSet(setId);
  if (!set) return { ok: false, status: 404, error: 'No such prompt set' };
  for (const id of req.models) {
    const entry = catalog.get(id);
    if (!entry) return { ok: false, status: 400, error: `Unknown model "${id}"` };
    if (!entry.adapter)
      return { ok: false, status: 400, error: `Model "${id}" is not available: ${entry.unavailableReason ?? 'unavailable'}` };
  }
  const run: SetRunSummary = {
    id: newBattleId(),
    setId,
    models: req.models,
    concurrency: req.concurrency,
    status: 'running',
    createdBy,
    createdAt: Date.now(),
    finishedAt: null,
  };
  await sets.createRun(run);
  return { ok: true, run };
}
