//! The SPOC desk (issue 14): the dashboard of open cases by time left, a case with its
//! deadline, related cases, communications and the steps the law allows, and the form of a new
//! case. Every page reads and writes through the use cases of `app::spoc`.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{FieldKind, FieldSpec, FieldView, Pairs, ReturnQuery, field, invalid};
use crate::ui::page_spec::show_form;
use crate::ui::{Ctx, FieldErrors, OrPage, PageResult, Values, forms, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::AppError;
use grenzeloos_app::spoc::{CaseLine, CaseView};
use grenzeloos_domain::Violation;
use grenzeloos_domain::countries::country;
use grenzeloos_domain::retention::ErasureInput;
use grenzeloos_domain::spoc::case::Status;
use grenzeloos_domain::spoc::intake::{
    AnswerInput, ClarificationInput, ClarificationRequestInput, JudicialDelayInput, NewCase,
    RefusalInput, SPOC_STATES,
};
use grenzeloos_domain::spoc::registers::{
    ConsentInput, Derogation, OralConfirmationInput, TransferAssessmentInput, TransferBasis,
};
use grenzeloos_domain::spoc::vocabulary::{
    Availability, Channel, ChannelException, Direction, HandlingCode, ObjectiveReason,
    RefusalGround, SubjectCategory, Urgency, UrgencyGround,
};
use grenzeloos_store::spoc::OpenFilter;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    vec![
        route(
            M::GET,
            "/spoc",
            Needs(CaseRead),
            "The SPOC desk: open cases by time left, refreshing itself",
            dashboard,
        ),
        route(
            M::GET,
            "/spoc/cases/new",
            Needs(CaseWrite),
            "Form: a new SPOC case",
            new_case,
        ),
        route(
            M::POST,
            "/spoc/cases",
            Needs(CaseWrite),
            "Record a new SPOC case",
            create_case,
        ),
        route(
            M::GET,
            "/spoc/cases/{id}",
            Needs(CaseRead),
            "A SPOC case with its deadline, related cases, communications and next steps (audited)",
            case_page,
        ),
        route(
            M::POST,
            "/spoc/cases/{id}/{step}",
            Needs(CaseWrite),
            "Take a step on a SPOC case: start, answer, refusal, judicial-delay, clarification-request, clarification, conclude",
            take_step,
        ),
    ]
}

pub(crate) fn state_name(ctx: &Ctx, code: &str) -> String {
    country(code).map_or_else(
        || code.to_string(),
        |c| {
            if ctx.t.lang() == "nl" {
                c.name_nl.to_string()
            } else {
                c.name_en.to_string()
            }
        },
    )
}

fn label(ctx: &Ctx, group: &str, code: &str) -> String {
    forms::choice_label(ctx, group, code)
}

// -- the dashboard ----------------------------------------------------------------------------

#[derive(Deserialize, Default)]
pub struct DashboardQuery {
    partner: Option<String>,
    urgency: Option<String>,
    status: Option<String>,
    /// `mine`, `none` or empty.
    assignee: Option<String>,
}

struct Line {
    line: CaseLine,
    partner: String,
    direction: String,
    urgency: String,
    status: String,
    received: String,
    deadline: String,
    left: String,
    /// An oral request's written confirmation due (BNL-02), local time.
    oral_due: String,
}

#[derive(Template)]
#[template(path = "spoc_dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    lines: Vec<Line>,
    overdue: usize,
    due_soon: usize,
    stopped: usize,
    partner: String,
    urgency: String,
    status: String,
    assignee: String,
    partners: Vec<(String, String)>,
    urgencies: Vec<(String, String)>,
    statuses: Vec<(String, String)>,
}

/// "3 u 20 min", "2 d 4 u", "−45 min": time left in the page's words.
fn time_left(ctx: &Ctx, minutes: i64) -> String {
    let sign = if minutes < 0 { "−" } else { "" };
    let m = minutes.abs();
    let (d, h, min) = (m / 1440, (m % 1440) / 60, m % 60);
    let (du, hu) = if ctx.t.lang() == "nl" {
        ("d", "u")
    } else {
        ("d", "h")
    };
    if d > 0 {
        format!("{sign}{d} {du} {h} {hu}")
    } else if h > 0 {
        format!("{sign}{h} {hu} {min} min")
    } else {
        format!("{sign}{min} min")
    }
}

