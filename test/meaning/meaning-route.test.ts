import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MeaningBoardResponse } from '../../shared/meaning-api.ts';
import type { CleanBattle, CleanWinner } from '../../shared/clean-battle.ts';
import { createLogger } from '../../server/logger.ts';
import { NOMIC_EMBED_TEXT_V1_5 } from '../../server/meaning/embedding-model-spec.ts';
import { createMeaningRoutes } from '../../server/meaning/meaning-routes.ts';
import { MeaningBoards } from '../../server/meaning/meaning-boards.ts';
import { openMeaning } from '../../server/meaning/open-meaning.ts';
import { fitWeightedInline } from '../../server/meaning/weighted-fit.ts';
import { TokenBuckets } from '../../server/limits/token-bucket.ts';
import { getLlamaRuntime } from '../../server/providers/local/llama-runtime.ts';
import { Mulberry32 } from '../../server/ratings/mulberry32.ts';
import { createTestApp, type TestApp } from '../helpers/test-app.ts';
import { TopicEmbedder } from '../helpers/topic-embedder.ts';

/**
 * GET /api/leaderboard/meaning on imported battles where `coder` wins only on
 * coding prompts and `bard` only on poems.
 *
 * The embedder here is a deterministic stand-in (test/helpers/topic-embedder.ts:
 * a unit vector on topic axes picked by keywords), not a language model: acceptable ONLY because
 * test/meaning/llama-embeddings.test.ts runs the real node-llama-cpp path
 * (model file, prefixes, truncation, storage) on a generated GGUF, and a
 * tiny random-weights model embeds no meaning a ranking test could use.
 * Everything else — the backfill, the store, the similarity weights, the
 * weighted fit with intervals, the route — is the real code.
 */
const PROMPTS = {
  code: [
    'Fix this TypeScript function that returns undefined',
    'Write a SQL query for monthly totals',
    'Why does my Python code not compile?',
  ],
  poetry: ['Write a poem about the sea', 'A sonnet about autumn, please', 'Give me a haiku on snow'],
  cooking: ['A recipe for sourdough bread', 'How do I cook a lentil soup?'],
};
/** True strength per topic (Elo points): the coder only shines on code, the bard only on poetry. */
const STRENGTH: Record<string, Record<keyof typeof PROMPTS, number>> = {
  coder: { code: 1300, poetry: 900, cooking: 950 },
  bard: { code: 950, poetry: 1250, cooking: 1000 },
  steady: { code: 1050, poetry: 1050, cooking: 1050 },
  plain: { code: 1000, poetry: 1000, cooking: 1000 },
};

function dataset(): { battles: CleanBattle[]; perTopic: Record<string, number> } {
  const rng = new Mulberry32(7);
  const names = Object.keys(STRENGTH);
  const battles: CleanBattle[] = [];
  const perTopic: Record<string, number> = { code: 0, poetry: 0, cooking: 0 };
  for (let k = 0; k < 900; k++) {
    const topic = (['code', 'poetry', 'cooking'] as const)[k % 3]!;
    const prompt = PROMPTS[topic][k % PROMPTS[topic].length]!;
    const i = k % names.length;
    const j = (i + 1 + (Math.floor(k / names.length) % (names.length - 1))) % names.length;
    const [a, b] = [names[i]!, names[j]!];
    const p = 1 / (1 + 10 ** ((STRENGTH[b]![topic] - STRENGTH[a]![topic]) / 400));
    const winner: CleanWinner = rng.uniform() < p ? 'model_a' : 'model_b';
    perTopic[topic]!++;
    battles.push({
      question_id: `q${k}`,
      model_a: a,
      model_b: b,
      winner,
      conversation_a: [
        { role: 'user', content: prompt },
        { role: 'assistant', content: 'a' },
      ],
      conversation_b: [
        { role: 'user', content: prompt },
        { role: 'assistant', content: 'b' },
      ],
      turn: 1,
      anony: true,
      tstamp: 1_700_000_000 + k,
      versus: {
        battle_id: `meaning-battle-${String(k).padStart(5, '0')}`,
        mode: 'blind',
        counts_for_ratings: true,
        flagged: null,
        decision_ms: null,
        measurements: [{ a: null, b: null }],
        status: [{ a: 'finished', b: 'finished' }],
      },
    });
  }
  return { battles, perTopic };
}

const { battles, perTopic } = dataset();
let t: TestApp;
let embedder: TopicEmbedder;

beforeAll(async () => {
  embedder = new TopicEmbedder();
  t = await createTestApp({ endpoints: [], models: [], ratings: { rounds: 200, seed: 3 } }, battles, {}, { meaningEmbedder: embedder });
}, 120_000);
afterAll(async () => {
  await t?.meaning?.close();
  t?.close();
});

