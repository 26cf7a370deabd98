-- The audit chain in segments (docs/audit.md): one segment per calendar month (UTC), whose
-- head is signed with the node's audit key when the month is over ("sealed"); the open
-- segment's head is signed at least every minute (checkpoints). Retention removes whole sealed
-- segments and leaves a signed tombstone in their place. The triggers refuse changes through
-- SQL, except the removal of what a tombstone covers; the signatures make any change that
-- bypasses them visible to `grenzeloos audit verify`.

CREATE TABLE audit_segments (
    first_seq  BIGINT PRIMARY KEY,
    period     TEXT NOT NULL,
    prev_hash  TEXT NOT NULL,
    last_seq   BIGINT,
    events     BIGINT,
    head_hash  TEXT,
    sealed_at  TEXT,
    key_id     TEXT,
    signature  TEXT
);

CREATE TABLE audit_checkpoints (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE audit_tombstones (
    first_seq        BIGINT PRIMARY KEY,
    last_seq         BIGINT NOT NULL,
    period           TEXT NOT NULL,
    events           BIGINT NOT NULL,
    prev_hash        TEXT NOT NULL,
    head_hash        TEXT NOT NULL,
    retention_months BIGINT NOT NULL,
    purged_at        TEXT NOT NULL,
    purged_by        TEXT NOT NULL,
    key_id           TEXT NOT NULL,
    signature        TEXT NOT NULL
);

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_tombstones t WHERE OLD.seq BETWEEN t.first_seq AND t.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_events is append-only: only a purge under a tombstone removes events';
END;
$$;

-- A segment is sealed once; it goes only with its events, under a tombstone.
CREATE FUNCTION audit_segments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.signature IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_tombstones t WHERE OLD.first_seq BETWEEN t.first_seq AND t.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'a sealed audit segment cannot change, and goes only under a tombstone';
END;
$$;
CREATE TRIGGER audit_segments_guard BEFORE UPDATE OR DELETE ON audit_segments
    FOR EACH ROW EXECUTE FUNCTION audit_segments_guard();

CREATE FUNCTION audit_checkpoints_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM audit_tombstones t WHERE OLD.seq BETWEEN t.first_seq AND t.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'audit_checkpoints is append-only';
END;
$$;
CREATE TRIGGER audit_checkpoints_guard BEFORE UPDATE OR DELETE ON audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_guard();

CREATE FUNCTION audit_tombstones_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_tombstones is append-only';
END;
$$;
CREATE TRIGGER audit_tombstones_guard BEFORE UPDATE OR DELETE ON audit_tombstones
    FOR EACH ROW EXECUTE FUNCTION audit_tombstones_append_only();

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
