-- The registry of missions and deployments (data domain: registry, AVG/GDPR).
-- Every table is versioned in recorded time: a row is one version of entity `id`, known from
-- `recorded_from` until `recorded_to` (NULL: current knowledge). A change closes the current
-- version and inserts a new one, so every report can be reproduced as it was produced.
-- Valid time (when something is true in the world) lives in the entity's own date columns.

CREATE TABLE partners (
    version_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL,
    code          TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('state', 'kingdom_partner', 'organisation')),
    name_nl       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    recorded_from TEXT NOT NULL,
    recorded_to   TEXT,
    recorded_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX partners_current ON partners(id) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX partners_code_current ON partners(code) WHERE recorded_to IS NULL;

CREATE TABLE missions (
    version_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL,
    name          TEXT NOT NULL,
    acronym       TEXT,
    mandated_by   TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT,
    recorded_from TEXT NOT NULL,
    recorded_to   TEXT,
    recorded_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX missions_current ON missions(id) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX missions_name_current ON missions(name) WHERE recorded_to IS NULL;

CREATE TABLE mission_locations (
    version_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL,
    mission_id    TEXT NOT NULL,
    valid_from    TEXT NOT NULL,
    country_codes TEXT NOT NULL,
    station       TEXT NOT NULL,
    recorded_from TEXT NOT NULL,
    recorded_to   TEXT,
    recorded_by   TEXT NOT NULL
);
CREATE INDEX mission_locations_mission ON mission_locations(mission_id);
CREATE UNIQUE INDEX mission_locations_current ON mission_locations(mission_id, valid_from) WHERE recorded_to IS NULL;

CREATE TABLE officers (
    version_id       INTEGER PRIMARY KEY AUTOINCREMENT,
    id               TEXT NOT NULL,
    personnel_number TEXT NOT NULL,
    given_name       TEXT NOT NULL,
    family_name      TEXT NOT NULL,
    gender           TEXT NOT NULL CHECK (gender IN ('female', 'male', 'x')),
    rank             TEXT,
    unit             TEXT,
    recorded_from    TEXT NOT NULL,
    recorded_to      TEXT,
    recorded_by      TEXT NOT NULL
);
CREATE UNIQUE INDEX officers_current ON officers(id) WHERE recorded_to IS NULL;
CREATE UNIQUE INDEX officers_number_current ON officers(personnel_number) WHERE recorded_to IS NULL;

CREATE TABLE teams (
    version_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    id            TEXT NOT NULL,
    mission_id    TEXT NOT NULL,
    name          TEXT NOT NULL,
    task          TEXT NOT NULL,
    start_date    TEXT NOT NULL,
    end_date      TEXT,
    contributions TEXT NOT NULL,
    recorded_from TEXT NOT NULL,
    recorded_to   TEXT,
    recorded_by   TEXT NOT NULL
);
CREATE UNIQUE INDEX teams_current ON teams(id) WHERE recorded_to IS NULL;

CREATE TABLE deployments (
    version_id          INTEGER PRIMARY KEY AUTOINCREMENT,
    id                  TEXT NOT NULL,
    officer_id          TEXT NOT NULL,
    mission_id          TEXT NOT NULL,
    team_id             TEXT,
    function            TEXT NOT NULL,
    start_date          TEXT NOT NULL,
    end_date            TEXT,
    status              TEXT NOT NULL CHECK (status IN ('planned', 'deployed', 'ended', 'evacuated', 'cancelled')),
    consent_date        TEXT,
    consent_recorded_by TEXT,
    recorded_from       TEXT NOT NULL,
    recorded_to         TEXT,
    recorded_by         TEXT NOT NULL
);
CREATE UNIQUE INDEX deployments_current ON deployments(id) WHERE recorded_to IS NULL;
CREATE INDEX deployments_mission ON deployments(mission_id, start_date);
CREATE INDEX deployments_officer ON deployments(officer_id);
