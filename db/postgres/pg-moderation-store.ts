import type { ActivityVote, FlaggedBattleRow, ModerationStore, VoidRow, VoteMatch } from '../moderation-store.ts';
import { flag, toActivity, toFlagged } from '../row-readers.ts';
import { statement, type PgDatabase } from './pg-database.ts';

const ACTIVE = `EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
  AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id))`;

const Q = {
  insertVoid: statement('insert_void', `INSERT INTO vote_voids (created_at, admin, reason, scope) VALUES ($1, $2, $3, $4) RETURNING id`),
  insertVoided: statement('insert_voided_many', `INSERT INTO voided_votes (void_id, vote_id) SELECT $1, unnest($2::bigint[])`),
  voidExists: statement('void_exists', `SELECT 1 FROM vote_voids WHERE id = $1`),
  insertReversal: statement(
    'insert_reversal',
    `INSERT INTO void_reversals (void_id, created_at, admin, reason) VALUES ($1, $2, $3, $4) ON CONFLICT (void_id) DO NOTHING`,
  ),
  voids: statement(
    'voids',
    `SELECT vo.*, (SELECT count(*) FROM voided_votes vv WHERE vv.void_id = vo.id) AS votes,
       r.created_at AS r_at, r.admin AS r_admin, r.reason AS r_reason
     FROM vote_voids vo LEFT JOIN void_reversals r ON r.void_id = vo.id
     ORDER BY vo.created_at DESC, vo.id DESC LIMIT $1`,
  ),
  activity: statement(
    'activity',
    `SELECT v.session_hash, v.user_id, v.address_hash, v.created_at, v.choice, v.decision_ms, b.model_a, b.model_b
     FROM votes v JOIN battles b ON b.id = v.battle_id
     WHERE v.created_at >= $1 AND v.session_hash != $2 AND NOT ${ACTIVE}
     ORDER BY v.created_at, v.id`,
  ),
  flagged: statement(
    'flagged',
    `SELECT b.id, b.created_at, b.mode, b.model_a, b.model_b, b.flagged, v.choice, v.id IS NOT NULL AND ${ACTIVE} AS voided
     FROM battles b LEFT JOIN votes v ON v.battle_id = b.id
     WHERE b.flagged IS NOT NULL AND b.created_at >= $1
     ORDER BY b.created_at DESC LIMIT $2`,
  ),
  votesPerUser: statement('votes_per_user', `SELECT user_id, count(*) AS n FROM votes WHERE user_id IS NOT NULL GROUP BY user_id`),
};

/** The moderation store on PostgreSQL. */
export class PgModerationStore implements ModerationStore {
  constructor(private readonly db: PgDatabase) {}

  async matchVotes(match: VoteMatch, from?: number, to?: number): Promise<{ ids: number[]; alreadyVoided: number }> {
    const where: string[] = [];
    const values: unknown[] = [];
    const param = (v: unknown) => `$${values.push(v)}`;
    switch (match.by) {
      case 'battles':
        where.push(`v.battle_id = ANY(${param(match.battleIds)}::text[])`);
        break;
      case 'session':
        where.push(`v.session_hash = ${param(match.sessionHash)}`);
        break;
      case 'user':
        where.push(`v.user_id = ${param(match.userId)}`);
        break;
      case 'address-hash':
        where.push(`v.address_hash = ${param(match.addressHash)}`);
        break;
      case 'address-prefixes':
        where.push(`v.id IN (SELECT vote_id FROM vote_address_prefixes WHERE prefix_hash = ANY(${param(match.prefixHashes)}::text[]))`);
        break;
      case 'time':
        break;
    }
    if (from !== undefined) where.push(`v.created_at >= ${param(from)}`);
    if (to !== undefined) where.push(`v.created_at < ${param(to)}`);
    const sql = `SELECT v.id, ${ACTIVE} AS voided FROM votes v ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.id`;
    const rows = await this.db.rows(sql, values);
    return { ids: rows.map((r) => Number(r.id)), alreadyVoided: rows.filter((r) => flag(r.voided)).length };
  }

  createVoid(v: { createdAt: number; admin: string; reason: string; scope: string; voteIds: readonly number[] }): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx.rows(Q.insertVoid, [v.createdAt, v.admin, v.reason, v.scope]);
      const id = Number(row!.id);
      await tx.run(Q.insertVoided, [id, v.voteIds]);
      return id;
    });
  }

  async reverseVoid(voidId: number, r: { at: number; admin: string; reason: string }): Promise<'ok' | 'missing' | 'already'> {
    // Voids are never deleted, so existence read first stays true; the reversal's key decides a race between two admins.
    if ((await this.db.rows(Q.voidExists, [voidId])).length === 0) return 'missing';
    return (await this.db.run(Q.insertReversal, [voidId, r.at, r.admin, r.reason])) === 1 ? 'ok' : 'already';
  }

  async voids(limit = 500): Promise<VoidRow[]> {
    return (await this.db.rows(Q.voids, [limit])).map((r) => ({
      id: Number(r.id),
      createdAt: Number(r.created_at),
      admin: r.admin as string,
      reason: r.reason as string,
      scope: r.scope as string,
      votes: Number(r.votes),
      reversal: r.r_at === null ? null : { at: Number(r.r_at), admin: r.r_admin as string, reason: r.r_reason as string },
    }));
  }

  async activity(since: number, importSession: string): Promise<ActivityVote[]> {
    return (await this.db.rows(Q.activity, [since, importSession])).map(toActivity);
  }

  async flaggedBattles(since = 0, limit = 200): Promise<FlaggedBattleRow[]> {
    return (await this.db.rows(Q.flagged, [since, limit])).map(toFlagged);
  }

  async votesPerUser(): Promise<Map<string, number>> {
    return new Map((await this.db.rows(Q.votesPerUser)).map((r) => [r.user_id as string, Number(r.n)]));
  }
}
