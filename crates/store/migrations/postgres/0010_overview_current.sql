-- The overview of today's knowledge reads only current versions (recorded_to IS NULL), through
-- partial indexes. A deployment on date D started at most `span_days` (its length) before D,
-- so with the longest span known the count reads only deployments that started within that
-- window before D, plus the open-ended ones, instead of every deployment ever started.
ALTER TABLE deployments ADD COLUMN span_days BIGINT;
UPDATE deployments
   SET span_days = CAST(end_date AS DATE) - CAST(start_date AS DATE)
 WHERE end_date IS NOT NULL;
CREATE INDEX deployments_active_current
    ON deployments(start_date, end_date, status, mission_id, officer_id) WHERE recorded_to IS NULL;
CREATE INDEX deployments_open_current
    ON deployments(start_date, status, mission_id, officer_id) WHERE recorded_to IS NULL AND end_date IS NULL;
CREATE INDEX deployments_span_current ON deployments(span_days) WHERE recorded_to IS NULL;