/// "16-03-2026 17:00" from RFC 3339 with the Amsterdam offset.
pub(crate) fn local(text: &str) -> String {
    match text.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned(grenzeloos_domain::clock::amsterdam())
            .strftime("%d-%m-%Y %H:%M")
            .to_string(),
        Err(_) => text.to_string(),
    }
}

pub async fn dashboard(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(q): Query<DashboardQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let keep = |v: &Option<String>| v.as_deref().unwrap_or_default().trim().to_string();
    let (partner, urgency, status, assignee) = (
        keep(&q.partner),
        keep(&q.urgency),
        keep(&q.status),
        keep(&q.assignee),
    );
    let filter = OpenFilter {
        partner: Some(partner.clone()).filter(|p| !p.is_empty()),
        urgency: Urgency::parse("urgency", &urgency)
            .ok()
            .map(|u| u.as_str().to_string()),
        status: Status::parse("status", &status)
            .ok()
            .map(|u| u.as_str().to_string()),
        assignee: match assignee.as_str() {
            "mine" => Some(actor.username.clone()),
            "none" => Some(String::new()),
            _ => None,
        },
    };
    let open = s.app.open_cases(&actor, &filter).await.or_page(&ctx)?;
    let count = |standing: &str| {
        open.iter()
            .filter(|l| l.standing.as_deref() == Some(standing))
            .count()
    };
    let (overdue, due_soon, stopped) =
        (count("overdue"), count("due_within_hour"), count("stopped"));
    let lines: Vec<Line> = open
        .into_iter()
        .map(|line| Line {
            partner: state_name(&ctx, &line.partner),
            direction: label(&ctx, "spoc.direction", &line.direction),
            urgency: label(&ctx, "spoc.urgency", &line.urgency),
            status: label(&ctx, "spoc.status", &line.status),
            received: local(&line.received_at),
            deadline: line.deadline.as_deref().map(local).unwrap_or_default(),
            left: line
                .minutes_left
                .map(|m| time_left(&ctx, m))
                .unwrap_or_default(),
            oral_due: line
                .oral_confirmation_due
                .as_deref()
                .map(local)
                .unwrap_or_default(),
            line,
        })
        .collect();
    // The states of the Directive, and any other partner with an open case (a third country).
    let mut codes: Vec<&str> = SPOC_STATES.to_vec();
    for line in &lines {
        let code = line.line.partner.as_str();
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    let mut partners: Vec<(String, String)> = codes
        .iter()
        .map(|c| (c.to_string(), state_name(&ctx, c)))
        .collect();
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    let urgencies = Urgency::codes()
        .into_iter()
        .map(|c| (c.to_string(), label(&ctx, "spoc.urgency", c)))
        .collect();
    let statuses = Status::ALL
        .iter()
        .filter(|s| s.open())
        .map(|c| {
            (
                c.as_str().to_string(),
                label(&ctx, "spoc.status", c.as_str()),
            )
        })
        .collect();
    Ok(render(&DashboardPage {
        ctx,
        lines,
        overdue,
        due_soon,
        stopped,
        partner,
        urgency,
        status,
        assignee,
        partners,
        urgencies,
        statuses,
    }))
}

// -- a new case --------------------------------------------------------------------------------

fn codes<T: Copy>(all: &[T], code: fn(T) -> &'static str) -> Vec<&'static str> {
    all.iter().map(|c| code(*c)).collect()
}

pub(crate) fn case_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    vec![
        field(
            "direction",
            "spoc.f.direction",
            Choice("spoc.direction", Direction::codes()),
        )
        .required(),
        // Every state: a third country's request is recorded too (it needs a transfer
        // assessment before anything goes back, LED-03).
        field(
            "partner",
            "spoc.f.partner",
            Choice("country", partner_codes()),
        )
        .required()
        .hint("spoc.hint.partner"),
        field("received_at", "spoc.f.received_at", DateTime).hint("spoc.hint.received_at"),
        field(
            "urgency",
            "spoc.f.urgency",
            Choice("spoc.urgency", Urgency::codes()),
        )
        .required(),
        field(
            "urgency_ground",
            "spoc.f.urgency_ground",
            Choice("spoc.ground", UrgencyGround::codes()),
        )
        .hint("spoc.hint.urgency_ground"),
        field(
            "availability",
            "spoc.f.availability",
            Choice("spoc.availability", Availability::codes()),
        )
        .required(),
        field("language", "spoc.f.language", Text)
            .required()
            .hint("spoc.hint.language"),
        field(
            "channel",
            "spoc.f.channel",
            Choice("spoc.channel", Channel::codes()),
        )
        .hint("spoc.hint.channel"),
        field(
            "channel_exception",
            "spoc.f.channel_exception",
            Choice("spoc.exception", ChannelException::codes()),
        ),
        field(
            "flags",
            "spoc.f.flags",
            Checks("spoc.flag", vec!["europol_copy", "oral"]),
        ),
        field("partner_reference", "spoc.f.partner_reference", Text),
        field("authority", "spoc.f.authority", Text),
        field("offences", "spoc.f.offences", Lines).hint("spoc.hint.offences"),
        field("facts", "spoc.f.facts", LongText),
        field(
            "information_requested",
            "spoc.f.information_requested",
            LongText,
        ),
        field("persons", "spoc.f.persons", Lines).hint("spoc.hint.persons"),
        field("vehicles", "spoc.f.vehicles", Lines).hint("spoc.hint.vehicles"),
        field("phones", "spoc.f.phones", Lines).hint("spoc.hint.phones"),
        field("documents", "spoc.f.documents", Lines).hint("spoc.hint.documents"),
        field(
            "handling_codes",
            "spoc.f.handling_codes",
            Checks(
                "spoc.handling",
                codes(HandlingCode::ALL, HandlingCode::as_str),
            ),
        ),
        // LED-03: what we send to a third country goes under its transfer assessment.
        field(
            "transfer_basis",
            "spoc.transfer.basis",
            Choice("spoc.transfer_basis", TransferBasis::codes()),
        )
        .hint("spoc.hint.transfer"),
        field("transfer_instrument", "spoc.transfer.instrument", Text)
            .hint("spoc.transfer.instrument_hint"),
        field(
            "transfer_derogation",
            "spoc.transfer.derogation",
            Choice("spoc.derogation", Derogation::codes()),
        ),
        field("transfer_necessity", "spoc.transfer.necessity", LongText),
        field("transfer_decided_by", "spoc.transfer.decided_by", Text),
    ]
}

/// The partners the form offers: every state but our own.
fn partner_codes() -> Vec<&'static str> {
    grenzeloos_domain::countries::COUNTRIES
        .iter()
        .map(|c| c.code)
        .filter(|c| *c != "NL")
        .collect()
}

