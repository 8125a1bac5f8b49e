/**
 * A SQL condition on `responses` (both dialects) that leaves out the answers of prompt-set review battles. Those are
 * copies of a set's answers, one per reviewer and pair (server/sets/review-queue.ts), so counting them would count
 * one measured answer several times in the arena's medians, token totals and charts; the set's own results measure
 * its answers once, from set_answers. set_reviews.battle_id is its primary key: the check is one index probe.
 * Asked first, once per statement: whether there is any review at all. Without one (most arenas) the answer's
 * battle id is never read, so a read through a covering index stays in the index: SQLite reads a row's table page
 * only for a column it evaluates. A model's latest 1,000 answers (the measured figures of a leaderboard row) took
 * 3.6 ms a model and 1.5 ms so (200,000 battles, warm cache), 9 ms and 1.5 ms cold, on SQLite.
 */
export const NOT_A_REVIEW_COPY = `(NOT EXISTS (SELECT 1 FROM set_reviews) OR NOT EXISTS (SELECT 1 FROM set_reviews sr WHERE sr.battle_id = responses.battle_id))`;
