/**
 * PostgreSQL: the pair counts (vote_pair_counts) counted from the stored votes, as the triggers of migration 6
 * keep them: votes that count, between two different models, not voided (a void with a reversal no longer voids),
 * blind battles not flagged. Migration 6 backfilled the table with it; a bulk import that deferred the vote
 * trigger counts the table again with it at its end (pg-deferred-constraints.ts).
 */
export const PG_PAIR_COUNTS_FROM_VOTES = `INSERT INTO vote_pair_counts (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
  SELECT b.mode, b.model_a, b.model_b, count(*) FILTER (WHERE v.choice = 'a'), count(*) FILTER (WHERE v.choice = 'b'),
    count(*) FILTER (WHERE v.choice = 'tie'), count(*) FILTER (WHERE v.choice = 'both_bad')
  FROM votes v JOIN battles b ON b.id = v.battle_id
  WHERE v.counts_for_ratings AND b.model_a <> b.model_b AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                    AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id))
  GROUP BY b.mode, b.model_a, b.model_b;`;
