import { NOT_A_REVIEW_COPY } from '../not-a-review-copy.ts';
import type { Db } from './open-database.ts';
import type Database from 'better-sqlite3';
import { MultiRowInsert } from './multi-row-insert.ts';
import { settled } from './settled.ts';
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
import { LABEL_SQL, promptsByBattle, styleValues, toAnswerSample, toControlFigures, toControlRow, toLabel } from '../label-queries.ts';
import { scanFor, scanPage, type ScanPage } from '../scan-window.ts';
import { checkOwnRows } from '../check-own-rows.ts';
import { inBattleIdOrder } from '../in-battle-id-order.ts';
import { deferIndexes, restoreDeferredIndexes } from './deferred-indexes.ts';
import { GroupCommit } from './group-commit.ts';

/** A vote is voided while some void covering it has no reversal. */
const ACTIVE_VOID = `SELECT vo.reason, vo.created_at FROM voided_votes vv JOIN vote_voids vo ON vo.id = vv.void_id
  WHERE vv.vote_id = ? AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vo.id)
  ORDER BY vo.created_at, vo.id LIMIT 1`;

const sqliteValue = (v: string | number | boolean | null) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/**
 * The battle store on SQLite: prepared statements, synchronous underneath.
 * Each method does all of its work when called and returns a settled
 * promise, so on SQLite a write is committed before the caller's next line
 * runs, as it always was; transactions are better-sqlite3's.
 */
export class SqliteBattleStore implements BattleStore {
  private readonly stmts;

