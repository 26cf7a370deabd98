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
UPDATE agreements SET status_history = (
    SELECT json_group_array(json_object('status', s, 'from', f)) FROM (
        SELECT 1 AS o, agreements.status AS s, substr(agreements.recorded_from, 1, 10) AS f
            WHERE agreements.status IN ('exploring', 'negotiating') AND agreements.signed IS NULL
        UNION ALL SELECT 2, 'signed', agreements.signed WHERE agreements.signed IS NOT NULL
        UNION ALL SELECT 3, 'in_force', agreements.in_force WHERE agreements.in_force IS NOT NULL
        UNION ALL SELECT 4, 'ended', date(agreements.ended, '+1 day') WHERE agreements.ended IS NOT NULL
        ORDER BY o
    )
);

-- Existing documents: one step from the date the record itself gives for its status, else
-- from the day it was recorded; an ended placement was active from its start.
UPDATE instruments SET body = json_set(body, '$.status_history', json_array(
        json_object('status', 'active', 'from', json_extract(body, '$.period.start')),
        json_object('status', 'ended', 'from', date(json_extract(body, '$.period.end'), '+1 day'))))
    WHERE kind = 'placement' AND json_extract(body, '$.status') = 'ended';
UPDATE instruments SET body = json_set(body, '$.status_history', json_array(
        json_object('status', json_extract(body, '$.status'), 'from',
            CASE json_extract(body, '$.status')
                WHEN 'active' THEN json_extract(body, '$.period.start')
                ELSE substr(recorded_from, 1, 10)
            END)))
    WHERE kind = 'placement' AND json_extract(body, '$.status') <> 'ended';
UPDATE instruments SET body = json_set(body, '$.status_history', json_array(
        json_object('status', json_extract(body, '$.status'), 'from',
            CASE
                WHEN json_extract(body, '$.status') = 'deployed'
                    THEN json_extract(body, '$.period.start')
                WHEN json_extract(body, '$.status') IN ('completed', 'reported', 'settled')
                    THEN coalesce(json_extract(body, '$.period.end'), json_extract(body, '$.period.start'))
                ELSE substr(recorded_from, 1, 10)
            END)))
    WHERE kind = 'assistance';
UPDATE instruments SET body = json_set(body, '$.status_history', json_array(
        json_object('status', 'open', 'from', json_extract(body, '$.made_on')),
        json_object('status', 'fulfilled', 'from', json_extract(body, '$.answered_on'))))
    WHERE kind = 'commitment' AND json_extract(body, '$.status') = 'fulfilled'
        AND json_extract(body, '$.answered_on') IS NOT NULL
        AND json_extract(body, '$.answered_on') > json_extract(body, '$.made_on');
UPDATE instruments SET body = json_set(body, '$.status_history', json_array(
        json_object('status', json_extract(body, '$.status'), 'from', json_extract(body, '$.made_on'))))
    WHERE kind = 'commitment' AND json_extract(body, '$.status_history') IS NULL;
UPDATE instruments SET body = json_set(body, '$.status_history', json_array(
        json_object('status', json_extract(body, '$.status'), 'from',
            coalesce(json_extract(body, '$.milestones[0].date'), substr(recorded_from, 1, 10)))))
    WHERE kind = 'dossier';
