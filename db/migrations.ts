import { PG_PAIR_COUNTS_FROM_VOTES } from './postgres/pg-pair-counts-from-votes.ts';
import { PAIR_COUNTS_FROM_VOTES } from './sqlite/pair-counts-from-votes.ts';

/**
 * Schema migrations, applied in order, each written for both backends: the
 * same numbering and the same tables, in each dialect. SQLite records how many
 * ran in PRAGMA user_version, PostgreSQL in the schema_migrations table
 * (db/postgres/migrate-postgres.ts). Never edit a released migration: append a
 * new one, with both dialects.
 *
 * PostgreSQL spellings: Unix-millisecond times are BIGINT (INTEGER is 32-bit
 * there), SQLite's REAL is DOUBLE PRECISION (PostgreSQL's REAL is 4 bytes),
 * SQLite's 0/1 flags are BOOLEAN, AUTOINCREMENT is an identity column, and ids
 * compare in the "C" collation, byte by byte like SQLite, so paging and export
 * order are the same on both. Append-only tables refuse TRUNCATE as well,
 * which skips row triggers.
 */
export interface Migration {
  readonly sqlite: string;
  readonly postgres: string;
}

export const MIGRATIONS: readonly Migration[] = [
  // 1: battles, turns, responses, append-only votes
  {
    sqlite: `
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
    postgres: `
  CREATE FUNCTION versus_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
  END
  $$;

  CREATE TABLE battles (
    id            TEXT COLLATE "C" PRIMARY KEY,
    session_hash  TEXT COLLATE "C" NOT NULL,
    mode          TEXT NOT NULL CHECK (mode IN ('blind', 'named')),
    model_a       TEXT NOT NULL,
    model_b       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    flagged       TEXT
  );
  CREATE INDEX battles_created ON battles(created_at);

  CREATE TABLE turns (
    battle_id   TEXT COLLATE "C" NOT NULL REFERENCES battles(id),
    turn        INTEGER NOT NULL,
    prompt      TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    PRIMARY KEY (battle_id, turn)
  );

  CREATE TABLE responses (
    battle_id          TEXT COLLATE "C" NOT NULL,
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
    ttft_ms            DOUBLE PRECISION,
    latency_ms         DOUBLE PRECISION,
    decode_ms          DOUBLE PRECISION,
    tokens_per_s       DOUBLE PRECISION,
    input_tokens       BIGINT,
    output_tokens      BIGINT,
    cached_input_tokens BIGINT,
    input_estimated    BOOLEAN NOT NULL DEFAULT false,
    output_estimated   BOOLEAN NOT NULL DEFAULT false,
    cost_usd           DOUBLE PRECISION,
    ended_at           BIGINT NOT NULL,
    PRIMARY KEY (battle_id, turn, side),
    FOREIGN KEY (battle_id, turn) REFERENCES turns(battle_id, turn)
  );
  CREATE INDEX responses_model ON responses(model_id);

  CREATE TABLE votes (
    id                  BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    battle_id           TEXT COLLATE "C" NOT NULL REFERENCES battles(id),
    choice              TEXT NOT NULL CHECK (choice IN ('a', 'b', 'tie', 'both_bad')),
    session_hash        TEXT COLLATE "C" NOT NULL,
    created_at          BIGINT NOT NULL,
    decision_ms         DOUBLE PRECISION,
    counts_for_ratings  BOOLEAN NOT NULL,
    CONSTRAINT votes_one_per_battle UNIQUE (battle_id)
  );
  CREATE TRIGGER votes_no_update BEFORE UPDATE ON votes FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('votes are append-only');
  CREATE TRIGGER votes_no_delete BEFORE DELETE ON votes FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('votes are append-only');
  CREATE TRIGGER votes_no_truncate BEFORE TRUNCATE ON votes FOR EACH STATEMENT EXECUTE FUNCTION versus_refuse_change('votes are append-only');
  `,
  },
  // 2: votes in time order (exports, ratings) without sorting the table
  {
    sqlite: `
  CREATE INDEX votes_created ON votes(created_at, battle_id);
  `,
    postgres: `
  CREATE INDEX votes_created ON votes(created_at, battle_id);
  `,
  },
  // 3: why an answer has no observed speed, and the server's own timings beside Versus's. Answers stored
  // before it are judged once by the speed rule of its time (at least 8 output tokens over at least 250 ms from
  // first to last text; server/arena/tokens-per-second.ts): a speed timed over a burst leaves the medians.
  {
    sqlite: `
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
    postgres: `
  ALTER TABLE responses
    ADD COLUMN speed_note TEXT,
    ADD COLUMN server_output_tokens BIGINT,
    ADD COLUMN server_decode_ms DOUBLE PRECISION,
    ADD COLUMN server_tokens_per_s DOUBLE PRECISION,
    ADD COLUMN server_prompt_tokens BIGINT,
    ADD COLUMN server_prompt_ms DOUBLE PRECISION,
    ADD COLUMN server_prompt_tokens_per_s DOUBLE PRECISION;
  UPDATE responses SET speed_note = CASE
      WHEN output_tokens IS NULL OR output_tokens = 0 OR decode_ms IS NULL THEN 'no_output'
      WHEN output_tokens < 8 THEN 'too_few_tokens'
      WHEN decode_ms < 250 THEN 'window_too_short'
    END;
  UPDATE responses SET tokens_per_s = NULL WHERE speed_note IS NOT NULL;
  `,
  },
  // 4: per-side settings of named battles; read-only share links (only the link's hash is kept);
  // answers replaced by a retry, kept whole as JSON so a retry loses no record.
  // PostgreSQL has no rowid: response_attempts gets an identity column to keep the order of replacement.
  {
    sqlite: `
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
    postgres: `
  ALTER TABLE battles ADD COLUMN settings TEXT, ADD COLUMN share_hash TEXT;
  CREATE UNIQUE INDEX battles_share ON battles(share_hash) WHERE share_hash IS NOT NULL;
  CREATE INDEX battles_session ON battles(session_hash, created_at);
  CREATE TABLE response_attempts (
    id           BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    battle_id    TEXT COLLATE "C" NOT NULL REFERENCES battles(id),
    turn         INTEGER NOT NULL,
    side         TEXT NOT NULL CHECK (side IN ('a', 'b')),
    replaced_at  BIGINT NOT NULL,
    record       TEXT NOT NULL
  );
  CREATE INDEX response_attempts_battle ON response_attempts(battle_id, turn, side);
  `,
  },
  // 5: who is who (users, server-issued sessions, invites, the server's own secret), who cast each vote (user id, or
  // a keyed hash of the address and of its network prefixes: no raw address is stored), and moderation: voids are
  // append-only records naming the votes they cover, undone only by an append-only reversal. Votes stay append-only.
  {
    sqlite: `
  CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    provider    TEXT NOT NULL CHECK (provider IN ('invite', 'secret', 'oidc')),
    subject     TEXT NOT NULL,
    email       TEXT,
    name        TEXT,
    role        TEXT NOT NULL CHECK (role IN ('voter', 'admin')),
    created_at  INTEGER NOT NULL,
    UNIQUE (provider, subject)
  );

  CREATE TABLE sessions (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT REFERENCES users(id),
    admin_by_claims  INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    expires_at       INTEGER NOT NULL,
    revoked_at       INTEGER
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_expires ON sessions(expires_at);

  CREATE TABLE invites (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('voter', 'admin')),
    label       TEXT,
    max_uses    INTEGER NOT NULL CHECK (max_uses >= 1),
    uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses <= max_uses),
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL,
    revoked_at  INTEGER
  );

  CREATE TABLE server_secrets (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  INTEGER NOT NULL
  );

  ALTER TABLE votes ADD COLUMN user_id TEXT;
  ALTER TABLE votes ADD COLUMN address_hash TEXT;
  CREATE INDEX votes_session ON votes(session_hash);
  CREATE INDEX votes_user ON votes(user_id);
  CREATE INDEX votes_address ON votes(address_hash);

  CREATE TABLE vote_address_prefixes (
    vote_id      INTEGER NOT NULL REFERENCES votes(id),
    bits         INTEGER NOT NULL,
    prefix_hash  TEXT NOT NULL,
    PRIMARY KEY (vote_id, bits)
  );
  CREATE INDEX vote_address_prefixes_hash ON vote_address_prefixes(prefix_hash);
  CREATE TRIGGER vote_address_prefixes_no_update BEFORE UPDATE ON vote_address_prefixes BEGIN SELECT RAISE(ABORT, 'votes are append-only'); END;
  CREATE TRIGGER vote_address_prefixes_no_delete BEFORE DELETE ON vote_address_prefixes BEGIN SELECT RAISE(ABORT, 'votes are append-only'); END;

  CREATE TABLE vote_voids (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    created_at  INTEGER NOT NULL,
    admin       TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) > 0),
    scope       TEXT NOT NULL
  );
  CREATE TABLE voided_votes (
    void_id  INTEGER NOT NULL REFERENCES vote_voids(id),
    vote_id  INTEGER NOT NULL REFERENCES votes(id),
    PRIMARY KEY (void_id, vote_id)
  );
  CREATE INDEX voided_votes_vote ON voided_votes(vote_id);
  CREATE TABLE void_reversals (
    void_id     INTEGER PRIMARY KEY REFERENCES vote_voids(id),
    created_at  INTEGER NOT NULL,
    admin       TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) > 0)
  );
  CREATE TRIGGER vote_voids_no_update BEFORE UPDATE ON vote_voids BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
  CREATE TRIGGER vote_voids_no_delete BEFORE DELETE ON vote_voids BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
  CREATE TRIGGER voided_votes_no_update BEFORE UPDATE ON voided_votes BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
  CREATE TRIGGER voided_votes_no_delete BEFORE DELETE ON voided_votes BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
  CREATE TRIGGER void_reversals_no_update BEFORE UPDATE ON void_reversals BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
  CREATE TRIGGER void_reversals_no_delete BEFORE DELETE ON void_reversals BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
  `,
    postgres: `
  CREATE TABLE users (
    id          TEXT PRIMARY KEY,
    provider    TEXT NOT NULL CHECK (provider IN ('invite', 'secret', 'oidc')),
    subject     TEXT NOT NULL,
    email       TEXT,
    name        TEXT,
    role        TEXT NOT NULL CHECK (role IN ('voter', 'admin')),
    created_at  BIGINT NOT NULL,
    UNIQUE (provider, subject)
  );

  CREATE TABLE sessions (
    token_hash       TEXT PRIMARY KEY,
    user_id          TEXT REFERENCES users(id),
    admin_by_claims  BOOLEAN NOT NULL DEFAULT false,
    created_at       BIGINT NOT NULL,
    expires_at       BIGINT NOT NULL,
    revoked_at       BIGINT
  );
  CREATE INDEX sessions_user ON sessions(user_id);
  CREATE INDEX sessions_expires ON sessions(expires_at);

  CREATE TABLE invites (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    role        TEXT NOT NULL CHECK (role IN ('voter', 'admin')),
    label       TEXT,
    max_uses    INTEGER NOT NULL CHECK (max_uses >= 1),
    uses        INTEGER NOT NULL DEFAULT 0 CHECK (uses <= max_uses),
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    revoked_at  BIGINT
  );

  CREATE TABLE server_secrets (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  BIGINT NOT NULL
  );

  ALTER TABLE votes ADD COLUMN user_id TEXT, ADD COLUMN address_hash TEXT;
  CREATE INDEX votes_session ON votes(session_hash);
  CREATE INDEX votes_user ON votes(user_id);
  CREATE INDEX votes_address ON votes(address_hash);

  CREATE TABLE vote_address_prefixes (
    vote_id      BIGINT NOT NULL REFERENCES votes(id),
    bits         INTEGER NOT NULL,
    prefix_hash  TEXT NOT NULL,
    PRIMARY KEY (vote_id, bits)
  );
  CREATE INDEX vote_address_prefixes_hash ON vote_address_prefixes(prefix_hash);
  CREATE TRIGGER vote_address_prefixes_no_update BEFORE UPDATE ON vote_address_prefixes FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('votes are append-only');
  CREATE TRIGGER vote_address_prefixes_no_delete BEFORE DELETE ON vote_address_prefixes FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('votes are append-only');
  CREATE TRIGGER vote_address_prefixes_no_truncate BEFORE TRUNCATE ON vote_address_prefixes FOR EACH STATEMENT EXECUTE FUNCTION versus_refuse_change('votes are append-only');

  CREATE TABLE vote_voids (
    id          BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    created_at  BIGINT NOT NULL,
    admin       TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) > 0),
    scope       TEXT NOT NULL
  );
  CREATE TABLE voided_votes (
    void_id  BIGINT NOT NULL REFERENCES vote_voids(id),
    vote_id  BIGINT NOT NULL REFERENCES votes(id),
    PRIMARY KEY (void_id, vote_id)
  );
  CREATE INDEX voided_votes_vote ON voided_votes(vote_id);
  CREATE TABLE void_reversals (
    void_id     BIGINT PRIMARY KEY REFERENCES vote_voids(id),
    created_at  BIGINT NOT NULL,
    admin       TEXT NOT NULL,
    reason      TEXT NOT NULL CHECK (length(reason) > 0)
  );
  CREATE TRIGGER vote_voids_no_update BEFORE UPDATE ON vote_voids FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER vote_voids_no_delete BEFORE DELETE ON vote_voids FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER vote_voids_no_truncate BEFORE TRUNCATE ON vote_voids FOR EACH STATEMENT EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER voided_votes_no_update BEFORE UPDATE ON voided_votes FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER voided_votes_no_delete BEFORE DELETE ON voided_votes FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER voided_votes_no_truncate BEFORE TRUNCATE ON voided_votes FOR EACH STATEMENT EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER void_reversals_no_update BEFORE UPDATE ON void_reversals FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER void_reversals_no_delete BEFORE DELETE ON void_reversals FOR EACH ROW EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  CREATE TRIGGER void_reversals_no_truncate BEFORE TRUNCATE ON void_reversals FOR EACH STATEMENT EXECUTE FUNCTION versus_refuse_change('voids are append-only');
  `,
  },
  // 6: what the leaderboard and head-to-head read, kept up to date as votes arrive instead of recounted per request:
  // outcome counts per battle mode and ordered pair of models over the votes that count (vote_pair_counts), kept by
  // triggers in the transaction of each vote, void, reversal and flag, and backfilled here from the votes already
  // stored; the last ratings fit per board (ratings_snapshots), so a start serves the board at once; and indexes
  // that bound the per-model reads of measured figures and token totals.
  {
    sqlite: `
  CREATE TABLE vote_pair_counts (
    mode      TEXT NOT NULL CHECK (mode IN ('blind', 'named')),
    model_a   TEXT NOT NULL,
    model_b   TEXT NOT NULL,
    wins_a    INTEGER NOT NULL DEFAULT 0,
    wins_b    INTEGER NOT NULL DEFAULT 0,
    ties      INTEGER NOT NULL DEFAULT 0,
    both_bad  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (mode, model_a, model_b)
  );
  CREATE INDEX vote_pair_counts_b ON vote_pair_counts(model_b);
  CREATE INDEX vote_pair_counts_a ON vote_pair_counts(model_a);

  ${PAIR_COUNTS_FROM_VOTES}

  -- A new vote is never voided yet (voids name existing votes).
  CREATE TRIGGER vote_pair_counts_vote AFTER INSERT ON votes WHEN NEW.counts_for_ratings = 1 BEGIN
    INSERT INTO vote_pair_counts (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
    SELECT b.mode, b.model_a, b.model_b, NEW.choice = 'a', NEW.choice = 'b', NEW.choice = 'tie', NEW.choice = 'both_bad'
    FROM battles b WHERE b.id = NEW.battle_id AND b.model_a <> b.model_b AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)
    ON CONFLICT (mode, model_a, model_b) DO UPDATE SET wins_a = wins_a + excluded.wins_a, wins_b = wins_b + excluded.wins_b,
      ties = ties + excluded.ties, both_bad = both_bad + excluded.both_bad;
  END;

  -- A vote leaves the counts when the first active void covers it, not again for a second one.
  CREATE TRIGGER vote_pair_counts_void AFTER INSERT ON voided_votes
  WHEN NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = NEW.void_id)
   AND NOT EXISTS (SELECT 1 FROM voided_votes o WHERE o.vote_id = NEW.vote_id AND o.void_id <> NEW.void_id
                   AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = o.void_id)) BEGIN
    UPDATE vote_pair_counts AS pc SET wins_a = pc.wins_a - (x.choice = 'a'), wins_b = pc.wins_b - (x.choice = 'b'),
      ties = pc.ties - (x.choice = 'tie'), both_bad = pc.both_bad - (x.choice = 'both_bad')
    FROM (SELECT b.mode, b.model_a, b.model_b, v.choice FROM votes v JOIN battles b ON b.id = v.battle_id
          WHERE v.id = NEW.vote_id AND v.counts_for_ratings = 1 AND b.model_a <> b.model_b
            AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)) AS x
    WHERE pc.mode = x.mode AND pc.model_a = x.model_a AND pc.model_b = x.model_b;
  END;

  -- A reversal returns the void's votes that no other active void still covers.
  CREATE TRIGGER vote_pair_counts_reversal AFTER INSERT ON void_reversals BEGIN
    INSERT INTO vote_pair_counts (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
    SELECT b.mode, b.model_a, b.model_b, SUM(v.choice = 'a'), SUM(v.choice = 'b'), SUM(v.choice = 'tie'), SUM(v.choice = 'both_bad')
    FROM voided_votes vv JOIN votes v ON v.id = vv.vote_id JOIN battles b ON b.id = v.battle_id
    WHERE vv.void_id = NEW.void_id AND v.counts_for_ratings = 1 AND b.model_a <> b.model_b
      AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM voided_votes o WHERE o.vote_id = vv.vote_id AND o.void_id <> NEW.void_id
                      AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = o.void_id))
    GROUP BY b.mode, b.model_a, b.model_b
    ON CONFLICT (mode, model_a, model_b) DO UPDATE SET wins_a = wins_a + excluded.wins_a, wins_b = wins_b + excluded.wins_b,
      ties = ties + excluded.ties, both_bad = both_bad + excluded.both_bad;
  END;

  -- A blind battle flagged after its vote (or unflagged) takes its vote out of (or back into) the counts.
  CREATE TRIGGER vote_pair_counts_flag AFTER UPDATE OF flagged ON battles
  WHEN NEW.mode = 'blind' AND NEW.model_a <> NEW.model_b AND (OLD.flagged IS NULL) <> (NEW.flagged IS NULL) BEGIN
    UPDATE vote_pair_counts AS pc SET
      wins_a = pc.wins_a + x.sign * (x.choice = 'a'), wins_b = pc.wins_b + x.sign * (x.choice = 'b'),
      ties = pc.ties + x.sign * (x.choice = 'tie'), both_bad = pc.both_bad + x.sign * (x.choice = 'both_bad')
    FROM (SELECT v.choice, CASE WHEN NEW.flagged IS NULL THEN 1 ELSE -1 END AS sign FROM votes v
          WHERE v.battle_id = NEW.id AND v.counts_for_ratings = 1
            AND NOT EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                            AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id))) AS x
    WHERE pc.mode = NEW.mode AND pc.model_a = NEW.model_a AND pc.model_b = NEW.model_b;
    INSERT INTO vote_pair_counts (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
    SELECT NEW.mode, NEW.model_a, NEW.model_b, v.choice = 'a', v.choice = 'b', v.choice = 'tie', v.choice = 'both_bad'
    FROM votes v WHERE v.battle_id = NEW.id AND NEW.flagged IS NULL AND v.counts_for_ratings = 1
      AND NOT EXISTS (SELECT 1 FROM vote_pair_counts pc WHERE pc.mode = NEW.mode AND pc.model_a = NEW.model_a AND pc.model_b = NEW.model_b)
      AND NOT EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                      AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id));
  END;

  CREATE TABLE ratings_snapshots (
    mode         TEXT PRIMARY KEY CHECK (mode IN ('blind', 'named', 'all')),
    computed_at  INTEGER NOT NULL,
    votes        INTEGER NOT NULL,
    void_mark    TEXT NOT NULL,
    state        TEXT NOT NULL
  );

  CREATE INDEX responses_model_recent ON responses(model_id, ended_at, ttft_ms, tokens_per_s, cost_usd) WHERE status = 'finished';
  CREATE INDEX responses_model_tokens ON responses(model_id, input_tokens, output_tokens)
    WHERE status = 'finished' AND input_tokens IS NOT NULL AND output_tokens > 0;
  `,
    postgres: `
  CREATE TABLE vote_pair_counts (
    mode      TEXT NOT NULL CHECK (mode IN ('blind', 'named')),
    model_a   TEXT NOT NULL,
    model_b   TEXT NOT NULL,
    wins_a    BIGINT NOT NULL DEFAULT 0,
    wins_b    BIGINT NOT NULL DEFAULT 0,
    ties      BIGINT NOT NULL DEFAULT 0,
    both_bad  BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (mode, model_a, model_b)
  );
  CREATE INDEX vote_pair_counts_b ON vote_pair_counts(model_b);
  CREATE INDEX vote_pair_counts_a ON vote_pair_counts(model_a);

  ${PG_PAIR_COUNTS_FROM_VOTES}

  -- Adds sign × one vote of this choice to a pair's counts (sign -1 takes it out).
  CREATE FUNCTION versus_count_vote(p_mode TEXT, p_a TEXT, p_b TEXT, p_choice TEXT, p_sign BIGINT) RETURNS void LANGUAGE sql AS $$
    INSERT INTO vote_pair_counts AS pc (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
    VALUES (p_mode, p_a, p_b, p_sign * (p_choice = 'a')::int, p_sign * (p_choice = 'b')::int,
            p_sign * (p_choice = 'tie')::int, p_sign * (p_choice = 'both_bad')::int)
    ON CONFLICT (mode, model_a, model_b) DO UPDATE SET wins_a = pc.wins_a + excluded.wins_a, wins_b = pc.wins_b + excluded.wins_b,
      ties = pc.ties + excluded.ties, both_bad = pc.both_bad + excluded.both_bad;
  $$;

  -- A new vote is never voided yet (voids name existing votes).
  CREATE FUNCTION versus_pair_counts_vote() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.counts_for_ratings THEN
      PERFORM versus_count_vote(b.mode, b.model_a, b.model_b, NEW.choice, 1) FROM battles b
      WHERE b.id = NEW.battle_id AND b.model_a <> b.model_b AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL);
    END IF;
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER vote_pair_counts_vote AFTER INSERT ON votes FOR EACH ROW EXECUTE FUNCTION versus_pair_counts_vote();

  -- A vote leaves the counts when the first active void covers it, not again for a second one.
  CREATE FUNCTION versus_pair_counts_void() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = NEW.void_id)
       AND NOT EXISTS (SELECT 1 FROM voided_votes o WHERE o.vote_id = NEW.vote_id AND o.void_id <> NEW.void_id
                       AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = o.void_id)) THEN
      PERFORM versus_count_vote(b.mode, b.model_a, b.model_b, v.choice, -1) FROM votes v JOIN battles b ON b.id = v.battle_id
      WHERE v.id = NEW.vote_id AND v.counts_for_ratings AND b.model_a <> b.model_b AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL);
    END IF;
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER vote_pair_counts_void AFTER INSERT ON voided_votes FOR EACH ROW EXECUTE FUNCTION versus_pair_counts_void();

  -- A reversal returns the void's votes that no other active void still covers.
  CREATE FUNCTION versus_pair_counts_reversal() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    PERFORM versus_count_vote(b.mode, b.model_a, b.model_b, v.choice, 1)
    FROM voided_votes vv JOIN votes v ON v.id = vv.vote_id JOIN battles b ON b.id = v.battle_id
    WHERE vv.void_id = NEW.void_id AND v.counts_for_ratings AND b.model_a <> b.model_b
      AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)
      AND NOT EXISTS (SELECT 1 FROM voided_votes o WHERE o.vote_id = vv.vote_id AND o.void_id <> NEW.void_id
                      AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = o.void_id));
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER vote_pair_counts_reversal AFTER INSERT ON void_reversals FOR EACH ROW EXECUTE FUNCTION versus_pair_counts_reversal();

  -- A blind battle flagged after its vote (or unflagged) takes its vote out of (or back into) the counts.
  CREATE FUNCTION versus_pair_counts_flag() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    IF NEW.mode = 'blind' AND NEW.model_a <> NEW.model_b AND (OLD.flagged IS NULL) <> (NEW.flagged IS NULL) THEN
      PERFORM versus_count_vote(NEW.mode, NEW.model_a, NEW.model_b, v.choice, CASE WHEN NEW.flagged IS NULL THEN 1 ELSE -1 END)
      FROM votes v WHERE v.battle_id = NEW.id AND v.counts_for_ratings
        AND NOT EXISTS (SELECT 1 FROM voided_votes vv WHERE vv.vote_id = v.id
                        AND NOT EXISTS (SELECT 1 FROM void_reversals r WHERE r.void_id = vv.void_id));
    END IF;
    RETURN NULL;
  END
  $$;
  CREATE TRIGGER vote_pair_counts_flag AFTER UPDATE OF flagged ON battles FOR EACH ROW EXECUTE FUNCTION versus_pair_counts_flag();

  CREATE TABLE ratings_snapshots (
    mode         TEXT PRIMARY KEY CHECK (mode IN ('blind', 'named', 'all')),
    computed_at  BIGINT NOT NULL,
    votes        BIGINT NOT NULL,
    void_mark    TEXT NOT NULL,
    state        TEXT NOT NULL
  );

  CREATE INDEX responses_model_recent ON responses(model_id, ended_at) INCLUDE (ttft_ms, tokens_per_s, cost_usd) WHERE status = 'finished';
  CREATE INDEX responses_model_tokens ON responses(model_id) INCLUDE (input_tokens, output_tokens)
    WHERE status = 'finished' AND input_tokens IS NOT NULL AND output_tokens > 0;
  `,
  },
  // 7: what each battle is about (categories, language, user #tags; server/categories, with the classifier version
  // that decided them, so battles classified by an older version are classified again at start), the markdown
  // style of each side's answers summed over the turns (style control), and recent answers in time order (charts).
  {
    sqlite: `
  CREATE TABLE battle_labels (
    battle_id  TEXT NOT NULL REFERENCES battles(id),
    kind       TEXT NOT NULL CHECK (kind IN ('category', 'language', 'tag')),
    value      TEXT NOT NULL,
    PRIMARY KEY (battle_id, kind, value)
  );
  CREATE INDEX battle_labels_value ON battle_labels(kind, value, battle_id);
  CREATE TABLE battle_classes (
    battle_id           TEXT PRIMARY KEY REFERENCES battles(id),
    classifier_version  INTEGER NOT NULL
  );
  CREATE TABLE answer_styles (
    battle_id   TEXT NOT NULL REFERENCES battles(id),
    side        TEXT NOT NULL CHECK (side IN ('a', 'b')),
    length      INTEGER NOT NULL,
    headers     INTEGER NOT NULL,
    list_items  INTEGER NOT NULL,
    bold        INTEGER NOT NULL,
    PRIMARY KEY (battle_id, side)
  );
  CREATE INDEX responses_ended ON responses(ended_at);
  `,
    postgres: `
  CREATE TABLE battle_labels (
    battle_id  TEXT COLLATE "C" NOT NULL REFERENCES battles(id),
    kind       TEXT NOT NULL CHECK (kind IN ('category', 'language', 'tag')),
    value      TEXT NOT NULL,
    PRIMARY KEY (battle_id, kind, value)
  );
  CREATE INDEX battle_labels_value ON battle_labels(kind, value, battle_id);
  CREATE TABLE battle_classes (
    battle_id           TEXT COLLATE "C" PRIMARY KEY REFERENCES battles(id),
    classifier_version  INTEGER NOT NULL
  );
  CREATE TABLE answer_styles (
    battle_id   TEXT COLLATE "C" NOT NULL REFERENCES battles(id),
    side        TEXT NOT NULL CHECK (side IN ('a', 'b')),
    length      BIGINT NOT NULL,
    headers     INTEGER NOT NULL,
    list_items  INTEGER NOT NULL,
    bold        INTEGER NOT NULL,
    PRIMARY KEY (battle_id, side)
  );
  CREATE INDEX responses_ended ON responses(ended_at);
