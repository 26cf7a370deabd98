-- The overview counts officers per mission on a date from every deployment version. This index
-- holds every column that query reads, so it is answered from the index alone.
CREATE INDEX deployments_overview ON deployments(mission_id, start_date, end_date, status, officer_id, recorded_from, recorded_to);
