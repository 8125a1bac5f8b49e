/** What the board's columns mean, for keyboard and touch as much as for the mouse. */
export function LeaderboardLegend({ provisionalVotes }: { provisionalVotes: number }) {
  return (
    <details class="lb-legend" data-testid="lb-legend">
      <summary>What the columns mean</summary>
      <dl>
        <dt>Rank</dt>
        <dd>1 + the number of established models whose 95% interval lies entirely above this one: tied models share a rank.</dd>
        <dt>Rating</dt>
        <dd>
          Bradley–Terry rating; “+18/−21” are the distances to the ends of its 95% interval. “≥” or “≤” marks a model that never lost or
          never won: only one end is known.
        </dd>
        <dt>Provisional</dt>
        <dd>Fewer than {provisionalVotes} counted votes, or no chain of votes to the ranked models: listed after them, with no rank.</dd>
        <dt>Votes, win rate</dt>
        <dd>Counted votes (press a number for won / lost / tied); win rate is wins ÷ decisive votes, ties left out.</dd>
        <dt>Prices</dt>
        <dd>US dollars per million tokens; blended is 3 parts input to 1 part output.</dd>
        <dt>First token, speed, cost / answer</dt>
        <dd>Medians over this arena’s finished answers, with the 90th percentile (p90) and the number of answers (n).</dd>
      </dl>
      <p class="hint">Press a rank, rating or vote count in the table for its own explanation.</p>
    </details>
  );
}
