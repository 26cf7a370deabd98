//! Statuses in valid time: the life of an agreement, a dossier, a commitment to parliament, an
//! assistance request or a placement as a history of (status, from date), beside the versions
//! in recorded time that every record already has.
//!
//! Recorded time answers "what did the registry say at moment T" (`--as-recorded-at`); the
//! status history answers "what was the status on date D" with today's knowledge. An annex for
//! an earlier half year reads the second: the Benelux police treaty was signed in 2018 and in
//! force only from 1 October 2023, so the annex of December 2021 calls it signed. Every page,
//! API answer and report asks [`StatusHistory::on`], so the question is answered once.
//!
//! A change of status records its date: by default the date the record itself implies (a
//! placement is active from its start), else today; an earlier date may be given for what is
//! registered late. A history never goes back in time.

use crate::choice::Choice;
use crate::error::{Invalid, Violation};
use crate::time::parse_date;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};

/// The longest note we accept on a status change.
pub const MAX_NOTE: usize = 2_000;

/// What a change to a record knows besides its input: today's date (the default date of a
/// change of status) and the record as it stood before (None for a new record).
#[derive(Debug)]
pub struct Revision<'a, T> {
    pub today: Date,
    pub previous: Option<&'a T>,
}

impl<T> Clone for Revision<'_, T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Revision<'_, T> {}

impl<'a, T> Revision<'a, T> {
    /// A new record, entered on `today`.
    pub fn new(today: Date) -> Revision<'a, T> {
        Revision {
            today,
            previous: None,
        }
    }

    /// A change, on `today`, of the record as it stood.
    pub fn of(today: Date, previous: &'a T) -> Revision<'a, T> {
        Revision {
            today,
            previous: Some(previous),
        }
    }
}

/// One step in the life of a record: from `from` on, its status is `status`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusChange<S> {
    pub status: S,
    pub from: Date,
    /// What the step means, as the annex of a half year reports it ("first steps taken").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// The statuses of a record in valid time, oldest first; dates never go back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct StatusHistory<S>(Vec<StatusChange<S>>);

impl<S: Choice> StatusHistory<S> {
    /// A history of one status from a date.
    pub fn starting(status: S, from: Date) -> StatusHistory<S> {
        StatusHistory(vec![StatusChange {
            status,
            from,
            note: None,
        }])
    }

    /// The steps, oldest first.
    pub fn changes(&self) -> &[StatusChange<S>] {
        &self.0
    }

    /// The step in force on `date`: the latest that began on or before it. None before the
    /// record's first status (it did not exist yet, as far as valid time knows).
    pub fn on(&self, date: Date) -> Option<&StatusChange<S>> {
        self.0.iter().rev().find(|change| change.from <= date)
    }

    /// The status on `date`.
    pub fn status_on(&self, date: Date) -> Option<S> {
        self.on(date).map(|change| change.status)
    }

    /// The last step known, which may lie in the future (a known date of entry into force).
    pub fn latest(&self) -> Option<&StatusChange<S>> {
        self.0.last()
    }

    /// The first date the record has a status.
    pub fn first_date(&self) -> Option<Date> {
        self.0.first().map(|change| change.from)
    }

    /// When the record first reached `status`, if it did.
    pub fn reached(&self, status: S) -> Option<Date> {
        self.0
            .iter()
            .find(|change| change.status == status)
            .map(|change| change.from)
    }
}

/// One step as entered (an explicit history replaces the recorded one: a correction, an
/// import).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChangeInput {
    pub status: String,
    /// The date from which the status holds, YYYY-MM-DD.
    pub from: String,
    #[serde(default)]
    pub note: Option<String>,
}

/// What an input says about a record's status: the status it has now, optionally the date it
/// took effect and a note, or a whole history that replaces the recorded one (followed by the
/// status, when that differs from the history's last step).
#[derive(Debug, Clone, Copy, Default)]
pub struct StatusRequest<'a> {
    pub status: &'a str,
    pub from: Option<&'a str>,
    pub note: Option<&'a str>,
    pub history: Option<&'a [StatusChangeInput]>,
}

