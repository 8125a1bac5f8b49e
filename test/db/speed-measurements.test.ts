import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BattleStore, type ResponseRecord } from '../../db/battle-store.ts';
import { MIGRATIONS } from '../../db/migrations.ts';
import { migrate, openDatabase } from '../../db/open-database.ts';
import { computeMetrics } from '../../server/arena/compute-metrics.ts';
import { tokensPerSecond } from '../../server/arena/tokens-per-second.ts';
import { measuredStat } from '../../server/leaderboard/measured-stat.ts';
import type { SideMetrics } from '../../shared/metrics.ts';

const pricing = { inputPerMTok: null, outputPerMTok: null, cachedInputPerMTok: null };

function seed(store: BattleStore, id: string): void {
  store.createBattle({ id, sessionHash: 'h', mode: 'named', modelA: 'm', modelB: 'n', createdAt: 0, flagged: null }, 'prompt');
}

const response = (battleId: string, metrics: SideMetrics): ResponseRecord => ({
  battleId,
  turn: 0,
  side: 'a',
  modelId: 'm',
  text: 'answer',
  status: 'finished',
  finishReason: { unified: 'stop', raw: 'stop' },
  error: null,
  metrics,
  endedAt: 0,
});

describe('speed figures in the store', () => {
  it("round-trips the speed note and the server's own timings", () => {
    const store = new BattleStore(openDatabase(':memory:'));
    seed(store, 'battle-round-trip-0001');
    const serverReported = {
      outputTokens: 16,
      decodeMs: 2.07,
      outputTokensPerSecond: 7726,
      promptTokens: 12,
      promptMs: 3.5,
      promptTokensPerSecond: null,
    };
    const metrics = computeMetrics(
      { t0: 0, firstTextAt: 10, lastTextAt: 15, endAt: 16 },
      { outputTokens: 16 },
      {},
      pricing,
      serverReported,
    );
    store.saveResponse(response('battle-round-trip-0001', metrics));
    expect(store.getBattle('battle-round-trip-0001')!.responses[0]!.metrics).toEqual(metrics);
  });

  it('keeps a burst out of the speed medians, and server-reported figures out of them entirely', () => {
    const store = new BattleStore(openDatabase(':memory:'));
    const answers: [string, SideMetrics][] = [
      // 21 tokens over one second: 20 tok/s.
      ['battle-steady-00000001', computeMetrics({ t0: 0, firstTextAt: 100, lastTextAt: 1100 }, { outputTokens: 21 }, {}, pricing)],
      // 16 tokens in 4 ms, with the server saying 7,726 tok/s: neither figure is a Versus sample.
      [
        'battle-burst-000000001',
        computeMetrics({ t0: 0, firstTextAt: 100, lastTextAt: 104 }, { outputTokens: 16 }, {}, pricing, {
          outputTokens: 16,
          decodeMs: 2.07,
          outputTokensPerSecond: 7726,
          promptTokens: null,
          promptMs: null,
          promptTokensPerSecond: null,
        }),
      ],
    ];
    for (const [id, metrics] of answers) {
      seed(store, id);
      store.saveResponse(response(id, metrics));
    }
    const stat = measuredStat(store.measuredFigures().map((m) => m.tokensPerSecond));
    expect(stat.samples).toBe(1);
    expect(stat.median).toBeCloseTo(20, 10);
  });

  it('migration 3 judges answers stored before it by the speed rule', () => {
    const db = new Database(':memory:');
    for (const sql of MIGRATIONS.slice(0, 2)) db.exec(sql);
    db.pragma('user_version = 2');
    const rows: [string, number | null, number | null][] = [
      // id, output tokens, decode ms
      ['ok', 21, 1000],
      ['burst', 16, 2],
      ['few', 5, 2000],
      ['none', null, null],
    ];
    for (const [id] of rows) {
      db.prepare(`INSERT INTO battles VALUES (?, 'h', 'named', 'm', 'n', 0, NULL)`).run(id);
      db.prepare(`INSERT INTO turns VALUES (?, 0, 'p', 0)`).run(id);
    }
    const insert = db.prepare(
      `INSERT INTO responses (battle_id, turn, side, model_id, text, status, decode_ms, tokens_per_s, output_tokens, ended_at)
       VALUES (?, 0, 'a', 'm', 't', 'finished', ?, ?, ?, 0)`,
    );
    for (const [id, out, ms] of rows) insert.run(id, ms, out !== null && ms !== null && ms > 0 ? (out - 1) / (ms / 1000) : null, out);

    migrate(db);

    const after = db.prepare(`SELECT battle_id, tokens_per_s, speed_note, output_tokens, decode_ms FROM responses`).all() as {
      battle_id: string;
      tokens_per_s: number | null;
      speed_note: string | null;
      output_tokens: number | null;
      decode_ms: number | null;
    }[];
    expect(after.map((r) => [r.battle_id, r.speed_note])).toEqual([
      ['ok', null],
      ['burst', 'window_too_short'],
      ['few', 'too_few_tokens'],
      ['none', 'no_output'],
    ]);
    // The migration applied the rule tokens-per-second.ts defines (as of migration 3).
    for (const r of after) {
      const speed = tokensPerSecond(r.output_tokens, r.decode_ms);
      expect(r.speed_note).toBe(speed.note);
      expect(r.tokens_per_s).toBe(speed.tokensPerSecond);
    }
  });
});
