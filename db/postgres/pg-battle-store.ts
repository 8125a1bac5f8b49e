import { NOT_A_REVIEW_COPY } from '../not-a-review-copy.ts';
import pg from 'pg';
import type { BattleMode, Side } from '../../shared/protocol.ts';
import type { SideMetrics } from '../../shared/metrics.ts';
import {
  AlreadyVotedError,
  type AnswerSample,
  type AnswerStyle,
  type BattleClassification,
  type BattleLabel,
  type BattleToClassify,
  type ControlFigures,
  type ControlRow,
  type BattleRecord,
  type BattleStore,
  type BattleSummaryRecord,
  type BattleWithDetails,
  type ImportedBattle,
  type MeasuredFigures,
  type PairCountRow,
  type RatedVote,
  type ResponseRecord,
  type StoredRatingsSnapshot,
  type TokenTotals,
  type TurnRecord,
  type VoteCursor,
  type VoteRecord,
} from '../battle-store.ts';
import {
  METRIC_COLUMNS,
  RESPONSE_COLUMNS,
  responseValues,
  settingsJson,
  toArchivedResponse,
  toBattle,
  toMeasured,
  toPairCount,
  toRatedVote,
  toResponse,
  toStoredSnapshot,
  toTurn,
  toVote,
  type Row,
} from '../row-readers.ts';
import {
  LABEL_SQL,
  numbered,
  promptsByBattle,
  styleValues,
  toAnswerSample,
  toControlFigures,
  toControlRow,
  toLabel,
} from '../label-queries.ts';
import { statement, type PgDatabase, type PgQueries, type Statement } from './pg-database.ts';
import { scanFor, scanPage, type ScanPage } from '../scan-window.ts';
import { checkOwnRows } from '../check-own-rows.ts';
import { inBattleIdOrder } from '../in-battle-id-order.ts';
import { deferConstraints } from './pg-deferred-constraints.ts';

const BATTLE_COLUMNS = `id, session_hash, mode, model_a, model_b, created_at, flagged, settings`;
const BATTLE_COLUMN_LIST = BATTLE_COLUMNS.split(', ');
const params = (n: number, from = 1) => Array.from({ length: n }, (_, i) => `$${i + from}`).join(', ');

/**
 * A batch's rows of one table (`$1`, a JSON array) kept to the battles the batch wrote (`$2`, their ids), in the
 * batch's order. A join, not `battle_id = ANY($2)`: once the prepared statement goes to a generic plan (from its
 * sixth run) PostgreSQL tests each row against the array one element at a time, 20,000 × 20,000 comparisons a batch,
 * which made a million-battle import CPU-bound in the server at about 1,000 battles a second.
 */
/**
 * PostgreSQL text cannot hold U+0000; the import writes U+FFFD in its place. Done on the JSON text (where a NUL is
 * the escape `\u0000` after an even run of backslashes) rather than by a replacer, which JSON.stringify would call
 * for every value of a 20,000-battle batch.
 */
function withoutNul(json: string): string {
  return json.includes('\\u0000') ? json.replace(/(?<!\\)((?:\\\\)*)\\u0000/g, '$1\\uFFFD') : json;
}

function batchRows(table: 'turns' | 'responses' | 'votes'): string {
  // Only votes take the batch's order (their ids follow the file); sorting 40,000 answers for nobody spilled to disk.
  return `jsonb_populate_recordset(NULL::${table}, $1::jsonb) WITH ORDINALITY AS j
     JOIN unnest($2::text[]) AS written(id) ON written.id = j.battle_id${table === 'votes' ? ' ORDER BY j.ordinality' : ''}`;
}

/**
 * A row as a JSON object for jsonb_populate_recordset: its values computed
 * once, not once per column. A null is left out (a missing key populates as
 * NULL): an imported answer's metrics are mostly unknown, and writing them out
 * made the JSON three times larger (a million battles: 93.7 → 70.6 s, the
 * importing process's CPU 45.9 → 23.0 s).
 */
