import type { Db } from './open-database.ts';
import { settled } from './settled.ts';
import type { PromptSetItem, PromptSetSummary, SetAnswer, SetRunSummary } from '../../shared/prompt-set.ts';
import { responseValues, RESPONSE_COLUMNS, type Row } from '../row-readers.ts';
import type { NewReview, ReviewRecord, SetStore, SetVote } from '../set-store.ts';
import { answerRecord, REVIEWS_SQL, SET_VOTES_SQL, toAnswer, toItem, toReview, toRun, toSetSummary, toSetVote } from '../set-rows.ts';

const sqliteValue = (v: string | number | boolean | null) => (typeof v === 'boolean' ? (v ? 1 : 0) : v);

/** The prompt-set store on SQLite: the same database file as the battles its reviews are made of. */
export class SqliteSetStore implements SetStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      nextVersion: db.prepare(`SELECT coalesce(max(version), 0) + 1 AS v FROM prompt_sets WHERE name = ?`),
      insertSet: db.prepare(`INSERT INTO prompt_sets (id, name, version, item_count, created_by, created_at) VALUES (?, ?, ?, ?, ?, ?)`),
      insertItem: db.prepare(`INSERT INTO prompt_set_items (set_id, idx, prompt, system_prompt, tags, notes) VALUES (?, ?, ?, ?, ?, ?)`),
      sets: db.prepare(`SELECT * FROM prompt_sets ORDER BY created_at DESC, id DESC`),
      getSet: db.prepare(`SELECT * FROM prompt_sets WHERE id = ?`),
      items: db.prepare(`SELECT * FROM prompt_set_items WHERE set_id = ? ORDER BY idx`),
      insertRun: db.prepare(
        `INSERT INTO set_runs (id, set_id, models, concurrency, status, created_by, created_at, finished_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      getRun: db.prepare(`SELECT * FROM set_runs WHERE id = ?`),
      runsOf: db.prepare(`SELECT * FROM set_runs WHERE set_id = ? ORDER BY created_at DESC, id DESC`),
      allRuns: db.prepare(`SELECT * FROM set_runs ORDER BY created_at DESC, id DESC`),
      finishRun: db.prepare(`UPDATE set_runs SET status = ?, finished_at = ? WHERE id = ? AND status = 'running'`),
      insertAnswer: db.prepare(
        `INSERT INTO set_answers (run_id, idx, model_id, status, record, ended_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, idx, model_id) DO NOTHING`,
      ),
      answers: db.prepare(`SELECT record FROM set_answers WHERE run_id = ? ORDER BY idx, model_id`),
      answerKeys: db.prepare(`SELECT idx, model_id, status FROM set_answers WHERE run_id = ?`),
      insertBattle: db.prepare(
        `INSERT INTO battles (id, session_hash, mode, model_a, model_b, created_at, flagged) VALUES (?, ?, ?, ?, ?, ?, ?)`,
      ),
      insertTurn: db.prepare(`INSERT INTO turns (battle_id, turn, prompt, created_at) VALUES (?, 0, ?, ?)`),
      insertResponse: db.prepare(
        `INSERT INTO responses (${RESPONSE_COLUMNS.join(', ')}) VALUES (${RESPONSE_COLUMNS.map(() => '?').join(', ')})`,
      ),
      insertReview: db.prepare(
        `INSERT INTO set_reviews (battle_id, run_id, idx, pair_key, reviewer, created_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, reviewer, idx, pair_key) DO NOTHING`,
      ),
      reviewByKey: db.prepare(`SELECT battle_id FROM set_reviews WHERE run_id = ? AND reviewer = ? AND idx = ? AND pair_key = ?`),
      reviews: db.prepare(`${REVIEWS_SQL} WHERE sr.run_id = ? AND sr.reviewer = ? ORDER BY sr.idx, sr.pair_key`),
      reviewOf: db.prepare(`${REVIEWS_SQL} WHERE sr.battle_id = ?`),
      setVotes: db.prepare(`${SET_VOTES_SQL} WHERE r.set_id = ? ORDER BY v.created_at, v.id`),
    };
  }

  createSet(
    s: { id: string; name: string; createdBy: string; createdAt: number },
    items: readonly PromptSetItem[],
  ): Promise<PromptSetSummary> {
    return settled(() =>
      // IMMEDIATE: the version is read and written under the write lock, so two imports of one name get two versions.
      this.db
        .transaction(() => {
          const version = Number((this.stmts.nextVersion.get(s.name) as { v: number }).v);
          this.stmts.insertSet.run(s.id, s.name, version, items.length, s.createdBy, s.createdAt);
          items.forEach((it, idx) =>
            this.stmts.insertItem.run(s.id, idx, it.prompt, it.system ?? null, JSON.stringify(it.tags), it.notes ?? null),
          );
          return { id: s.id, name: s.name, version, items: items.length, createdBy: s.createdBy, createdAt: s.createdAt };
        })
        .immediate(),
    );
  }

  sets(): Promise<PromptSetSummary[]> {
    return settled(() => (this.stmts.sets.all() as Row[]).map(toSetSummary));
  }

  getSet(id: string): Promise<PromptSetSummary | null> {
    return settled(() => {
      const r = this.stmts.getSet.get(id) as Row | undefined;
      return r ? toSetSummary(r) : null;
    });
  }

  items(setId: string): Promise<PromptSetItem[]> {
    return settled(() => (this.stmts.items.all(setId) as Row[]).map(toItem));
  }

  createRun(r: SetRunSummary): Promise<void> {
    return settled(() => {
      this.stmts.insertRun.run(r.id, r.setId, JSON.stringify(r.models), r.concurrency, r.status, r.createdBy, r.createdAt, r.finishedAt);
    });
  }

  getRun(id: string): Promise<SetRunSummary | null> {
    return settled(() => {
      const r = this.stmts.getRun.get(id) as Row | undefined;
      return r ? toRun(r) : null;
    });
  }

  runs(setId?: string): Promise<SetRunSummary[]> {
    return settled(() => ((setId === undefined ? this.stmts.allRuns.all() : this.stmts.runsOf.all(setId)) as Row[]).map(toRun));
  }

  finishRun(id: string, status: 'done' | 'cancelled', at: number): Promise<void> {
    return settled(() => {
      this.stmts.finishRun.run(status, at, id);
    });
  }

  saveAnswer(a: SetAnswer): Promise<'saved' | 'duplicate'> {
    return settled(() => {
      const changes = this.stmts.insertAnswer.run(a.runId, a.idx, a.modelId, a.status, answerRecord(a), a.endedAt).changes;
      return changes === 1 ? 'saved' : 'duplicate';
    });
  }

  answers(runId: string): Promise<SetAnswer[]> {
    return settled(() => (this.stmts.answers.all(runId) as Row[]).flatMap((r) => toAnswer(r) ?? []));
  }

  answerKeys(runId: string): Promise<{ idx: number; modelId: string; status: SetAnswer['status'] }[]> {
    return settled(() =>
      (this.stmts.answerKeys.all(runId) as Row[]).map((r) => ({
        idx: Number(r.idx),
        modelId: r.model_id as string,
        status: r.status as SetAnswer['status'],
      })),
    );
  }

  openReview(r: NewReview): Promise<string> {
    return settled(() =>
      this.db
        .transaction(() => {
          const b = r.battle;
          const existing = this.stmts.reviewByKey.get(r.runId, r.reviewer, r.idx, r.pairKey) as { battle_id: string } | undefined;
          if (existing) return existing.battle_id;
          this.stmts.insertBattle.run(b.id, b.sessionHash, b.mode, b.modelA, b.modelB, b.createdAt, b.flagged);
          this.stmts.insertTurn.run(b.id, r.prompt, b.createdAt);
          for (const resp of r.responses) this.stmts.insertResponse.run(...responseValues(resp).map(sqliteValue));
          this.stmts.insertReview.run(b.id, r.runId, r.idx, r.pairKey, r.reviewer, b.createdAt);
          return b.id;
        })
        .immediate(),
    );
  }

  reviews(runId: string, reviewer: string): Promise<ReviewRecord[]> {
    return settled(() => (this.stmts.reviews.all(runId, reviewer) as Row[]).map(toReview));
  }

  reviewOf(battleId: string): Promise<ReviewRecord | null> {
    return settled(() => {
      const r = this.stmts.reviewOf.get(battleId) as Row | undefined;
      return r ? toReview(r) : null;
    });
  }

  setVotes(setId: string): Promise<SetVote[]> {
    return settled(() => (this.stmts.setVotes.all(setId) as Row[]).map(toSetVote));
  }
}
