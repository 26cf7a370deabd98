//! The duty of care: security levels of mission areas, incidents, contacts, and the high-risk list.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{
    FieldKind, FieldSpec, FieldView, Pairs, Params, Source, choice_label, date_param, field,
    invalid,
};
use crate::ui::page_spec::{
    Cell, Filter, FilterKind, Lookup, Officers, PageSpec, badge, codes, date_cell, filter, lookup,
    officer_cell, page_routes, refused, save_form,
};
use crate::ui::pages::session::purpose_or_ask;
use crate::ui::sorting::{Column, Header, Key, Sort, column};
use crate::ui::{
    Ctx, FieldErrors, OrPage, PageError, PageResult, Values, error_page, forms, render, sorting,
};
use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::Method as M;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::care::AtRisk;
use grenzeloos_domain::instruments::{
    Contact, Incident, IncidentKind, SecurityAssessment, SecurityLevel,
};
use grenzeloos_domain::labels::Lang;
use grenzeloos_report::spreadsheet::{Dialect, csv_in};
use grenzeloos_store::instruments::Record;
use jiff::civil::Date;
use std::collections::HashMap;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let mut routes = vec![
        route(
            M::GET,
            "/care",
            Needs(RegistryRead),
            "Duty of care: security levels of mission areas and their history",
            care,
        ),
        route(
            M::POST,
            "/care/assessments",
            Needs(RegistryWrite),
            "Record a security assessment from the care page",
            record_level,
        ),
        route(
            M::GET,
            "/care/high-risk",
            Needs(PersonalRead),
            "Officers in high-risk areas with their contacts (audited with the purpose)",
            high_risk,
        ),
        route(
            M::GET,
            "/care/high-risk/export",
            Needs(PersonalRead),
            "The high-risk list as CSV, plain or for Excel (format=csv|excel; audited)",
            high_risk_export,
        ),
    ];
    routes.extend(page_routes!(
        SecurityAssessment,
        "/security-assessments",
        "security assessments of mission areas"
    ));
    routes.extend(page_routes!(
        Incident,
        "/incidents",
        "incidents and evacuations (personal data)"
    ));
    routes.extend(page_routes!(
        Contact,
        "/contacts",
        "contacts of deployed officers (personal data)"
    ));
    routes
}

pub struct LevelLine {
    pub date: String,
    pub level: String,
    pub label: String,
    pub reason: String,
    pub href: String,
}

pub struct AreaView {
    pub mission_id: String,
    pub mission: String,
    pub country: String,
    pub level: String,
    pub label: String,
    pub since: String,
    pub reason: String,
    pub officers: i64,
    pub history: Vec<LevelLine>,
}

#[derive(Template)]
#[template(path = "care.html")]
struct CarePage {
    ctx: Ctx,
    as_of: String,
    headers: Vec<Header>,
    areas: Vec<AreaView>,
    fields: Vec<FieldView>,
    errors: FieldErrors,
}

/// The sortable columns of the security levels on the care page.
const CARE_COLUMNS: [Column; 6] = [
    column("mission", "f.mission"),
    column("country", "overview.country"),
    column("level", "f.level"),
    column("since", "care.since"),
    column("reason", "f.reason"),
    sorting::numeric("officers", "missions.officers"),
];

