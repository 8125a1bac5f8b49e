/**
 * Schema migrations, applied in order; PRAGMA user_version records how many
 * ran. Never edit a released migration: append a new one.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: battles, turns, responses, append-only votes
  `
  CREATE TABLE battles (
    id            TEXT PRIMARY KEY,
    session_hash  TEXT NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('blind', 'named')),
    model_a       TEXT NOT NULL,
    model_b       TEXT NOT NULL,
    created_at    INTEGER NOT NULL,
    flagged       TEXT
  );
  CREATE INDEX battles_created ON battles(created_at);

  CREATE TABLE turns (
    battle_id   TEXT NOT NULL REFERENCES battles(id),
    turn        INTEGER NOT NULL,
    prompt      TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    PRIMARY KEY (battle_id, turn)
  );

  CREATE TABLE responses (
    battle_id          TEXT NOT NULL,
    turn               INTEGER NOT NULL,
    side               TEXT NOT NULL CHECK (side IN ('a', 'b')),
    model_id           TEXT NOT NULL,
    text               TEXT NOT NULL,
    status             TEXT NOT NULL CHECK (status IN ('finished', 'error', 'cancelled')),
    finish_reason      TEXT,
    finish_reason_raw  TEXT,
    error_kind         TEXT,
    error_message      TEXT,
    error_raw          TEXT,
    ttft_ms            REAL,
    latency_ms         REAL,
    decode_ms          REAL,
    tokens_per_s       REAL,
    input_tokens       INTEGER,
    output_tokens      INTEGER,
    cached_input_tokens INTEGER,
    input_estimated    INTEGER NOT NULL DEFAULT 0,
    output_estimated   INTEGER NOT NULL DEFAULT 0,
    cost_usd           REAL,
    ended_at           INTEGER NOT NULL,
    PRIMARY KEY (battle_id, turn, side),
    FOREIGN KEY (battle_id, turn) REFERENCES turns(battle_id, turn)
  );
  CREATE INDEX responses_model ON responses(model_id);

  CREATE TABLE votes (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    battle_id           TEXT NOT NULL UNIQUE REFERENCES battles(id),
    choice              TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie', 'both_bad')),
    session_hash        TEXT NOT NULL,
    created_at          INTEGER NOT NULL,
    decision_ms         REAL,
    counts_for_ratings  INTEGER NOT NULL
  );
  CREATE TRIGGER votes_no_update BEFORE UPDATE ON votes BEGIN SELECT RAISE(ABORT, 'votes are append-only'); END;
  CREATE TRIGGER votes_no_delete BEFORE DELETE ON votes BEGIN SELECT RAISE(ABORT, 'votes are append-only'); END;
  `,
  // 2: votes in time order (exports, ratings) without sorting the table
  `
  CREATE INDEX votes_created ON votes(created_at, battle_id);
  `,
  // 3: why an answer has no observed speed, and the server's own timings beside Versus's. Answers stored
  // before it are judged once by the speed rule of its time (at least 8 output tokens over at least 250 ms from
  // first to last text; server/arena/tokens-per-second.ts): a speed timed over a burst leaves the medians.
  `
  ALTER TABLE responses ADD COLUMN speed_note TEXT;
  ALTER TABLE responses ADD COLUMN server_output_tokens INTEGER;
  ALTER TABLE responses ADD COLUMN server_decode_ms REAL;
  ALTER TABLE responses ADD COLUMN server_tokens_per_s REAL;
  ALTER TABLE responses ADD COLUMN server_prompt_tokens INTEGER;
  ALTER TABLE responses ADD COLUMN server_prompt_ms REAL;
  ALTER TABLE responses ADD COLUMN server_prompt_tokens_per_s REAL;
  UPDATE responses SET speed_note = CASE
      WHEN output_tokens IS NULL OR output_tokens = 0 OR decode_ms IS NULL THEN 'no_output'
      WHEN output_tokens < 8 THEN 'too_few_tokens'
      WHEN decode_ms < 250 THEN 'window_too_short'
    END;
  UPDATE responses SET tokens_per_s = NULL WHERE speed_note IS NOT NULL;
  `,
  // 4: per-side settings of named battles; read-only share links (only the link's hash is kept);
  // answers replaced by a retry, kept whole as JSON so a retry loses no record.
  `
  ALTER TABLE battles ADD COLUMN settings TEXT;
  ALTER TABLE battles ADD COLUMN share_hash TEXT;
  CREATE UNIQUE INDEX battles_share ON battles(share_hash) WHERE share_hash IS NOT NULL;
  CREATE INDEX battles_session ON battles(session_hash, created_at);
  CREATE TABLE response_attempts (
    battle_id    TEXT NOT NULL REFERENCES battles(id),
    turn         INTEGER NOT NULL,
    side         TEXT NOT NULL CHECK (side IN ('a', 'b')),
    replaced_at  INTEGER NOT NULL,
    record       TEXT NOT NULL
  );
  CREATE INDEX response_attempts_battle ON response_attempts(battle_id, turn, side);
  `,
];