`,
  },
  // 8: prompt sets (named, versioned, never changed), runs of a set against models, each answer once per run,
  // prompt and model (resume skips what is stored), and review battles: ordinary blind battles, one per reviewer,
  // prompt and pair, tied to their set by set_reviews so their votes count on the arena's board and the set's.
  {
    sqlite: `
  CREATE TABLE prompt_sets (
    id          TEXT PRIMARY KEY,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    item_count  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (name, version)
  );
  CREATE TABLE prompt_set_items (
    set_id         TEXT NOT NULL REFERENCES prompt_sets(id),
    idx            INTEGER NOT NULL,
    prompt         TEXT NOT NULL,
    system_prompt  TEXT,
    tags           TEXT NOT NULL,
    notes          TEXT,
    PRIMARY KEY (set_id, idx)
  );
  CREATE TABLE set_runs (
    id           TEXT PRIMARY KEY,
    set_id       TEXT NOT NULL REFERENCES prompt_sets(id),
    models       TEXT NOT NULL,
    concurrency  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
    created_by   TEXT NOT NULL,
    created_at   INTEGER NOT NULL,
    finished_at  INTEGER
  );
  CREATE INDEX set_runs_set ON set_runs(set_id, created_at);
  CREATE TABLE set_answers (
    run_id    TEXT NOT NULL REFERENCES set_runs(id),
    idx       INTEGER NOT NULL,
    model_id  TEXT NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('finished', 'error', 'cancelled')),
    record    TEXT NOT NULL,
    ended_at  INTEGER NOT NULL,
    PRIMARY KEY (run_id, idx, model_id)
  );
  CREATE TABLE set_reviews (
    battle_id   TEXT PRIMARY KEY REFERENCES battles(id),
    run_id      TEXT NOT NULL REFERENCES set_runs(id),
    idx         INTEGER NOT NULL,
    pair_key    TEXT NOT NULL,
    reviewer    TEXT NOT NULL,
    created_at  INTEGER NOT NULL,
    UNIQUE (run_id, reviewer, idx, pair_key)
  );
  `,
    postgres: `
  CREATE TABLE prompt_sets (
    id          TEXT COLLATE "C" PRIMARY KEY,
    name        TEXT NOT NULL,
    version     INTEGER NOT NULL CHECK (version >= 1),
    item_count  INTEGER NOT NULL,
    created_by  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (name, version)
  );
  CREATE TABLE prompt_set_items (
    set_id         TEXT COLLATE "C" NOT NULL REFERENCES prompt_sets(id),
    idx            INTEGER NOT NULL,
    prompt         TEXT NOT NULL,
    system_prompt  TEXT,
    tags           TEXT NOT NULL,
    notes          TEXT,
    PRIMARY KEY (set_id, idx)
  );
  CREATE TABLE set_runs (
    id           TEXT COLLATE "C" PRIMARY KEY,
    set_id       TEXT COLLATE "C" NOT NULL REFERENCES prompt_sets(id),
    models       TEXT NOT NULL,
    concurrency  INTEGER NOT NULL,
    status       TEXT NOT NULL CHECK (status IN ('running', 'done', 'cancelled')),
    created_by   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    finished_at  BIGINT
  );
  CREATE INDEX set_runs_set ON set_runs(set_id, created_at);
  CREATE TABLE set_answers (
    run_id    TEXT COLLATE "C" NOT NULL REFERENCES set_runs(id),
    idx       INTEGER NOT NULL,
    model_id  TEXT COLLATE "C" NOT NULL,
    status    TEXT NOT NULL CHECK (status IN ('finished', 'error', 'cancelled')),
    record    TEXT NOT NULL,
    ended_at  BIGINT NOT NULL,
    PRIMARY KEY (run_id, idx, model_id)
  );
  CREATE TABLE set_reviews (
    battle_id   TEXT COLLATE "C" PRIMARY KEY REFERENCES battles(id),
    run_id      TEXT COLLATE "C" NOT NULL REFERENCES set_runs(id),
    idx         INTEGER NOT NULL,
    pair_key    TEXT COLLATE "C" NOT NULL,
    reviewer    TEXT COLLATE "C" NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (run_id, reviewer, idx, pair_key)
  );