/// Where a step of a revised history came from, so that a refusal names the field to fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// Entry `i` of the `status_history` given with the input.
    Given(usize),
    /// The recorded history of the record as it stood.
    Kept,
    /// The change the input asks for; `dated` when the input gave its date.
    Changed { dated: bool },
}

impl Origin {
    /// The input field that holds this step's date.
    pub fn field(self) -> String {
        match self {
            Origin::Given(i) => format!("status_history[{i}].from"),
            Origin::Kept => "status_history".to_string(),
            Origin::Changed { .. } => "status_from".to_string(),
        }
    }
}

/// A revised history with the origin of each step, for the rules of each kind.
#[derive(Debug, Clone)]
pub struct Revised<S> {
    pub changes: Vec<StatusChange<S>>,
    pub origins: Vec<Origin>,
}

impl<S: Choice> Revised<S> {
    pub fn latest(&self) -> Option<S> {
        self.changes.last().map(|c| c.status)
    }

    /// Refuses the first step of `status` dated before `limit`, naming its field.
    pub fn not_before(
        &self,
        statuses: &[S],
        limit: Option<Date>,
        code: &'static str,
        why: impl Fn(&StatusChange<S>, Date) -> String,
    ) -> Invalid<()> {
        let Some(limit) = limit else {
            return Ok(());
        };
        for (change, origin) in self.changes.iter().zip(&self.origins) {
            if statuses.contains(&change.status) && change.from < limit {
                return Err(Violation::at(code, origin.field(), why(change, limit)));
            }
        }
        Ok(())
    }

    /// The history, once the kind's rules accepted it.
    pub fn history(self) -> StatusHistory<S> {
        StatusHistory(self.changes)
    }
}

fn note(field: &str, value: Option<&str>) -> Invalid<Option<String>> {
    match value.map(str::trim).filter(|v| !v.is_empty()) {
        None => Ok(None),
        Some(text) if text.chars().count() > MAX_NOTE => Err(Violation::at(
            "too_long",
            field,
            format!("is longer than {MAX_NOTE} characters"),
        )),
        Some(text) => Ok(Some(text.to_string())),
    }
}

