-- Daily jobs of the node (crates/app/src/jobs.rs): the day each last ran, so that a restart
-- or a second node does not run a job twice on one day.
CREATE TABLE job_runs (
    name        TEXT PRIMARY KEY,
    day         TEXT NOT NULL,
    started_at  TEXT NOT NULL,
    finished_at TEXT,
    outcome     TEXT,
    summary     TEXT
);