`,
  },
  // 9: speed benchmark runs (server/benchmark): one row per run, its plan, estimate and figures as JSON in `record`;
  // the columns are what lists and comparisons filter on. `status` is also in the row so a restart can mark runs it
  // left running as interrupted without rewriting their JSON.
  {
    sqlite: `
  CREATE TABLE benchmark_runs (
    id              TEXT PRIMARY KEY,
    model           TEXT NOT NULL,
    upstream_model  TEXT NOT NULL,
    endpoint_id     TEXT NOT NULL,
    started_by      TEXT NOT NULL,
    created_at      INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'failed', 'interrupted')),
    record          TEXT NOT NULL
  );
  CREATE INDEX benchmark_runs_created ON benchmark_runs(created_at, id);
  CREATE INDEX benchmark_runs_upstream ON benchmark_runs(upstream_model, created_at);
  `,
    postgres: `
  CREATE TABLE benchmark_runs (
    id              TEXT COLLATE "C" PRIMARY KEY,
    model           TEXT NOT NULL,
    upstream_model  TEXT NOT NULL,
    endpoint_id     TEXT NOT NULL,
    started_by      TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('running', 'finished', 'cancelled', 'failed', 'interrupted')),
    record          TEXT NOT NULL
  );
  CREATE INDEX benchmark_runs_created ON benchmark_runs(created_at, id);
  CREATE INDEX benchmark_runs_upstream ON benchmark_runs(upstream_model, created_at);
  `,
  },
  // 10: boards by meaning (server/meaning): the embedding of each battle's first prompt, one per battle, with the
  // embedding model's id (a battle embedded by another model is embedded again) and its length. Vectors are
  // little-endian float32, unit length, truncated to a few hundred dimensions (Matryoshka) to bound storage.
  {
    sqlite: `
  CREATE TABLE battle_embeddings (
    battle_id  TEXT PRIMARY KEY REFERENCES battles(id),
    model      TEXT NOT NULL,
    dims       INTEGER NOT NULL CHECK (dims > 0),
    vector     BLOB NOT NULL CHECK (length(vector) = 4 * dims)
  );
  CREATE INDEX battle_embeddings_model ON battle_embeddings(model, battle_id);
  `,
    postgres: `
  CREATE TABLE battle_embeddings (
    battle_id  TEXT COLLATE "C" PRIMARY KEY REFERENCES battles(id),
    model      TEXT NOT NULL,
    dims       INTEGER NOT NULL CHECK (dims > 0),
    vector     BYTEA NOT NULL CHECK (octet_length(vector) = 4 * dims)
  );
  CREATE INDEX battle_embeddings_model ON battle_embeddings(model, battle_id);
  `,
  },
  // 11: on PostgreSQL the pair counts follow new votes once per statement, not once per row: an import's multi-row
  // INSERT of 20,000 votes made 20,000 plpgsql calls, each an upsert on one of a few thousand pair rows (about 28 % of
  // a bulk import's time). The statement's new votes (a transition table) are grouped by pair and each pair upserted
  // once, in key order (two imports at once lock pairs in the same order). Same rule, same transaction. SQLite's
  // triggers have no statement level: nothing changes there.
  {
    sqlite: `SELECT 1;`,
    postgres: `
  CREATE FUNCTION versus_pair_counts_votes() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    INSERT INTO vote_pair_counts AS pc (mode, model_a, model_b, wins_a, wins_b, ties, both_bad)
    SELECT b.mode, b.model_a, b.model_b, count(*) FILTER (WHERE n.choice = 'a'), count(*) FILTER (WHERE n.choice = 'b'),
      count(*) FILTER (WHERE n.choice = 'tie'), count(*) FILTER (WHERE n.choice = 'both_bad')
    FROM new_votes n JOIN battles b ON b.id = n.battle_id
    WHERE n.counts_for_ratings AND b.model_a <> b.model_b AND NOT (b.mode = 'blind' AND b.flagged IS NOT NULL)
    GROUP BY b.mode, b.model_a, b.model_b
    ORDER BY b.mode, b.model_a, b.model_b
    ON CONFLICT (mode, model_a, model_b) DO UPDATE SET wins_a = pc.wins_a + excluded.wins_a, wins_b = pc.wins_b + excluded.wins_b,
      ties = pc.ties + excluded.ties, both_bad = pc.both_bad + excluded.both_bad;
    RETURN NULL;
  END
  $$;
  DROP TRIGGER vote_pair_counts_vote ON votes;
  DROP FUNCTION versus_pair_counts_vote();
  CREATE TRIGGER vote_pair_counts_vote AFTER INSERT ON votes REFERENCING NEW TABLE AS new_votes
    FOR EACH STATEMENT EXECUTE FUNCTION versus_pair_counts_votes();
  `,
  },
  // 12: responses_model (model_id) finds nothing responses_model_recent (model_id, ended_at, … WHERE status =
  // 'finished') does not: every query on an answer's model asks for finished answers, and both planners take the
  // partial index for them once the plain one is gone. Building it was the largest of a first bulk import's deferred
  // indexes (2.2 s of a million battles on SQLite), and every answer stored wrote to it.
  {
    sqlite: `DROP INDEX IF EXISTS responses_model;`,
    postgres: `DROP INDEX IF EXISTS responses_model;`,
  },
];