async fn care_page(
    s: &WebState,
    ctx: Ctx,
    as_of: Date,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &CARE_COLUMNS)?;
    let mut levels = s.app.security_levels(&actor, as_of).await.or_page(&ctx)?;
    sorting::apply(&mut levels, &order, |a, column| match column {
        0 => Key::text(&a.mission),
        1 => Key::text(&a.country),
        // The level by its rank (extreme above high); not assessed first.
        2 => Key::Number(
            a.level
                .and_then(|level| SecurityLevel::ALL.iter().position(|l| *l == level))
                .and_then(|i| i64::try_from(i).ok()),
        ),
        3 => Key::Date(a.since),
        4 => Key::text(a.reason.as_deref().unwrap_or_default()),
        _ => Key::Number(Some(a.officers)),
    });
    let headers = sorting::headers_at(&ctx, "/care", &CARE_COLUMNS, &order);
    let assessments: Vec<Record<SecurityAssessment>> = s
        .app
        .instruments::<SecurityAssessment>(&actor, None)
        .await
        .or_page(&ctx)?;
    let areas = levels
        .into_iter()
        .map(|area| {
            let mut history: Vec<&Record<SecurityAssessment>> = assessments
                .iter()
                .filter(|a| a.value.mission_id == area.mission_id)
                .collect();
            history.sort_by_key(|r| std::cmp::Reverse(r.value.valid_from));
            let level = area.level.map(|l| l.as_str()).unwrap_or("none");
            AreaView {
                label: choice_label(&ctx, "security_level", level),
                level: level.to_string(),
                since: ctx.t.date_opt(&area.since),
                reason: area.reason.unwrap_or_default(),
                officers: area.officers,
                history: history
                    .into_iter()
                    .map(|a| LevelLine {
                        date: ctx.t.date(&a.value.valid_from),
                        level: a.value.level.as_str().to_string(),
                        label: choice_label(&ctx, "security_level", a.value.level.as_str()),
                        reason: a.value.reason.clone(),
                        href: format!("/security-assessments/{}", a.id),
                    })
                    .collect(),
                mission_id: area.mission_id,
                mission: area.mission,
                country: area.country,
            }
        })
        .collect();
    let fields = if ctx.can(grenzeloos_domain::access::Permission::RegistryWrite) {
        let lookup = lookup(s, &ctx, &actor, Officers::Never).await?;
        forms::views(
            &ctx,
            &SecurityAssessment::fields(),
            &values,
            &errors,
            &lookup.sources(),
        )
    } else {
        Vec::new()
    };
    let failed = !errors.is_empty();
    let page = render(&CarePage {
        ctx,
        as_of: as_of.to_string(),
        headers,
        areas,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn care(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    let as_of = date_param(&q, "as_of", s.app.today());
    let mut values = Values::default();
    if let Some(m) = q.get("mission_id") {
        values.set("mission_id", m.clone());
    }
    care_page(&s, ctx, as_of, values, FieldErrors::default()).await
}

/// Records a security assessment from the care page.
pub async fn record_level(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let fields = SecurityAssessment::fields();
    match save_form::<SecurityAssessment>(&s, &actor, None, &fields, &values).await {
        Ok(_) => Ok(Redirect::to(&forms::saved_at("/care")).into_response()),
        Err(error) => {
            let (ctx, errors) = refused(ctx, "security_assessment", &fields, error)?;
            care_page(&s, ctx, s.app.today(), values, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "care_high_risk.html")]
struct HighRiskPage {
    ctx: Ctx,
    as_of: String,
    as_of_long: String,
    headers: Vec<Header>,
    /// The page's query for its exports (`as_of`, `sort`, `dir`), URL-encoded.
    query: String,
    rows: Vec<AtRisk>,
}

impl HighRiskPage {
    fn level(&self, row: &AtRisk) -> String {
        choice_label(&self.ctx, "security_level", row.level.as_str())
    }
}

/// The sortable columns of the high-risk list (the three contact columns sort by their
/// text).
const HIGH_RISK_COLUMNS: [Column; 7] = [
    column("officer", "f.officer"),
    column("mission", "f.mission"),
    column("level", "f.level"),
    column("function", "f.function"),
    column("phone", "f.phone"),
    column("email", "f.email"),
    column("emergency_contact", "f.emergency_contact"),
];

/// The high-risk list on the reference date of the query, in the order it asks for: the
/// page and its exports show the same rows in the same order. Audited with the purpose.
async fn high_risk_rows(
    s: &WebState,
    ctx: Ctx,
    q: &HashMap<String, String>,
) -> Result<(Ctx, Date, Sort, Vec<AtRisk>), PageError> {
    let actor = ctx.signed_in()?;
    let purpose = purpose_or_ask(&ctx)?;
    let (ctx, order) = sorting::parse(ctx, &HIGH_RISK_COLUMNS)?;
    let as_of = date_param(q, "as_of", s.app.today());
    let mut rows = s
        .app
        .high_risk(&actor, as_of, &purpose)
        .await
        .or_page(&ctx)?;
    let contact = |r: &AtRisk, pick: fn(&Contact) -> Option<&str>| {
        Key::text(r.contact.as_ref().and_then(pick).unwrap_or_default())
    };
    sorting::apply(&mut rows, &order, |r, column| match column {
        0 => Key::Text(r.name_key.clone()),
        1 => Key::text(&r.mission),
        // The level by its rank (extreme above high), not by its word.
        2 => Key::Number(
            SecurityLevel::ALL
                .iter()
                .position(|l| *l == r.level)
                .and_then(|i| i64::try_from(i).ok()),
        ),
        3 => Key::text(&r.function),
        4 => contact(r, |c| Some(c.phone.as_str())),
        5 => contact(r, |c| c.email.as_deref()),
        _ => contact(r, |c| c.emergency_contact.as_deref()),
    });
    Ok((ctx, as_of, order, rows))
}

pub async fn high_risk(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    let (ctx, as_of, order, rows) = high_risk_rows(&s, ctx, &q).await?;
    let headers = sorting::headers(&ctx, &HIGH_RISK_COLUMNS, &order);
    let mut query = vec![("as_of".to_string(), as_of.to_string())];
    query.extend(sorting::order_params(&ctx.path));
    Ok(render(&HighRiskPage {
        as_of: as_of.to_string(),
        as_of_long: ctx.t.date_long(&as_of),
        headers,
        query: serde_urlencoded::to_string(&query).unwrap_or_default(),
        ctx,
        rows,
    }))
}

/// The high-risk list as a CSV file, plain or for Excel (`format=csv|excel`): the same rows
/// in the same order as the page, in its language, audited alike. Personal data: the answer
/// is never cached.
pub async fn high_risk_export(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    let format = q.get("format").map(String::as_str).unwrap_or("csv");
    let Some(dialect) = Dialect::parse(format) else {
        let message = format!(
            "{} (format: {}; csv, excel)",
            ctx.t.get("error.invalid_export_format"),
            grenzeloos_domain::text::echo(format)
        );
        return Err(PageError::from_response(error_page(
            ctx,
            StatusCode::BAD_REQUEST,
            "error.invalid",
            message,
        )));
    };
    let (ctx, as_of, _, rows) = high_risk_rows(&s, ctx, &q).await?;
    let titles = [
        "f.officer",
        "f.mission",
        "f.post",
        "f.level",
        "care.level_since",
        "f.function",
        "f.end",
        "f.phone",
        "f.email",
        "f.emergency_contact",
        "f.emergency_phone",
    ]
    .map(|key| ctx.t.get(key).to_string());
    let lines = rows.iter().map(|r| {
        let contact = r.contact.as_ref();
        let text = |pick: fn(&Contact) -> Option<&str>| {
            contact.and_then(pick).unwrap_or_default().to_string()
        };
        [
            if r.officer_erased {
                ctx.t.get("officer.erased").to_string()
            } else {
                r.officer_name.clone()
            },
            r.mission.clone(),
            r.station.clone(),
            choice_label(&ctx, "security_level", r.level.as_str()),
            r.level_since.to_string(),
            r.function.clone(),
            r.until.map(|d| d.to_string()).unwrap_or_default(),
            text(|c| Some(c.phone.as_str())),
            text(|c| c.email.as_deref()),
            text(|c| c.emergency_contact.as_deref()),
            text(|c| c.emergency_phone.as_deref()),
        ]
    });
    let body = csv_in(dialect, std::iter::once(titles).chain(lines));
    let name = match ctx.t.lang {
        Lang::Nl => "hoog-risicogebieden",
        Lang::En => "high-risk-areas",
    };
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{name}-{as_of}{}\"",
                    dialect.suffix()
                ),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        body,
    )
        .into_response())
}

impl PageSpec for SecurityAssessment {
    const PATH: &'static str = "/security-assessments";
    const KEY: &'static str = "assessments";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("mission_id", "f.mission", Select(Source::Missions)).required(),
            field(
                "level",
                "f.level",
                Choice("security_level", codes!(SecurityLevel)),
            )
            .required(),
            field("valid_from", "f.valid_from", Date).required(),
            field("reason", "f.reason", LongText).required(),
        ]
    }

    fn filters() -> Vec<Filter> {
        vec![filter(
            "level",
            "f.level",
            FilterKind::Choice("security_level", codes!(SecurityLevel)),
        )]
    }

    fn keep(&self, name: &str, value: &str, _today: Date) -> bool {
        name != "level" || self.level.as_str() == value
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.valid_from));
    }

    fn columns() -> Vec<&'static str> {
        vec!["f.valid_from", "f.mission", "f.level", "f.reason"]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        vec![
            date_cell(ctx, &self.valid_from),
            Cell::link(
                lookup.mission(&self.mission_id),
                format!("/missions/{}", self.mission_id),
            ),
            Cell::badge(
                choice_label(ctx, "security_level", self.level.as_str()),
                &format!("level-{}", self.level),
            ),
            Cell::text(&self.reason),
        ]
    }

    fn heading(&self, ctx: &Ctx, lookup: &Lookup) -> String {
        format!(
            "{}: {}",
            lookup.mission(&self.mission_id),
            choice_label(ctx, "security_level", self.level.as_str())
        )
    }

    fn saved(_record: &Record<Self>) -> String {
        "/care".to_string()
    }
}

