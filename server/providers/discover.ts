import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { ModelSpec } from '../../shared/catalog.ts';
import { ModelCatalog } from '../catalog/model-catalog.ts';
import { EndpointConfig } from '../config/endpoint-config.ts';
import type { LoadedConfig } from '../config/load-config.ts';
import { checkEndpoint, resolveBaseURL, type EndpointStatus } from './check-endpoints.ts';
import { DEFAULT_LOCAL_SERVERS, type LocalServer } from './discovery/local-servers.ts';
import { fetchOllamaTags, type OllamaModelFacts } from './discovery/ollama-tags.ts';
import { probeOpenAIServer, type ServedModel } from './discovery/probe-openai-server.ts';
import { serverModelSpec } from './discovery/server-model-spec.ts';
import { redactUrl } from './redact-url.ts';
import { downloadStarterModels, type StarterOutcome } from './local/download-starter-models.ts';
import { getLlamaRuntime } from './local/llama-runtime.ts';
import { DEFAULT_MODELS_DIR, resolveModelsDirs } from './local/models-dirs.ts';
import type { ProgressStream } from './local/progress-bar.ts';
import { scanLocalModels } from './local/scan-models.ts';
import { DEFAULT_STARTER_MODELS, type StarterModel } from './local/starter-model.ts';

/** One line of the start-up table. */
export interface StartupRow {
  provider: string;
  /** Ids of the catalog entries this provider serves right now. */
  models: string[];
  ok: boolean;
  status: string;
}

export interface Discovery {
  /** Configured endpoints plus the ones found running. */
  endpoints: EndpointConfig[];
  /** Configured models plus the ones found (local servers' extra models, GGUF files). */
  models: ModelSpec[];
  statuses: Map<string, EndpointStatus>;
  /** Things worth a line on the console: skipped files, missing model files. */
  problems: string[];
  rows: StartupRow[];
  modelsDirs: string[];
  /** What the first-run download did, one outcome per starter model, when it ran. */
  starters: StarterOutcome[] | null;
}

export interface DiscoverOptions {
  /** Base for ./models; defaults to process.cwd(). */
  cwd?: string;
  /** Per probe. Everything runs in parallel, so start-up waits about this long at most. */
  timeoutMs?: number;
  /** Keyless servers probed on their default ports; pass your own (tests use ephemeral ports) or [] for none. */
  servers?: LocalServer[];
  /** More GGUF directories, besides ./models and VERSUS_MODELS_DIR. */
  modelsDirs?: string[];
  /** No starter download (also VERSUS_OFFLINE=1 in the config's environment). */
  offline?: boolean;
  /** The first-run models (one alone is accepted, as older configs give it); false or [] to never download any. */
  starter?: StarterModel | StarterModel[] | false;
  /** Console lines of the first-run download. */
  say?: (line: string) => void;
  progressStream?: ProgressStream;
}

export const DEFAULT_DISCOVERY_TIMEOUT_MS = 1500;
const LOCAL_ENDPOINT: EndpointConfig = EndpointConfig.parse({
  id: 'local',
  kind: 'local',
  label: 'Local GGUF (node-llama-cpp)',
  // The first answer of a big model includes loading its weights.
  firstTokenTimeoutMs: 180_000,
});

function truthy(v: string | undefined): boolean {
  return v !== undefined && !/^(0|false|no|off)?$/i.test(v.trim());
}

/** Ollama lists "llama3.2:latest" for a model pulled as "llama3.2". */
function listedName(name: string): string {
  return name.endsWith(':latest') ? name.slice(0, -':latest'.length) : name;
}

function sameBase(a: string | undefined, b: string): boolean {
  return a !== undefined && a.replace(/\/+$/, '') === b.replace(/\/+$/, '');
}

/** Entries for listed models that no configured entry on that endpoint covers. */
function extraServerModels(
  endpoint: EndpointConfig,
  listed: ServedModel[],
  known: ModelSpec[],
  tags: OllamaModelFacts[] | null,
  source: string,
): ModelSpec[] {
  const covered = new Set(known.filter((m) => m.endpoint === endpoint.id).map((m) => listedName(m.upstreamModel)));
  const label = endpoint.label ?? endpoint.id;
  return (
    listed
      .filter(({ name }) => !covered.has(listedName(name)))
      // Embedding models answer no chat request; the servers list them beside chat models.
      .filter(({ name }) => !/embed/i.test(name))
      .map(({ name, contextLength }) => {
        const t = tags?.find((x) => listedName(x.name) === listedName(name));
        const details: Record<string, string> = {};
        if (t?.parameterSize) details['parameters'] = t.parameterSize;
        if (t?.quantization) details['quantization'] = t.quantization;
        if (t?.family) details['architecture'] = t.family;
        if (t?.sizeBytes) details['file size'] = `${(t.sizeBytes / 1e9).toFixed(1)} GB`;
        return serverModelSpec({ endpointId: endpoint.id, name: listedName(name), serverLabel: label, source, details, contextLength });
      })
  );
}

