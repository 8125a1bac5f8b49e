/**
 * SQLite: the blind and named boards' pair counts (vote_pair_counts) counted from the stored votes, as the triggers
 * of migration 6 keep them: votes that count, between two different models, not voided (a void with a reversal no
 * longer voids), blind battles not flagged. Migration 6 backfilled the table with it; a bulk import that deferred
 * the per-vote trigger counts the table again with it at its end (deferred-indexes.ts). Battles first (CROSS JOIN
 * fixes SQLite's join order): a scan of battles in rowid order with each vote found by its battle's id took a
 * million votes in 3.5–4.1 s, against 4.4–5.2 s the other way round, where SQLite's planner went (a lookup in the
 * random-keyed id index per vote, then the battle's row).
 */
export const PAIR_COUNTS_FROM_VOTES = `INSERT INTO vote_pair_counts (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
  SELECT b.mode, b.model_a, b.model_b, SUM(v.choice = 'a'), SUM(v.choice = 'b'), SUM(v.choice = 'tie'), SUM(v.choice = 'both_bad')
  FROM battles b CROSS JOIN votes v ON v.battle_id = b.id
  WHERE v.counts_for_ratings = 1 AND b.model_a <> b.model_b AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)
    AND NOT EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                    AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id))
  GROUP BY b.mode, b.model_a, b.model_b;`;
