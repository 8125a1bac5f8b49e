import { arrayWith } from '../helpers/match.ts';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelCatalog } from '../../server/catalog/model-catalog.ts';
import { loadConfig } from '../../server/config/load-config.ts';
import { discover, type DiscoverOptions } from '../../server/providers/discover.ts';
import type { LocalServer } from '../../server/providers/discovery/local-servers.ts';
import { HOW_TO_ADD_PROVIDER, HOW_TO_ADD_SECOND_MODEL } from '../../server/setup-help.ts';
import { formatStartupTable } from '../../server/startup-table.ts';
import { startFakeModelHub, type FakeModelHub } from '../helpers/fake-model-hub.ts';
import { tinyLlamaGguf, writeTinyLlamaGguf } from '../helpers/write-tiny-llama-gguf.ts';
import { closedPort } from '../local/file-server.ts';
import { openAIModels, startFakeServer, type FakeServer } from './fake-server.ts';

let cwd: string;
/** Two generated GGUFs, as a user's models folder would hold them. */
let modelsDir: string;
let storiesFile: string;
const servers: FakeServer[] = [];
const dummy = { kind: 'test', stream: async function* () {} };

beforeAll(() => {
  cwd = mkdtempSync(join(tmpdir(), 'versus-discover-'));
  modelsDir = join(cwd, 'gguf');
  storiesFile = writeTinyLlamaGguf(join(modelsDir, 'stories-tiny.gguf'), { contextLength: 512 }).path;
  writeTinyLlamaGguf(join(modelsDir, 'llama-2-tiny-random.gguf'), { tensorType: 'F16', seed: 2 });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  rmSync(cwd, { recursive: true, force: true });
});

async function fake(routes: Parameters<typeof startFakeServer>[0]): Promise<FakeServer> {
  const s = await startFakeServer(routes);
  servers.push(s);
  return s;
}

/** Stand-ins for LM Studio, llama.cpp and vLLM on ports that have nothing on them. */
async function nobodyHome(): Promise<LocalServer[]> {
  return [
    { id: 'lmstudio', label: 'LM Studio', baseURL: `http://127.0.0.1:${await closedPort()}/v1` },
    { id: 'llamacpp', label: 'llama.cpp server', baseURL: `http://127.0.0.1:${await closedPort()}/v1` },
    { id: 'vllm', label: 'vLLM', baseURL: `http://127.0.0.1:${await closedPort()}/v1` },
  ];
}

async function run(env: Record<string, string | undefined>, opts: DiscoverOptions) {
  const config = loadConfig(env, cwd);
  const found = await discover(config, { cwd, starter: false, timeoutMs: 1000, ...opts });
  const catalog = ModelCatalog.build(found.models, found.endpoints, found.statuses, () => dummy);
  return { found, catalog };
}

describe('discovery with nothing running', () => {
  it('finishes without waiting out a timeout, marks everything unavailable with a reason, and says how to add a provider', async () => {
    // A refused connection answers at once: with a 20 s probe timeout, finishing well inside it shows nothing waited for it
    // (a bound on elapsed time near the real figure would only measure how loaded the machine is).
    const t0 = performance.now();
    const { found, catalog } = await run(
      { OLLAMA_BASE_URL: `http://127.0.0.1:${await closedPort()}/v1`, VERSUS_OFFLINE: '1' },
      { servers: await nobodyHome(), offline: false, starter: undefined, timeoutMs: 20_000 },
    );
    expect(performance.now() - t0).toBeLessThan(20_000);
    expect(catalog.available()).toEqual([]);
    for (const l of catalog.listings()) expect(l.unavailableReason).toBeTruthy();
    expect(found.rows.every((r) => !r.ok && r.status.length > 0)).toBe(true);
    expect(found.rows.map((r) => r.provider)).toEqual([
      'OpenAI',
      'Anthropic',
      'Google Gemini',
      'Mistral',
      'Ollama',
      'LM Studio',
      'llama.cpp server',
      'vLLM',
      'Local GGUF (node-llama-cpp)',
    ]);
    expect(found.rows.find((r) => r.provider === 'OpenAI')!.status).toMatch(/set OPENAI_API_KEY/);
    expect(found.rows.find((r) => r.provider === 'LM Studio')!.status).toMatch(
      /not running: nothing answered at 127\.0\.0\.1:\d+ \(ECONNREFUSED\)/,
    );
    expect(found.rows.at(-1)!.status).toMatch(/no \.gguf files in .*models/);
    // VERSUS_OFFLINE=1 in the environment wins: no download was tried.
    expect(found.starters).toBeNull();
    const table = formatStartupTable({ rows: found.rows, problems: found.problems, url: 'http://127.0.0.1:8787' });
    expect(table).toContain(HOW_TO_ADD_PROVIDER);
    expect(table).toMatch(/0 models ready\. Open http:\/\/127\.0\.0\.1:8787/);
    expect(HOW_TO_ADD_PROVIDER).toMatch(/OPENAI_API_KEY/);
    expect(HOW_TO_ADD_PROVIDER).toMatch(/ollama pull llama3\.2:3b/);
    expect(HOW_TO_ADD_PROVIDER).toMatch(/\.gguf into \.\/models/);
    expect(HOW_TO_ADD_PROVIDER).toMatch(/versus\.config\.json/);
  });

  it('gives up on a server that accepts but never answers within the timeout', async () => {
    const silent = await fake({ '/v1/models': () => {} });
    const t0 = performance.now();
    const { found } = await run(
      { VERSUS_OFFLINE: '1' },
      { servers: [{ id: 'vllm', label: 'vLLM', baseURL: `${silent.origin}/v1` }], timeoutMs: 300 },
    );
    // It waited for the timeout, and gave up on it (the test's own timeout is the upper bound).
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    expect(found.rows.find((r) => r.provider === 'vLLM')!.status).toMatch(/no answer within 300 ms/);
    expect(found.endpoints.some((e) => e.id === 'vllm')).toBe(false);
  });
});

