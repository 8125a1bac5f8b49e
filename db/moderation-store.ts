import type { Db } from './open-database.ts';
import type { BattleMode, VoteChoice } from '../shared/protocol.ts';

/** Which votes a void covers, resolved to SQL: one of the identities, optionally within [from, to). */
export type VoteMatch =
  | { by: 'battles'; battleIds: readonly string[] }
  | { by: 'session'; sessionHash: string }
  | { by: 'user'; userId: string }
  | { by: 'address-hash'; addressHash: string }
  | { by: 'address-prefixes'; prefixHashes: readonly string[] }
  | { by: 'time' };

export interface VoidRow {
  id: number;
  createdAt: number;
  admin: string;
  reason: string;
  scope: string;
  votes: number;
  reversal: { at: number; admin: string; reason: string } | null;
}

/** One vote as the suspicious-activity rule reads it. */
export interface ActivityVote {
  sessionHash: string;
  userId: string | null;
  addressHash: string | null;
  createdAt: number;
  choice: VoteChoice;
  modelA: string;
  modelB: string;
  decisionMs: number | null;
}

export interface FlaggedBattleRow {
  battleId: string;
  createdAt: number;
  mode: BattleMode;
  modelA: string;
  modelB: string;
  flagged: string;
  choice: VoteChoice | null;
  voided: boolean;
}

type Row = Record<string, unknown>;

const ACTIVE = `EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
  AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id))`;

/** Voids (append-only, with their reversals) and what moderation reads about votes. */
export class ModerationStore {
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

  /** The ids of the votes matching, and how many of them an active void already covers. */
  matchVotes(match: VoteMatch, from?: number, to?: number): { ids: number[]; alreadyVoided: number } {
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
    return { ids: rows.map((r) => r.id as number), alreadyVoided: rows.filter((r) => r.voided === 1).length };
  }

  /** Writes the void and the votes it covers in one transaction; returns its id. */
  createVoid(v: { createdAt: number; admin: string; reason: string; scope: string; voteIds: readonly number[] }): number {
    return this.db.transaction(() => {
      const id = Number(this.stmts.insertVoid.run(v.createdAt, v.admin, v.reason, v.scope).lastInsertRowid);
      for (const voteId of v.voteIds) this.stmts.insertVoided.run(id, voteId);
      return id;
    })();
  }

  /** 'missing' when no such void, 'already' when it was reversed before. */
  reverseVoid(voidId: number, r: { at: number; admin: string; reason: string }): 'ok' | 'missing' | 'already' {
    return this.db.transaction(() => {
      if (!this.stmts.voidExists.get(voidId)) return 'missing' as const;
      if (this.stmts.reversed.get(voidId)) return 'already' as const;
      this.stmts.insertReversal.run(voidId, r.at, r.admin, r.reason);
      return 'ok' as const;
    })();
  }

  voids(limit = 500): VoidRow[] {
    return (this.stmts.voids.all(limit) as Row[]).map((r) => ({
      id: r.id as number,
      createdAt: r.created_at as number,
      admin: r.admin as string,
      reason: r.reason as string,
      scope: r.scope as string,
      votes: r.votes as number,
      reversal: r.r_at === null ? null : { at: r.r_at as number, admin: r.r_admin as string, reason: r.r_reason as string },
    }));
  }

  /** Votes not voided since `since`, in time order, except those of `importSession` (they say nothing about who is here). */
  activity(since: number, importSession: string): ActivityVote[] {
    return (this.stmts.activity.all(since, importSession) as Row[]).map((r) => ({
      sessionHash: r.session_hash as string,
      userId: (r.user_id as string | null) ?? null,
      addressHash: (r.address_hash as string | null) ?? null,
      createdAt: r.created_at as number,
      choice: r.choice as VoteChoice,
      modelA: r.model_a as string,
      modelB: r.model_b as string,
      decisionMs: (r.decision_ms as number | null) ?? null,
    }));
  }

  flaggedBattles(since = 0, limit = 200): FlaggedBattleRow[] {
    return (this.stmts.flagged.all(since, limit) as Row[]).map((r) => ({
      battleId: r.id as string,
      createdAt: r.created_at as number,
      mode: r.mode as BattleMode,
      modelA: r.model_a as string,
      modelB: r.model_b as string,
      flagged: r.flagged as string,
      choice: (r.choice as VoteChoice | null) ?? null,
      voided: r.voided === 1,
    }));
  }

  votesPerUser(): Map<string, number> {
    return new Map((this.stmts.votesPerUser.all() as Row[]).map((r) => [r.user_id as string, r.n as number]));
  }
}