fn case_form(ctx: Ctx, values: Values, errors: FieldErrors) -> PageResult {
    let fields = forms::views(&ctx, &case_fields(), &values, &errors, &Default::default());
    let fields = with_state_names(&ctx, fields);
    let target = (
        ctx.t.get("spoc.new").to_string(),
        "/spoc/cases".to_string(),
        "/spoc".to_string(),
    );
    show_form(ctx, target, fields, &values, errors)
}

/// The partner select lists the states by name in the page's language.
fn with_state_names(ctx: &Ctx, mut fields: Vec<FieldView>) -> Vec<FieldView> {
    for f in fields.iter_mut().filter(|f| f.name == "partner") {
        for option in f.options.iter_mut() {
            option.1 = state_name(ctx, &option.0);
        }
        f.options.sort_by(|a, b| a.1.cmp(&b.1));
    }
    fields
}

pub async fn new_case(ctx: Ctx, Query(q): Query<ReturnQuery>) -> PageResult {
    case_form(ctx, q.values(), FieldErrors::default())
}

/// One entry per line, split at `;`, each part trimmed.
fn rows(text: &str) -> impl Iterator<Item = Vec<String>> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(|l| l.split(';').map(|p| p.trim().to_string()).collect())
}

/// The form as the API's JSON body, with the form field each subject came from (an error at
/// `subjects[3]` shows at the field that holds it).
fn case_body(values: &Values) -> Result<(Value, Vec<&'static str>), Violation> {
    let mut body = Map::new();
    for name in [
        "direction",
        "partner",
        "urgency",
        "urgency_ground",
        "availability",
        "language",
        "channel",
        "channel_exception",
        "partner_reference",
        "facts",
        "information_requested",
    ] {
        let value = values.get(name).trim();
        if !value.is_empty() {
            body.insert(name.to_string(), json!(value));
        }
    }
    let received = values.get("received_at").trim();
    if !received.is_empty() {
        body.insert(
            "received_at".into(),
            json!(amsterdam_instant("received_at", received)?),
        );
    }
    let flags: Vec<String> = values.get("flags").lines().map(str::to_string).collect();
    body.insert(
        "europol_copy".into(),
        json!(flags.iter().any(|f| f == "europol_copy")),
    );
    body.insert("oral".into(), json!(flags.iter().any(|f| f == "oral")));
    let authority = values.get("authority").trim();
    if !authority.is_empty() {
        body.insert(
            "requesting_authority".into(),
            json!({"name": authority, "kind": "spoc"}),
        );
    }
    let offences: Vec<Value> = rows(values.get("offences"))
        .map(|parts| {
            let mut offence = json!({"description": parts[0]});
            if let Some(months) = parts.get(1).filter(|m| !m.is_empty()) {
                offence["max_penalty_months"] = months
                    .parse::<u16>()
                    .map_or_else(|_| json!(months), |m| json!(m));
            }
            offence
        })
        .collect();
    if !offences.is_empty() {
        body.insert("offences".into(), Value::Array(offences));
    }
    let handling: Vec<&str> = values.get("handling_codes").lines().collect();
    if !handling.is_empty() {
        body.insert("handling_codes".into(), json!(handling));
    }
    let mut subjects = Vec::new();
    let mut from = Vec::new();
    for parts in rows(values.get("persons")) {
        let mut person = json!({"type": "person", "family_name": parts[0]});
        for (i, key) in ["given_names", "date_of_birth", "category"]
            .iter()
            .enumerate()
        {
            if let Some(part) = parts.get(i + 1).filter(|p| !p.is_empty()) {
                person[*key] = json!(part);
            }
        }
        subjects.push(person);
        from.push("persons");
    }
    for (field, kind, key) in [
        ("vehicles", "vehicle", "plate"),
        ("phones", "phone", "number"),
        ("documents", "document", "number"),
    ] {
        for parts in rows(values.get(field)) {
            subjects.push(json!({"type": kind, key: parts[0]}));
            from.push(field);
        }
    }
    if !subjects.is_empty() {
        body.insert("subjects".into(), Value::Array(subjects));
    }
    let basis = values.get("transfer_basis").trim();
    if !basis.is_empty() {
        let mut transfer = json!({
            "basis": basis,
            "necessity": values.get("transfer_necessity").trim(),
            "decided_by": values.get("transfer_decided_by").trim(),
        });
        for (field, key) in [
            ("transfer_instrument", "instrument"),
            ("transfer_derogation", "derogation"),
        ] {
            let value = values.get(field).trim();
            if !value.is_empty() {
                transfer[key] = json!(value);
            }
        }
        body.insert("transfer".into(), transfer);
    }
    Ok((Value::Object(body), from))
}

