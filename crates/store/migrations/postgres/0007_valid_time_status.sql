-- Statuses in valid time (issue 11): agreements, dossiers, commitments, assistance and
-- placements keep a history of (status, from date) beside their versions in recorded time,
-- so that a report for an earlier date reads the status as it was on that date.
--
-- Agreements also record their publication, the date from which they apply (Directive (EU)
-- 2023/977: in force 11 June 2023, applies from 12 December 2024), the agreement that replaced
-- them, and the article that provides each exchange. Histories and articles are JSON text.

ALTER TABLE agreements ADD COLUMN published TEXT;
ALTER TABLE agreements ADD COLUMN applies_from TEXT;
ALTER TABLE agreements ADD COLUMN replaced_by TEXT;
ALTER TABLE agreements ADD COLUMN articles TEXT NOT NULL DEFAULT '{}';
ALTER TABLE agreements ADD COLUMN status_history TEXT NOT NULL DEFAULT '[]';

-- Existing agreements: a status before signature from the day it was recorded, the later
-- steps from their dates (ended: the day after the last day it applied).
UPDATE agreements a SET status_history = (
    SELECT coalesce(jsonb_agg(jsonb_build_object('status', s, 'from', f) ORDER BY o), '[]'::jsonb)::text
    FROM (
        SELECT 1 AS o, a.status AS s, substr(a.recorded_from, 1, 10) AS f
            WHERE a.status IN ('exploring', 'negotiating') AND a.signed IS NULL
        UNION ALL SELECT 2, 'signed', a.signed WHERE a.signed IS NOT NULL
        UNION ALL SELECT 3, 'in_force', a.in_force WHERE a.in_force IS NOT NULL
        UNION ALL SELECT 4, 'ended', to_char(a.ended::date + 1, 'YYYY-MM-DD') WHERE a.ended IS NOT NULL
    ) steps
);

-- Existing documents: one step from the date the record itself gives for its status, else
-- from the day it was recorded; an ended placement was active from its start.
UPDATE instruments SET body = (body::jsonb || jsonb_build_object('status_history', jsonb_build_array(
        jsonb_build_object('status', 'active', 'from', body::jsonb #>> '{period,start}'),
        jsonb_build_object('status', 'ended', 'from',
            to_char((body::jsonb #>> '{period,end}')::date + 1, 'YYYY-MM-DD')))))::text
    WHERE kind = 'placement' AND body::jsonb ->> 'status' = 'ended';
UPDATE instruments SET body = (body::jsonb || jsonb_build_object('status_history', jsonb_build_array(
        jsonb_build_object('status', body::jsonb ->> 'status', 'from',
            CASE body::jsonb ->> 'status'
                WHEN 'active' THEN body::jsonb #>> '{period,start}'
                ELSE substr(recorded_from, 1, 10)
            END))))::text
    WHERE kind = 'placement' AND body::jsonb ->> 'status' <> 'ended';
UPDATE instruments SET body = (body::jsonb || jsonb_build_object('status_history', jsonb_build_array(
        jsonb_build_object('status', body::jsonb ->> 'status', 'from',
            CASE
                WHEN body::jsonb ->> 'status' = 'deployed' THEN body::jsonb #>> '{period,start}'
                WHEN body::jsonb ->> 'status' IN ('completed', 'reported', 'settled')
                    THEN coalesce(body::jsonb #>> '{period,end}', body::jsonb #>> '{period,start}')
                ELSE substr(recorded_from, 1, 10)
            END))))::text
    WHERE kind = 'assistance';
UPDATE instruments SET body = (body::jsonb || jsonb_build_object('status_history', jsonb_build_array(
        jsonb_build_object('status', 'open', 'from', body::jsonb ->> 'made_on'),
        jsonb_build_object('status', 'fulfilled', 'from', body::jsonb ->> 'answered_on'))))::text
    WHERE kind = 'commitment' AND body::jsonb ->> 'status' = 'fulfilled'
        AND body::jsonb ->> 'answered_on' IS NOT NULL
        AND body::jsonb ->> 'answered_on' > body::jsonb ->> 'made_on';
UPDATE instruments SET body = (body::jsonb || jsonb_build_object('status_history', jsonb_build_array(
        jsonb_build_object('status', body::jsonb ->> 'status', 'from', body::jsonb ->> 'made_on'))))::text
    WHERE kind = 'commitment' AND NOT (body::jsonb ? 'status_history');
UPDATE instruments SET body = (body::jsonb || jsonb_build_object('status_history', jsonb_build_array(
        jsonb_build_object('status', body::jsonb ->> 'status', 'from',
            coalesce(body::jsonb #>> '{milestones,0,date}', substr(recorded_from, 1, 10))))))::text
    WHERE kind = 'dossier';
