//! `grenzeloos spoc …`: the SPOC desk's rules at the command line. The interface of
//! `spoc deadline` is fixed by issue 14 (see docs/spoc.md): outside tools drive it.

use anyhow::bail;
use clap::builder::PossibleValuesParser;
use clap::{Args, Subcommand};
use grenzeloos_domain::Violation;
use grenzeloos_domain::spoc::deadline::{
    ClockState, CountingRule, Deadline, Suspension, amsterdam_text, deadline, duration_text,
};
use grenzeloos_domain::spoc::vocabulary::{Availability, Urgency};
use jiff::Timestamp;
use serde::Serialize;

#[derive(Subcommand)]
pub enum SpocCommand {
    /// Compute the Art 5(1) deadline of a request (Directive (EU) 2023/977) and print it as
    /// one JSON object.
    ///
    /// 8 hours for an urgent request for directly available information, 3 calendar days for
    /// an urgent request for indirectly available information, 7 calendar days otherwise.
    /// Counted under Regulation 1182/71 art 3 in Europe/Amsterdam (--rule eu-periods, the
    /// default): an hour period starts at the next full hour (a receipt exactly on the hour
    /// starts there) and runs elapsed hours; a day period does not count the day of receipt
    /// and ends at 24:00 of its last day; weekends and holidays count. --rule elapsed counts
    /// plainly receipt + 8, 72 or 168 hours.
    ///
    /// Each clarification (Art 6(3)) given with --suspended moves the deadline later by its
    /// length when it begins before the deadline (overlapping ones count once). An open one
    /// (FROM/ or FROM/..) stops the clock: "deadline" is then null and "remaining" tells what
    /// is left when the clarification arrives.
    ///
    /// Example: grenzeloos spoc deadline --received 2026-03-28T23:30:00+01:00 --urgency urgent
    /// --availability indirect
    ///
    /// prints {"deadline":"2026-04-01T00:00:00+02:00","deadline_utc":"2026-03-31T22:00:00Z",
    /// "clock":"running",…}. Bad input exits with code 1 (2 for an unknown flag or value) and
    /// names the argument.
    Deadline(DeadlineArgs),
}

#[derive(Args)]
pub struct DeadlineArgs {
    /// When the request was received: RFC 3339 with its offset, e.g. 2026-03-28T23:30:00+01:00.
    #[arg(long)]
    received: String,
    /// Whether the request is urgent (Art 4(4)).
    #[arg(long, value_parser = PossibleValuesParser::new(Urgency::codes()))]
    urgency: String,
    /// Whether the information is directly or indirectly available (Art 2(5), 2(6)).
    #[arg(long, value_parser = PossibleValuesParser::new(Availability::codes()))]
    availability: String,
    /// A clarification suspension FROM/TO (RFC 3339 instants); FROM/ or FROM/.. while the
    /// clarification is still awaited. Repeatable.
    #[arg(long = "suspended", value_name = "FROM/TO")]
    suspended: Vec<String>,
    /// How the period is counted: eu-periods (Regulation 1182/71 art 3) or elapsed
    /// (receipt + N hours).
    #[arg(
        long,
        env = "GRENZELOOS_SPOC_DEADLINE_RULE",
        default_value = "eu-periods",
        value_parser = PossibleValuesParser::new(CountingRule::codes())
    )]
    rule: String,
    /// Also say where the request stands at this instant (RFC 3339): time left, due within
    /// the hour, overdue or stopped.
    #[arg(long)]
    at: Option<String>,
}

pub fn run(command: SpocCommand) -> anyhow::Result<()> {
    match command {
        SpocCommand::Deadline(args) => {
            let output = compute(&args)?;
            println!("{}", serde_json::to_string(&output)?);
            Ok(())
        }
    }
}

/// What `spoc deadline` prints.
#[derive(Serialize)]
struct DeadlineOutput {
    /// RFC 3339 with the Amsterdam offset; null while the clock is stopped.
    deadline: Option<String>,
    deadline_utc: Option<String>,
    /// "running" or "stopped".
    clock: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    stopped_since: Option<String>,
    /// What is left of the period when the awaited clarification arrives.
    #[serde(skip_serializing_if = "Option::is_none")]
    remaining: Option<String>,
    received: String,
    urgency: &'static str,
    availability: &'static str,
    /// ISO 8601: PT8H, P3D, P7D.
    period: String,
    article: &'static str,
    rule: &'static str,
    counting_starts: String,
    deadline_without_suspensions: String,
    /// The total the counted suspensions moved the deadline (ISO 8601 duration).
    suspended: String,
    suspensions_counted: Vec<Interval>,
    suspensions_not_counted: Vec<Interval>,
    #[serde(skip_serializing_if = "Option::is_none")]
    at: Option<AtOutput>,
}

