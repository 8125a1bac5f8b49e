import type { PromptSetItem, PromptSetSummary, SetAnswer, SetRunSummary } from '../../shared/prompt-set.ts';
import { responseValues, RESPONSE_COLUMNS } from '../row-readers.ts';
import type { NewReview, ReviewRecord, SetStore, SetVote } from '../set-store.ts';
import { answerRecord, REVIEWS_SQL, SET_VOTES_SQL, toAnswer, toItem, toReview, toRun, toSetSummary, toSetVote } from '../set-rows.ts';
import { statement, type PgDatabase } from './pg-database.ts';

const Q = {
  insertSet: statement(
    'insert_prompt_set',
    `INSERT INTO prompt_sets (id, name, version, item_count, created_by, created_at)
     SELECT $1, $2, coalesce(max(version), 0) + 1, $3, $4, $5 FROM prompt_sets WHERE name = $2 RETURNING version`,
  ),
  insertItems: statement(
    'insert_prompt_set_items',
    `INSERT INTO prompt_set_items (set_id, idx, prompt, system_prompt, tags, notes)
     SELECT $1, i - 1, p[i], s[i], t[i], n[i]
     FROM (SELECT $2::text[] AS p, $3::text[] AS s, $4::text[] AS t, $5::text[] AS n) a, generate_subscripts(a.p, 1) AS i`,
  ),
  sets: statement('prompt_sets', `SELECT * FROM prompt_sets ORDER BY created_at DESC, id DESC`),
  getSet: statement('get_prompt_set', `SELECT * FROM prompt_sets WHERE id = $1`),
  items: statement('prompt_set_items', `SELECT * FROM prompt_set_items WHERE set_id = $1 ORDER BY idx`),
  insertRun: statement(
    'insert_set_run',
    `INSERT INTO set_runs (id, set_id, models, concurrency, status, created_by, created_at, finished_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
  ),
  getRun: statement('get_set_run', `SELECT * FROM set_runs WHERE id = $1`),
  runsOf: statement('set_runs_of', `SELECT * FROM set_runs WHERE set_id = $1 ORDER BY created_at DESC, id DESC`),
  allRuns: statement('set_runs_all', `SELECT * FROM set_runs ORDER BY created_at DESC, id DESC`),
  finishRun: statement('finish_set_run', `UPDATE set_runs SET status = $1, finished_at = $2 WHERE id = $3 AND status = 'running'`),
  insertAnswer: statement(
    'insert_set_answer',
    `INSERT INTO set_answers (run_id, idx, model_id, status, record, ended_at) VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (run_id, idx, model_id) DO NOTHING`,
  ),
  answers: statement('set_answers', `SELECT record FROM set_answers WHERE run_id = $1 ORDER BY idx, model_id`),
  answerKeys: statement('set_answer_keys', `SELECT idx, model_id, status FROM set_answers WHERE run_id = $1`),
  lockReviewer: statement('lock_set_reviewer', `SELECT pg_advisory_xact_lock(hashtext('versus review ' || $1 || ' ' || $2))`),
  reviewByKey: statement(
    'set_review_by_key',
    `SELECT battle_id FROM set_reviews WHERE run_id = $1 AND reviewer = $2 AND idx = $3 AND pair_key = $4`,
  ),
  insertBattle: statement(
    'insert_review_battle',
    `INSERT INTO battles (id, session_hash, mode, model_a, model_b, created_at, flagged) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
  ),
  insertTurn: statement('insert_review_turn', `INSERT INTO turns (battle_id, turn, prompt, created_at) VALUES ($1, 0, $2, $3)`),
  insertResponse: statement(
    'insert_review_response',
    `INSERT INTO responses (${RESPONSE_COLUMNS.join(', ')}) VALUES (${RESPONSE_COLUMNS.map((_, i) => `$${i + 1}`).join(', ')})`,
  ),
  insertReview: statement(
    'insert_set_review',
    `INSERT INTO set_reviews (battle_id, run_id, idx, pair_key, reviewer, created_at) VALUES ($1, $2, $3, $4, $5, $6)`,
  ),
  reviews: statement('set_reviews_of', `${REVIEWS_SQL} WHERE sr.run_id = $1 AND sr.reviewer = $2 ORDER BY sr.idx, sr.pair_key`),
  reviewOf: statement('set_review_of', `${REVIEWS_SQL} WHERE sr.battle_id = $1`),
  setVotes: statement('set_votes', `${SET_VOTES_SQL} WHERE r.set_id = $1 ORDER BY v.created_at, v.id`),
};

/** The prompt-set store on PostgreSQL. */
export class PgSetStore implements SetStore {
  constructor(private readonly db: PgDatabase) {}