/// Applies `request` to the history of a record (`previous`: the recorded one, None for a
/// new record). A new status is appended, dated by the request, else by the date the record
/// implies for that status (`implied`), else `today`; the same status with a date re-dates the
/// last step (a late registration). The result never goes back in time and never repeats a
/// status twice in a row.
pub fn revise<S: Choice>(
    previous: Option<&StatusHistory<S>>,
    request: StatusRequest<'_>,
    today: Date,
    implied: impl Fn(S) -> Option<Date>,
) -> Invalid<Revised<S>> {
    let mut changes = Vec::new();
    let mut origins = Vec::new();
    match request.history.filter(|h| !h.is_empty()) {
        Some(given) => {
            for (i, step) in given.iter().enumerate() {
                changes.push(StatusChange {
                    status: S::parse_at(&format!("status_history[{i}].status"), &step.status)?,
                    from: parse_date(&format!("status_history[{i}].from"), &step.from)?,
                    note: note(&format!("status_history[{i}].note"), step.note.as_deref())?,
                });
                origins.push(Origin::Given(i));
            }
        }
        None => {
            if let Some(previous) = previous {
                changes.extend(previous.0.iter().cloned());
                origins.extend(previous.0.iter().map(|_| Origin::Kept));
            }
        }
    }
    let from = match request.from.map(str::trim).filter(|v| !v.is_empty()) {
        None => None,
        Some(text) => Some(parse_date("status_from", text)?),
    };
    let note = note("status_note", request.note)?;
    let status = match request.status.trim() {
        "" => match changes.last() {
            Some(last) => last.status,
            None => {
                return Err(Violation::at(
                    "required_by_rule",
                    "status",
                    "give the status, or a status history",
                ));
            }
        },
        code => S::parse_at("status", code)?,
    };
    match changes.last_mut() {
        Some(last) if last.status == status => {
            // The same status: a date re-dates it (registered late), a note completes it.
            if let Some(from) = from {
                last.from = from;
                if let Some(origin) = origins.last_mut() {
                    *origin = Origin::Changed { dated: true };
                }
            }
            if note.is_some() {
                last.note = note;
            }
        }
        _ => {
            changes.push(StatusChange {
                status,
                from: from.or_else(|| implied(status)).unwrap_or(today),
                note,
            });
            origins.push(Origin::Changed {
                dated: from.is_some(),
            });
        }
    }
    for i in 1..changes.len() {
        let (before, after) = (&changes[i - 1], &changes[i]);
        if after.from < before.from {
            return Err(Violation::at(
                "history_goes_back",
                origins[i].field(),
                format!(
                    "'{}' from {} lies before '{}' from {}: a status history does not go back in time",
                    after.status.code(),
                    after.from,
                    before.status.code(),
                    before.from
                ),
            ));
        }
        if after.status == before.status {
            return Err(Violation::at(
                "repeated_status",
                origins[i].field(),
                format!(
                    "'{}' follows itself; a history records each change of status once",
                    after.status.code()
                ),
            ));
        }
    }
    Ok(Revised { changes, origins })
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::choice! {
        enum Stage ("stage") { Open = "open", Busy = "busy", Done = "done" }
    }

    fn date(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn ask(status: &str) -> StatusRequest<'_> {
        StatusRequest {
            status,
            ..Default::default()
        }
    }

    fn none(_: Stage) -> Option<Date> {
        None
    }

    #[test]
    fn the_status_on_a_date_is_the_latest_step_begun_by_then() {
        let h = revise(None, ask("open"), date("2023-06-30"), none)
            .unwrap()
            .history();
        let h = revise(
            Some(&h),
            StatusRequest {
                status: "busy",
                from: Some("2023-10-15"),
                note: Some("first steps"),
                history: None,
            },
            date("2024-01-01"),
            none,
        )
        .unwrap()
        .history();
        assert_eq!(h.status_on(date("2023-06-29")), None);
        assert_eq!(h.status_on(date("2023-06-30")), Some(Stage::Open));
        assert_eq!(h.status_on(date("2023-10-14")), Some(Stage::Open));
        let busy = h.on(date("2023-11-24")).unwrap();
        assert_eq!(
            (busy.status, busy.note.as_deref()),
            (Stage::Busy, Some("first steps"))
        );
        assert_eq!(h.reached(Stage::Busy), Some(date("2023-10-15")));
        assert_eq!(h.latest().map(|c| c.status), Some(Stage::Busy));
    }

    #[test]
    fn a_change_is_dated_by_the_input_else_by_the_record_else_today() {
        let today = date("2026-03-16");
        let implied = |s: Stage| (s == Stage::Done).then(|| date("2024-07-28"));
        let h = revise(None, ask("open"), today, implied).unwrap().history();
        assert_eq!(h.first_date(), Some(today));
        let h = revise(
            None,
            StatusRequest {
                status: "open",
                from: Some("2024-01-02"),
                ..Default::default()
            },
            today,
            implied,
        )
        .unwrap()
        .history();
        let done = revise(Some(&h), ask("done"), today, implied)
            .unwrap()
            .history();
        assert_eq!(done.reached(Stage::Done), Some(date("2024-07-28")));
        // The same status again changes nothing; with a date it is re-dated.
        let same = revise(Some(&done), ask("done"), today, implied)
            .unwrap()
            .history();
        assert_eq!(same, done);
        let redated = revise(
            Some(&done),
            StatusRequest {
                status: "done",
                from: Some("2024-08-01"),
                ..Default::default()
            },
            today,
            implied,
        )
        .unwrap()
        .history();
        assert_eq!(redated.reached(Stage::Done), Some(date("2024-08-01")));
        assert_eq!(redated.changes().len(), 2);
    }

    #[test]
    fn a_history_never_goes_back_in_time_and_the_refusal_names_the_field() {
        let today = date("2026-03-16");
        let h = revise(
            None,
            StatusRequest {
                status: "open",
                from: Some("2024-05-01"),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap()
        .history();
        let err = revise(
            Some(&h),
            StatusRequest {
                status: "busy",
                from: Some("2024-04-30"),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("history_goes_back", Some("status_from"))
        );
        let given = [
            StatusChangeInput {
                status: "open".into(),
                from: "2024-05-01".into(),
                note: None,
            },
            StatusChangeInput {
                status: "busy".into(),
                from: "2024-04-01".into(),
                note: None,
            },
        ];
        let err = revise(
            Some(&h),
            StatusRequest {
                history: Some(&given),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("history_goes_back", Some("status_history[1].from"))
        );
        let err = revise(
            None,
            StatusRequest {
                status: "open",
                history: Some(&given[..1]),
                from: Some("2023-01-01"),
                ..Default::default()
            },
            today,
            none,
        );
        // Re-dating the only step is a correction, not a step back.
        assert_eq!(err.unwrap().changes[0].from, date("2023-01-01"));
    }

    #[test]
    fn a_given_history_replaces_the_recorded_one_and_the_status_follows_it() {
        let today = date("2026-03-16");
        let recorded = StatusHistory::starting(Stage::Open, date("2020-01-01"));
        let given = [
            StatusChangeInput {
                status: "open".into(),
                from: "2021-01-01".into(),
                note: Some(" opened ".into()),
            },
            StatusChangeInput {
                status: "busy".into(),
                from: "2021-02-01".into(),
                note: None,
            },
        ];
        let only = revise(
            Some(&recorded),
            StatusRequest {
                history: Some(&given),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap();
        assert_eq!(only.changes.len(), 2);
        assert_eq!(only.changes[0].note.as_deref(), Some("opened"));
        assert_eq!(only.origins[1], Origin::Given(1));
        let then_done = revise(
            Some(&recorded),
            StatusRequest {
                status: "done",
                history: Some(&given),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap();
        assert_eq!(then_done.latest(), Some(Stage::Done));
        assert_eq!(then_done.changes[2].from, today);
        let twice = [given[0].clone(), given[0].clone()];
        let err = revise(
            None,
            StatusRequest {
                history: Some(&twice),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("repeated_status", Some("status_history[1].from"))
        );
        let bad = [StatusChangeInput {
            status: "lost".into(),
            from: "2021-01-01".into(),
            note: None,
        }];
        let err = revise(
            None,
            StatusRequest {
                history: Some(&bad),
                ..Default::default()
            },
            today,
            none,
        )
        .unwrap_err();
        assert_eq!(err.field.as_deref(), Some("status_history[0].status"));
        let err = revise::<Stage>(None, ask(" "), today, none).unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("required_by_rule", Some("status"))
        );
    }

    #[test]
    fn a_kind_rule_names_the_step_it_refuses() {
        let given = [
            StatusChangeInput {
                status: "open".into(),
                from: "2024-07-01".into(),
                note: None,
            },
            StatusChangeInput {
                status: "done".into(),
                from: "2024-07-10".into(),
                note: None,
            },
        ];
        let revised = revise(
            None,
            StatusRequest {
                history: Some(&given),
                ..Default::default()
            },
            date("2026-03-16"),
            none,
        )
        .unwrap();
        let err = revised
            .not_before(
                &[Stage::Done],
                Some(date("2024-07-28")),
                "before_end",
                |c, limit| format!("{} before {limit}", c.status.code()),
            )
            .unwrap_err();
        assert_eq!(
            (err.code, err.field.as_deref()),
            ("before_end", Some("status_history[1].from"))
        );
        assert!(
            revised
                .not_before(&[Stage::Done], None, "x", |_, _| String::new())
                .is_ok()
        );
    }
}