impl PageSpec for Incident {
    const PATH: &'static str = "/incidents";
    const KEY: &'static str = "incidents";
    const OFFICERS: bool = true;

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("mission_id", "f.mission", Select(Source::Missions)).required(),
            field("officer_id", "f.officer", Select(Source::Officers))
                .hint("hint.incident_officer"),
            field(
                "kind",
                "f.incident_kind",
                Choice("incident_kind", codes!(IncidentKind)),
            )
            .required(),
            field("date", "f.date", Date).required(),
            field("summary", "f.summary", LongText).required(),
            field("follow_up", "f.follow_up", LongText),
        ]
    }

    fn filters() -> Vec<Filter> {
        vec![filter(
            "kind",
            "f.incident_kind",
            FilterKind::Choice("incident_kind", codes!(IncidentKind)),
        )]
    }

    fn keep(&self, name: &str, value: &str, _today: Date) -> bool {
        name != "kind" || self.kind.as_str() == value
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.date));
    }

    fn columns() -> Vec<&'static str> {
        vec!["f.date", "f.incident_kind", "f.mission", "f.officer"]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        vec![
            date_cell(ctx, &self.date),
            badge(ctx, "incident_kind", self.kind.as_str()),
            Cell::link(
                lookup.mission(&self.mission_id),
                format!("/missions/{}", self.mission_id),
            ),
            officer_cell(ctx, lookup, self.officer_id.as_deref()),
        ]
    }

    fn heading(&self, ctx: &Ctx, lookup: &Lookup) -> String {
        format!(
            "{} — {} ({})",
            choice_label(ctx, "incident_kind", self.kind.as_str()),
            lookup.mission(&self.mission_id),
            ctx.t.date(&self.date)
        )
    }
}

impl PageSpec for Contact {
    const PATH: &'static str = "/contacts";
    const KEY: &'static str = "contacts";
    const OFFICERS: bool = true;

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("officer_id", "f.officer", Select(Source::Officers)).required(),
            field("phone", "f.phone", Text)
                .required()
                .hint("hint.phone"),
            field("email", "f.email", Text),
            field("emergency_contact", "f.emergency_contact", Text),
            field("emergency_phone", "f.emergency_phone", Text),
        ]
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.officer",
            "f.phone",
            "f.email",
            "f.emergency_contact",
            "f.emergency_phone",
        ]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(
                lookup
                    .officer(&self.officer_id)
                    .unwrap_or_else(|| ctx.t.get("f.officer").to_string()),
            ),
            Cell::text(&self.phone),
            Cell::text(self.email.clone().unwrap_or_default()),
            Cell::text(self.emergency_contact.clone().unwrap_or_default()),
            Cell::text(self.emergency_phone.clone().unwrap_or_default()),
        ]
    }

    fn heading(&self, ctx: &Ctx, lookup: &Lookup) -> String {
        format!(
            "{}: {}",
            ctx.t.get("contacts.one"),
            lookup.officer(&self.officer_id).unwrap_or_default()
        )
    }
}
