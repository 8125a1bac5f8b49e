import { NOT_A_REVIEW_COPY } from './not-a-review-copy.ts';
import type { AnswerSample, AnswerStyle, BattleLabel, ControlFigures, ControlRow } from './battle-store.ts';
import { num, toRatedVote, type Row } from './row-readers.ts';

const CONTROL_ROW_COLUMNS = `v.battle_id, v.created_at, b.mode, b.model_a, b.model_b, v.choice, v.counts_for_ratings, b.flagged,
      EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
              AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id)) AS voided,
      sa.length AS a_length, sa.headers AS a_headers, sa.list_items AS a_list_items, sa.bold AS a_bold,
      sb.length AS b_length, sb.headers AS b_headers, sb.list_items AS b_list_items, sb.bold AS b_bold,
      ra.ttft_ms AS a_ttft, ra.tokens_per_s AS a_tps, rb.ttft_ms AS b_ttft, rb.tokens_per_s AS b_tps`;
const CONTROL_ROW_JOINS = `FROM votes v JOIN battles b ON b.id = v.battle_id
    LEFT JOIN answer_styles sa ON sa.battle_id = v.battle_id AND sa.side = 'a'
    LEFT JOIN answer_styles sb ON sb.battle_id = v.battle_id AND sb.side = 'b'
    LEFT JOIN responses ra ON ra.battle_id = v.battle_id AND ra.turn = 0 AND ra.side = 'a' AND ra.status = 'finished'
    LEFT JOIN responses rb ON rb.battle_id = v.battle_id AND rb.turn = 0 AND rb.side = 'b' AND rb.status = 'finished'`;

/**
 * The SQL of the labels, styles and chart samples (migration 7), the same in
 * both dialects: `?` placeholders are numbered for PostgreSQL by the caller.
 */
export const LABEL_SQL = {
  deleteLabels: `DELETE FROM battle_labels WHERE battle_id = ?`,
  insertLabel: `INSERT INTO battle_labels (battle_id, kind, value) VALUES (?, ?, ?)`,
  upsertClass: `INSERT INTO battle_classes (battle_id, classifier_version) VALUES (?, ?)
    ON CONFLICT (battle_id) DO UPDATE SET classifier_version = excluded.classifier_version`,
  allLabels: `SELECT battle_id, kind, value FROM battle_labels ORDER BY battle_id, kind, value`,
  // A window of the `scan` battles after a cursor (the last battle id the caller has seen, '' at first), each with
  // whether it is still to do: a query looks at `scan` battles however many are done. Without the cursor every query
  // scanned past all the battles done so far, quadratic over a million-battle backfill (190 ms a query by the end);
  // without the window, the first query after a restart scanned every battle already done (139 ms on SQLite's
  // event loop with 106,000 of a million done). The cursor is given twice, the second time inside NOT EXISTS: PostgreSQL's
  // generic plan of the statement (from its sixth run) does not carry `b.id > $1` over to the other table, and
  // joined every classified battle before the cursor (373 ms a page at 150,000 of 300,000 classified, 26 ms with
  // the bound; the answer styles' query below: 91 ms, 1.3 ms).
  toClassify: `SELECT w.id, NOT EXISTS (SELECT 1 FROM battle_classes c
      WHERE c.battle_id = w.id AND c.battle_id > ? AND c.classifier_version = ?) AS todo
    FROM (SELECT b.id FROM battles b WHERE b.id > ? ORDER BY b.id LIMIT ?) w ORDER BY w.id`,
  upsertStyle: `INSERT INTO answer_styles (battle_id, side, length, headers, list_items, bold) VALUES (?, ?, ?, ?, ?, ?)
    ON CONFLICT (battle_id, side) DO UPDATE SET length = excluded.length, headers = excluded.headers,
      list_items = excluded.list_items, bold = excluded.bold`,
  withoutStyle: `SELECT w.battle_id AS id, NOT EXISTS (SELECT 1 FROM answer_styles s
      WHERE s.battle_id = w.battle_id AND s.battle_id > ?) AS todo
    FROM (SELECT v.battle_id FROM votes v WHERE v.battle_id > ? ORDER BY v.battle_id LIMIT ?) w ORDER BY w.battle_id`,
  // Speed is the first turn's: one figure per side, timed on the same prompt.
  controlFigures: `SELECT v.battle_id,
      sa.length AS a_length, sa.headers AS a_headers, sa.list_items AS a_list_items, sa.bold AS a_bold,
      sb.length AS b_length, sb.headers AS b_headers, sb.list_items AS b_list_items, sb.bold AS b_bold,
      ra.ttft_ms AS a_ttft, ra.tokens_per_s AS a_tps, rb.ttft_ms AS b_ttft, rb.tokens_per_s AS b_tps
    FROM votes v
    LEFT JOIN answer_styles sa ON sa.battle_id = v.battle_id AND sa.side = 'a'
    LEFT JOIN answer_styles sb ON sb.battle_id = v.battle_id AND sb.side = 'b'
    LEFT JOIN responses ra ON ra.battle_id = v.battle_id AND ra.turn = 0 AND ra.side = 'a' AND ra.status = 'finished'
    LEFT JOIN responses rb ON rb.battle_id = v.battle_id AND rb.turn = 0 AND rb.side = 'b' AND rb.status = 'finished'
    ORDER BY v.created_at, v.id`,
  // The controlled fits' rows, a page at a time in vote order (server/leaderboard/controlled-fitter.ts).
  controlRowsAfter: `SELECT ${CONTROL_ROW_COLUMNS} ${CONTROL_ROW_JOINS}
    WHERE (v.created_at, v.battle_id) > (CAST(? AS BIGINT), CAST(? AS TEXT)) ORDER BY v.created_at, v.battle_id LIMIT ?`,
  controlRowsAfterLabelled: `SELECT ${CONTROL_ROW_COLUMNS} ${CONTROL_ROW_JOINS}
    WHERE EXISTS (SELECT 1 FROM battle_labels l WHERE l.battle_id = v.battle_id AND l.kind = ? AND l.value = ?)
      AND (v.created_at, v.battle_id) > (CAST(? AS BIGINT), CAST(? AS TEXT)) ORDER BY v.created_at, v.battle_id LIMIT ?`,
  answerSamples: `SELECT model_id, ended_at, ttft_ms, tokens_per_s, cost_usd FROM responses
    WHERE status = 'finished' AND ${NOT_A_REVIEW_COPY} ORDER BY ended_at DESC LIMIT ?`,
} as const;