function rowObject(columns: readonly string[], values: readonly unknown[]): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) if (values[i] !== null) o[columns[i]!] = values[i];
  return o;
}

const Q = {
  insertBattle: statement('insert_battle', `INSERT INTO battles (${BATTLE_COLUMNS}) VALUES (${params(8)})`),
  insertImportedBattle: statement(
    'insert_imported_battle',
    `INSERT INTO battles (${BATTLE_COLUMNS}) VALUES (${params(8)}) ON CONFLICT (id) DO NOTHING RETURNING id`,
  ),
  insertTurn: statement('insert_turn', `INSERT INTO turns (battle_id, turn, prompt, created_at) VALUES ($1, $2, $3, $4)`),
  upsertResponse: statement(
    'upsert_response',
    `INSERT INTO responses (${RESPONSE_COLUMNS.join(', ')}) VALUES (${params(RESPONSE_COLUMNS.length)})
     ON CONFLICT (battle_id, turn, side) DO UPDATE SET
       ${RESPONSE_COLUMNS.filter((c) => !['battle_id', 'turn', 'side'].includes(c))
         .map((c) => `${c} = EXCLUDED.${c}`)
         .join(', ')}`,
  ),
  responseForUpdate: statement(
    'response_for_update',
    `SELECT * FROM responses WHERE battle_id = $1 AND turn = $2 AND side = $3 FOR UPDATE`,
  ),
  archiveResponse: statement(
    'archive_response',
    `INSERT INTO response_attempts (battle_id, turn, side, replaced_at, record) VALUES ($1, $2, $3, $4, $5)`,
  ),
  replaced: statement('replaced', `SELECT record FROM response_attempts WHERE battle_id = $1 ORDER BY replaced_at, id`),
  answerMetrics: statement(
    'answer_metrics',
    `SELECT ${METRIC_COLUMNS}, '' AS text FROM responses WHERE battle_id = $1 ORDER BY turn, side`,
  ),
  sessionBattles: statement(
    'session_battles',
    `SELECT b.*, (SELECT prompt FROM turns t WHERE t.battle_id = b.id AND t.turn = 0) AS first_prompt,
            (SELECT count(*) FROM turns t WHERE t.battle_id = b.id) AS turn_count
     FROM battles b WHERE b.session_hash = $1 AND ($2::bigint IS NULL OR (b.created_at, b.id) < ($2, $3::text))
     ORDER BY b.created_at DESC, b.id DESC LIMIT $4`,
  ),
  votesOf: statement('votes_of', `SELECT * FROM votes WHERE battle_id = ANY($1::text[])`),
  setShare: statement('set_share', `UPDATE battles SET share_hash = $1 WHERE id = $2`),
  shareOf: statement('share_of', `SELECT share_hash FROM battles WHERE id = $1`),
  battleByShare: statement('battle_by_share', `SELECT id FROM battles WHERE share_hash = $1`),
  flagBattle: statement('flag_battle', `UPDATE battles SET flagged = $1 WHERE id = $2 AND flagged IS NULL`),
  insertVote: statement(
    'insert_vote',
    `INSERT INTO votes (battle_id, choice, session_hash, created_at, decision_ms, counts_for_ratings, user_id, address_hash)
     VALUES (${params(8)}) RETURNING id`,
  ),
  insertPrefixes: statement(
    'insert_prefixes',
    `INSERT INTO vote_address_prefixes (vote_id, bits, prefix_hash) SELECT $1, * FROM unnest($2::int[], $3::text[])`,
  ),
  insertImportVoid: statement(
    'insert_import_void',
    `INSERT INTO vote_voids (created_at, admin, reason, scope) VALUES ($1, 'import', $2, $3) RETURNING id`,
  ),
  insertVoided: statement('insert_voided', `INSERT INTO voided_votes (void_id, vote_id) VALUES ($1, $2)`),
  getBattle: statement('get_battle', `SELECT * FROM battles WHERE id = $1`),
  getTurns: statement('get_turns', `SELECT * FROM turns WHERE battle_id = $1 ORDER BY turn`),
  getResponses: statement('get_responses', `SELECT * FROM responses WHERE battle_id = $1 ORDER BY turn, side`),
  /** The vote with its moderation mark: the earliest void covering it that was not reversed. */
  getVote: statement(
    'get_vote',
    `SELECT v.*, mark.reason AS void_reason, mark.created_at AS void_at FROM votes v
     LEFT JOIN LATERAL (
       SELECT vo.reason, vo.created_at FROM voided_votes vv JOIN vote_voids vo ON vo.id = vv.void_id
       WHERE vv.vote_id = v.id AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vo.id)
       ORDER BY vo.created_at, vo.id LIMIT 1
     ) mark ON true
     WHERE v.battle_id = $1`,
  ),
  ratedVotes: statement(
    'rated_votes',
    `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
       EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
               AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided
     FROM votes v JOIN battles b ON b.id = v.battle_id ORDER BY v.created_at, v.id`,
  ),
  ratedVotesAfter: statement(
    'rated_votes_after',
    `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
       EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
               AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided
     FROM votes v JOIN battles b ON b.id = v.battle_id
     WHERE (v.created_at, v.battle_id) > ($1::bigint, $2::text) ORDER BY v.created_at, v.battle_id LIMIT $3`,
  ),
  latestRatedVotes: statement(
    'latest_rated_votes',
    `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
       EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
               AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided
     FROM votes v JOIN battles b ON b.id = v.battle_id ORDER BY v.created_at DESC, v.battle_id DESC LIMIT $1`,
  ),
  pairCounts: statement('pair_counts', `SELECT * FROM vote_pair_counts`),
  pairCountsOf: statement(
    'pair_counts_of',
    `SELECT * FROM vote_pair_counts WHERE model_a = $1 UNION ALL SELECT * FROM vote_pair_counts WHERE model_b = $1`,
  ),
  voidMark: statement('void_mark', `SELECT (SELECT count(*) FROM vote_voids) AS voids, (SELECT count(*) FROM void_reversals) AS reversals`),
  snapshots: statement('snapshots', `SELECT * FROM ratings_snapshots`),
  saveSnapshot: statement(
    'save_snapshot',
    `INSERT INTO ratings_snapshots (mode, computed_at, votes, void_mark, state) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (mode) DO UPDATE SET computed_at = EXCLUDED.computed_at, votes = EXCLUDED.votes,
       void_mark = EXCLUDED.void_mark, state = EXCLUDED.state`,
  ),
  recentMeasured: statement(
    'recent_measured',
    `SELECT model_id, ttft_ms, tokens_per_s, cost_usd FROM responses WHERE model_id = $1 AND status = 'finished' AND ${NOT_A_REVIEW_COPY}
     ORDER BY ended_at DESC LIMIT $2`,
  ),
  analyzeImported: statement('analyze_imported', 'ANALYZE battles, turns, responses, votes, vote_pair_counts'),
  // A batch of imports in four statements: the rows travel as one JSON array per table.
  importBattles: statement(
    'import_battles',
    `INSERT INTO battles (${BATTLE_COLUMNS}) SELECT ${BATTLE_COLUMNS} FROM jsonb_populate_recordset(NULL::battles, $1::jsonb)
     ON CONFLICT (id) DO NOTHING RETURNING id`,
  ),
  importTurns: statement(
    'import_turns',
    `INSERT INTO turns (battle_id, turn, prompt, created_at)
     SELECT j.battle_id, j.turn, j.prompt, j.created_at FROM ${batchRows('turns')}`,
  ),
  importResponses: statement(
    'import_responses',
    `INSERT INTO responses (${RESPONSE_COLUMNS.join(', ')})
     SELECT ${RESPONSE_COLUMNS.map((c) => `j.${c}`).join(', ')} FROM ${batchRows('responses')}`,
  ),
  importVotes: statement(
    'import_votes',
    `INSERT INTO votes (battle_id, choice, session_hash, created_at, decision_ms, counts_for_ratings, user_id, address_hash)
     SELECT j.battle_id, j.choice, j.session_hash, j.created_at, j.decision_ms, j.counts_for_ratings, j.user_id, j.address_hash
     FROM ${batchRows('votes')}
     RETURNING id, battle_id`,
  ),
  responsesForModel: statement(
    'responses_for_model',
    `SELECT * FROM responses WHERE model_id = $1 AND status = 'finished' AND ${NOT_A_REVIEW_COPY}`,
  ),
  allFinishedResponses: statement('all_finished_responses', `SELECT * FROM responses WHERE status = 'finished' AND ${NOT_A_REVIEW_COPY}`),
  measured: statement(
    'measured',
    `SELECT model_id, ttft_ms, tokens_per_s, cost_usd FROM responses WHERE status = 'finished' AND ${NOT_A_REVIEW_COPY}`,
  ),
  votedBattlesAfter: statement(
    'voted_battles_after',
    `SELECT v.battle_id, v.created_at FROM votes v JOIN battles b ON b.id = v.battle_id
     WHERE (v.created_at, v.battle_id) > ($1::bigint, $2::text) AND ($3 = 'all' OR b.mode = $3)
     ORDER BY v.created_at, v.battle_id LIMIT $4`,
  ),
  tokenTotals: statement(
    'token_totals',
    `SELECT model_id, sum(input_tokens) AS input_tokens, sum(output_tokens) AS output_tokens, count(*) AS answers
     FROM responses
     WHERE status = 'finished' AND input_tokens IS NOT NULL AND output_tokens > 0 AND ${NOT_A_REVIEW_COPY} AND model_id = ANY($1::text[])
     GROUP BY model_id`,
  ),
};

