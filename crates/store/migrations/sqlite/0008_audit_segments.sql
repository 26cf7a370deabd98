-- The audit chain in segments (docs/audit.md): one segment per calendar month (UTC), whose
-- head is signed with the node's audit key when the month is over ("sealed"); the open
-- segment's head is signed at least every minute (checkpoints). Retention removes whole sealed
-- segments and leaves a signed tombstone in their place. The triggers refuse changes through
-- SQL, except the removal of what a tombstone covers; the signatures make any change that
-- bypasses them visible to `grenzeloos audit verify`.

CREATE TABLE audit_segments (
    first_seq  INTEGER PRIMARY KEY,
    period     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    last_seq   INTEGER,
    events     INTEGER,
    head_hash  TEXT,
    sealed_at  TEXT,
    key_id     TEXT,
    signature  TEXT
);

CREATE TABLE audit_checkpoints (
    seq       INTEGER PRIMARY KEY,
    hash      TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE audit_tombstones (
    first_seq        INTEGER PRIMARY KEY,
    last_seq         INTEGER NOT NULL,
    period           TEXT NOT NULL,
    events           INTEGER NOT NULL,
    prev_hash        TEXT NOT NULL,
    head_hash        TEXT NOT NULL,
    retention_months INTEGER NOT NULL,
    purged_at        TEXT NOT NULL,
    purged_by        TEXT NOT NULL,
    key_id           TEXT NOT NULL,
    signature        TEXT NOT NULL
);

DROP TRIGGER audit_events_no_delete;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
WHEN NOT EXISTS (SELECT 1 FROM audit_tombstones t WHERE OLD.seq BETWEEN t.first_seq AND t.last_seq)
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only: only a purge under a tombstone removes events'); END;

-- A segment is sealed once; it goes only with its events, under a tombstone.
CREATE TRIGGER audit_segments_sealed BEFORE UPDATE ON audit_segments
WHEN OLD.signature IS NOT NULL
BEGIN SELECT RAISE(ABORT, 'a sealed audit segment cannot change'); END;
CREATE TRIGGER audit_segments_no_delete BEFORE DELETE ON audit_segments
WHEN NOT EXISTS (SELECT 1 FROM audit_tombstones t WHERE OLD.first_seq BETWEEN t.first_seq AND t.last_seq)
BEGIN SELECT RAISE(ABORT, 'an audit segment goes only under a tombstone'); END;

CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only'); END;
CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
WHEN NOT EXISTS (SELECT 1 FROM audit_tombstones t WHERE OLD.seq BETWEEN t.first_seq AND t.last_seq)
BEGIN SELECT RAISE(ABORT, 'a signed head goes only under a tombstone'); END;

CREATE TRIGGER audit_tombstones_no_update BEFORE UPDATE ON audit_tombstones
BEGIN SELECT RAISE(ABORT, 'audit_tombstones is append-only'); END;
CREATE TRIGGER audit_tombstones_no_delete BEFORE DELETE ON audit_tombstones
BEGIN SELECT RAISE(ABORT, 'audit_tombstones is append-only'); END;

-- The chain written before segments existed: one segment per month of its events (a month
-- never goes back, even if the clock once did), sealed by the node at its next start.
INSERT INTO audit_segments (first_seq, period, prev_hash)
SELECT s.first_seq, s.period, e.prev_hash
FROM (
    SELECT p.period AS period, MIN(p.seq) AS first_seq
    FROM (
        SELECT seq, MAX(substr(at, 1, 7)) OVER (ORDER BY seq ROWS UNBOUNDED PRECEDING) AS period
        FROM audit_events
    ) AS p
    GROUP BY p.period
) AS s
JOIN audit_events e ON e.seq = s.first_seq;