/** `?` → `$1, $2, …` for PostgreSQL. */
export function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

export function styleValues(battleId: string, side: 'a' | 'b', s: AnswerStyle): (string | number)[] {
  return [battleId, side, s.length, s.headers, s.listItems, s.bold];
}

export function toLabel(r: Row): { battleId: string; label: BattleLabel } {
  return { battleId: r.battle_id as string, label: { kind: r.kind as BattleLabel['kind'], value: r.value as string } };
}

function styleOf(r: Row, side: 'a' | 'b'): AnswerStyle | null {
  if (r[`${side}_length`] == null) return null;
  return {
    length: Number(r[`${side}_length`]),
    headers: Number(r[`${side}_headers`]),
    listItems: Number(r[`${side}_list_items`]),
    bold: Number(r[`${side}_bold`]),
  };
}

export function toControlFigures(r: Row): ControlFigures {
  const a = styleOf(r, 'a');
  const b = styleOf(r, 'b');
  return {
    battleId: r.battle_id as string,
    style: a && b ? { a, b } : null,
    speed: {
      a: { ttftMs: num(r.a_ttft), tokensPerSecond: num(r.a_tps) },
      b: { ttftMs: num(r.b_ttft), tokensPerSecond: num(r.b_tps) },
    },
  };
}

export function toControlRow(r: Row): ControlRow {
  const { style, speed } = toControlFigures(r);
  return { ...toRatedVote(r), style, speed };
}

export function toAnswerSample(r: Row): AnswerSample {
  return {
    modelId: r.model_id as string,
    endedAt: Number(r.ended_at),
    ttftMs: num(r.ttft_ms),
    tokensPerSecond: num(r.tokens_per_s),
    costUsd: num(r.cost_usd),
  };
}

/** Groups turn rows (battle_id, prompt; in battle then turn order) by battle, keeping the order of `ids`. */
export function promptsByBattle(ids: readonly string[], rows: readonly Row[]): { battleId: string; prompts: string[] }[] {
  const by = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const r of rows) by.get(r.battle_id as string)?.push(r.prompt as string);
  return ids.map((battleId) => ({ battleId, prompts: by.get(battleId)! }));
}
