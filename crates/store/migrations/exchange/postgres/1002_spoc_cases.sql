-- The SPOC desk's cases under Directive (EU) 2023/977 (issue 14, docs/spoc.md).
--
-- What the desk's dashboard and the Art 18 statistics need is kept in columns without personal
-- data (direction, partner, urgency, status, deadline, outcome); the case's content — the
-- request with its facts and subjects, the texts of answers and communications, the
-- cross-check keys — is personal data (SPOC-13) and is erased irrevocably when it is no longer
-- needed (SPOC-14): `content`, `data` and `text` become NULL, the key rows are deleted, the
-- case keeps its statistics. Instants are fixed-width UTC text as in every domain; flags are
-- 0/1 integers, so one query set serves both backends.

-- One case: a request received or sent, an own-initiative provision, a copy received.
CREATE TABLE spoc_cases (
    id                 TEXT PRIMARY KEY,
    -- SPOC-2026-000123: the year of registration and a number counted per year.
    reference          TEXT NOT NULL UNIQUE,
    direction          TEXT NOT NULL,
    -- The other state (ISO 3166-1 alpha-2) or organisation code.
    partner            TEXT NOT NULL,
    -- When the request was received (incoming) or sent (outgoing): the Art 5 clock's start.
    received_at        TEXT NOT NULL,
    urgency            TEXT NOT NULL,
    urgency_ground     TEXT,
    availability       TEXT NOT NULL,
    language           TEXT NOT NULL,
    channel            TEXT NOT NULL,
    channel_exception  TEXT,
    europol_copy       BIGINT NOT NULL,
    -- The partner's own reference of the case, when known.
    partner_reference  TEXT,
    status             TEXT NOT NULL,
    -- The Art 5 deadline as it stands (NULL while the clock is stopped, and for a case whose
    -- deadline does not run against us).
    deadline           TEXT,
    assignee           TEXT,
    -- The request (JSON, personal data); NULL once erased.
    content            TEXT,
    answered_at        TEXT,
    -- 1 when answered (or refused) by the deadline, 0 when late; NULL while open.
    in_time            BIGINT,
    -- The Art 6(1) grounds of a refusal, comma-separated (a–h).
    refusal_grounds    TEXT,
    refused_in_part    BIGINT NOT NULL DEFAULT 0,
    -- An Art 5(2) deviation for judicial authorisation was notified (Art 18(2)(d)).
    judicial_delay     BIGINT NOT NULL DEFAULT 0,
    concluded_at       TEXT,
    -- Six months after conclusion: when the case comes up for review (SPOC-14).
    review_due         TEXT,
    erased_at          TEXT,
    created_at         TEXT NOT NULL,
    created_by         TEXT NOT NULL,
    updated_at         TEXT NOT NULL
);
-- The dashboard: the cases awaiting the desk or the partner, by deadline (a partial index
-- holds those only; the query repeats its condition, `store::spoc::OPEN`).
CREATE INDEX spoc_cases_open ON spoc_cases(deadline)
    WHERE status IN ('received', 'in_progress', 'awaiting_clarification', 'awaiting_judicial_authorisation', 'sent');
-- The statistics of a year, and the review of concluded cases.
CREATE INDEX spoc_cases_received ON spoc_cases(received_at);
CREATE INDEX spoc_cases_review ON spoc_cases(review_due) WHERE erased_at IS NULL;

-- The last number given out per year, for the human reference.
CREATE TABLE spoc_reference_numbers (
    year   BIGINT PRIMARY KEY,
    last   BIGINT NOT NULL
);

-- The subjects of a case (persons, documents, vehicles, organisations, phones), each as the
-- message schema's JSON. Personal data: `data` is NULL once erased.
CREATE TABLE spoc_subjects (
    case_id  TEXT NOT NULL REFERENCES spoc_cases(id),
    ordinal  BIGINT NOT NULL,
    kind     TEXT NOT NULL,
    data     TEXT,
    PRIMARY KEY (case_id, ordinal)
);

-- The cross-check index (SPOC-04): each subject's keys (domain::spoc::crosscheck::keys) and
-- the case's references. Equality lookups only; deleted with the case's personal data.
CREATE TABLE spoc_match_keys (
    match_key  TEXT NOT NULL,
    case_id    TEXT NOT NULL REFERENCES spoc_cases(id),
    -- The subject's ordinal; -1 for a reference of the case itself.
    ordinal    BIGINT NOT NULL,
    PRIMARY KEY (match_key, case_id, ordinal)
);
CREATE INDEX spoc_match_keys_case ON spoc_match_keys(case_id);

-- Art 6(3) suspensions: from the moment the requester receives our clarification request
-- until the clarification arrives (to_at NULL while awaited).
CREATE TABLE spoc_suspensions (
    case_id  TEXT NOT NULL REFERENCES spoc_cases(id),
    ordinal  BIGINT NOT NULL,
    from_at  TEXT NOT NULL,
    to_at    TEXT,
    PRIMARY KEY (case_id, ordinal)
);

-- Every communication on a case (SPOC-03): with the foreign SPOC or authority, and with
-- national authorities (who was asked, when, what came back). `text` is personal data.
CREATE TABLE spoc_communications (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES spoc_cases(id),
    at            TEXT NOT NULL,
    -- request, answer, refusal, clarification_request, clarification, judicial_delay,
    -- provision, national_request, national_reply, note.
    kind          TEXT NOT NULL,
    -- in (to us) or out (from us).
    way           TEXT NOT NULL,
    counterpart   TEXT NOT NULL,
    text          TEXT,
    recorded_by   TEXT NOT NULL
);
CREATE INDEX spoc_communications_case ON spoc_communications(case_id, at);

-- The durable outbox: a message to a partner is written in the same transaction as the case
-- change; the exchange adapters deliver it (until then it stays queued).
CREATE TABLE spoc_outbox (
    id            TEXT PRIMARY KEY,
    case_id       TEXT NOT NULL REFERENCES spoc_cases(id),
    created_at    TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    message_type  TEXT NOT NULL,
    -- The message (grenzeloos.spoc.message/1); NULL once erased.
    payload       TEXT,
    state         TEXT NOT NULL,
    delivered_at  TEXT
);
CREATE INDEX spoc_outbox_queued ON spoc_outbox(created_at) WHERE state = 'queued';
CREATE INDEX spoc_outbox_case ON spoc_outbox(case_id);