  /** `db` is public for tests that simulate faults on the server's own connection (test/hardening/storage-faults.test.ts). */
  constructor(readonly db: Db) {
    this.stmts = {
      insertBattle: db.prepare(
        `INSERT INTO battles (id, session_hash, mode, model_a, model_b, created_at, flagged, settings)
         VALUES (@id, @sessionHash, @mode, @modelA, @modelB, @createdAt, @flagged, @settings)`,
      ),
      presentIds: db.prepare(`SELECT id FROM battles WHERE id IN (SELECT value FROM json_each(?))`),
      archiveResponse: db.prepare(`INSERT INTO response_attempts (battle_id, turn, side, replaced_at, record) VALUES (?, ?, ?, ?, ?)`),
      getResponse: db.prepare(`SELECT * FROM responses WHERE battle_id = ? AND turn = ? AND side = ?`),
      replaced: db.prepare(`SELECT record FROM response_attempts WHERE battle_id = ? ORDER BY replaced_at, rowid`),
      answerMetrics: db.prepare(`SELECT ${METRIC_COLUMNS}, '' AS text FROM responses WHERE battle_id = ? ORDER BY turn, side`),
      sessionBattles: db.prepare(
        `SELECT b.*, (SELECT prompt FROM turns t WHERE t.battle_id = b.id AND t.turn = 0) AS first_prompt,
                (SELECT COUNT(*) FROM turns t WHERE t.battle_id = b.id) AS turn_count
         FROM battles b WHERE b.session_hash = ? AND (b.created_at < ? OR (b.created_at = ? AND b.id < ?))
         ORDER BY b.created_at DESC, b.id DESC LIMIT ?`,
      ),
      setShare: db.prepare(`UPDATE battles SET share_hash = ? WHERE id = ?`),
      shareOf: db.prepare(`SELECT share_hash FROM battles WHERE id = ?`),
      battleByShare: db.prepare(`SELECT id FROM battles WHERE share_hash = ?`),
      flagBattle: db.prepare(`UPDATE battles SET flagged = ? WHERE id = ? AND flagged IS NULL`),
      insertTurn: db.prepare(`INSERT INTO turns (battle_id, turn, prompt, created_at) VALUES (?, ?, ?, ?)`),
      insertResponse: db.prepare(
        `INSERT OR REPLACE INTO responses (${RESPONSE_COLUMNS.join(', ')}) VALUES (${RESPONSE_COLUMNS.map(() => '?').join(', ')})`,
      ),
      insertVote: db.prepare(`${VOTE_INSERT} VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
      insertPrefix: db.prepare(`INSERT INTO vote_address_prefixes (vote_id, bits, prefix_hash) VALUES (?, ?, ?)`),
      activeVoid: db.prepare(ACTIVE_VOID),
      insertImportVoid: db.prepare(`INSERT INTO vote_voids (created_at, admin, reason, scope) VALUES (?, 'import', ?, ?)`),
      insertVoided: db.prepare(`INSERT INTO voided_votes (void_id, vote_id) VALUES (?, ?)`),
      getBattle: db.prepare(`SELECT * FROM battles WHERE id = ?`),
      getTurns: db.prepare(`SELECT * FROM turns WHERE battle_id = ? ORDER BY turn`),
      getResponses: db.prepare(`SELECT * FROM responses WHERE battle_id = ? ORDER BY turn, side`),
      getVote: db.prepare(`SELECT * FROM votes WHERE battle_id = ?`),
      ratedVotes: db.prepare(
        `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
           EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                   AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided
         FROM votes v JOIN battles b ON b.id = v.battle_id ORDER BY v.created_at, v.id`,
      ),
      ratedVotesAfter: db.prepare(
        `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
           EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                   AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided
         FROM votes v JOIN battles b ON b.id = v.battle_id
         WHERE (v.created_at, v.battle_id) > (?, ?) ORDER BY v.created_at, v.battle_id LIMIT ?`,
      ),
      latestRatedVotes: db.prepare(
        `SELECT v.battle_id, b.mode, b.model_a, b.model_b, v.choice, v.created_at, v.counts_for_ratings, b.flagged,
           EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                   AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided
         FROM votes v JOIN battles b ON b.id = v.battle_id ORDER BY v.created_at DESC, v.battle_id DESC LIMIT ?`,
      ),
      pairCounts: db.prepare(`SELECT * FROM vote_pair_counts`),
      pairCountsOf: db.prepare(
        `SELECT * FROM vote_pair_counts WHERE model_a = ? UNION ALL SELECT * FROM vote_pair_counts WHERE model_b = ?`,
      ),
      voidMark: db.prepare(`SELECT (SELECT COUNT(*) FROM vote_voids) AS voids, (SELECT COUNT(*) FROM void_reversals) AS reversals`),
      snapshots: db.prepare(`SELECT * FROM ratings_snapshots`),
      saveSnapshot: db.prepare(
        `INSERT INTO ratings_snapshots (mode, computed_at, votes, void_mark, state) VALUES (@mode, @computedAt, @votes, @voidMark, @state)
         ON CONFLICT (mode) DO UPDATE SET computed_at = excluded.computed_at, votes = excluded.votes,
           void_mark = excluded.void_mark, state = excluded.state`,
      ),
      recentMeasured: db.prepare(
        `SELECT model_id, ttft_ms, tokens_per_s, cost_usd FROM responses WHERE model_id = ? AND status = 'finished' AND ${NOT_A_REVIEW_COPY}
         ORDER BY ended_at DESC LIMIT ?`,
      ),
      responsesForModel: db.prepare(`SELECT * FROM responses WHERE model_id = ? AND status = 'finished' AND ${NOT_A_REVIEW_COPY}`),
      allFinishedResponses: db.prepare(`SELECT * FROM responses WHERE status = 'finished' AND ${NOT_A_REVIEW_COPY}`),
      measured: db.prepare(
        `SELECT model_id, ttft_ms, tokens_per_s, cost_usd FROM responses WHERE status = 'finished' AND ${NOT_A_REVIEW_COPY}`,
      ),
      votedBattlesAfter: db.prepare(
        `SELECT v.battle_id, v.created_at FROM votes v JOIN battles b ON b.id = v.battle_id
         WHERE (v.created_at, v.battle_id) > (?, ?) AND (? = 'all' OR b.mode = ?)
         ORDER BY v.created_at, v.battle_id LIMIT ?`,
      ),
      turnsOf: db.prepare(
        `SELECT battle_id, prompt FROM turns WHERE battle_id IN (SELECT value FROM json_each(?)) ORDER BY battle_id, turn`,
      ),
      labelsOf: db.prepare(
        `SELECT battle_id, kind, value FROM battle_labels WHERE battle_id IN (SELECT value FROM json_each(?)) ORDER BY battle_id, kind, value`,
      ),
    };
    this.bulk = {
      battles: new MultiRowInsert(db, `INSERT INTO battles (${BATTLE_COLUMNS})`, 8),
      turns: new MultiRowInsert(db, `INSERT INTO turns (battle_id, turn, prompt, created_at)`, 4),
      responses: new MultiRowInsert(db, `INSERT OR REPLACE INTO responses (${RESPONSE_COLUMNS.join(', ')})`, RESPONSE_COLUMNS.length),
      votes: new MultiRowInsert(db, VOTE_INSERT, 8),
    };
    this.labels = Object.fromEntries(Object.entries(LABEL_SQL).map(([k, sql]) => [k, db.prepare(sql)])) as Record<
      keyof typeof LABEL_SQL,
      Database.Statement<unknown[]>
    >;
  }

  private readonly bulk;
  private readonly labels: Record<keyof typeof LABEL_SQL, Database.Statement<unknown[]>>;

  saveClassification(c: BattleClassification): Promise<void> {
    return this.saveClassifications([c]);
  }

  saveClassifications(list: readonly BattleClassification[]): Promise<void> {
    return settled(() => {
      this.db.transaction(() => {
        for (const c of list) {
          this.labels.deleteLabels.run(c.battleId);
          for (const l of c.labels) this.labels.insertLabel.run(c.battleId, l.kind, l.value);
          this.labels.upsertClass.run(c.battleId, c.classifierVersion);
        }
      })();
    });
  }

  battleLabels(): Promise<{ battleId: string; label: BattleLabel }[]> {
    return settled(() => (this.labels.allLabels.all() as Row[]).map(toLabel));
  }

  battlesToClassify(classifierVersion: number, limit: number, afterId = '', scan = scanFor(limit)): Promise<ScanPage<BattleToClassify>> {
    return settled(() => {
      const { items: ids, next } = scanPage(this.labels.toClassify.all(afterId, classifierVersion, afterId, scan) as Row[], limit, scan);
      if (ids.length === 0) return { items: [], next };
      return { items: promptsByBattle(ids, this.stmts.turnsOf.all(JSON.stringify(ids)) as Row[]), next };
    });
  }

  saveAnswerStyles(battleId: string, styles: { a: AnswerStyle; b: AnswerStyle }): Promise<void> {
    return this.saveManyAnswerStyles([{ battleId, styles }]);
  }

  saveManyAnswerStyles(list: readonly { battleId: string; styles: { a: AnswerStyle; b: AnswerStyle } }[]): Promise<void> {
    return settled(() => {
      this.db.transaction(() => {
        for (const { battleId, styles } of list) {
          this.labels.upsertStyle.run(...styleValues(battleId, 'a', styles.a));
          this.labels.upsertStyle.run(...styleValues(battleId, 'b', styles.b));
        }
      })();
    });
  }

  votedBattlesWithoutStyle(limit: number, afterId = '', scan = scanFor(limit)): Promise<ScanPage<string>> {
    return settled(() => scanPage(this.labels.withoutStyle.all(afterId, afterId, scan) as Row[], limit, scan));
  }

  controlFigures(): Promise<ControlFigures[]> {
    return settled(() => (this.labels.controlFigures.all() as Row[]).map(toControlFigures));
  }

  controlRowsAfter(after: VoteCursor | null, limit: number, label?: BattleLabel): Promise<ControlRow[]> {
    const cursor = [after?.createdAt ?? Number.MIN_SAFE_INTEGER, after?.battleId ?? '', limit];
    return settled(() =>
      (label
        ? (this.labels.controlRowsAfterLabelled.all(label.kind, label.value, ...cursor) as Row[])
        : (this.labels.controlRowsAfter.all(...cursor) as Row[])
      ).map(toControlRow),
    );
  }

  labelsOf(battleIds: readonly string[]): Promise<{ battleId: string; label: BattleLabel }[]> {
    if (battleIds.length === 0) return Promise.resolve([]);
    return settled(() => (this.stmts.labelsOf.all(JSON.stringify(battleIds)) as Row[]).map(toLabel));
  }

  answerSamples(limit: number): Promise<AnswerSample[]> {
    return settled(() => (this.labels.answerSamples.all(limit) as Row[]).map(toAnswerSample));
  }

  createBattle(b: BattleRecord, firstPrompt: string): Promise<void> {
    return settled(() => {
      this.db.transaction(() => {
        this.stmts.insertBattle.run(battleRow(b));
        this.stmts.insertTurn.run(b.id, 0, firstPrompt, b.createdAt);
      })();
    });
  }

  replaceResponse(r: ResponseRecord, replacedAt: number): Promise<void> {
    return settled(() => {
      this.db.transaction(() => {
        const old = this.stmts.getResponse.get(r.battleId, r.turn, r.side) as Row | undefined;
        if (old) this.stmts.archiveResponse.run(r.battleId, r.turn, r.side, replacedAt, JSON.stringify(toResponse(old)));
        this.insertResponse(r);
      })();
    });
  }

  replacedResponses(battleId: string): Promise<ResponseRecord[]> {
    return settled(() => this.replacedNow(battleId));
  }

  private replacedNow(battleId: string): ResponseRecord[] {
    const rows = this.stmts.replaced.all(battleId) as { record: string }[];
    return rows.flatMap((r) => toArchivedResponse(r.record) ?? []);
  }

  answerMetrics(battleId: string): Promise<{ side: Side; metrics: SideMetrics }[]> {
    return settled(() => {
      const rows = this.stmts.answerMetrics.all(battleId) as Row[];
      return [...rows.map(toResponse), ...this.replacedNow(battleId)].map((r) => ({ side: r.side, metrics: r.metrics }));
    });
  }

  sessionBattles(sessionHash: string, limit: number, before?: { createdAt: number; id: string }): Promise<BattleSummaryRecord[]> {
    return settled(() => {
      const at = before?.createdAt ?? Number.MAX_SAFE_INTEGER;
      const rows = this.stmts.sessionBattles.all(sessionHash, at, at, before?.id ?? '\uffff', limit) as Row[];
      return rows.map((r) => {
        const vote = this.stmts.getVote.get(r.id) as Row | undefined;
        return {
          battle: toBattle(r),
          firstPrompt: (r.first_prompt as string | null) ?? '',
          turns: Number(r.turn_count),
          vote: vote ? toVote(vote) : null,
          shared: r.share_hash !== null,
        };
      });
    });
  }

  setShareHash(battleId: string, hash: string | null): Promise<void> {
    return settled(() => {
      this.stmts.setShare.run(hash, battleId);
    });
  }

  isShared(battleId: string): Promise<boolean> {
    return settled(() => {
      const r = this.stmts.shareOf.get(battleId) as { share_hash: string | null } | undefined;
      return r?.share_hash != null;
    });
  }

  battleIdByShareHash(hash: string): Promise<string | null> {
    return settled(() => {
      const r = this.stmts.battleByShare.get(hash) as { id: string } | undefined;
      return r?.id ?? null;
    });
  }

  addTurn(t: TurnRecord): Promise<void> {
    return settled(() => {
      this.stmts.insertTurn.run(t.battleId, t.turn, t.prompt, t.createdAt);
    });
  }

  flagBattle(battleId: string, reason: string): Promise<void> {
    return settled(() => {
      this.stmts.flagBattle.run(reason, battleId);
    });
  }

  saveResponse(r: ResponseRecord): Promise<void> {
    return settled(() => {
      this.insertResponse(r);
    });
  }

  private insertResponse(r: ResponseRecord): void {
    this.stmts.insertResponse.run(...responseValues(r).map(sqliteValue));
  }

  recordVote(v: VoteRecord): Promise<number> {
    return settled(() => this.insertVote(v));
  }

  private insertVote(v: VoteRecord): number {
    try {
      return this.db.transaction(() => this.insertVoteRows(v))();
    } catch (e) {
      // The only UNIQUE a vote can break is one vote per battle (the prefixes' key is the vote's own new id).
      if ((e as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw new AlreadyVotedError(v.battleId);
      throw e;
    }
  }

  /** A vote and its address prefixes, inside the caller's transaction; the vote's id. */
  private insertVoteRows(v: VoteRecord): number {
    const { lastInsertRowid } = this.stmts.insertVote.run(...voteValues(v));
    for (const p of v.addressPrefixes ?? []) this.stmts.insertPrefix.run(lastInsertRowid, p.bits, p.hash);
    return Number(lastInsertRowid);
  }

  measuredFigures(): Promise<MeasuredFigures[]> {
    return settled(() => {
      return (this.stmts.measured.all() as Row[]).map(toMeasured);
    });
  }

  votedBattlesAfter(after: VoteCursor | null, mode: BattleMode | 'all', limit: number): Promise<VoteCursor[]> {
    return settled(() => {
      const rows = this.stmts.votedBattlesAfter.all(
        after?.createdAt ?? Number.MIN_SAFE_INTEGER,
        after?.battleId ?? '',
        mode,
        mode,
        limit,
      ) as Row[];
      return rows.map((r) => ({ battleId: r.battle_id as string, createdAt: Number(r.created_at) }));
    });
  }

  importBattle(d: ImportedBattle): Promise<'imported' | 'duplicate'> {
    return settled(() => this.db.transaction(() => this.importNow([d])[0]!).immediate());
  }

  refreshPlannerStatistics(): Promise<void> {
    // SQLite picks these queries' indexes without statistics; an ANALYZE of a million rows would only hold the writer.
    return Promise.resolve();
  }

  async bulkImport<T>(run: () => Promise<T>): Promise<T> {
    const deferred = deferIndexes(this.db);
    const group = new GroupCommit(this.db);
    this.group = group;
    try {
      return await run();
    } finally {
      this.group = null;
      try {
        group.end();
      } finally {
        if (deferred) restoreDeferredIndexes(this.db, { force: true });
      }
    }
  }

  /** The transaction a bulk import's batches share while `bulkImport` runs. */
  private group: GroupCommit | null = null;

  importBattles(batch: readonly ImportedBattle[]): Promise<('imported' | 'duplicate')[]> {
    const group = this.group;
    if (group) return settled(() => group.write(batch.length, () => this.importNow(batch)));
    // IMMEDIATE: the write lock is taken before the batch's ids are looked up, so no other connection can store one of
    // them between that look-up and the inserts.
    return settled(() => this.db.transaction(() => this.importNow(batch)).immediate());
  }

  /**
   * Inside the caller's (immediate) transaction. The whole batch's duplicates
   * are found with one look-up, and its new battles, turns, answers and votes
   * written a table at a time in multi-row INSERTs: a statement per 128 rows,
   * not one per row, and no savepoint per vote (a savepoint makes SQLite copy
   * every page it then touches into a sub-journal, which was most of the
   * import's time). A vote that needs its id (voided, or with address
   * prefixes) is written on its own, in order.
   */
  private importNow(batch: readonly ImportedBattle[]): ('imported' | 'duplicate')[] {
    const outcomes: ('imported' | 'duplicate')[] = [];
    const firsts = new Map<string, number>();
    batch.forEach((d, i) => {
      outcomes.push('duplicate');
      if (!firsts.has(d.battle.id)) firsts.set(d.battle.id, i);
    });
    const present = new Set(this.stmts.presentIds.pluck().all(JSON.stringify([...firsts.keys()])) as string[]);
    const fresh: ImportedBattle[] = [];
    for (const [id, i] of firsts) {
      if (present.has(id)) continue;
      outcomes[i] = 'imported';
      fresh.push(batch[i]!);
    }
    if (fresh.length === 0) return outcomes;
    for (const d of fresh) checkOwnRows(d);
    // Battles, turns and answers in id order: each random-keyed index then takes its new keys left to right, page
    // after page, not all over the tree. Votes keep the batch's order (their ids are the order of the vote stream).
    const byId = inBattleIdOrder(fresh);
    this.bulk.battles.run(byId.map((d) => battleValues(d.battle)));
    this.bulk.turns.run(byId.flatMap((d) => d.turns.map((t) => [t.battleId, t.turn, t.prompt, t.createdAt])));
    this.bulk.responses.run(byId.flatMap((d) => d.responses.map((r) => responseValues(r).map(sqliteValue))));
    let plain: ImportedBattle[] = [];
    for (const d of fresh) {
      if (!d.voided && !d.vote.addressPrefixes?.length) {
        plain.push(d);
        continue;
      }
      // Votes keep the batch's order in their ids: the plain ones before this one go first.
      this.bulk.votes.run(plain.map((p) => voteValues(p.vote)));
      plain = [];
      const voteId = this.insertVoteRows(d.vote);
      if (d.voided) {
        const scope = JSON.stringify({ kind: 'battle', battleIds: [d.battle.id] });
        const { lastInsertRowid } = this.stmts.insertImportVoid.run(d.voided.at, d.voided.reason, scope);
        this.stmts.insertVoided.run(lastInsertRowid, voteId);
      }
    }
    this.bulk.votes.run(plain.map((p) => voteValues(p.vote)));
    return outcomes;
  }

  getBattleRecord(id: string): Promise<BattleRecord | null> {
    return settled(() => {
      const b = this.stmts.getBattle.get(id) as Row | undefined;
      return b ? toBattle(b) : null;
    });
  }

  getBattle(id: string): Promise<BattleWithDetails | null> {
    return settled(() => {
      const b = this.stmts.getBattle.get(id) as Row | undefined;
      if (!b) return null;
      const vote = this.stmts.getVote.get(id) as Row | undefined;
      const mark = vote ? (this.stmts.activeVoid.get(vote.id) as Row | undefined) : undefined;
      return {
        battle: toBattle(b),
        turns: (this.stmts.getTurns.all(id) as Row[]).map(toTurn),
        responses: (this.stmts.getResponses.all(id) as Row[]).map(toResponse),
        vote: vote ? toVote(vote) : null,
        voided: mark ? { reason: mark.reason as string, at: Number(mark.created_at) } : null,
      };
    });
  }

  ratedVotes(): Promise<RatedVote[]> {
    return settled(() => (this.stmts.ratedVotes.all() as Row[]).map(toRatedVote));
  }

  ratedVotesAfter(after: VoteCursor | null, limit: number): Promise<RatedVote[]> {
    return settled(() =>
      (this.stmts.ratedVotesAfter.all(after?.createdAt ?? Number.MIN_SAFE_INTEGER, after?.battleId ?? '', limit) as Row[]).map(toRatedVote),
    );
  }

  latestRatedVotes(limit: number): Promise<RatedVote[]> {
    return settled(() => (this.stmts.latestRatedVotes.all(limit) as Row[]).map(toRatedVote));
  }

  pairCounts(modelId?: string): Promise<PairCountRow[]> {
    return settled(() => {
      const rows = modelId === undefined ? this.stmts.pairCounts.all() : this.stmts.pairCountsOf.all(modelId, modelId);
      return (rows as Row[]).map(toPairCount);
    });
  }

  voidMark(): Promise<string> {
    return settled(() => {
      const r = this.stmts.voidMark.get() as Row;
      return `${Number(r.voids)}/${Number(r.reversals)}`;
    });
  }

  ratingsSnapshots(): Promise<StoredRatingsSnapshot[]> {
    return settled(() => (this.stmts.snapshots.all() as Row[]).map(toStoredSnapshot));
  }

  saveRatingsSnapshot(s: StoredRatingsSnapshot): Promise<void> {
    return settled(() => {
      this.stmts.saveSnapshot.run(s);
    });
  }

  recentMeasuredFigures(modelId: string, limit: number): Promise<MeasuredFigures[]> {
    return settled(() => (this.stmts.recentMeasured.all(modelId, limit) as Row[]).map(toMeasured));
  }

  finishedResponses(modelId?: string): Promise<ResponseRecord[]> {
    return settled(() => {
      const rows = modelId ? this.stmts.responsesForModel.all(modelId) : this.stmts.allFinishedResponses.all();
      return (rows as Row[]).map(toResponse);
    });
  }

  tokenTotals(modelIds: readonly string[]): Promise<TokenTotals[]> {
    return settled(() => {
      if (modelIds.length === 0) return [];
      const rows = this.db
        .prepare(
          `SELECT model_id, SUM(input_tokens) AS input_tokens, SUM(output_tokens) AS output_tokens, COUNT(*) AS answers
           FROM responses
           WHERE status = 'finished' AND input_tokens IS NOT NULL AND output_tokens > 0 AND ${NOT_A_REVIEW_COPY}
             AND model_id IN (SELECT value FROM json_each(?))
           GROUP BY model_id`,
        )
        .all(JSON.stringify(modelIds)) as Row[];
      return rows.map((r) => ({
        modelId: r.model_id as string,
        inputTokens: Number(r.input_tokens),
        outputTokens: Number(r.output_tokens),
        answers: Number(r.answers),
      }));
    });
  }
}

const BATTLE_COLUMNS = 'id, session_hash, mode, model_a, model_b, created_at, flagged, settings';
const VOTE_INSERT = `INSERT INTO votes (battle_id, choice, session_hash, created_at, decision_ms, counts_for_ratings, user_id, address_hash)`;

/** A battle as the values of BATTLE_COLUMNS. */
function battleValues(b: BattleRecord): (string | number | null)[] {
  return [b.id, b.sessionHash, b.mode, b.modelA, b.modelB, b.createdAt, b.flagged, settingsJson(b.settings)];
}

/** A vote as the values of VOTE_INSERT's columns. */
function voteValues(v: VoteRecord): (string | number | null)[] {
  return [
    v.battleId,
    v.choice,
    v.sessionHash,
    v.createdAt,
    v.decisionMs,
    v.countsForRatings ? 1 : 0,
    v.userId ?? null,
    v.addressHash ?? null,
  ];
}

function battleRow(b: BattleRecord) {
  const { settings, ...row } = b;
  return { ...row, settings: settingsJson(settings) };
}
