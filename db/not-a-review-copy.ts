/**
 * A SQL condition on `responses` (both dialects) that leaves out the answers of prompt-set review battles. Those are
 * copies of a set's answers, one per reviewer and pair (server/sets/review-queue.ts), so counting them would count
 * one measured answer several times in the arena's medians, token totals and charts; the set's own results measure
 * its answers once, from set_answers. set_reviews.battle_id is its primary key: the check is one index probe.
 */
export const NOT_A_REVIEW_COPY = `NOT EXISTS (SELECT 1 FROM set_reviews sr WHERE sr.battle_id = responses.battle_id)`;
