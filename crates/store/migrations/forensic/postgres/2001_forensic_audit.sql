-- The forensic domain (docs/architecture.md, "Data domains"): its own tables, migrations
-- (versions 2001–2999, so that they never collide with another domain's when domains share one
-- database) and its own audit chain. Its case tables come with the issues that use them.
-- Instants are fixed-width TEXT 'YYYY-MM-DDTHH:MM:SS.ffffffZ' (UTC), as in every domain.

-- The audit chain in segments (docs/audit.md): one segment per calendar month (UTC), whose
-- head is signed with the node's audit key when the month is over ("sealed"); the open
-- segment's head is signed at least every minute (checkpoints). Retention removes whole sealed
-- segments and leaves a signed tombstone in their place. The triggers refuse changes through
-- SQL, except the removal of what a tombstone covers; the signatures make any change that
-- bypasses them visible to `grenzeloos audit verify`.

CREATE TABLE forensic_audit_events (
    seq         BIGINT PRIMARY KEY,
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    action      TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id   TEXT NOT NULL,
    outcome     TEXT NOT NULL,
    purpose     TEXT,
    details     TEXT,
    prev_hash   TEXT NOT NULL,
    hash        TEXT NOT NULL
);
CREATE INDEX forensic_audit_events_at ON forensic_audit_events(at);
CREATE INDEX forensic_audit_events_actor ON forensic_audit_events(actor);

CREATE TABLE forensic_audit_segments (
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

CREATE TABLE forensic_audit_checkpoints (
    seq       BIGINT PRIMARY KEY,
    hash      TEXT NOT NULL,
    signed_at TEXT NOT NULL,
    key_id    TEXT NOT NULL,
    signature TEXT NOT NULL
);

CREATE TABLE forensic_audit_tombstones (
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

CREATE FUNCTION forensic_audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM forensic_audit_tombstones t WHERE OLD.seq BETWEEN t.first_seq AND t.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'forensic_audit_events is append-only: only a purge under a tombstone removes events';
END;
$$;
CREATE TRIGGER forensic_audit_events_no_update BEFORE UPDATE OR DELETE ON forensic_audit_events
    FOR EACH ROW EXECUTE FUNCTION forensic_audit_events_append_only();

-- A segment is sealed once; it goes only with its events, under a tombstone.
CREATE FUNCTION forensic_audit_segments_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND OLD.signature IS NULL THEN
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM forensic_audit_tombstones t WHERE OLD.first_seq BETWEEN t.first_seq AND t.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'a sealed audit segment cannot change, and goes only under a tombstone';
END;
$$;
CREATE TRIGGER forensic_audit_segments_guard BEFORE UPDATE OR DELETE ON forensic_audit_segments
    FOR EACH ROW EXECUTE FUNCTION forensic_audit_segments_guard();

CREATE FUNCTION forensic_audit_checkpoints_guard() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND EXISTS (SELECT 1 FROM forensic_audit_tombstones t WHERE OLD.seq BETWEEN t.first_seq AND t.last_seq) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'forensic_audit_checkpoints is append-only';
END;
$$;
CREATE TRIGGER forensic_audit_checkpoints_guard BEFORE UPDATE OR DELETE ON forensic_audit_checkpoints
    FOR EACH ROW EXECUTE FUNCTION forensic_audit_checkpoints_guard();

CREATE FUNCTION forensic_audit_tombstones_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'forensic_audit_tombstones is append-only';
END;
$$;
CREATE TRIGGER forensic_audit_tombstones_guard BEFORE UPDATE OR DELETE ON forensic_audit_tombstones
    FOR EACH ROW EXECUTE FUNCTION forensic_audit_tombstones_append_only();
