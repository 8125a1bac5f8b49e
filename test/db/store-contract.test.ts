import { afterAll, describe, expect, it } from 'vitest';
import { AlreadyVotedError, type BattleStore } from '../../db/battle-store.ts';
import type { Store } from '../../db/store.ts';
import { exportCleanBattles, importCleanBattles } from '../../server/exchange/clean-battle-jsonl.ts';
import { fromCleanBattle } from '../../server/exchange/from-clean-battle.ts';
import { CleanBattle } from '../../shared/clean-battle.ts';
import { collect } from '../helpers/collect.ts';
import { backendsUnderTest } from '../helpers/store-backends.ts';
import { answer, battle, metrics, vote, votedBattle } from './store-fixtures.ts';

/**
 * The battle store's contract, run on every backend: whatever the arena,
 * the history, the leaderboard and the exchange rely on. A case that passes
 * on SQLite and fails on PostgreSQL (or the reverse) is a difference between
 * the backends, which is a bug in one of them.
 */
describe.each(backendsUnderTest())('the battle store on $name', (backend) => {
  afterAll(() => backend.cleanup());
  const fresh = async (): Promise<Store> => (await backend.fresh()).open();
  const test = it.skipIf(backend.skip);

  test('gives back a battle, its turns, answers and vote as they were stored', async () => {
    const s = await fresh();
    const settings = { a: { temperature: 0.25, systemPrompt: 'Be brief.' }, b: { maxTokens: 300 } };
    await s.battles.createBattle(battle('round-trip-000000001', { mode: 'named', settings }), 'First question');
    await s.battles.saveResponse(answer('round-trip-000000001', 'a'));
    const failed = answer('round-trip-000000001', 'b', {
      status: 'error',
      text: 'partial',
      finishReason: null,
      error: { kind: 'rate_limit', message: 'Too many requests', raw: '{"error":"slow down"}' },
      metrics: metrics({ outputTokensPerSecond: null, speedNote: 'too_few_tokens', serverReported: null, costUsd: null }),
    });
    await s.battles.saveResponse(failed);
    await s.battles.addTurn({ battleId: 'round-trip-000000001', turn: 1, prompt: 'Second question', createdAt: 1_750_000_005_000 });
    const voteId = await s.battles.recordVote(
      vote('round-trip-000000001', { userId: 'user-1', addressPrefixes: [{ bits: 24, hash: 'p24' }] }),
    );
    expect(voteId).toBeGreaterThan(0);

    const d = (await s.battles.getBattle('round-trip-000000001'))!;
    expect(d.battle).toEqual(battle('round-trip-000000001', { mode: 'named', settings }));
    expect(d.turns).toEqual([
      { battleId: 'round-trip-000000001', turn: 0, prompt: 'First question', createdAt: 1_750_000_000_000 },
      { battleId: 'round-trip-000000001', turn: 1, prompt: 'Second question', createdAt: 1_750_000_005_000 },
    ]);
    // A provider's error keeps its kind, message and raw detail; status and retry time are not columns.
    expect(d.responses).toEqual([answer('round-trip-000000001', 'a'), failed]);
    expect(d.vote).toEqual({ ...vote('round-trip-000000001', { userId: 'user-1' }) });
    expect(d.voided).toBeNull();
    expect(await s.battles.getBattleRecord('round-trip-000000001')).toEqual(d.battle);
    expect(await s.battles.getBattle('no-such-battle-00001')).toBeNull();
    expect(await s.battles.getBattleRecord('no-such-battle-00001')).toBeNull();
  });

  test('reads back what the leaderboard reads: votes in vote order, figures of finished answers, token totals', async () => {
    const s = await fresh();
    await votedBattle(s, 'board-later-00000001', { votedAt: 1_750_000_009_000, choice: 'b' });
    await votedBattle(s, 'board-earlier-000002', { votedAt: 1_750_000_008_000, choice: 'tie', over: { mode: 'named' } });
    await votedBattle(s, 'board-unvoted-000003', { choice: null });
    await s.battles.flagBattle('board-later-00000001', 'side A named itself');
    await s.battles.flagBattle('board-later-00000001', 'a later reason does not replace the first');
    expect(await s.battles.ratedVotes()).toEqual([
      {
        battleId: 'board-earlier-000002',
        mode: 'named',
        modelA: 'alpha',
        modelB: 'beta',
        choice: 'tie',
        tstamp: 1_750_000_008_000,
        countsForRatings: true,
        flagged: null,
        voided: false,
      },
      {
        battleId: 'board-later-00000001',
        mode: 'blind',
        modelA: 'alpha',
        modelB: 'beta',
        choice: 'b',
        tstamp: 1_750_000_009_000,
        countsForRatings: true,
        flagged: 'side A named itself',
        voided: false,
      },
    ]);
    const figures = await s.battles.measuredFigures();
    expect(figures).toHaveLength(6);
    expect(figures).toContainEqual({ modelId: 'alpha', ttftMs: 123.25, tokensPerSecond: 41.6640625, costUsd: 0.000123456789 });
    expect(await s.battles.finishedResponses('beta')).toHaveLength(3);
    const totals = (await s.battles.tokenTotals(['alpha', 'beta', 'never-answered'])).sort((x, y) => x.modelId.localeCompare(y.modelId));
    expect(totals).toEqual([
      { modelId: 'alpha', inputTokens: 36, outputTokens: 153, answers: 3 },
      { modelId: 'beta', inputTokens: 36, outputTokens: 153, answers: 3 },
    ]);
    expect(await s.battles.tokenTotals([])).toEqual([]);
  });

  test('takes exactly one of two votes cast on one battle at once, from two connections, and refuses the other as AlreadyVoted', async () => {
    const db = await backend.fresh();
    const [one, two] = [await db.open(), await db.open()];
    const ids = Array.from({ length: 8 }, (_, i) => `double-vote-${String(i).padStart(8, '0')}`);
    for (const id of ids) await votedBattle(one, id, { choice: null });
    const outcomes = await Promise.allSettled(
      ids.flatMap((id) => [one.battles.recordVote(vote(id, { choice: 'a' })), two.battles.recordVote(vote(id, { choice: 'b' }))]),
    );
    for (let i = 0; i < ids.length; i++) {
      const pair = outcomes.slice(2 * i, 2 * i + 2);
      expect(pair.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const refused = pair.find((o) => o.status === 'rejected');
      expect(refused?.reason).toBeInstanceOf(AlreadyVotedError);
    }
    const stored = await one.battles.ratedVotes();
    expect(stored.map((v) => v.battleId).sort()).toEqual(ids);
    // The vote that counts is the one that was acknowledged.
    for (let i = 0; i < ids.length; i++) {
      const won = outcomes[2 * i]!.status === 'fulfilled' ? 'a' : 'b';
      expect(stored.find((v) => v.battleId === ids[i])!.choice).toBe(won);
    }
  });

  test('keeps votes append-only: the database itself refuses to change or delete one', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    await votedBattle(s, 'append-only-00000001', { vote: { addressPrefixes: [{ bits: 8, hash: 'p8' }] } });
    const attempts = [
      `UPDATE votes SET choice = 'b'`,
      `DELETE FROM votes`,
      `UPDATE vote_address_prefixes SET prefix_hash = 'x'`,
      `DELETE FROM vote_address_prefixes`,
      // TRUNCATE skips row triggers on PostgreSQL, so it has one of its own; SQLite has no TRUNCATE.
      ...(db.backend === 'postgres' ? [`TRUNCATE votes CASCADE`, `TRUNCATE vote_address_prefixes`] : []),
    ];
    for (const sql of attempts) await expect(db.sql(sql), sql).rejects.toThrow(/votes are append-only/);
    expect(await s.battles.ratedVotes()).toEqual([expect.objectContaining({ battleId: 'append-only-00000001', choice: 'a' })]);
    expect(await db.sql(`SELECT bits, prefix_hash FROM vote_address_prefixes`)).toEqual([{ bits: 8, prefix_hash: 'p8' }]);
  });

  test('stores nothing of a battle whose first turn cannot be written (one transaction)', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    await s.battles.createBattle(battle('taken-id-0000000001'), 'first');
    // Same id: the battle row fails, and so does everything with it.
    await expect(s.battles.createBattle(battle('taken-id-0000000001', { modelA: 'other' }), 'second')).rejects.toThrow();
    expect((await s.battles.getBattle('taken-id-0000000001'))!.turns.map((t) => t.prompt)).toEqual(['first']);
  });

  test('keeps a retried answer whole in the archive, and its figures in the battle list', async () => {
    const s = await fresh();
    await s.battles.createBattle(battle('retried-00000000001'), 'q');
    const first = answer('retried-00000000001', 'a', {
      status: 'error',
      text: 'half',
      error: { kind: 'server', message: 'boom' },
      finishReason: null,
    });
    await s.battles.saveResponse(first);
    await s.battles.saveResponse(answer('retried-00000000001', 'b'));
    const second = answer('retried-00000000001', 'a', { text: 'whole answer', endedAt: 1_750_000_003_000 });
    await s.battles.replaceResponse(second, 1_750_000_003_000);
    const third = answer('retried-00000000001', 'a', { text: 'third', endedAt: 1_750_000_004_000 });
    await s.battles.replaceResponse(third, 1_750_000_004_000);
    expect((await s.battles.getBattle('retried-00000000001'))!.responses.map((r) => r.text)).toEqual(['third', answer('x', 'b').text]);
    expect(await s.battles.replacedResponses('retried-00000000001')).toEqual([first, second]);
    const figures = await s.battles.answerMetrics('retried-00000000001');
    expect(figures.map((f) => f.side)).toEqual(['a', 'b', 'a', 'a']);
    expect(figures[0]!.metrics).toEqual(third.metrics);
  });

  test('finds a battle by the hash of its share link until the link is withdrawn', async () => {
    const s = await fresh();
    await votedBattle(s, 'shared-battle-000001');
    expect(await s.battles.isShared('shared-battle-000001')).toBe(false);
    await s.battles.setShareHash('shared-battle-000001', 'hash-one');
    expect(await s.battles.isShared('shared-battle-000001')).toBe(true);
    expect(await s.battles.battleIdByShareHash('hash-one')).toBe('shared-battle-000001');
    await s.battles.setShareHash('shared-battle-000001', 'hash-two');
    expect(await s.battles.battleIdByShareHash('hash-one')).toBeNull();
    await s.battles.setShareHash('shared-battle-000001', null);
    expect(await s.battles.isShared('shared-battle-000001')).toBe(false);
    expect(await s.battles.battleIdByShareHash('hash-two')).toBeNull();
  });

  test("pages a session's battles newest first, ties broken by id, with each one's vote and share state", async () => {
    const s = await fresh();
    // Three at the same millisecond: the cursor must split them by id, in the same (byte) order on both backends.
    const at = 1_750_000_000_000;
    const ids = ['hist-A-000000000001', 'hist-_-000000000002', 'hist-a-000000000003', 'hist-z-000000000004', 'hist-0-000000000005'];
    await votedBattle(s, ids[0]!, { createdAt: at - 1 });
    for (const id of ids.slice(1, 4)) await votedBattle(s, id, { createdAt: at, choice: null });
    await votedBattle(s, ids[4]!, { createdAt: at + 1 });
    await votedBattle(s, 'someone-else-0000001', { createdAt: at, over: { sessionHash: 'session-2' } });
    await s.battles.addTurn({ battleId: ids[4]!, turn: 1, prompt: 'more', createdAt: at + 5 });
    await s.battles.setShareHash(ids[4]!, 'h');

    const seen: string[] = [];
    let cursor: { createdAt: number; id: string } | undefined;
    for (let page = 0; page < 5; page++) {
      const rows = await s.battles.sessionBattles('session-1', 2, cursor);
      seen.push(...rows.map((r) => r.battle.id));
      if (rows.length < 2) break;
      const last = rows.at(-1)!.battle;
      cursor = { createdAt: last.createdAt, id: last.id };
    }
    expect(seen).toEqual([ids[4], 'hist-z-000000000004', 'hist-a-000000000003', 'hist-_-000000000002', ids[0]]);
    const [newest] = await s.battles.sessionBattles('session-1', 1);
    expect(newest).toMatchObject({ firstPrompt: `prompt of ${ids[4]}`, turns: 2, shared: true, vote: { choice: 'a' } });
    expect((await s.battles.sessionBattles('session-1', 5)).find((r) => r.battle.id === 'hist-a-000000000003')!.vote).toBeNull();
  });

  test('pages voted battles in vote order for the export, by mode, past ties in time', async () => {
    const s = await fresh();
    await votedBattle(s, 'export-3-00000000001', { votedAt: 3000 });
    await votedBattle(s, 'export-1-00000000002', { votedAt: 1000, over: { mode: 'named' } });
    await votedBattle(s, 'export-2b-0000000003', { votedAt: 2000 });
    await votedBattle(s, 'export-2a-0000000004', { votedAt: 2000 });
    await votedBattle(s, 'export-none-00000005', { choice: null });
    const all: string[] = [];
    for (let after = null as Awaited<ReturnType<typeof s.battles.votedBattlesAfter>>[number] | null; ;) {
      const page = await s.battles.votedBattlesAfter(after, 'all', 2);
      all.push(...page.map((p) => p.battleId));
      if (page.length < 2) break;
      after = page.at(-1)!;
    }
    expect(all).toEqual(['export-1-00000000002', 'export-2a-0000000004', 'export-2b-0000000003', 'export-3-00000000001']);
    expect((await s.battles.votedBattlesAfter(null, 'named', 10)).map((p) => p.battleId)).toEqual(['export-1-00000000002']);
    expect(await s.battles.votedBattlesAfter(null, 'blind', 10)).toHaveLength(3);
  });

  test('exports, and imports into an empty database of its kind, the same lines; a second import adds nothing', async () => {
    const s = await fresh();
    for (let i = 0; i < 5; i++) await votedBattle(s, `exchange-${String(i).padStart(11, '0')}`, { votedAt: 1_750_000_000_000 + i });
    await s.battles.addTurn({ battleId: 'exchange-00000000002', turn: 1, prompt: 'and then?', createdAt: 1_750_000_000_100 });
    const lines = await collect(exportCleanBattles(s.battles));
    expect(lines).toHaveLength(5);
    const copy = await fresh();
    expect(await importCleanBattles(lines, copy.battles)).toEqual({ imported: 5, duplicates: 0, invalid: [] });
    expect(await importCleanBattles(lines, copy.battles)).toEqual({ imported: 0, duplicates: 5, invalid: [] });
    expect(await collect(exportCleanBattles(copy.battles))).toEqual(lines);
  });

  test('after an import, the planner statistics count the imported rows (PostgreSQL; SQLite needs none)', async () => {
    const db = await backend.fresh();
    const s = await db.open();
    const lines = Array.from({ length: 120 }, (_, i) => cleanLine(`stats-${i}`, 'q', 'a', i));
    expect((await importCleanBattles(lines, s.battles, { batchSize: 50 })).imported).toBe(120);
    await s.battles.refreshPlannerStatistics();
    if (db.backend !== 'postgres') return;
    const rows = await db.sql(
      `SELECT c.relname, c.reltuples FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relname IN ('votes', 'responses') ORDER BY c.relname`,
    );
    expect(rows.map((r) => [r['relname'], Number(r['reltuples'])])).toEqual([
      ['responses', 240],
      ['votes', 120],
    ]);
  });

  test('a batch import keeps text exactly, but for U+0000 on PostgreSQL (U+FFFD), even beside a literal backslash-u0000', async () => {
    const s = await fresh();
    const prompt = 'nul\u0000 then a literal \\u0000, an escaped backslash before a nul \\\u0000 and \\\\u0000';
    const lines = [0, 1].map((i) => cleanLine(`nul-batch-${i}`, prompt, `a\u0000${i}`, i));
    expect(await importCleanBattles(lines, s.battles, { batchSize: 2 })).toEqual({ imported: 2, duplicates: 0, invalid: [] });
    const nul = (t: string) => (backend.name === 'postgres' ? t.replaceAll('\u0000', '\uFFFD') : t);
    const [exported] = await collect(exportCleanBattles(s.battles));
    const back = CleanBattle.parse(JSON.parse(exported!));
    expect(back.conversation_a![0]!.content).toBe(nul(prompt));
    expect(back.conversation_a![1]!.content).toBe(nul('a\u00000'));
    expect(prompt).toContain('\\u0000');
    expect(nul(prompt)).toContain('\\u0000');
  });

  test('imports one battle once when two imports of it run at once, and brings a voided vote back voided', async () => {
    const db = await backend.fresh();
    const [one, two] = [await db.open(), await db.open()];
    const record = CleanBattle.parse({
      question_id: 'q-race',
      model_a: 'alpha',
      model_b: 'beta',
      winner: 'model_b',
      judge: 'x',
      conversation_a: null,
      conversation_b: null,
      turn: 1,
      anony: true,
      tstamp: 1_710_000_000.25,
    });
    const d = fromCleanBattle(record);
    const outcomes = await Promise.all([one.battles.importBattle(d), two.battles.importBattle(d)]);
    expect(outcomes.sort()).toEqual(['duplicate', 'imported']);
    expect(await one.battles.ratedVotes()).toHaveLength(1);

    const voided = { ...fromCleanBattle({ ...record, question_id: 'q-voided' }), voided: { reason: 'stuffing', at: 1_710_000_100_000 } };
    expect(await one.battles.importBattle(voided)).toBe('imported');
    expect((await one.battles.getBattle(voided.battle.id))!.voided).toEqual({ reason: 'stuffing', at: 1_710_000_100_000 });
    expect((await one.battles.ratedVotes()).find((v) => v.battleId === voided.battle.id)!.voided).toBe(true);
  });

  test('stores text PostgreSQL cannot hold (U+0000) with U+FFFD in its place, and everything else exactly', async () => {
    const s = await fresh();
    const prompt = "nul\u0000 tab\t newline\n quote' backslash\\ astral 𝄞 rtl \u202e";
    await s.battles.createBattle(battle('odd-text-0000000001'), prompt);
    const stored = (await s.battles.getBattle('odd-text-0000000001'))!.turns[0]!.prompt;
    expect(stored).toBe(backend.name === 'postgres' ? prompt.replace('\u0000', '\uFFFD') : prompt);
  });

  test("keeps each battle's labels with the classifier version, and lists battles another version classified", async () => {
    const s = await fresh();
    const toClassify = async (...args: Parameters<BattleStore['battlesToClassify']>) => (await s.battles.battlesToClassify(...args)).items;
    await votedBattle(s, 'labels-one-00000001');
    await votedBattle(s, 'labels-two-00000002', { choice: null });
    await s.battles.addTurn({ battleId: 'labels-two-00000002', turn: 1, prompt: 'and then?', createdAt: 1_750_000_005_000 });
    await votedBattle(s, 'labels-three-000003');
    // Nothing classified yet: every battle, with its prompts in turn order.
    expect(await toClassify(1, 10)).toEqual([
      { battleId: 'labels-one-00000001', prompts: ['prompt of labels-one-00000001'] },
      { battleId: 'labels-three-000003', prompts: ['prompt of labels-three-000003'] },
      { battleId: 'labels-two-00000002', prompts: ['prompt of labels-two-00000002', 'and then?'] },
    ]);
    expect((await toClassify(1, 2)).map((b) => b.battleId)).toEqual(['labels-one-00000001', 'labels-three-000003']);
    // From a cursor: the battles after it, in id order.
    expect((await toClassify(1, 10, 'labels-one-00000001')).map((b) => b.battleId)).toEqual(['labels-three-000003', 'labels-two-00000002']);
    // Where to go on from: the last battle taken when the limit was reached, and null once all were looked at.
    expect((await s.battles.battlesToClassify(1, 2)).next).toBe('labels-three-000003');
    expect((await s.battles.battlesToClassify(1, 10)).next).toBeNull();
    await s.battles.saveClassification({
      battleId: 'labels-one-00000001',
      classifierVersion: 1,
      labels: [
        { kind: 'category', value: 'coding' },
        { kind: 'language', value: 'de' },
        { kind: 'tag', value: 'sql' },
      ],
    });
    await s.battles.saveClassification({
      battleId: 'labels-two-00000002',
      classifierVersion: 0,
      labels: [{ kind: 'category', value: 'math' }],
    });
    // Version 0 is not version 1: battle two is classified again, battle one is done.
    expect((await toClassify(1, 10)).map((b) => b.battleId)).toEqual(['labels-three-000003', 'labels-two-00000002']);
    // A window of one battle looks at one battle, done or not: the done one gives nothing, and the cursor moves past it.
    expect(await s.battles.battlesToClassify(1, 10, '', 1)).toEqual({ items: [], next: 'labels-one-00000001' });
    const second = await s.battles.battlesToClassify(1, 10, 'labels-one-00000001', 1);
    expect({ ids: second.items.map((b) => b.battleId), next: second.next }).toEqual({
      ids: ['labels-three-000003'],
      next: 'labels-three-000003',
    });
    expect((await s.battles.battlesToClassify(1, 10, 'labels-two-00000002', 1)).next).toBeNull();
    // A new classification replaces the labels whole.
    await s.battles.saveClassification({
      battleId: 'labels-two-00000002',
      classifierVersion: 1,
      labels: [{ kind: 'category', value: 'multi-turn' }],
    });
    expect(await s.battles.battleLabels()).toEqual([
      { battleId: 'labels-one-00000001', label: { kind: 'category', value: 'coding' } },
      { battleId: 'labels-one-00000001', label: { kind: 'language', value: 'de' } },
      { battleId: 'labels-one-00000001', label: { kind: 'tag', value: 'sql' } },
      { battleId: 'labels-two-00000002', label: { kind: 'category', value: 'multi-turn' } },
    ]);
    await expect(
      s.battles.saveClassification({
        battleId: 'labels-one-00000001',
        classifierVersion: 1,
        labels: [{ kind: 'nonsense' as 'tag', value: 'x' }],
      }),
    ).rejects.toThrow();
    // The refused write left the earlier labels whole (one transaction).
    expect((await s.battles.battleLabels()).filter((l) => l.battleId === 'labels-one-00000001')).toHaveLength(3);
    // Many at once (the background reclassification) are one transaction too: a bad one writes none of them.
    await expect(
      s.battles.saveClassifications([
        { battleId: 'labels-three-000003', classifierVersion: 1, labels: [{ kind: 'category', value: 'math' }] },
        { battleId: 'labels-two-00000002', classifierVersion: 1, labels: [{ kind: 'nonsense' as 'tag', value: 'x' }] },
      ]),
    ).rejects.toThrow();
    expect((await toClassify(1, 10)).map((b) => b.battleId)).toEqual(['labels-three-000003']);
    await s.battles.saveClassifications([
      { battleId: 'labels-three-000003', classifierVersion: 1, labels: [{ kind: 'category', value: 'math' }] },
      { battleId: 'labels-two-00000002', classifierVersion: 1, labels: [] },
    ]);
    expect(await toClassify(1, 10)).toEqual([]);
    expect((await s.battles.battleLabels()).filter((l) => l.battleId !== 'labels-one-00000001')).toEqual([
      { battleId: 'labels-three-000003', label: { kind: 'category', value: 'math' } },
    ]);
  });

  test("stores answer styles and reads each voted battle's style and first-turn speed, and the latest answers", async () => {
    const s = await fresh();
    const withoutStyle = async (...args: Parameters<BattleStore['votedBattlesWithoutStyle']>) =>
      (await s.battles.votedBattlesWithoutStyle(...args)).items;
    await votedBattle(s, 'control-one-0000001', { votedAt: 1_750_000_000_010 });
    await votedBattle(s, 'control-two-0000002', { votedAt: 1_750_000_000_020 });
    await votedBattle(s, 'control-none-000003', { choice: null });
    await s.battles.saveResponse(
      answer('control-two-0000002', 'b', { metrics: metrics({ ttftMs: null, outputTokensPerSecond: null }), endedAt: 1_750_000_009_000 }),
    );
    expect(await withoutStyle(10)).toEqual(['control-one-0000001', 'control-two-0000002']);
    expect(await withoutStyle(10, 'control-one-0000001')).toEqual(['control-two-0000002']);
    expect(await withoutStyle(10, 'control-two-0000002')).toEqual([]);
    const style = (length: number) => ({ length, headers: 1, listItems: 2, bold: 3 });
    await s.battles.saveAnswerStyles('control-one-0000001', { a: style(100), b: style(250) });
    expect(await withoutStyle(10)).toEqual(['control-two-0000002']);
    // A window of one vote: the styled battle gives nothing, and the cursor moves past it.
    expect(await s.battles.votedBattlesWithoutStyle(10, '', 1)).toEqual({ items: [], next: 'control-one-0000001' });
    const speed = { ttftMs: 123.25, tokensPerSecond: 41.6640625 };
    expect(await s.battles.controlFigures()).toEqual([
      { battleId: 'control-one-0000001', style: { a: style(100), b: style(250) }, speed: { a: speed, b: speed } },
      { battleId: 'control-two-0000002', style: null, speed: { a: speed, b: { ttftMs: null, tokensPerSecond: null } } },
    ]);
    // Many at once (the background backfill), in one transaction.
    await s.battles.saveManyAnswerStyles([{ battleId: 'control-two-0000002', styles: { a: style(7), b: style(9) } }]);
    expect(await withoutStyle(10)).toEqual([]);
    expect((await s.battles.controlFigures()).find((f) => f.battleId === 'control-two-0000002')!.style).toEqual({
      a: style(7),
      b: style(9),
    });
    const latest = await s.battles.answerSamples(2);
    expect(latest).toHaveLength(2);
    expect(latest[0]).toEqual({
      modelId: 'beta',
      endedAt: 1_750_000_009_000,
      ttftMs: null,
      tokensPerSecond: null,
      costUsd: 0.000123456789,
    });
    expect(latest[1]!.endedAt).toBeLessThanOrEqual(1_750_000_009_000);
  });

  test("pages the controlled fits' rows (vote, battle, style, speed) in vote order, with or without a label, and a page's labels", async () => {
    const s = await fresh();
    // Stored out of vote order: the pages follow the votes' time, then the battle id.
    await votedBattle(s, 'rows-late-000000001', { votedAt: 1_750_000_000_030, over: { mode: 'named', modelA: 'gamma' } });
    await votedBattle(s, 'rows-early-00000002', { votedAt: 1_750_000_000_010, choice: 'tie' });
    await votedBattle(s, 'rows-tied-000000003', { votedAt: 1_750_000_000_010, vote: { countsForRatings: false } });
    await votedBattle(s, 'rows-novote-0000004', { choice: null });
    await s.battles.saveResponse(
      answer('rows-tied-000000003', 'a', { metrics: metrics({ ttftMs: null, outputTokensPerSecond: null }), endedAt: 1_750_000_009_000 }),
    );
    const style = (length: number) => ({ length, headers: 0, listItems: 1, bold: 0 });
    await s.battles.saveAnswerStyles('rows-early-00000002', { a: style(10), b: style(30) });
    await s.battles.saveClassification({ battleId: 'rows-early-00000002', classifierVersion: 1, labels: [{ kind: 'tag', value: 'sql' }] });
    await s.battles.saveClassification({
      battleId: 'rows-late-000000001',
      classifierVersion: 1,
      labels: [
        { kind: 'tag', value: 'sql' },
        { kind: 'category', value: 'coding' },
      ],
    });
    const { ids } = await s.moderation.matchVotes({ by: 'battles', battleIds: ['rows-late-000000001'] });
    await s.moderation.createVoid({ createdAt: 1_750_000_001_000, admin: 'ada', reason: 'test', scope: 'one battle', voteIds: ids });
    const speed = { ttftMs: 123.25, tokensPerSecond: 41.6640625 };
    const all = [];
    for (let after = null as { createdAt: number; battleId: string } | null; ;) {
      const page = await s.battles.controlRowsAfter(after, 2);
      all.push(...page);
      if (page.length < 2) break;
      after = { createdAt: page.at(-1)!.tstamp, battleId: page.at(-1)!.battleId };
    }
    expect(all).toEqual([
      {
        battleId: 'rows-early-00000002',
        mode: 'blind',
        modelA: 'alpha',
        modelB: 'beta',
        choice: 'tie',
        tstamp: 1_750_000_000_010,
        countsForRatings: true,
        flagged: null,
        voided: false,
        style: { a: style(10), b: style(30) },
        speed: { a: speed, b: speed },
      },
      expect.objectContaining({
        battleId: 'rows-tied-000000003',
        countsForRatings: false,
        style: null,
        speed: { a: { ttftMs: null, tokensPerSecond: null }, b: speed },
      }),
      expect.objectContaining({ battleId: 'rows-late-000000001', mode: 'named', modelA: 'gamma', choice: 'a', voided: true }),
    ]);
    const sql = await s.battles.controlRowsAfter(null, 10, { kind: 'tag', value: 'sql' });
    expect(sql.map((r) => r.battleId)).toEqual(['rows-early-00000002', 'rows-late-000000001']);
    const after = await s.battles.controlRowsAfter({ createdAt: 1_750_000_000_010, battleId: 'rows-early-00000002' }, 10, {
      kind: 'tag',
      value: 'sql',
    });
    expect(after.map((r) => r.battleId)).toEqual(['rows-late-000000001']);
    expect(await s.battles.controlRowsAfter(null, 10, { kind: 'category', value: 'math' })).toEqual([]);
    expect(await s.battles.labelsOf(['rows-late-000000001', 'rows-tied-000000003', 'rows-early-00000002'])).toEqual([
      { battleId: 'rows-early-00000002', label: { kind: 'tag', value: 'sql' } },
      { battleId: 'rows-late-000000001', label: { kind: 'category', value: 'coding' } },
      { battleId: 'rows-late-000000001', label: { kind: 'tag', value: 'sql' } },
    ]);
    expect(await s.battles.labelsOf([])).toEqual([]);
  });
});

/** One clean-battle JSON line: a single turn, A won. */
function cleanLine(id: string, prompt: string, answerA: string, second: number): string {
  return JSON.stringify({
    question_id: id,
    model_a: 'alpha',
    model_b: 'beta',
    winner: 'model_a',
    judge: 'x',
    conversation_a: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: answerA },
    ],
    conversation_b: [
      { role: 'user', content: prompt },
      { role: 'assistant', content: 'b' },
    ],
    turn: 1,
    anony: true,
    tstamp: 1_710_000_000 + second,
  });
}