const board = async (q: string, mode = 'blind') => {
  const res = await t.app.request(`/api/leaderboard/meaning?mode=${mode}&q=${encodeURIComponent(q)}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return MeaningBoardResponse.parse(await res.json());
};

describe('GET /api/leaderboard/meaning', () => {
  it('embedded every imported battle in the background, each as a document', () => {
    expect(embedder.embedded.filter((e) => e.kind === 'document')).toHaveLength(battles.length);
  });

  it('ranks the coding-only model first for a code query, with an interval and the effective votes', async () => {
    const b = await board('SQL migrations and TypeScript code');
    expect(b.rows[0]!.modelId).toBe('coder');
    // Clear of the runner-up: its interval's lower end is above the second model's rating.
    expect(b.rows[0]!.ciLower!).toBeGreaterThan(b.rows[1]!.rating!);
    expect(b.rows[0]!.rankUB).toBe(1);
    // Only code prompts are near: they carry the weight (weight 1 each), the others e^(−1/0.05 · Δcos) ≈ 0.
    expect(b.effectiveVotes).toBeGreaterThan(0.99 * perTopic.code!);
    expect(b.effectiveVotes).toBeLessThan(1.01 * perTopic.code!);
    expect(b.votesConsidered).toBe(battles.length);
    expect(b).toMatchObject({
      query: 'SQL migrations and TypeScript code',
      mode: 'blind',
      temperature: 0.05,
      voteLimit: 50_000,
      truncated: false,
    });
    expect(b.embeddingModel).toEqual({ id: 'topic-axes-test', label: 'Topic axes (test stand-in)' });
    expect(b.embedding.embeddedBattles).toBe(battles.length);
    expect(embedder.embedded.at(-1)).toEqual({ text: 'SQL migrations and TypeScript code', kind: 'query' });
  });

  it('does not rank it first for a poetry query: the poetry model leads and the coder is last', async () => {
    const b = await board('a poem in rhyme');
    expect(b.rows[0]!.modelId).toBe('bard');
    expect(b.rows.at(-1)!.modelId).toBe('coder');
    expect(b.effectiveVotes).toBeGreaterThan(0.99 * perTopic.poetry!);
    expect(b.effectiveVotes).toBeLessThan(1.01 * perTopic.poetry!);
  });

  it('with a high temperature, weighs every vote near equally (the overall board)', async () => {
    const res = await t.app.request(`/api/leaderboard/meaning?q=${encodeURIComponent('a poem')}&temperature=1`);
    const b = MeaningBoardResponse.parse(await res.json());
    expect(b.temperature).toBe(1);
    expect(b.effectiveVotes).toBeGreaterThan(0.5 * battles.length);
  });

  it('counts only the votes of the asked mode (no named votes here)', async () => {
    const b = await board('code', 'named');
    expect(b.votesConsidered).toBe(0);
    expect(b.rows).toEqual([]);
    expect(b.effectiveVotes).toBe(0);
  });

  it('refuses a missing, too long or malformed query with 400', async () => {
    for (const [path, why] of [
      ['/api/leaderboard/meaning', /q=/],
      [`/api/leaderboard/meaning?q=${'x'.repeat(501)}`, /at most 500/],
      ['/api/leaderboard/meaning?q=code&mode=sideways', /mode must be/],
      ['/api/leaderboard/meaning?q=code&temperature=0', /temperature/],
    ] as const) {
      const res = await t.app.request(path);
      expect(res.status, path).toBe(400);
      expect(((await res.json()) as { error: { message: string } }).error.message).toMatch(why);
    }
  });
});

describe('the vote limit', () => {
  it('weights only the latest voteLimit embedded votes, read a page at a time, and says older ones were left out', async () => {
    const boards = new MeaningBoards({
      store: t.storage.embeddings,
      availability: () => ({ ok: true, embedder }),
      fit: fitWeightedInline,
      catalog: t.catalog,
      backfilling: () => false,
      rounds: 20,
      voteLimit: 250,
      readPage: 100,
    });
    const b = await boards.board('blind', 'TypeScript code');
    expect(b).toMatchObject({ voteLimit: 250, votesConsidered: 250, truncated: true });
    // The latest 250 battles: every third is a coding one.
    expect(b.effectiveVotes).toBeGreaterThan(80);
    expect(b.effectiveVotes).toBeLessThan(86);
  });
});

describe('the meaning route without a model, and its rate limit', () => {
  const log = createLogger('error', [], () => {});

  it('answers 503 with how to get the embedding model, not a lexical stand-in', async () => {
    const meaning = openMeaning({
      store: t.storage.embeddings,
      catalog: t.catalog,
      log,
      spec: NOMIC_EMBED_TEXT_V1_5,
      dir: '/nonexistent/embedding-models',
      offline: true,
      llama: () => getLlamaRuntime(false),
      fit: fitWeightedInline,
    });
    await meaning.ready();
    const app = new Hono().route('/api', createMeaningRoutes({ boards: meaning.boards, clientAddress: () => '127.0.0.1' }));
    app.onError((e, c) => c.json({ error: { message: e.message } }, (e as { status?: 503 }).status ?? 500));
    const res = await app.request('/api/leaderboard/meaning?q=code');
    expect(res.status).toBe(503);
    const message = ((await res.json()) as { error: { message: string } }).error.message;
    expect(message).toContain('VERSUS_OFFLINE=1');
    expect(message).toContain(NOMIC_EMBED_TEXT_V1_5.fileName);
    expect(message).toContain(NOMIC_EMBED_TEXT_V1_5.sha256);
    expect(message).toContain('/nonexistent/embedding-models');
    await meaning.close();
  });

  it('limits queries per client address (429 with Retry-After)', async () => {
    const app = new Hono().route(
      '/api',
      createMeaningRoutes({
        boards: t.meaning!.boards,
        clientAddress: () => '10.0.0.1',
        limit: new TokenBuckets({ burst: 2, perMinute: 1 }),
      }),
    );
    expect((await app.request('/api/leaderboard/meaning?q=code')).status).toBe(200);
    expect((await app.request('/api/leaderboard/meaning?q=code')).status).toBe(200);
    const third = await app.request('/api/leaderboard/meaning?q=code');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