describe('discovery with fake local servers on ephemeral ports', () => {
  it('lists Ollama models: covered ones use the built-in entry, others get a $0 open-weights entry with /api/tags facts', async () => {
    const ollama = await fake({
      '/v1/models': openAIModels('llama3.2:3b', 'qwen2.5:0.5b', 'nomic-embed-text:latest'),
      '/api/tags': {
        models: [
          {
            name: 'llama3.2:3b',
            size: 2_019_393_189,
            details: { family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M', format: 'gguf' },
          },
          {
            name: 'qwen2.5:0.5b',
            size: 397_821_319,
            details: { family: 'qwen2', parameter_size: '494.03M', quantization_level: 'Q4_K_M', format: 'gguf' },
          },
        ],
      },
    });
    const { found, catalog } = await run({ OLLAMA_BASE_URL: `${ollama.origin}/v1`, VERSUS_OFFLINE: '1' }, { servers: [] });
    expect(found.statuses.get('ollama')).toMatchObject({ available: true });
    const ids = catalog.available().map((e) => e.spec.id);
    expect(ids).toContain('llama-3.2-3b-instruct');
    expect(ids).toContain('ollama:qwen2.5:0.5b');
    expect(ids).not.toContain('ollama:llama3.2:3b');
    expect(ids.some((id) => id.includes('embed'))).toBe(false);
    const qwen = catalog.get('ollama:qwen2.5:0.5b')!.spec;
    expect(qwen).toMatchObject({
      upstreamModel: 'qwen2.5:0.5b',
      endpoint: 'ollama',
      openWeights: true,
      pricing: { inputPerMTok: 0, outputPerMTok: 0, cachedInputPerMTok: 0 },
      details: { parameters: '494.03M', quantization: 'Q4_K_M', architecture: 'qwen2' },
    });
    // Built-ins it has not pulled stay in the catalog, unavailable, saying why.
    expect(catalog.get('gemma-3-27b')!.unavailableReason).toMatch(/does not list "gemma3:27b"/);
    expect(found.rows.find((r) => r.provider === 'Ollama')).toMatchObject({
      ok: true,
      models: ['llama-3.2-3b-instruct', 'ollama:qwen2.5:0.5b'],
    });
  });

  it('adds LM Studio, llama.cpp and vLLM as keyless OpenAI endpoints with their models; a broken one is reported', async () => {
    const lm = await fake({ '/v1/models': openAIModels('qwen2.5-7b-instruct', 'text-embedding-nomic-embed-text-v1.5') });
    const llamacpp = await fake({ '/v1/models': openAIModels('/models/Llama-3.2-1B-Instruct-Q4_K_M.gguf') });
    const vllm = await fake({ '/v1/models': (_q, res) => void res.writeHead(500).end('boom') });
    const { found, catalog } = await run(
      { VERSUS_OFFLINE: '1' },
      {
        servers: [
          { id: 'lmstudio', label: 'LM Studio', baseURL: `${lm.origin}/v1` },
          { id: 'llamacpp', label: 'llama.cpp server', baseURL: `${llamacpp.origin}/v1` },
          { id: 'vllm', label: 'vLLM', baseURL: `${vllm.origin}/v1` },
        ],
      },
    );
    expect(found.endpoints.find((e) => e.id === 'lmstudio')).toMatchObject({ kind: 'openai', baseURL: `${lm.origin}/v1`, probe: true });
    expect(found.endpoints.find((e) => e.id === 'lmstudio')!.apiKeyEnv).toBeUndefined();
    const ids = catalog.available().map((e) => e.spec.id);
    expect(ids).toEqual(arrayWith(['lmstudio:qwen2.5-7b-instruct', 'llamacpp:Llama-3.2-1B-Instruct-Q4_K_M']));
    expect(catalog.get('llamacpp:Llama-3.2-1B-Instruct-Q4_K_M')!.spec.upstreamModel).toBe('/models/Llama-3.2-1B-Instruct-Q4_K_M.gguf');
    expect(ids.some((id) => id.startsWith('vllm:'))).toBe(false);
    expect(found.rows.find((r) => r.provider === 'vLLM')!.status).toMatch(/HTTP 500/);
    expect(found.rows.find((r) => r.provider === 'LM Studio')).toMatchObject({ ok: true, models: ['lmstudio:qwen2.5-7b-instruct'] });
  });

  it('does not probe a server twice when the config already names it', async () => {
    const lm = await fake({ '/v1/models': openAIModels('my-model') });
    const configPath = join(cwd, 'lm.config.json');
    writeFileSync(configPath, JSON.stringify({ endpoints: [{ id: 'studio', kind: 'openai', baseURL: `${lm.origin}/v1`, probe: true }] }));
    const { found, catalog } = await run(
      { VERSUS_CONFIG: configPath, VERSUS_OFFLINE: '1' },
      { servers: [{ id: 'lmstudio', label: 'LM Studio', baseURL: `${lm.origin}/v1` }] },
    );
    expect(found.endpoints.filter((e) => e.baseURL === `${lm.origin}/v1`).map((e) => e.id)).toEqual(['studio']);
    expect(catalog.available().map((e) => e.spec.id)).toContain('studio:my-model');
  });
});

describe('discovery of GGUF files', () => {
  it('adds the local endpoint and one entry per file from VERSUS_MODELS_DIR, available', async () => {
    const { found, catalog } = await run({ VERSUS_MODELS_DIR: modelsDir, VERSUS_OFFLINE: '1' }, { servers: [] });
    expect(found.endpoints.find((e) => e.kind === 'local')).toMatchObject({ id: 'local' });
    expect(
      catalog
        .available()
        .map((e) => e.spec.id)
        .sort(),
    ).toEqual(['local:llama-2-tiny-random', 'local:stories-tiny']);
    expect(found.rows.find((r) => r.provider.startsWith('Local GGUF'))).toMatchObject({ ok: true });
    expect(found.rows.find((r) => r.provider.startsWith('Local GGUF'))!.status).toMatch(/ready \(llama\.cpp, CPU/);
    const table = formatStartupTable({ rows: found.rows, problems: found.problems, url: 'http://localhost:1' });
    expect(table).not.toContain(HOW_TO_ADD_PROVIDER);
    expect(table).toMatch(/✓ Local GGUF \(node-llama-cpp\)\s+local:llama-2-tiny-random, local:stories-tiny\s+ready/);
  });

  it('runs configured local entries (two samplings of one file) with the file resolved from the models directories', async () => {
    const configPath = join(cwd, 'local.config.json');
    const entry = (id: string, sampling: object) => ({
      id,
      label: id,
      organisation: 'test',
      endpoint: 'local',
      upstreamModel: 'stories-tiny.gguf',
      pricing: { inputPerMTok: 0, outputPerMTok: 0 },
      contextWindow: 512,
      maxOutputTokens: 256,
      releaseDate: null,
      knowledgeCutoff: null,
      license: null,
      openWeights: true,
      source: 'test',
      sampling,
    });
    writeFileSync(
      configPath,
      JSON.stringify({
        endpoints: [{ id: 'local', kind: 'local' }],
        models: [
          entry('stories-cold', { temperature: 0.2, seed: 1 }),
          entry('stories-hot', { temperature: 1.5 }),
          { ...entry('ghost', {}), upstreamModel: 'missing.gguf' },
        ],
      }),
    );
    const { found, catalog } = await run({ VERSUS_CONFIG: configPath, VERSUS_MODELS_DIR: modelsDir, VERSUS_OFFLINE: '1' }, { servers: [] });
    expect(catalog.get('stories-cold')!.spec.upstreamModel).toBe(storiesFile);
    expect(catalog.get('stories-hot')!.spec.sampling).toEqual({ temperature: 1.5 });
    expect(catalog.get('stories-cold')!.adapter).not.toBeNull();
    expect(catalog.get('ghost')!.adapter).toBeNull();
    expect(catalog.get('ghost')!.unavailableReason).toBeTruthy();
    expect(found.problems.join('\n')).toMatch(/model "ghost": file missing\.gguf not found/);
    // The scanned entry is there too, beside the configured ones.
    expect(catalog.get('local:stories-tiny')!.adapter).not.toBeNull();
  });
});

describe('first run with nothing found', () => {
  const quiet = { write: () => {}, isTTY: false };
  let hub: FakeModelHub;
  beforeAll(async () => {
    hub = await startFakeModelHub({
      'small.gguf': tinyLlamaGguf({ embeddingLength: 32 }).bytes,
      'large.gguf': tinyLlamaGguf({ seed: 2 }).bytes,
    });
  });
  afterAll(() => hub.close());

  async function firstRun(home: string, lines: string[], env: Record<string, string> = {}) {
    const found = await discover(loadConfig(env, home), {
      cwd: home,
      servers: [],
      timeoutMs: 500,
      say: (l) => lines.push(l),
      progressStream: quiet,
      starter: [hub.starter('small.gguf', 'Small (test)'), hub.starter('large.gguf', 'Large (test)')],
    });
    return { found, catalog: ModelCatalog.build(found.models, found.endpoints, found.statuses, () => dummy) };
  }

  it('downloads both starter models into ./models, verifies them and starts with two models', async () => {
    const lines: string[] = [];
    const home = mkdtempSync(join(tmpdir(), 'versus-first-run-'));
    try {
      const { found, catalog } = await firstRun(home, lines);
      expect(found.starters).toEqual([
        { label: 'Small (test)', ok: true, file: join(home, 'models', 'small.gguf') },
        { label: 'Large (test)', ok: true, file: join(home, 'models', 'large.gguf') },
      ]);
      expect(lines[0]).toMatch(/^No model found\. Downloading 2 starter models, [\d.]+ MB in all, into /);
      expect(
        catalog
          .available()
          .map((e) => e.spec.id)
          .sort(),
      ).toEqual(['local:large', 'local:small']);
      const table = formatStartupTable({ rows: found.rows, problems: found.problems, url: 'http://x' });
      expect(table).toMatch(/2 models ready/);
      expect(table).not.toMatch(/a battle needs two/);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('after a first run that got one of the two, fetches the missing one at the next start', async () => {
    const home = mkdtempSync(join(tmpdir(), 'versus-first-run-'));
    try {
      hub.replace('large.gguf', Buffer.from('not the pinned bytes'));
      const lines: string[] = [];
      const first = await firstRun(home, lines);
      expect(first.found.starters?.map((r) => r.ok)).toEqual([true, false]);
      expect(first.catalog.available().map((e) => e.spec.id)).toEqual(['local:small']);
      // The dead end is said, with what to do about it.
      expect(formatStartupTable({ rows: first.found.rows, url: 'http://x' })).toMatch(
        /Only one model is available, and a battle needs two/,
      );

      hub.replace('large.gguf', tinyLlamaGguf({ seed: 2 }).bytes);
      const before = hub.hits.length;
      const second = await firstRun(home, []);
      expect(hub.hits.slice(before).map((h) => h.split('/').at(-1))).toEqual(['large.gguf']);
      expect(
        second.catalog
          .available()
          .map((e) => e.spec.id)
          .sort(),
      ).toEqual(['local:large', 'local:small']);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('downloads nothing when another model is available, and says a battle needs a second one', async () => {
    const home = mkdtempSync(join(tmpdir(), 'versus-first-run-'));
    try {
      writeTinyLlamaGguf(join(home, 'models', 'mine.gguf'));
      const before = hub.hits.length;
      const { found, catalog } = await firstRun(home, []);
      expect(found.starters).toBeNull();
      expect(hub.hits.length).toBe(before);
      expect(catalog.available().map((e) => e.spec.id)).toEqual(['local:mine']);
      expect(formatStartupTable({ rows: found.rows, url: 'http://x' })).toContain(HOW_TO_ADD_SECOND_MODEL);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('downloads nothing offline (VERSUS_OFFLINE=1)', async () => {
    const home = mkdtempSync(join(tmpdir(), 'versus-first-run-'));
    try {
      const before = hub.hits.length;
      const { found, catalog } = await firstRun(home, [], { VERSUS_OFFLINE: '1' });
      expect(found.starters).toBeNull();
      expect(hub.hits.length).toBe(before);
      expect(catalog.available()).toEqual([]);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('where the download is impossible, says so in one line and starts anyway', async () => {
    const lines: string[] = [];
    const port = await closedPort();
    const starter = (name: string) => ({
      label: name,
      url: `http://127.0.0.1:${port}/${name}`,
      sha256: '0'.repeat(64),
      sizeBytes: 1,
      fileName: name,
      license: 'MIT',
    });
    const { found, catalog } = await run(
      {},
      { servers: [], say: (l) => lines.push(l), progressStream: quiet, starter: [starter('a.gguf'), starter('b.gguf')] },
    );
    expect(found.starters?.map((r) => r.ok)).toEqual([false, false]);
    expect(lines.filter((l) => l.startsWith('Could not download'))).toHaveLength(1);
    expect(catalog.available()).toEqual([]);
  });
});