/** A configured local model may name its file relative to a models directory or the working directory. */
function resolveLocalFile(upstream: string, dirs: string[], cwd: string): string | null {
  const candidates = isAbsolute(upstream) ? [upstream] : [...dirs.map((d) => resolve(d, upstream)), resolve(cwd, upstream)];
  return candidates.find((c) => existsSync(c)) ?? null;
}

async function localRuntimeStatus(): Promise<{ ok: true; backend: string } | { ok: false; reason: string }> {
  try {
    const llama = await getLlamaRuntime();
    return { ok: true, backend: llama.gpu ? `llama.cpp, ${llama.gpu}` : 'llama.cpp, CPU' };
  } catch (e) {
    return { ok: false, reason: `node-llama-cpp could not load llama.cpp (${(e as Error).message})` };
  }
}

const noAdapter = { kind: 'none', stream: async function* () {} };

function availableIds(models: ModelSpec[], endpoints: EndpointConfig[], statuses: Map<string, EndpointStatus>): Set<string> {
  const catalog = ModelCatalog.build(models, endpoints, statuses, () => noAdapter);
  return new Set(catalog.available().map((e) => e.spec.id));
}

/**
 * Finds everything this arena can talk to, in parallel and with short
 * timeouts: configured endpoints (keys, probed servers), LM Studio /
 * llama.cpp / vLLM on their usual ports, Ollama's pulled models, and GGUF
 * files. With nothing usable it downloads two small starter models unless
 * offline. Never throws: whatever fails becomes a status with its reason.
 */
