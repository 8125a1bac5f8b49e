import type { z } from 'zod';
import { ApiError } from '../../shared/api.ts';
import { ApiRequestError, getJson } from './api.ts';

export { getJson };

/** POSTs JSON (the content type every state-changing API route requires) and parses the answer by `schema`. */
export async function postJson<S extends z.ZodType>(path: string, body: unknown, schema: S): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(body),
  });
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    throw new ApiRequestError(`${path}: HTTP ${res.status} without JSON`, res.status);
  }
  if (!res.ok) {
    const err = ApiError.safeParse(json);
    const problems = (json as { problems?: unknown }).problems;
    const detail = Array.isArray(problems) ? `: ${problems.join('; ')}` : '';
    throw new ApiRequestError(
      (err.success ? err.data.error.message : ((json as { error?: string }).error ?? `HTTP ${res.status}`)) + detail,
      res.status,
    );
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new Error(`${path}: unexpected response shape`);
  return parsed.data;
}
