-- Irrevocable erasure of personal data and retention rules (SPOC-14, WPG-02; docs/data-protection.md).
--
-- `erased_at` marks every recorded-time version whose personal fields an erasure blanked: a
-- report "as recorded at" a moment before the erasure reads the person as erased, never the
-- old values. Every table that an erasure rewrites has this column.
ALTER TABLE officers ADD COLUMN erased_at TEXT;
ALTER TABLE instruments ADD COLUMN erased_at TEXT;

-- The registry's erasures: what was erased, why and by whom, and whether the physical
-- cleanup after the commit (the WAL checkpoint on SQLite, VACUUM FULL on PostgreSQL) has
-- completed; the node's minute retries the ones that have not. The reason is checked to
-- name no one; the audit event refers to the erasure by id and holds no text.
CREATE TABLE erasures (
    id             TEXT PRIMARY KEY,
    subject_type   TEXT NOT NULL,
    subject_id     TEXT NOT NULL,
    ground         TEXT NOT NULL CHECK (ground IN ('request', 'retention_decision', 'retention_rule')),
    category       TEXT,
    reason         TEXT NOT NULL,
    erased_at      TEXT NOT NULL,
    erased_by      TEXT NOT NULL,
    versions       BIGINT NOT NULL,
    tables         TEXT NOT NULL,
    scrubbed_at    TEXT,
    scrub_attempts BIGINT NOT NULL DEFAULT 0,
    scrub_note     TEXT
);
CREATE INDEX erasures_subject ON erasures(subject_type, subject_id);
CREATE INDEX erasures_pending ON erasures(erased_at) WHERE scrubbed_at IS NULL;

-- What the daily job `retention.review` found due, per category of personal data and
-- subject, and the decision on it. One open row per subject and category; a decision or a
-- subject that is no longer due closes it.
CREATE TABLE retention_reviews (
    id          TEXT PRIMARY KEY,
    category    TEXT NOT NULL,
    subject_id  TEXT NOT NULL,
    due         TEXT NOT NULL CHECK (due IN ('review', 'erase')),
    due_since   TEXT NOT NULL,
    clock_start TEXT NOT NULL,
    listed_at   TEXT NOT NULL,
    closed_at   TEXT,
    outcome     TEXT CHECK (outcome IN ('keep', 'erase', 'erased_automatically', 'lapsed')),
    keep_until  TEXT,
    reason      TEXT,
    decided_by  TEXT
);
CREATE UNIQUE INDEX retention_reviews_open ON retention_reviews(category, subject_id) WHERE closed_at IS NULL;
CREATE INDEX retention_reviews_subject ON retention_reviews(category, subject_id, closed_at);