export async function discover(config: LoadedConfig, opts: DiscoverOptions = {}): Promise<Discovery> {
  const cwd = opts.cwd ?? process.cwd();
  const timeoutMs = opts.timeoutMs ?? DEFAULT_DISCOVERY_TIMEOUT_MS;
  const secrets = config.secrets;
  const modelsDirs = resolveModelsDirs({ env: secrets, cwd, extra: opts.modelsDirs ?? [] });
  const problems: string[] = [];

  const configuredLocal = config.endpoints.find((e) => e.kind === 'local');
  const localEndpoint = configuredLocal ?? LOCAL_ENDPOINT;
  const servers = (opts.servers ?? DEFAULT_LOCAL_SERVERS).filter(
    (s) => !config.endpoints.some((e) => e.id === s.id || sameBase(resolveBaseURL(e, secrets), s.baseURL)),
  );

  const [checked, probed, scan] = await Promise.all([
    Promise.all(
      config.endpoints.map(async (e) => {
        const status = await checkEndpoint(e, secrets, { timeoutMs });
        const base = resolveBaseURL(e, secrets);
        // Ollama knows more about its models than /v1/models says; other servers just 404 here.
        const tags = e.probe && status.available && base ? await fetchOllamaTags(base, timeoutMs) : null;
        return { e, status, tags };
      }),
    ),
    Promise.all(servers.map(async (s) => ({ s, result: await probeOpenAIServer(s.baseURL, timeoutMs) }))),
    scanLocalModels(modelsDirs, {
      endpointId: localEndpoint.id,
      // The runtime the models will run on anyway: loaded once, and only if there are files.
      llama: () => getLlamaRuntime(),
    }),
  ]);
  problems.push(...scan.problems);

  const endpoints: EndpointConfig[] = [...config.endpoints];
  const statuses = new Map<string, EndpointStatus>();
  const models: ModelSpec[] = [];

  // Configured models; local ones get their file resolved to an absolute path.
  const localIds = new Set(config.endpoints.filter((e) => e.kind === 'local').map((e) => e.id));
  for (const m of config.models) {
    if (!localIds.has(m.endpoint)) {
      models.push(m);
      continue;
    }
    const file = resolveLocalFile(m.upstreamModel, modelsDirs, cwd);
    if (!file) problems.push(`model "${m.id}": file ${m.upstreamModel} not found (looked in ${modelsDirs.join(', ')})`);
    models.push(file ? { ...m, upstreamModel: file } : m);
  }

  for (const { e, status, tags } of checked) {
    statuses.set(e.id, status);
    if (e.probe && status.available && status.served) {
      models.push(
        ...extraServerModels(
          e,
          status.served,
          config.models,
          tags,
          `listed by ${e.label ?? e.id} at ${redactUrl(resolveBaseURL(e, secrets) ?? '')}`,
        ),
      );
    }
  }

  const serverRows: StartupRow[] = [];
  for (const { s, result } of probed) {
    if (!result.ok) {
      serverRows.push({ provider: s.label, models: [], ok: false, status: `not running: ${result.reason}` });
      continue;
    }
    const endpoint = EndpointConfig.parse({
      id: s.id,
      kind: 'openai',
      label: s.label,
      baseURL: s.baseURL,
      probe: true,
      firstTokenTimeoutMs: 180_000,
    });
    endpoints.push(endpoint);
    statuses.set(endpoint.id, { available: true, models: result.models.map((m) => m.name), served: result.models });
    models.push(...extraServerModels(endpoint, result.models, [], null, `listed by ${s.label} at ${redactUrl(s.baseURL)}`));
  }

  // GGUF files: scanned entries, unless a configured entry already took the id.
  const takenIds = new Set(models.map((m) => m.id));
  const addLocal = (found: ModelSpec[]) => {
    for (const m of found) {
      if (takenIds.has(m.id)) continue;
      takenIds.add(m.id);
      models.push(m);
    }
  };
  addLocal(scan.models);

  const hasLocalModels = () => models.some((m) => m.endpoint === localEndpoint.id);
  const setLocalStatus = async () => {
    if (!configuredLocal && !endpoints.includes(localEndpoint) && hasLocalModels()) endpoints.push(localEndpoint);
    if (!endpoints.includes(localEndpoint)) return;
    const files = models
      .filter((m) => m.endpoint === localEndpoint.id)
      .map((m) => m.upstreamModel)
      .filter((f) => existsSync(f));
    const runtime = hasLocalModels() ? await localRuntimeStatus() : { ok: true as const, backend: 'llama.cpp' };
    if (!runtime.ok) problems.push(runtime.reason);
    statuses.set(localEndpoint.id, runtime.ok ? { available: true, models: files } : { available: false, reason: runtime.reason });
    return runtime.ok ? runtime.backend : null;
  };
  let backend = await setLocalStatus();

  // First run: nothing to talk to, so fetch the starter models (unless offline). Also when
  // an earlier first run got only some of them: then its files are all there is.
  let starters: StarterOutcome[] | null = null;
  const offline = opts.offline || truthy(secrets['VERSUS_OFFLINE']);
  const starterList = opts.starter === false ? [] : opts.starter === undefined ? DEFAULT_STARTER_MODELS : [opts.starter].flat();
  const modelsDir = resolve(cwd, DEFAULT_MODELS_DIR);
  const starterFiles = new Set(starterList.map((s) => resolve(modelsDir, s.fileName)));
  const availableNow = availableIds(models, endpoints, statuses);
  const onlyStarters = models
    .filter((m) => availableNow.has(m.id))
    .every((m) => m.endpoint === localEndpoint.id && starterFiles.has(m.upstreamModel));
  const starterMissing = [...starterFiles].some((f) => !existsSync(f));
  if (onlyStarters && starterMissing && !offline) {
    const say = opts.say ?? ((line: string) => console.log(line));
    starters = await downloadStarterModels({
      starters: starterList,
      modelsDir,
      say,
      ...(opts.progressStream ? { progressStream: opts.progressStream } : {}),
    });
    if (starters.some((r) => r.ok)) {
      const again = await scanLocalModels([modelsDir], { endpointId: localEndpoint.id, llama: () => getLlamaRuntime() });
      addLocal(again.models);
      problems.push(...again.problems.filter((p) => !problems.includes(p)));
      backend = await setLocalStatus();
    }
  }

  const available = availableIds(models, endpoints, statuses);
  const rows: StartupRow[] = [];
  // Hosted and configured servers first, then servers found running, then in-process models.
  const rowOrder = [...endpoints.filter((e) => e.kind !== 'local'), ...endpoints.filter((e) => e.kind === 'local')];
  const localRows: StartupRow[] = [];
  for (const e of rowOrder) {
    const status = statuses.get(e.id);
    const served = models.filter((m) => m.endpoint === e.id && available.has(m.id)).map((m) => m.id);
    const unavailable = models.filter((m) => m.endpoint === e.id && !available.has(m.id)).length;
    let text: string;
    if (e.kind === 'local') {
      text = !status?.available
        ? (status?.reason ?? 'unavailable')
        : served.length > 0
          ? `ready (${backend ?? 'llama.cpp'}; GGUF from ${modelsDirs.join(', ')})`
          : `no .gguf files in ${modelsDirs.join(', ')}`;
    } else if (!status?.available) {
      text = status?.reason ?? 'unavailable';
    } else {
      text =
        unavailable > 0 && served.length > 0
          ? `ready (${unavailable} catalog models not served there)`
          : served.length > 0
            ? 'ready'
            : 'answers, but serves none of the catalog models';
    }
    (e.kind === 'local' ? localRows : rows).push({
      provider: e.label ?? e.id,
      models: served,
      ok: Boolean(status?.available) && served.length > 0,
      status: text,
    });
  }
  rows.push(...serverRows, ...localRows);
  if (!endpoints.some((e) => e.kind === 'local')) {
    rows.push({ provider: LOCAL_ENDPOINT.label!, models: [], ok: false, status: `no .gguf files in ${modelsDirs.join(', ')}` });
  }

  return { endpoints, models, statuses, problems, rows, modelsDirs, starters };
}