  async createSet(
    s: { id: string; name: string; createdBy: string; createdAt: number },
    items: readonly PromptSetItem[],
  ): Promise<PromptSetSummary> {
    // Two imports of one name at once: one of them loses on UNIQUE (name, version) and the whole import fails
    // rather than taking a version another import was given; the caller may try again.
    const version = await this.db.transaction(async (tx) => {
      const [row] = await tx.rows(Q.insertSet, [s.id, s.name, items.length, s.createdBy, s.createdAt]);
      await tx.run(Q.insertItems, [
        s.id,
        items.map((i) => i.prompt),
        items.map((i) => i.system ?? null),
        items.map((i) => JSON.stringify(i.tags)),
        items.map((i) => i.notes ?? null),
      ]);
      return Number(row!.version);
    });
    return { id: s.id, name: s.name, version, items: items.length, createdBy: s.createdBy, createdAt: s.createdAt };
  }

  async sets(): Promise<PromptSetSummary[]> {
    return (await this.db.rows(Q.sets)).map(toSetSummary);
  }

  async getSet(id: string): Promise<PromptSetSummary | null> {
    const [r] = await this.db.rows(Q.getSet, [id]);
    return r ? toSetSummary(r) : null;
  }

  async items(setId: string): Promise<PromptSetItem[]> {
    return (await this.db.rows(Q.items, [setId])).map(toItem);
  }

  async createRun(r: SetRunSummary): Promise<void> {
    await this.db.run(Q.insertRun, [
      r.id,
      r.setId,
      JSON.stringify(r.models),
      r.concurrency,
      r.status,
      r.createdBy,
      r.createdAt,
      r.finishedAt,
    ]);
  }

  async getRun(id: string): Promise<SetRunSummary | null> {
    const [r] = await this.db.rows(Q.getRun, [id]);
    return r ? toRun(r) : null;
  }

  async runs(setId?: string): Promise<SetRunSummary[]> {
    return (await (setId === undefined ? this.db.rows(Q.allRuns) : this.db.rows(Q.runsOf, [setId]))).map(toRun);
  }

  async finishRun(id: string, status: 'done' | 'cancelled', at: number): Promise<void> {
    await this.db.run(Q.finishRun, [status, at, id]);
  }

  async saveAnswer(a: SetAnswer): Promise<'saved' | 'duplicate'> {
    const n = await this.db.run(Q.insertAnswer, [a.runId, a.idx, a.modelId, a.status, answerRecord(a), a.endedAt]);
    return n === 1 ? 'saved' : 'duplicate';
  }

  async answers(runId: string): Promise<SetAnswer[]> {
    return (await this.db.rows(Q.answers, [runId])).flatMap((r) => toAnswer(r) ?? []);
  }

  async answerKeys(runId: string): Promise<{ idx: number; modelId: string; status: SetAnswer['status'] }[]> {
    return (await this.db.rows(Q.answerKeys, [runId])).map((r) => ({
      idx: Number(r.idx),
      modelId: r.model_id as string,
      status: r.status as SetAnswer['status'],
    }));
  }

  openReview(r: NewReview): Promise<string> {
    return this.db.transaction(async (tx) => {
      // One reviewer's requests take turns, so two at once find the first one's battle instead of both writing one.
      await tx.rows(Q.lockReviewer, [r.runId, r.reviewer]);
      const [existing] = await tx.rows(Q.reviewByKey, [r.runId, r.reviewer, r.idx, r.pairKey]);
      if (existing) return existing.battle_id as string;
      const b = r.battle;
      await tx.run(Q.insertBattle, [b.id, b.sessionHash, b.mode, b.modelA, b.modelB, b.createdAt, b.flagged]);
      await tx.run(Q.insertTurn, [b.id, r.prompt, b.createdAt]);
      for (const resp of r.responses) await tx.run(Q.insertResponse, responseValues(resp));
      await tx.run(Q.insertReview, [b.id, r.runId, r.idx, r.pairKey, r.reviewer, b.createdAt]);
      return b.id;
    });
  }

  async reviews(runId: string, reviewer: string): Promise<ReviewRecord[]> {
    return (await this.db.rows(Q.reviews, [runId, reviewer])).map(toReview);
  }

  async reviewOf(battleId: string): Promise<ReviewRecord | null> {
    const [r] = await this.db.rows(Q.reviewOf, [battleId]);
    return r ? toReview(r) : null;
  }

  async setVotes(setId: string): Promise<SetVote[]> {
    return (await this.db.rows(Q.setVotes, [setId])).map(toSetVote);
  }
}
