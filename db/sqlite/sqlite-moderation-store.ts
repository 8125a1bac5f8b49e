import type { Db } from './open-database.ts';
import { settled } from './settled.ts';
import type { ActivityVote, FlaggedBattleRow, ModerationStore, VoidRow, VoteMatch } from '../moderation-store.ts';
import { flag, toActivity, toFlagged, type Row } from '../row-readers.ts';

const ACTIVE = `EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
  AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id))`;

/** The moderation store on SQLite: prepared statements; each method's work is done when it returns (db/sqlite/settled.ts). */
export class SqliteModerationStore implements ModerationStore {
  private readonly stmts;

  constructor(private readonly db: Db) {
    this.stmts = {
      insertVoid: db.prepare(`INSERT INTO vote_voids (created_at, admin, reason, scope) VALUES (?, ?, ?, ?)`),
      insertVoided: db.prepare(`INSERT INTO voided_votes (void_id, vote_id) VALUES (?, ?)`),
      insertReversal: db.prepare(`INSERT INTO void_reversals (void_id, created_at, admin, reason) VALUES (?, ?, ?, ?)`),
      voidExists: db.prepare(`SELECT 1 FROM vote_voids WHERE id = ?`),
      reversed: db.prepare(`SELECT 1 FROM void_reversals WHERE void_id = ?`),
      voids: db.prepare(
        `SELECT vo.*, (SELECT count(*) FROM voided_votes vv WHERE vv.void_id = vo.id) AS votes,
           r.created_at AS r_at, r.admin AS r_admin, r.reason AS r_reason
         FROM vote_voids vo LEFT JOIN void_reversals r ON r.void_id = vo.id
         ORDER BY vo.created_at DESC, vo.id DESC LIMIT ?`,
      ),
      activity: db.prepare(
        `SELECT v.session_hash, v.user_id, v.address_hash, v.created_at, v.choice, v.decision_ms, b.model_a, b.model_b
         FROM votes v JOIN battles b ON b.id = v.battle_id
         WHERE v.created_at >= ? AND v.session_hash != ? AND NOT ${ACTIVE}
         ORDER BY v.created_at, v.id`,
      ),
      flagged: db.prepare(
        `SELECT b.id, b.created_at, b.mode, b.model_a, b.model_b, b.flagged, v.choice, v.id IS NOT NULL AND ${ACTIVE} AS voided
         FROM battles b LEFT JOIN votes v ON v.battle_id = b.id
         WHERE b.flagged IS NOT NULL AND b.created_at >= ?
         ORDER BY b.created_at DESC LIMIT ?`,
      ),
      votesPerUser: db.prepare(`SELECT user_id, count(*) AS n FROM votes WHERE user_id IS NOT NULL GROUP BY user_id`),
    };
  }

  matchVotes(match: VoteMatch, from?: number, to?: number): Promise<{ ids: number[]; alreadyVoided: number }> {
    return settled(() => {
      const where: string[] = [];
      const params: unknown[] = [];
      switch (match.by) {
        case 'battles':
          where.push(`v.battle_id IN (SELECT value FROM json_each(?))`);
          params.push(JSON.stringify(match.battleIds));
          break;
        case 'session':
          where.push(`v.session_hash = ?`);
          params.push(match.sessionHash);
          break;
        case 'user':
          where.push(`v.user_id = ?`);
          params.push(match.userId);
          break;
        case 'address-hash':
          where.push(`v.address_hash = ?`);
          params.push(match.addressHash);
          break;
        case 'address-prefixes':
          where.push(`v.id IN (SELECT vote_id FROM vote_address_prefixes WHERE prefix_hash IN (SELECT value FROM json_each(?)))`);
          params.push(JSON.stringify(match.prefixHashes));
          break;
        case 'time':
          break;
      }
      if (from !== undefined) {
        where.push(`v.created_at >= ?`);
        params.push(from);
      }
      if (to !== undefined) {
        where.push(`v.created_at < ?`);
        params.push(to);
      }
      const sql = `SELECT v.id, ${ACTIVE} AS voided FROM votes v ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.id`;
      const rows = this.db.prepare(sql).all(...params) as Row[];
      return { ids: rows.map((r) => Number(r.id)), alreadyVoided: rows.filter((r) => flag(r.voided)).length };
    });
  }

  createVoid(v: { createdAt: number; admin: string; reason: string; scope: string; voteIds: readonly number[] }): Promise<number> {
    return settled(() =>
      this.db.transaction(() => {
        const id = Number(this.stmts.insertVoid.run(v.createdAt, v.admin, v.reason, v.scope).lastInsertRowid);
        for (const voteId of v.voteIds) this.stmts.insertVoided.run(id, voteId);
        return id;
      })(),
    );
  }

  reverseVoid(voidId: number, r: { at: number; admin: string; reason: string }): Promise<'ok' | 'missing' | 'already'> {
    return settled(() =>
      this.db.transaction(() => {
        if (!this.stmts.voidExists.get(voidId)) return 'missing' as const;
        if (this.stmts.reversed.get(voidId)) return 'already' as const;
        this.stmts.insertReversal.run(voidId, r.at, r.admin, r.reason);
        return 'ok' as const;
      })(),
    );
  }

  voids(limit = 500): Promise<VoidRow[]> {
    return settled(() =>
      (this.stmts.voids.all(limit) as Row[]).map((r) => ({
        id: Number(r.id),
        createdAt: Number(r.created_at),
        admin: r.admin as string,
        reason: r.reason as string,
        scope: r.scope as string,
        votes: Number(r.votes),
        reversal: r.r_at === null ? null : { at: Number(r.r_at), admin: r.r_admin as string, reason: r.r_reason as string },
      })),
    );
  }

  activity(since: number, importSession: string): Promise<ActivityVote[]> {
    return settled(() => (this.stmts.activity.all(since, importSession) as Row[]).map(toActivity));
  }

  flaggedBattles(since = 0, limit = 200): Promise<FlaggedBattleRow[]> {
    return settled(() => (this.stmts.flagged.all(since, limit) as Row[]).map(toFlagged));
  }

  votesPerUser(): Promise<Map<string, number>> {
    return settled(() => new Map((this.stmts.votesPerUser.all() as Row[]).map((r) => [r.user_id as string, Number(r.n)])));
  }
}
