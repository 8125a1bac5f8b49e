import type { z } from 'zod';
import { ApiError } from '../../shared/api.ts';

/** The server's own words for a failed request, or the status when it gave none. */
async function failure(res: Response, path: string): Promise<Error> {
  try {
    const err = ApiError.safeParse(await res.json());
    if (err.success) return new Error(err.data.error.message);
  } catch {
    // not JSON: fall through
  }
  return new Error(`${path}: HTTP ${res.status}`);
}

/**
 * A JSON request to the server: the body is sent as application/json (the
 * server refuses state changes sent any other way), and the answer is parsed
 * with `schema`, or ignored when there is none (204).
 */
export async function sendJson<S extends z.ZodType>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  schema?: S,
  init: { signal?: AbortSignal; contentType?: string; raw?: BodyInit } = {},
): Promise<z.infer<S>> {
  const res = await fetch(path, {
    method,
    headers: { accept: 'application/json', ...(method === 'POST' ? { 'content-type': init.contentType ?? 'application/json' } : {}) },
    ...(method === 'POST' ? { body: init.raw ?? JSON.stringify(body ?? {}) } : {}),
    ...(init.signal ? { signal: init.signal } : {}),
  });
  if (!res.ok) throw await failure(res, path);
  if (!schema) return undefined as z.infer<S>;
  const parsed = schema.safeParse(await res.json());
  if (!parsed.success) throw new Error(`${path}: unexpected response shape`);
  return parsed.data;
}