#[derive(Serialize)]
struct Interval {
    from: String,
    /// Null for an open suspension.
    to: Option<String>,
}

#[derive(Serialize)]
struct AtOutput {
    instant: String,
    /// on_time, due_within_hour, overdue or stopped.
    standing: &'static str,
    /// ISO 8601; negative when overdue.
    time_left: String,
}

fn instant(argument: &str, value: &str) -> anyhow::Result<Timestamp> {
    match value.trim().parse::<Timestamp>() {
        Ok(t) => Ok(t),
        Err(_) => bail!(
            "{argument}: '{value}' is not an instant; write it in RFC 3339 with its offset, e.g. 2026-03-28T23:30:00+01:00"
        ),
    }
}

fn suspension(value: &str) -> anyhow::Result<Suspension> {
    let Some((from, to)) = value.split_once('/') else {
        bail!(
            "--suspended: '{value}' is not FROM/TO; write e.g. 2026-03-29T10:00:00+02:00/2026-03-29T12:30:00+02:00, or FROM/ while the clarification is awaited"
        );
    };
    let from = instant("--suspended", from)?;
    let to = match to.trim() {
        "" | ".." => None,
        to => Some(instant("--suspended", to)?),
    };
    Ok(Suspension { from, to })
}

/// The domain names its input fields; the operator knows the arguments.
fn argument_error(violation: Violation, args: &DeadlineArgs) -> anyhow::Error {
    let field = violation.field.clone().unwrap_or_default();
    let argument = match field
        .strip_prefix("suspensions[")
        .and_then(|rest| rest.strip_suffix(']'))
        .and_then(|i| i.parse::<usize>().ok())
    {
        Some(i) => format!(
            "--suspended {}",
            args.suspended
                .get(i)
                .map(String::as_str)
                .unwrap_or_default()
        ),
        None if field == "received" => "--received".to_string(),
        None if field == "suspensions" => "--suspended".to_string(),
        None => field,
    };
    anyhow::anyhow!("{argument}: {}", violation.message)
}

fn compute(args: &DeadlineArgs) -> anyhow::Result<DeadlineOutput> {
    let received = instant("--received", &args.received)?;
    let urgency = Urgency::parse("--urgency", &args.urgency)?;
    let availability = Availability::parse("--availability", &args.availability)?;
    let rule = CountingRule::parse("--rule", &args.rule)?;
    let suspensions = args
        .suspended
        .iter()
        .map(|s| suspension(s))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let at = args.at.as_deref().map(|t| instant("--at", t)).transpose()?;
    let d = deadline(received, urgency, availability, rule, &suspensions)
        .map_err(|v| argument_error(v, args))?;
    Ok(output(&d, urgency, availability, at))
}

fn output(
    d: &Deadline,
    urgency: Urgency,
    availability: Availability,
    at: Option<Timestamp>,
) -> DeadlineOutput {
    let (stopped_since, remaining) = match d.clock {
        ClockState::Running { .. } => (None, None),
        ClockState::Stopped { since, remaining } => {
            (Some(amsterdam_text(since)), Some(duration_text(remaining)))
        }
    };
    DeadlineOutput {
        deadline: d.due().map(amsterdam_text),
        deadline_utc: d.due().map(|t| t.to_string()),
        clock: match d.clock {
            ClockState::Running { .. } => "running",
            ClockState::Stopped { .. } => "stopped",
        },
        stopped_since,
        remaining,
        received: amsterdam_text(d.received),
        urgency: urgency.as_str(),
        availability: availability.as_str(),
        period: d.period.iso8601(),
        article: d.period.article(),
        rule: d.rule.as_str(),
        counting_starts: amsterdam_text(d.counting_starts),
        deadline_without_suspensions: amsterdam_text(d.unsuspended),
        suspended: duration_text(d.suspended),
        suspensions_counted: d
            .counted
            .iter()
            .map(|(from, to)| Interval {
                from: amsterdam_text(*from),
                to: Some(amsterdam_text(*to)),
            })
            .collect(),
        suspensions_not_counted: d
            .not_counted
            .iter()
            .map(|s| Interval {
                from: amsterdam_text(s.from),
                to: s.to.map(amsterdam_text),
            })
            .collect(),
        at: at.map(|at| AtOutput {
            instant: amsterdam_text(at),
            standing: d.standing(at).as_str(),
            time_left: duration_text(d.time_left(at)),
        }),
    }
}