/// `2026-03-16T08:30` in Amsterdam as RFC 3339 with its offset; an error names `field`.
pub(crate) fn amsterdam_instant(field: &str, local: &str) -> Result<String, Violation> {
    let wrong = || {
        Violation::at(
            "invalid_timestamp",
            field,
            "a date and time, e.g. 16-03-2026 08:30",
        )
    };
    let civil: jiff::civil::DateTime = local.parse().map_err(|_| wrong())?;
    let zone = grenzeloos_domain::clock::amsterdam();
    let zoned = civil.to_zoned(zone).map_err(|_| wrong())?;
    Ok(zoned
        .timestamp()
        .display_with_offset(zoned.offset())
        .to_string())
}

/// Shows a refusal of the API's body at the form field it came from.
fn at_form_field(mut error: AppError, from: &[&'static str]) -> AppError {
    if let AppError::Invalid(v) = &mut error {
        if let Some(field) = v.field.clone() {
            let base = field
                .split(['[', '.'])
                .next()
                .unwrap_or_default()
                .to_string();
            v.field = Some(match base.as_str() {
                "subjects" => field
                    .strip_prefix("subjects[")
                    .and_then(|rest| rest.split(']').next())
                    .and_then(|i| i.parse::<usize>().ok())
                    .and_then(|i| from.get(i))
                    .map_or("persons", |f| f)
                    .to_string(),
                "requesting_authority" => "authority".to_string(),
                "transfer" => match field.strip_prefix("transfer.") {
                    Some(inner) => format!("transfer_{inner}"),
                    None => "transfer_basis".to_string(),
                },
                "europol_copy" | "oral" => "flags".to_string(),
                "" => "direction".to_string(),
                other => other.to_string(),
            });
        }
    }
    error
}

pub async fn create_case(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let outcome = match case_body(&values) {
        Ok((body, from)) => match NewCase::read(body) {
            Ok(input) => s
                .app
                .create_case(&actor, &input)
                .await
                .map_err(|e| at_form_field(e, &from)),
            Err(v) => Err(at_form_field(AppError::Invalid(v), &from)),
        },
        Err(v) => Err(AppError::Invalid(v)),
    };
    match outcome {
        Ok(created) => {
            Ok(Redirect::to(&format!("/spoc/cases/{}?saved=1", created.id)).into_response())
        }
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            case_form(ctx, values, errors)
        }
    }
}