/** Migration 7's statements, prepared once per connection like the others. */
const L = Object.fromEntries(
  Object.entries(LABEL_SQL).map(([k, sql]) => [
    k,
    statement(
      k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`),
      numbered(sql),
    ),
  ]),
) as Record<keyof typeof LABEL_SQL, Statement>;
const LABELS_OF = statement(
  'labels_of',
  `SELECT battle_id, kind, value FROM battle_labels WHERE battle_id = ANY($1::text[]) ORDER BY battle_id, kind, value`,
);
const TURNS_OF = statement('turns_of', `SELECT battle_id, prompt FROM turns WHERE battle_id = ANY($1::text[]) ORDER BY battle_id, turn`);

const battleValues = (b: BattleRecord) => [
  b.id,
  b.sessionHash,
  b.mode,
  b.modelA,
  b.modelB,
  b.createdAt,
  b.flagged,
  settingsJson(b.settings),
];
const turnValues = (t: TurnRecord) => [t.battleId, t.turn, t.prompt, t.createdAt];

/** The name the one-vote-per-battle constraint has in the PostgreSQL schema (db/migrations.ts, migration 1). */
const ONE_VOTE_PER_BATTLE = 'votes_one_per_battle';

/** The battle store on PostgreSQL: the same statements as SQLite's, each awaited on the pool or inside a transaction. */
export class PgBattleStore implements BattleStore {
  constructor(private readonly db: PgDatabase) {}

  async saveClassification(c: BattleClassification): Promise<void> {
    await this.saveClassifications([c]);
  }

  async saveClassifications(list: readonly BattleClassification[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const c of list) {
        await tx.run(L.deleteLabels, [c.battleId]);
        for (const l of c.labels) await tx.run(L.insertLabel, [c.battleId, l.kind, l.value]);
        await tx.run(L.upsertClass, [c.battleId, c.classifierVersion]);
      }
    });
  }

  async battleLabels(): Promise<{ battleId: string; label: BattleLabel }[]> {
    return (await this.db.rows(L.allLabels)).map(toLabel);
  }

  async battlesToClassify(
    classifierVersion: number,
    limit: number,
    afterId = '',
    scan = scanFor(limit),
  ): Promise<ScanPage<BattleToClassify>> {
    const { items: ids, next } = scanPage(await this.db.rows(L.toClassify, [afterId, classifierVersion, afterId, scan]), limit, scan);
    if (ids.length === 0) return { items: [], next };
    return { items: promptsByBattle(ids, await this.db.rows(TURNS_OF, [ids])), next };
  }

  async saveAnswerStyles(battleId: string, styles: { a: AnswerStyle; b: AnswerStyle }): Promise<void> {
    await this.saveManyAnswerStyles([{ battleId, styles }]);
  }

  async saveManyAnswerStyles(list: readonly { battleId: string; styles: { a: AnswerStyle; b: AnswerStyle } }[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const { battleId, styles } of list) {
        await tx.run(L.upsertStyle, styleValues(battleId, 'a', styles.a));
        await tx.run(L.upsertStyle, styleValues(battleId, 'b', styles.b));
      }
    });
  }

  async votedBattlesWithoutStyle(limit: number, afterId = '', scan = scanFor(limit)): Promise<ScanPage<string>> {
    return scanPage(await this.db.rows(L.withoutStyle, [afterId, afterId, scan]), limit, scan);
  }

  async controlFigures(): Promise<ControlFigures[]> {
    return (await this.db.rows(L.controlFigures)).map(toControlFigures);
  }

  async controlRowsAfter(after: VoteCursor | null, limit: number, label?: BattleLabel): Promise<ControlRow[]> {
    const cursor = [after?.createdAt ?? Number.MIN_SAFE_INTEGER, after?.battleId ?? '', limit];
    const rows = label
      ? await this.db.rows(L.controlRowsAfterLabelled, [label.kind, label.value, ...cursor])
      : await this.db.rows(L.controlRowsAfter, cursor);
    return rows.map(toControlRow);
  }

  async labelsOf(battleIds: readonly string[]): Promise<{ battleId: string; label: BattleLabel }[]> {
    if (battleIds.length === 0) return [];
    return (await this.db.rows(LABELS_OF, [battleIds])).map(toLabel);
  }

  async answerSamples(limit: number): Promise<AnswerSample[]> {
    return (await this.db.rows(L.answerSamples, [limit])).map(toAnswerSample);
  }

  async createBattle(b: BattleRecord, firstPrompt: string): Promise<void> {
    await this.db.transaction(async (tx) => {
      await tx.run(Q.insertBattle, battleValues(b));
      await tx.run(Q.insertTurn, [b.id, 0, firstPrompt, b.createdAt]);
    });
  }

  async addTurn(t: TurnRecord): Promise<void> {
    await this.db.run(Q.insertTurn, turnValues(t));
  }

  async saveResponse(r: ResponseRecord): Promise<void> {
    await this.db.run(Q.upsertResponse, responseValues(r));
  }

  async replaceResponse(r: ResponseRecord, replacedAt: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [old] = await tx.rows(Q.responseForUpdate, [r.battleId, r.turn, r.side]);
      if (old) await tx.run(Q.archiveResponse, [r.battleId, r.turn, r.side, replacedAt, JSON.stringify(toResponse(old))]);
      await tx.run(Q.upsertResponse, responseValues(r));
    });
  }

  async replacedResponses(battleId: string): Promise<ResponseRecord[]> {
    const rows = await this.db.rows(Q.replaced, [battleId]);
    return rows.flatMap((r) => toArchivedResponse(r.record as string) ?? []);
  }

  async answerMetrics(battleId: string): Promise<{ side: Side; metrics: SideMetrics }[]> {
    const [rows, replaced] = await Promise.all([this.db.rows(Q.answerMetrics, [battleId]), this.replacedResponses(battleId)]);
    return [...rows.map(toResponse), ...replaced].map((r) => ({ side: r.side, metrics: r.metrics }));
  }

  async flagBattle(battleId: string, reason: string): Promise<void> {
    await this.db.run(Q.flagBattle, [reason, battleId]);
  }

  async recordVote(v: VoteRecord): Promise<number> {
    return this.db.transaction((tx) => insertVote(tx, v));
  }

  async getBattleRecord(id: string): Promise<BattleRecord | null> {
    const [b] = await this.db.rows(Q.getBattle, [id]);
    return b ? toBattle(b) : null;
  }

  async getBattle(id: string): Promise<BattleWithDetails | null> {
    const [battles, turns, responses, votes] = await Promise.all([
      this.db.rows(Q.getBattle, [id]),
      this.db.rows(Q.getTurns, [id]),
      this.db.rows(Q.getResponses, [id]),
      this.db.rows(Q.getVote, [id]),
    ]);
    const [b] = battles;
    if (!b) return null;
    const [vote] = votes;
    return {
      battle: toBattle(b),
      turns: turns.map(toTurn),
      responses: responses.map(toResponse),
      vote: vote ? toVote(vote) : null,
      voided: vote && vote.void_reason !== null ? { reason: vote.void_reason as string, at: Number(vote.void_at) } : null,
    };
  }

  async sessionBattles(sessionHash: string, limit: number, before?: { createdAt: number; id: string }): Promise<BattleSummaryRecord[]> {
    const rows = await this.db.rows(Q.sessionBattles, [sessionHash, before?.createdAt ?? null, before?.id ?? null, limit]);
    const votes = new Map((await this.db.rows(Q.votesOf, [rows.map((r) => r.id)])).map((v) => [v.battle_id as string, toVote(v)]));
    return rows.map((r) => ({
      battle: toBattle(r),
      firstPrompt: (r.first_prompt as string | null) ?? '',
      turns: Number(r.turn_count),
      vote: votes.get(r.id as string) ?? null,
      shared: r.share_hash !== null,
    }));
  }

  async setShareHash(battleId: string, hash: string | null): Promise<void> {
    await this.db.run(Q.setShare, [hash, battleId]);
  }

  async isShared(battleId: string): Promise<boolean> {
    const [r] = await this.db.rows(Q.shareOf, [battleId]);
    return r?.share_hash != null;
  }

  async battleIdByShareHash(hash: string): Promise<string | null> {
    const [r] = await this.db.rows(Q.battleByShare, [hash]);
    return (r?.id as string | undefined) ?? null;
  }

  async votedBattlesAfter(after: VoteCursor | null, mode: BattleMode | 'all', limit: number): Promise<VoteCursor[]> {
    const rows = await this.db.rows(Q.votedBattlesAfter, [after?.createdAt ?? Number.MIN_SAFE_INTEGER, after?.battleId ?? '', mode, limit]);
    return rows.map((r) => ({ battleId: r.battle_id as string, createdAt: Number(r.created_at) }));
  }

  async importBattle(d: ImportedBattle): Promise<'imported' | 'duplicate'> {
    return this.db.transaction(async (tx) => {
      // A second import of the same battle waits here for the first to commit, then finds it: one writes, one is a duplicate.
      if ((await tx.rows(Q.insertImportedBattle, battleValues(d.battle))).length === 0) return 'duplicate' as const;
      for (const t of d.turns) await tx.run(Q.insertTurn, turnValues(t));
      for (const r of d.responses) await tx.run(Q.upsertResponse, responseValues(r));
      const voteId = await insertVote(tx, d.vote);
      if (d.voided) {
        const scope = JSON.stringify({ kind: 'battle', battleIds: [d.battle.id] });
        const [v] = await tx.rows(Q.insertImportVoid, [d.voided.at, d.voided.reason, scope]);
        await tx.run(Q.insertVoided, [v!.id, voteId]);
      }
      return 'imported' as const;
    });
  }

  /** Into an empty database, the imported tables' non-unique indexes, the foreign keys among them and the vote trigger are made at the end (pg-deferred-constraints). */
  async bulkImport<T>(run: () => Promise<T>): Promise<T> {
    const restore = await deferConstraints(this.db.pool);
    try {
      return await run();
    } finally {
      await restore?.();
    }
  }

  async importBattles(batch: readonly ImportedBattle[]): Promise<('imported' | 'duplicate')[]> {
    if (batch.length === 0) return [];
    // The first of a batch's battles with one id is the one written; later ones are duplicates, as in one at a time.
    const firsts = new Map<string, ImportedBattle>();
    for (const d of batch) if (!firsts.has(d.battle.id)) firsts.set(d.battle.id, d);
    const all = [...firsts.values()];
    // What the foreign keys would refuse, refused here: a bulk import runs without them.
    for (const d of all) checkOwnRows(d);
    const json = (rows: unknown[]) => withoutNul(JSON.stringify(rows));
    // Every table's rows are put into JSON before the transaction starts: its connection waits on no JavaScript.
    // Battles, turns and answers in id order: each random-keyed index takes its new keys left to right (a million
    // battles: 70.6 → 68.6 s, the turns and answers 10–15 % faster). Votes keep the file's order (their ids).
    const byId = inBattleIdOrder(all);
    const battlesJson = json(byId.map(({ battle: b }) => rowObject(BATTLE_COLUMN_LIST, battleValues(b))));
    const turnsJson = json(
      byId.flatMap((d) => d.turns.map((t) => ({ battle_id: t.battleId, turn: t.turn, prompt: t.prompt, created_at: t.createdAt }))),
    );
    const responses = byId.flatMap((d) => d.responses.map((r) => rowObject(RESPONSE_COLUMNS, responseValues(r))));
    const responsesJson = responses.length > 0 ? json(responses) : null;
    const votesJson = json(
      all.map(({ vote: v }) => ({
        battle_id: v.battleId,
        choice: v.choice,
        session_hash: v.sessionHash,
        created_at: v.createdAt,
        decision_ms: v.decisionMs,
        counts_for_ratings: v.countsForRatings,
        user_id: v.userId ?? null,
        address_hash: v.addressHash ?? null,
      })),
    );
    const written = await this.db.transaction(async (tx) => {
      // The batch's JSON rows are read into memory whole: at the default 4 MB, 40,000 answers went to temporary files.
      await tx.run(`SET LOCAL work_mem = '64MB'`);
      const ids = (await tx.rows(Q.importBattles, [battlesJson])).map((r) => r.id as string);
      if (ids.length === 0) return new Set<string>();
      await tx.run(Q.importTurns, [turnsJson, ids]);
      if (responsesJson !== null) await tx.run(Q.importResponses, [responsesJson, ids]);
      const voteIds = new Map((await tx.rows(Q.importVotes, [votesJson, ids])).map((r) => [r.battle_id as string, Number(r.id)]));
      const wrote = new Set(ids);
      for (const d of all) {
        const voteId = voteIds.get(d.battle.id);
        if (!wrote.has(d.battle.id) || voteId === undefined) continue;
        const prefixes = d.vote.addressPrefixes ?? [];
        if (prefixes.length > 0) await tx.run(Q.insertPrefixes, [voteId, prefixes.map((p) => p.bits), prefixes.map((p) => p.hash)]);
        if (d.voided) {
          const scope = JSON.stringify({ kind: 'battle', battleIds: [d.battle.id] });
          const [v] = await tx.rows(Q.insertImportVoid, [d.voided.at, d.voided.reason, scope]);
          await tx.run(Q.insertVoided, [v!.id, voteId]);
        }
      }
      return wrote;
    });
    const taken = new Set<string>();
    return batch.map((d) => {
      if (!written.has(d.battle.id) || taken.has(d.battle.id)) return 'duplicate' as const;
      taken.add(d.battle.id);
      return 'imported' as const;
    });
  }

  async refreshPlannerStatistics(): Promise<void> {
    await this.db.run(Q.analyzeImported);
  }

  async ratedVotes(): Promise<RatedVote[]> {
    return (await this.db.rows(Q.ratedVotes)).map(toRatedVote);
  }

  async ratedVotesAfter(after: VoteCursor | null, limit: number): Promise<RatedVote[]> {
    return (await this.db.rows(Q.ratedVotesAfter, [after?.createdAt ?? Number.MIN_SAFE_INTEGER, after?.battleId ?? '', limit])).map(
      toRatedVote,
    );
  }

  async latestRatedVotes(limit: number): Promise<RatedVote[]> {
    return (await this.db.rows(Q.latestRatedVotes, [limit])).map(toRatedVote);
  }

  async pairCounts(modelId?: string): Promise<PairCountRow[]> {
    const rows = modelId === undefined ? await this.db.rows(Q.pairCounts) : await this.db.rows(Q.pairCountsOf, [modelId]);
    return rows.map(toPairCount);
  }

  async voidMark(): Promise<string> {
    const [r] = await this.db.rows(Q.voidMark);
    return `${Number(r!.voids)}/${Number(r!.reversals)}`;
  }

  async ratingsSnapshots(): Promise<StoredRatingsSnapshot[]> {
    return (await this.db.rows(Q.snapshots)).map(toStoredSnapshot);
  }

  async saveRatingsSnapshot(s: StoredRatingsSnapshot): Promise<void> {
    await this.db.run(Q.saveSnapshot, [s.mode, s.computedAt, s.votes, s.voidMark, s.state]);
  }

  async recentMeasuredFigures(modelId: string, limit: number): Promise<MeasuredFigures[]> {
    return (await this.db.rows(Q.recentMeasured, [modelId, limit])).map(toMeasured);
  }

  async finishedResponses(modelId?: string): Promise<ResponseRecord[]> {
    const rows = modelId ? await this.db.rows(Q.responsesForModel, [modelId]) : await this.db.rows(Q.allFinishedResponses);
    return rows.map(toResponse);
  }

  async measuredFigures(): Promise<MeasuredFigures[]> {
    return (await this.db.rows(Q.measured)).map(toMeasured);
  }

  async tokenTotals(modelIds: readonly string[]): Promise<TokenTotals[]> {
    if (modelIds.length === 0) return [];
    return (await this.db.rows(Q.tokenTotals, [modelIds])).map((r: Row) => ({
      modelId: r.model_id as string,
      inputTokens: Number(r.input_tokens),
      outputTokens: Number(r.output_tokens),
      answers: Number(r.answers),
    }));
  }
}

/** Inside the caller's transaction; a second vote on the battle becomes AlreadyVotedError (and the transaction rolls back). */
async function insertVote(tx: PgQueries, v: VoteRecord): Promise<number> {
  try {
    const [row] = await tx.rows(Q.insertVote, [
      v.battleId,
      v.choice,
      v.sessionHash,
      v.createdAt,
      v.decisionMs,
      v.countsForRatings,
      v.userId ?? null,
      v.addressHash ?? null,
    ]);
    const id = Number(row!.id);
    const prefixes = v.addressPrefixes ?? [];
    if (prefixes.length > 0) await tx.run(Q.insertPrefixes, [id, prefixes.map((p) => p.bits), prefixes.map((p) => p.hash)]);
    return id;
  } catch (e) {
    if (e instanceof pg.DatabaseError && e.code === '23505' && e.constraint === ONE_VOTE_PER_BATTLE)
      throw new AlreadyVotedError(v.battleId);
    throw e;
  }
}
