-- The SPOC desk's registers beside its cases (issue 14, docs/spoc.md): the languages each
-- partner accepts, the Benelux oral requests awaiting their written confirmation, the consent
-- of the states information came from, the on-call judicial contacts, the transfer
-- assessments for third countries, and the erasure of a case's personal data.

-- SPOC-08, Art 11 Directive (EU) 2023/977: the languages a partner's SPOC accepts for
-- requests, besides English (which every list holds and is not stored). Comma-separated
-- ISO 639-1 codes. Not personal data.
CREATE TABLE spoc_partner_languages (
    partner     TEXT PRIMARY KEY,
    languages   TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    updated_by  TEXT NOT NULL
);

-- BNL-02, Benelux police treaty art 12(2): a request made orally is confirmed in writing
-- within 24 hours; the case shows that until the confirmation is recorded.
ALTER TABLE spoc_cases ADD COLUMN oral BIGINT NOT NULL DEFAULT 0;
ALTER TABLE spoc_cases ADD COLUMN oral_confirmed_at TEXT;

-- BNL-01, Art 6(1)(h): the states (or third countries) information on a case came from, and
-- whether each consented to passing it on. `consent` NULL: not asked yet. State codes and
-- dates only, no personal data.
CREATE TABLE spoc_consents (
    case_id       TEXT NOT NULL REFERENCES spoc_cases(id),
    state         TEXT NOT NULL,
    consent       TEXT,
    asked_at      TEXT,
    decided_at    TEXT,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    PRIMARY KEY (case_id, state)
);

-- SPOC-15, Art 14(3): who can give a judicial authorisation when, around the clock. The
-- names and numbers are the officials' own work contact data.
CREATE TABLE spoc_judicial_contacts (
    id             TEXT PRIMARY KEY,
    name           TEXT NOT NULL,
    authority      TEXT NOT NULL,
    phone          TEXT NOT NULL,
    email          TEXT,
    on_call_from   TEXT NOT NULL,
    on_call_until  TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    withdrawn_at   TEXT
);
CREATE INDEX spoc_judicial_contacts_until ON spoc_judicial_contacts(on_call_until);

-- LED-03, Directive (EU) 2016/680 Arts 35–38 (Wpg art. 17a): before anything on a case goes
-- to a third country or an international organisation, the transfer's basis — an adequacy
-- decision, appropriate safeguards (a binding instrument of the agreements registry), or a
-- derogation for the case — its necessity and who decided. With the outbox (date and time,
-- recipient, the data) it is the documentation of Arts 37(3) and 38(3). `necessity` may
-- describe the case: personal data, erased with the case's.
CREATE TABLE spoc_transfer_assessments (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES spoc_cases(id),
    recipient     TEXT NOT NULL,
    basis         TEXT NOT NULL,
    instrument    TEXT,
    derogation    TEXT,
    necessity     TEXT,
    decided_by    TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    recorded_by   TEXT NOT NULL,
    erased_at     TEXT
);
CREATE INDEX spoc_transfer_assessments_case ON spoc_transfer_assessments(case_id);
ALTER TABLE spoc_outbox ADD COLUMN transfer_assessment_id TEXT;

-- SPOC-14: the erasure of a case's personal data marks every row it rewrote.
ALTER TABLE spoc_subjects ADD COLUMN erased_at TEXT;
ALTER TABLE spoc_communications ADD COLUMN erased_at TEXT;
ALTER TABLE spoc_outbox ADD COLUMN erased_at TEXT;

-- The exchange domain's erasures, as the registry's (`erasures`, migration 0011).
CREATE TABLE exchange_erasures (
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
CREATE INDEX exchange_erasures_subject ON exchange_erasures(subject_type, subject_id);
CREATE INDEX exchange_erasures_pending ON exchange_erasures(erased_at) WHERE scrubbed_at IS NULL;
