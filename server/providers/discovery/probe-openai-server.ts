import { redactUrl } from '../redact-url.ts';
import { fetchJson } from './fetch-json.ts';

export interface ServedModel {
  /** The name the server lists and expects back. */
  name: string;
  /** Context length the server reports for it, when it does (llama.cpp: `/props`, or `meta.n_ctx_train`). */
  contextLength: number | null;
}

export type ProbeResult = { ok: true; models: ServedModel[] } | { ok: false; reason: string };

const positiveInt = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null);

/**
 * The context one llama.cpp server slot actually serves (`GET /props`,
 * default_generation_settings.n_ctx): what a request must fit in, which can
 * be less than the model was trained for. Null from any other server.
 */
async function servedContext(baseURL: string, timeoutMs: number, headers: Record<string, string>): Promise<number | null> {
  const r = await fetchJson(`${baseURL.replace(/\/+$/, '').replace(/\/v1$/, '')}/props`, timeoutMs, headers);
  if (!r.ok) return null;
  const settings = (r.body as { default_generation_settings?: { n_ctx?: unknown } }).default_generation_settings;
  return positiveInt(settings?.n_ctx);
}

/**
 * The models an OpenAI-style `/models` body lists, with what the server says
 * of their context; null when the body is not such a list.
 */
export async function servedModels(
  body: unknown,
  baseURL: string,
  timeoutMs: number,
  headers: Record<string, string> = {},
): Promise<ServedModel[] | null> {
  const data = (body as { data?: unknown } | null)?.data;
  if (!Array.isArray(data)) return null;
  const listed = data.flatMap((m) => {
    const { id, meta } = (m ?? {}) as { id?: unknown; meta?: { n_ctx_train?: unknown } };
    return typeof id === 'string' && id !== '' ? [{ name: id, trained: positiveInt(meta?.n_ctx_train) }] : [];
  });
  // Only a server that speaks llama.cpp's dialect (meta in its list) is asked for /props.
  const served = listed.some((m) => m.trained !== null) ? await servedContext(baseURL, timeoutMs, headers) : null;
  return listed.map((m) => ({ name: m.name, contextLength: served ?? m.trained }));
}

/** Asks an OpenAI-compatible server which models it serves (`GET {base}/models`), with what it says of their context. */
export async function probeOpenAIServer(baseURL: string, timeoutMs: number, headers: Record<string, string> = {}): Promise<ProbeResult> {
  const r = await fetchJson(`${baseURL.replace(/\/+$/, '')}/models`, timeoutMs, headers);
  if (!r.ok) return r;
  const models = await servedModels(r.body, baseURL, timeoutMs, headers);
  return models
    ? { ok: true, models }
    : { ok: false, reason: `${redactUrl(`${baseURL.replace(/\/+$/, '')}/models`)} is not an OpenAI-style model list` };
}