// -- a case ------------------------------------------------------------------------------------

struct SubjectLine {
    kind: String,
    text: String,
}

struct CommunicationLine {
    at: String,
    way: String,
    kind: String,
    counterpart: String,
    text: String,
}

#[derive(Template)]
#[template(path = "spoc_case.html")]
struct CasePage {
    ctx: Ctx,
    case: CaseView,
    partner: String,
    direction: String,
    status: String,
    urgency: String,
    ground: String,
    availability: String,
    channel: String,
    received: String,
    deadline: String,
    standing: String,
    standing_label: String,
    subjects: Vec<SubjectLine>,
    communications: Vec<CommunicationLine>,
    /// The step whose form came back refused, with its errors.
    step: String,
    errors: FieldErrors,
    values: Values,
    grounds: Vec<(String, String)>,
    reasons: Vec<(String, String)>,
    saved: bool,
    /// The case no longer awaits anyone: its personal data may be erased (SPOC-14).
    closed: bool,
    oral_due: String,
    oral_confirmed: String,
    /// (state code, state name, consent label, asked, decided)
    consents: Vec<(String, String, String, String, String)>,
    consent_missing: String,
    consent_refused: String,
    /// (basis label, instrument or derogation, decided by, decided at)
    transfers: Vec<(String, String, String, String)>,
    /// (name, authority, phone, email, on call from, until)
    judges: Vec<(String, String, String, String, String, String)>,
    transfer_bases: Vec<(String, String)>,
    derogations: Vec<(String, String)>,
    consent_states: Vec<(String, String)>,
}

impl CasePage {
    fn can(&self, step: &str) -> bool {
        self.case.next_steps.iter().any(|s| s == step)
            && self
                .ctx
                .can(grenzeloos_domain::access::Permission::CaseWrite)
    }

    fn error(&self, field: &str) -> &str {
        self.errors.get(field)
    }

    fn value(&self, field: &str) -> &str {
        self.values.get(field)
    }

    fn checked(&self, field: &str, code: &str) -> bool {
        self.values.get(field).lines().any(|l| l == code)
    }
}

