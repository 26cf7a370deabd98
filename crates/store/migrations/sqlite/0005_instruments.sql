-- The other instruments of cooperation (liaison placements, assistance, security
-- assessments, incidents, contacts, dossiers, commitments, programmes, developments,
-- annexes and amendments of agreements) as typed documents: the domain type serialised as
-- JSON, versioned in recorded time like the registry (see 0002 and ADR 0004).
CREATE TABLE instruments (
    version_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind          TEXT NOT NULL,
    id            TEXT NOT NULL,
    body          TEXT NOT NULL,
    recorded_from TEXT NOT NULL,
    recorded_to   TEXT,
    recorded_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX instruments_current ON instruments(kind, id) WHERE recorded_to IS NULL;
CREATE INDEX instruments_by_kind ON instruments(kind, recorded_from);
