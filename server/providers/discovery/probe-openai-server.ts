import { fetchJson } from './fetch-json.ts';

export type ProbeResult = { ok: true; models: string[] } | { ok: false; reason: string };

/** Asks an OpenAI-compatible server which models it serves (`GET {base}/models`). */
export async function probeOpenAIServer(baseURL: string, timeoutMs: number): Promise<ProbeResult> {
  const r = await fetchJson(`${baseURL.replace(/\/+$/, '')}/models`, timeoutMs);
  if (!r.ok) return r;
  const data = (r.body as { data?: unknown }).data;
  if (!Array.isArray(data)) return { ok: false, reason: `${baseURL}/models is not an OpenAI-style model list` };
  const models = data.map((m) => (m as { id?: unknown }).id).filter((id): id is string => typeof id === 'string' && id !== '');
  return { ok: true, models };
}