fn subject_text(ctx: &Ctx, subject: &grenzeloos_domain::spoc::message::Subject) -> SubjectLine {
    use grenzeloos_domain::spoc::message::Subject as S;
    let (kind, text) = match subject {
        S::Person(p) => (
            "person",
            [
                Some(p.family_name.clone()),
                p.given_names.clone(),
                p.date_of_birth.clone(),
                p.category.map(|c| label(ctx, "spoc.category", c.as_str())),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(", "),
        ),
        S::Vehicle(v) => (
            "vehicle",
            [v.plate.clone(), v.vin.clone(), v.make.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(", "),
        ),
        S::Phone(p) => ("phone", p.number.clone()),
        S::Document(d) => ("document", d.number.clone()),
        S::Organisation(o) => ("organisation", o.name.clone()),
    };
    SubjectLine {
        kind: label(ctx, "spoc.subject", kind),
        text,
    }
}

#[derive(Deserialize, Default)]
pub struct Saved {
    saved: Option<String>,
}

async fn show_case(
    s: &WebState,
    ctx: Ctx,
    id: &str,
    step: &str,
    values: Values,
    errors: FieldErrors,
    saved: bool,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let case = s.app.case(&actor, id, None).await.or_page(&ctx)?;
    let subjects = case
        .request
        .as_ref()
        .map(|r| r.subjects.iter().map(|s| subject_text(&ctx, s)).collect())
        .unwrap_or_default();
    let communications = case
        .communications
        .iter()
        .map(|c| CommunicationLine {
            at: local(&grenzeloos_domain::spoc::deadline::amsterdam_text(
                c.at.parse().unwrap_or_default(),
            )),
            way: label(&ctx, "spoc.way", &c.way),
            kind: label(&ctx, "spoc.comm", &c.kind),
            counterpart: state_name(&ctx, &c.counterpart),
            text: c.text.clone().unwrap_or_default(),
        })
        .collect();
    let grounds = RefusalGround::ALL
        .iter()
        .map(|g| {
            (
                g.as_str().to_string(),
                format!(
                    "({}) {}",
                    g.as_str(),
                    label(&ctx, "spoc.refusal", g.as_str())
                ),
            )
        })
        .collect();
    let reasons = ObjectiveReason::ALL
        .iter()
        .map(|r| {
            (
                r.as_str().to_string(),
                label(&ctx, "spoc.reason", r.as_str()),
            )
        })
        .collect();
    let mut values = values;
    if values.get("language").is_empty() {
        values.set("language", &case.language);
    }
    let names = |states: &[String]| {
        states
            .iter()
            .map(|c| state_name(&ctx, c))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let consents = case
        .consents
        .iter()
        .map(|c| {
            (
                c.state.clone(),
                state_name(&ctx, &c.state),
                label(
                    &ctx,
                    "spoc.consent",
                    c.consent.as_deref().unwrap_or("not_asked"),
                ),
                c.asked_at.as_deref().map(utc_local).unwrap_or_default(),
                c.decided_at.as_deref().map(utc_local).unwrap_or_default(),
            )
        })
        .collect();
    let transfers = case
        .transfer_assessments
        .iter()
        .map(|t| {
            let what = match (&t.derogation, &t.instrument) {
                (Some(d), _) => format!("({d}) {}", label(&ctx, "spoc.derogation", d)),
                (None, Some(i)) => i.clone(),
                (None, None) => String::new(),
            };
            (
                label(&ctx, "spoc.transfer_basis", &t.basis),
                what,
                t.decided_by.clone(),
                utc_local(&t.decided_at),
            )
        })
        .collect();
    let judges = case
        .judicial_contacts
        .iter()
        .map(|j| {
            (
                j.name.clone(),
                j.authority.clone(),
                j.phone.clone(),
                j.email.clone().unwrap_or_default(),
                utc_local(&j.on_call_from),
                utc_local(&j.on_call_until),
            )
        })
        .collect();
    let page = CasePage {
        closed: Status::parse("status", &case.status).is_ok_and(|s| !s.open()),
        oral_due: case
            .oral_confirmation
            .as_ref()
            .map(|o| local(&o.due))
            .unwrap_or_default(),
        oral_confirmed: case
            .oral_confirmation
            .as_ref()
            .and_then(|o| o.confirmed_at.as_deref())
            .map(local)
            .unwrap_or_default(),
        consents,
        consent_missing: names(&case.consent_missing),
        consent_refused: names(&case.consent_refused),
        transfers,
        judges,
        transfer_bases: TransferBasis::codes()
            .into_iter()
            .map(|c| (c.to_string(), label(&ctx, "spoc.transfer_basis", c)))
            .collect(),
        derogations: Derogation::codes()
            .into_iter()
            .map(|c| {
                (
                    c.to_string(),
                    format!("({c}) {}", label(&ctx, "spoc.derogation", c)),
                )
            })
            .collect(),
        consent_states: ["not_asked", "requested", "given", "refused"]
            .into_iter()
            .map(|c| (c.to_string(), label(&ctx, "spoc.consent", c)))
            .collect(),
        partner: state_name(&ctx, &case.partner),
        direction: label(&ctx, "spoc.direction", &case.direction),
        status: label(&ctx, "spoc.status", &case.status),
        urgency: label(&ctx, "spoc.urgency", &case.urgency),
        ground: case
            .urgency_ground
            .as_deref()
            .map(|g| label(&ctx, "spoc.ground", g))
            .unwrap_or_default(),
        availability: label(&ctx, "spoc.availability", &case.availability),
        channel: label(&ctx, "spoc.channel", &case.channel),
        received: local(&case.received_at),
        deadline: case.deadline.as_deref().map(local).unwrap_or_default(),
        standing: case.standing.clone().unwrap_or_default(),
        standing_label: case
            .standing
            .as_deref()
            .map(|s| label(&ctx, "spoc.standing", s))
            .unwrap_or_default(),
        subjects,
        communications,
        step: step.to_string(),
        errors,
        values,
        grounds,
        reasons,
        saved,
        case,
        ctx,
    };
    let refused = !page.errors.is_empty();
    let html = render(&page);
    Ok(if refused { invalid(html) } else { html })
}

/// "16-03-2026 10:00" (Amsterdam) from a stored UTC instant.
pub(crate) fn utc_local(text: &str) -> String {
    match text.parse::<jiff::Timestamp>() {
        Ok(ts) => local(&grenzeloos_domain::spoc::deadline::amsterdam_text(ts)),
        Err(_) => text.to_string(),
    }
}

pub async fn case_page(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Query(q): Query<Saved>,
) -> PageResult {
    show_case(
        &s,
        ctx,
        &id,
        "",
        Values::default(),
        FieldErrors::default(),
        q.saved.is_some(),
    )
    .await
}

fn step_body(step: &str, values: &Values) -> Result<Value, Violation> {
    let text = |name: &str| values.get(name).trim().to_string();
    let optional_instant = |name: &str| -> Result<Option<String>, Violation> {
        let raw = text(name);
        if raw.is_empty() {
            Ok(None)
        } else {
            amsterdam_instant(name, &raw).map(Some)
        }
    };
    let mut body = match step {
        "answer" => json!({"language": text("language"), "text": text("text")}),
        "refusal" => {
            let grounds: Vec<&str> = values.get("grounds").lines().collect();
            let reasons: Vec<&str> = values.get("objective_reasons").lines().collect();
            let partial = values.get("partial") == "true";
            let mut body = json!({"grounds": grounds, "objective_reasons": reasons,
                "reasons": text("reasons"), "partial": partial, "language": text("language")});
            if partial {
                body["text"] = json!(text("text"));
            }
            body
        }
        "judicial-delay" => json!({
            "expected_days": text("expected_days").parse::<u16>().map_err(|_| {
                Violation::at("invalid_number", "expected_days", "a whole number of days, 1 to 365")
            })?,
            "reasons": text("reasons"),
        }),
        "clarification-request" => json!({"questions": text("questions")}),
        "clarification" => json!({"text": text("text")}),
        "consent" => {
            let mut body = json!({"state": text("state").to_uppercase()});
            let consent = text("consent");
            if !consent.is_empty() && consent != "not_asked" {
                body["consent"] = json!(consent);
            }
            body
        }
        "oral-confirmation" => match optional_instant("at")? {
            Some(at) => json!({ "at": at }),
            None => json!({}),
        },
        "transfer-assessment" => {
            let mut body = json!({"basis": text("basis"), "necessity": text("necessity"),
                "decided_by": text("decided_by")});
            for name in ["instrument", "derogation"] {
                if !text(name).is_empty() {
                    body[name] = json!(text(name));
                }
            }
            body
        }
        "erase" => json!({"reason": text("reason")}),
        _ => json!({}),
    };
    if let Some(at) = optional_instant("received_at")? {
        body["received_at"] = json!(at);
    }
    Ok(body)
}

pub async fn take_step(
    State(s): State<WebState>,
    ctx: Ctx,
    Path((id, step)): Path<(String, String)>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    // Checkboxes arrive as repeated names: one value per line, as the form mechanism keeps them.
    let mut joined: Vec<(String, String)> = Vec::new();
    for (name, value) in pairs {
        match joined.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) if name == "grounds" || name == "objective_reasons" => {
                existing.push('\n');
                existing.push_str(&value);
            }
            _ => joined.push((name, value)),
        }
    }
    let values = Values::from_pairs(joined);
    let app = &s.app;
    let outcome: Result<(), AppError> = match step_body(&step, &values) {
        Err(v) => Err(AppError::Invalid(v)),
        Ok(body) => match step.as_str() {
            "start" => app.start_case(&actor, &id).await.map(|_| ()),
            "conclude" => app.conclude_case(&actor, &id).await.map(|_| ()),
            "answer" => match AnswerInput::read(body) {
                Ok(input) => app.answer_case(&actor, &id, &input).await.map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "refusal" => match RefusalInput::read(body) {
                Ok(input) => app.refuse_case(&actor, &id, &input).await.map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "judicial-delay" => match JudicialDelayInput::read(body) {
                Ok(input) => app.judicial_delay(&actor, &id, &input).await.map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "clarification-request" => match ClarificationRequestInput::read(body) {
                Ok(input) => app.ask_clarification(&actor, &id, &input).await.map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "clarification" => match ClarificationInput::read(body) {
                Ok(input) => app
                    .record_clarification(&actor, &id, &input)
                    .await
                    .map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "consent" => match ConsentInput::read(body) {
                Ok(input) => app.record_consent(&actor, &id, &input).await.map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "oral-confirmation" => match OralConfirmationInput::read(body) {
                Ok(input) => app
                    .confirm_oral_request(&actor, &id, &input)
                    .await
                    .map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "transfer-assessment" => match TransferAssessmentInput::read(body) {
                Ok(input) => app
                    .record_transfer_assessment(&actor, &id, &input)
                    .await
                    .map(|_| ()),
                Err(v) => Err(v.into()),
            },
            "erase" => match serde_json::from_value::<ErasureInput>(body) {
                Ok(input) => app.erase_case(&actor, &id, &input).await.map(|_| ()),
                Err(_) => Err(Violation::at("required", "reason", "a reason").into()),
            },
            _ => Err(AppError::NotFound {
                what: "step",
                id: step.clone(),
            }),
        },
    };
    match outcome {
        Ok(_) => Ok(Redirect::to(&format!("/spoc/cases/{id}?saved=1")).into_response()),
        Err(error) => {
            let (ctx, mut errors) = ctx.form_errors(error)?;
            // A rule about the case as a whole shows at the step's form.
            if let Some(message) = errors.0.remove("status") {
                errors.0.insert("step".to_string(), message);
            }
            show_case(&s, ctx, &id, &step, values, errors, false).await
        }
    }
}

/// Every locale key the SPOC pages use through data (checked by the pages' locale test).
pub fn locale_keys() -> Vec<String> {
    let mut keys: Vec<String> = case_fields().iter().flat_map(FieldSpec::keys).collect();
    let groups: [(&str, Vec<&str>); 12] = [
        (
            "spoc.consent",
            vec!["not_asked", "requested", "given", "refused"],
        ),
        ("spoc.transfer_basis", TransferBasis::codes()),
        ("spoc.derogation", Derogation::codes()),
        ("spoc.status", Status::codes()),
        ("spoc.refusal", RefusalGround::codes()),
        ("spoc.reason", ObjectiveReason::codes()),
        ("spoc.category", SubjectCategory::codes()),
        (
            "spoc.subject",
            vec!["person", "vehicle", "phone", "document", "organisation"],
        ),
        ("spoc.way", vec!["in", "out"]),
        (
            "spoc.comm",
            vec![
                "request",
                "answer",
                "refusal",
                "clarification_request",
                "clarification",
                "judicial_delay",
                "provision",
                "copy",
                "oral_confirmation",
            ],
        ),
        (
            "spoc.standing",
            vec!["on_time", "due_within_hour", "overdue", "stopped"],
        ),
        ("spoc.direction", Direction::codes()),
    ];
    for (group, codes) in groups {
        keys.extend(codes.into_iter().map(|c| format!("{group}.{c}")));
    }
    keys.retain(|k| !k.starts_with("country."));
    keys
}
