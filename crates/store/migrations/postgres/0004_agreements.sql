-- Agreements: treaties, EU instruments, MoUs, letters of intent, working arrangements.
-- Versioned in recorded time like the registry (see 0002). Lists are stored as
-- comma-separated codes: parties (ISO codes or EU) and the exchanges it is a legal basis for.
CREATE TABLE agreements (
    version_id      BIGSERIAL PRIMARY KEY,
    id              TEXT NOT NULL,
    title           TEXT NOT NULL,
    kind            TEXT NOT NULL CHECK (kind IN ('treaty', 'eu_instrument', 'mou', 'letter_of_intent', 'working_arrangement')),
    status          TEXT NOT NULL CHECK (status IN ('exploring', 'negotiating', 'signed', 'in_force', 'ended')),
    parties         TEXT NOT NULL,
    subject         TEXT NOT NULL,
    signed          TEXT,
    in_force        TEXT,
    ended           TEXT,
    legal_basis_for TEXT NOT NULL,
    implements      TEXT,
    recorded_from   TEXT NOT NULL,
    recorded_to     TEXT,
    recorded_by     TEXT NOT NULL
);
CREATE UNIQUE INDEX agreements_current ON agreements(id) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX agreements_title_current ON agreements(title) WHERE recorded_to IS NULL;
