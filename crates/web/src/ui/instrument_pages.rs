//! Pages of the instruments kept as documents: one generic list, record (with its version
//! history), new and edit handler per kind, each kind described once by [`PageSpec`] — its
//! fields, filters, columns — and routed from the route table.

use super::forms::{
    self, FieldKind, FieldSpec, FieldView, Options, Source, Sources, choice_label, field,
};
use super::pages::purpose_or_ask;
use super::sorting::{self, Header, Key};
use super::{Ctx, FieldErrors, OrPage, PageError, PageResult, Values, form_target, render};
use crate::WebState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use grenzeloos_app::instruments::Registered;
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::agreements::AgreementKind;
use grenzeloos_domain::assistance::{
    Assistance, AssistanceStatus, Capability, Direction, Settlement,
};
use grenzeloos_domain::choice::Choice;
use grenzeloos_domain::instruments::{
    Amendment, AmendmentKind, Commitment, CommitmentStatus, Contact, Development, Dossier,
    DossierStatus, Incident, IncidentKind, Instrument, Placement, PlacementKind, PlacementStatus,
    Programme, ProgrammeKind, SecurityAssessment, SecurityLevel, Topic,
};
use grenzeloos_domain::registry::Period;
use grenzeloos_domain::status::StatusHistory;
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::agreements::AgreementRow;
use grenzeloos_store::instruments::Record;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// The codes of a `choice!` enum.
macro_rules! codes {
    ($choice:ty) => {
        <$choice>::ALL
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<&'static str>>()
    };
}

pub type Pairs = Form<Vec<(String, String)>>;
pub type Params = Query<HashMap<String, String>>;

pub fn invalid(page: Response) -> Response {
    (StatusCode::BAD_REQUEST, page).into_response()
}

/// A date from a query, or `default` when absent or malformed.
pub fn date_param(q: &HashMap<String, String>, name: &str, default: Date) -> Date {
    q.get(name)
        .and_then(|v| parse_date(name, v).ok())
        .unwrap_or(default)
}

// -- what a page needs besides the records --------------------------------------------------------

/// Names of what records point to: missions, agreements and — for roles that may read them,
/// with the session's purpose — officers.
#[derive(Default)]
pub struct Lookup {
    pub missions: Options,
    pub agreements: Vec<AgreementRow>,
    pub officers: Option<Options>,
}

impl Lookup {
    pub fn mission(&self, id: &str) -> String {
        self.missions
            .iter()
            .find(|(m, _)| m == id)
            .map_or_else(|| id.to_string(), |(_, name)| name.clone())
    }

    pub fn agreement(&self, id: &str) -> String {
        self.agreements
            .iter()
            .find(|a| a.id == id)
            .map_or_else(|| id.to_string(), |a| a.agreement.title.clone())
    }

    /// Where an officer stands in the Dutch order of names (the order of `officers`).
    pub fn officer_rank(&self, id: &str) -> Option<i64> {
        self.officers
            .as_ref()?
            .iter()
            .position(|(o, _)| o == id)
            .and_then(|i| i64::try_from(i).ok())
    }

    /// An officer's name when this page may show it, else nothing.
    pub fn officer(&self, id: &str) -> Option<String> {
        self.officers
            .as_ref()?
            .iter()
            .find(|(o, _)| o == id)
            .map(|(_, name)| name.clone())
    }

    pub fn sources(&self) -> Sources {
        let agreements = |keep: &dyn Fn(&AgreementRow) -> bool| -> Option<Options> {
            Some(
                self.agreements
                    .iter()
                    .filter(|a| keep(a))
                    .map(|a| (a.id.clone(), a.agreement.title.clone()))
                    .collect(),
            )
        };
        HashMap::from([
            (Source::Missions, Some(self.missions.clone())),
            (Source::Officers, self.officers.clone()),
            (Source::Agreements, agreements(&|_| true)),
            // The kinds the one legal-basis rule ever accepts (`agreements::assess`).
            (
                Source::BindingAgreements,
                agreements(&|a| a.agreement.kind.may_be_legal_basis()),
            ),
            (
                Source::WorkingArrangements,
                agreements(&|a| a.agreement.kind == AgreementKind::WorkingArrangement),
            ),
        ])
    }
}

/// Whether a page lists officers: never, when the session's purpose allows it, or (a form)
/// always for roles that may — asking for the purpose first.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Officers {
    Never,
    IfPurpose,
    Ask,
}

/// Loads the names a page shows; a redirect to the purpose page when a form needs officers.
pub async fn lookup(
    s: &WebState,
    ctx: &Ctx,
    actor: &Actor,
    officers: Officers,
) -> Result<Lookup, PageError> {
    // Names only: a role that may not list one of them simply sees ids.
    let missions = s
        .app
        .missions(actor, s.app.today())
        .await
        .map(|all| {
            all.into_iter()
                .map(|m| (m.mission.id, m.mission.mission.name))
                .collect()
        })
        .unwrap_or_default();
    let agreements = s.app.agreements(actor).await.unwrap_or_default();
    let officers = if officers == Officers::Never || !actor.can(Permission::PersonalRead) {
        None
    } else {
        let purpose = match (officers, purpose_or_ask(ctx)) {
            (_, Ok(purpose)) => purpose,
            (Officers::Ask, Err(ask)) => return Err(ask.into()),
            (_, Err(_)) => {
                return Ok(Lookup {
                    missions,
                    agreements,
                    officers: None,
                });
            }
        };
        match s.app.officers(actor, &purpose).await {
            Ok(mut all) => Some({
                // Pickers and names the Dutch way: "de Graaf" under G.
                super::sorting::by_person(&mut all, |o| {
                    (
                        o.officer.family_name.as_str(),
                        o.officer.given_name.as_str(),
                    )
                });
                all.into_iter()
                    .map(|o| {
                        (
                            o.id,
                            format!(
                                "{}, {} ({})",
                                o.officer.family_name,
                                o.officer.given_name,
                                o.officer.personnel_number
                            ),
                        )
                    })
                    .collect()
            }),
            Err(_) => None,
        }
    };
    Ok(Lookup {
        missions,
        agreements,
        officers,
    })
}

// -- lists: cells, filters, panels ----------------------------------------------------------------

/// A piece of a table cell: text, maybe a link, maybe a badge (its class).
pub struct Part {
    pub text: String,
    pub href: String,
    pub badge: String,
}

pub struct Cell {
    pub parts: Vec<Part>,
    /// What the column is sorted by when it is not the cell's text (a date, a number).
    pub key: Option<Key>,
}

impl Cell {
    pub fn text(text: impl Into<String>) -> Cell {
        Cell {
            parts: vec![Part {
                text: text.into(),
                href: String::new(),
                badge: String::new(),
            }],
            key: None,
        }
    }

    pub fn link(text: impl Into<String>, href: impl Into<String>) -> Cell {
        Cell {
            parts: vec![Part {
                text: text.into(),
                href: href.into(),
                badge: String::new(),
            }],
            key: None,
        }
    }

    pub fn badge(text: impl Into<String>, class: &str) -> Cell {
        Cell {
            parts: vec![Part {
                text: text.into(),
                href: String::new(),
                badge: class.to_string(),
            }],
            key: None,
        }
    }

    pub fn partners(codes: &[String]) -> Cell {
        Cell {
            parts: codes
                .iter()
                .map(|c| Part {
                    text: c.clone(),
                    href: format!("/partners/{c}"),
                    badge: String::new(),
                })
                .collect(),
            key: None,
        }
    }

    pub fn lines(lines: Vec<String>) -> Cell {
        Cell {
            parts: lines
                .into_iter()
                .map(|l| Part {
                    text: l,
                    href: String::new(),
                    badge: String::new(),
                })
                .collect(),
            key: None,
        }
    }

    /// The cell, sorted by `key` instead of its text.
    pub fn sorted_by(mut self, key: Key) -> Cell {
        self.key = Some(key);
        self
    }

    /// What its column is sorted by: its key, or its text the Dutch way.
    pub fn sort_key(&self) -> Key {
        match &self.key {
            Some(key) => key.clone(),
            None => Key::text(
                &self
                    .parts
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        }
    }
}

/// A period in a cell, sorted by its start.
pub fn period_cell(ctx: &Ctx, period: &Period) -> Cell {
    Cell::text(period_text(ctx, period)).sorted_by(Key::Date(Some(period.start)))
}

pub struct Row {
    pub href: String,
    pub cells: Vec<Cell>,
}

/// A table above the list (the posts filled on a reference date).
pub struct Panel {
    pub title: String,
    pub id: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Row>,
}

pub enum FilterKind {
    Choice(&'static str, Vec<&'static str>),
    Text,
    Date,
    Year,
}

pub struct Filter {
    pub name: &'static str,
    pub label: &'static str,
    pub kind: FilterKind,
}

pub fn filter(name: &'static str, label: &'static str, kind: FilterKind) -> Filter {
    Filter { name, label, kind }
}

pub struct FilterView {
    pub name: &'static str,
    pub label: String,
    pub widget: &'static str,
    pub options: Options,
    pub value: String,
}

pub fn period_text(ctx: &Ctx, period: &Period) -> String {
    format!(
        "{} – {}",
        ctx.t.date(&period.start),
        ctx.t.date_opt(&period.end)
    )
}

fn overlaps_year(period: &Period, year: &str) -> bool {
    let Ok(year) = year.trim().parse::<i16>() else {
        return true;
    };
    period.start.year() <= year && period.end.is_none_or(|e| e.year() >= year)
}

fn contains(haystack: &str, needle: &str) -> bool {
    haystack
        .to_lowercase()
        .contains(&needle.trim().to_lowercase())
}

/// How one kind of record is shown and entered.
pub trait PageSpec: Registered + Serialize {
    /// Where its pages live, e.g. `/placements`.
    const PATH: &'static str;
    /// The locale prefix of its texts: `<KEY>.title`, `.new`, `.edit`, `.count`, `.intro`.
    const KEY: &'static str;
    /// Whether its pages name officers.
    const OFFICERS: bool = false;

    fn fields() -> Vec<FieldSpec>;

    fn filters() -> Vec<Filter> {
        Vec::new()
    }

    /// Whether the record passes filter `name` with a (non-empty) `value`; a status is the
    /// one it has `today`.
    fn keep(&self, _name: &str, _value: &str, _today: Date) -> bool {
        true
    }

    /// For a kind with a status history: its status on `date` as its pages show it.
    fn status_shown(&self, _ctx: &Ctx, _date: Date) -> Option<StatusView> {
        None
    }

    fn sort(_records: &mut [Record<Self>]) {}

    /// Locale keys of the list's columns; the first cell links to the record.
    fn columns() -> Vec<&'static str>;

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell>;

    fn panel(
        _records: &[Record<Self>],
        _q: &HashMap<String, String>,
        _ctx: &Ctx,
        _lookup: &Lookup,
    ) -> Option<Panel> {
        None
    }

    /// Links next to "new" on the list (the calendar).
    fn links() -> Vec<(&'static str, &'static str)> {
        Vec::new()
    }

    /// The record page's heading.
    fn heading(&self, _ctx: &Ctx, _lookup: &Lookup) -> String {
        self.label()
    }

    /// Facts the fields do not show (the treaty regime), label and text.
    fn notes(&self, _ctx: &Ctx, _lookup: &Lookup) -> Vec<(String, String)> {
        Vec::new()
    }

    /// Where the browser goes after saving when the form does not say where it came from.
    fn saved(record: &Record<Self>) -> String {
        format!("{}/{}", Self::PATH, record.id)
    }
}

fn write_permission<I: Instrument>() -> Permission {
    if I::PERSONAL {
        Permission::PersonalWrite
    } else {
        Permission::RegistryWrite
    }
}

/// The session's purpose for a personal kind (a redirect to state one when missing).
fn purpose_for<I: Instrument>(ctx: &Ctx) -> Result<Option<Purpose>, PageError> {
    if I::PERSONAL {
        Ok(Some(purpose_or_ask(ctx)?))
    } else {
        Ok(None)
    }
}

fn officers_for<I: PageSpec>(form: bool) -> Officers {
    match (I::OFFICERS, form) {
        (false, _) => Officers::Never,
        (true, true) => Officers::Ask,
        (true, false) => Officers::IfPurpose,
    }
}

// -- templates ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "inst_list.html")]
struct ListPage {
    ctx: Ctx,
    title: String,
    intro: String,
    path: &'static str,
    new_href: String,
    links: Vec<(String, String)>,
    filters: Vec<FilterView>,
    panel: Option<Panel>,
    headers: Vec<Header>,
    rows: Vec<Row>,
}

#[derive(Template)]
#[template(path = "inst_form.html")]
pub struct FormPage {
    pub ctx: Ctx,
    pub title: String,
    pub action: String,
    pub cancel: String,
    pub fields: Vec<FieldView>,
    pub errors: FieldErrors,
}

/// One line of a record's history.
pub struct HistoryLine {
    pub when: String,
    pub by: String,
    pub changed: Vec<String>,
    pub first: bool,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "inst_record.html")]
struct RecordPage {
    ctx: Ctx,
    title: String,
    kind_title: String,
    list: &'static str,
    edit: String,
    facts: Vec<forms::Fact>,
    notes: Vec<(String, String)>,
    history: Vec<HistoryLine>,
}

pub fn filter_views(
    ctx: &Ctx,
    filters: Vec<Filter>,
    q: &HashMap<String, String>,
) -> Vec<FilterView> {
    filters
        .into_iter()
        .map(|f| {
            let (widget, options) = match f.kind {
                FilterKind::Choice(group, codes) => (
                    "select",
                    codes
                        .iter()
                        .map(|c| (c.to_string(), choice_label(ctx, group, c)))
                        .collect(),
                ),
                FilterKind::Text => ("text", Vec::new()),
                FilterKind::Date => ("date", Vec::new()),
                FilterKind::Year => ("number", Vec::new()),
            };
            FilterView {
                name: f.name,
                label: ctx.t.get(f.label).to_string(),
                widget,
                options,
                value: q.get(f.name).cloned().unwrap_or_default(),
            }
        })
        .collect()
}

// -- the generic handlers -------------------------------------------------------------------------

/// The sortable columns of a kind's list: named by their locale key's last part
/// (`f.valid_from` sorts as `valid_from`).
fn sort_columns<I: PageSpec>() -> Vec<sorting::Column> {
    I::columns()
        .into_iter()
        .map(|key| {
            let name = key.rsplit('.').next().unwrap_or(key);
            if name == "costs_eur" {
                sorting::numeric(name, key)
            } else {
                sorting::column(name, key)
            }
        })
        .collect()
}

pub async fn list<I: PageSpec>(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(q): Params,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let columns = sort_columns::<I>();
    let (ctx, order) = sorting::parse(ctx, &columns)?;
    let purpose = purpose_for::<I>(&ctx)?;
    let mut records = s
        .app
        .instruments::<I>(&actor, purpose.as_ref())
        .await
        .or_page(&ctx)?;
    let lookup = lookup(&s, &ctx, &actor, officers_for::<I>(false)).await?;
    let filters = I::filters();
    records.retain(|r| {
        filters
            .iter()
            .all(|f| match q.get(f.name).map(|v| v.trim()) {
                None | Some("") => true,
                Some(value) => r.value.keep(f.name, value, ctx.today),
            })
    });
    I::sort(&mut records);
    let panel = I::panel(&records, &q, &ctx, &lookup);
    let mut rows: Vec<Row> = records
        .iter()
        .map(|r| Row {
            href: format!("{}/{}", I::PATH, r.id),
            cells: r.value.cells(&ctx, &lookup),
        })
        .collect();
    sorting::apply(&mut rows, &order, |row, column| {
        row.cells
            .get(column)
            .map_or(Key::Text(String::new()), Cell::sort_key)
    });
    let headers = sorting::headers(&ctx, &columns, &order);
    let filters = filter_views(&ctx, filters, &q);
    let links = I::links()
        .into_iter()
        .map(|(href, key)| (href.to_string(), ctx.t.get(key).to_string()))
        .collect();
    let new_href = if ctx.can(write_permission::<I>()) {
        format!("{}/new", I::PATH)
    } else {
        String::new()
    };
    Ok(render(&ListPage {
        title: ctx.t.get(&format!("{}.title", I::KEY)).to_string(),
        intro: ctx.t.get(&format!("{}.intro", I::KEY)).to_string(),
        path: I::PATH,
        new_href,
        links,
        filters,
        panel,
        headers,
        rows,
        ctx,
    }))
}

fn values_of<I: PageSpec>(fields: &[FieldSpec], value: &I) -> Values {
    serde_json::to_value(value)
        .map(|json| forms::from_json(fields, &json))
        .unwrap_or_default()
}

pub async fn show<I: PageSpec>(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let purpose = purpose_for::<I>(&ctx)?;
    let (record, versions) = s
        .app
        .instrument::<I>(&actor, &id, purpose.as_ref())
        .await
        .or_page(&ctx)?;
    let lookup = lookup(&s, &ctx, &actor, officers_for::<I>(false)).await?;
    let fields = I::fields();
    let mut values = values_of(&fields, &record.value);
    // The status the page shows is the one the record has today; its history is beside it.
    // Before its first status it has none yet: never its latest, which lies ahead.
    let shown = record.value.status_shown(&ctx, ctx.today);
    if let Some(view) = &shown {
        values.set("status", view.code);
    }
    let sources = lookup.sources();
    let mut facts = forms::facts(&ctx, &fields, &values, &sources);
    if let Some(view) = shown.filter(|v| v.code.is_empty()) {
        let label = ctx.t.get("f.status");
        if let Some(fact) = facts.iter_mut().find(|f| f.label == label) {
            fact.text = view.text;
        }
    }
    let mut history = Vec::new();
    let mut before: Option<Values> = None;
    let count = versions.len();
    for (i, v) in versions.iter().enumerate() {
        let now = values_of(&fields, &v.value);
        history.push(HistoryLine {
            when: ctx.t.instant(&v.recorded_from),
            by: v.recorded_by.clone(),
            changed: before
                .as_ref()
                .map(|b| forms::changed(&ctx, &fields, b, &now))
                .unwrap_or_default(),
            first: before.is_none(),
            current: i + 1 == count,
        });
        before = Some(now);
    }
    history.reverse();
    let edit = if ctx.can(write_permission::<I>()) {
        format!("{}/{}/edit", I::PATH, record.id)
    } else {
        String::new()
    };
    Ok(render(&RecordPage {
        title: record.value.heading(&ctx, &lookup),
        kind_title: ctx.t.get(&format!("{}.title", I::KEY)).to_string(),
        list: I::PATH,
        edit,
        notes: record.value.notes(&ctx, &lookup),
        facts,
        history,
        ctx,
    }))
}

/// Renders a kind's form (400 when it comes back refused); it goes back to where the user came
/// from (`return_to` among the values), by default the list for a new record and the record's
/// page for a change.
async fn form_page<I: PageSpec>(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let lookup = lookup(s, &ctx, &actor, officers_for::<I>(true)).await?;
    let fields = I::fields();
    let views = forms::views(&ctx, &fields, &values, &errors, &lookup.sources());
    let (title, action, cancel) = form_target(&ctx, I::KEY, I::PATH, id);
    let cancel = forms::return_path(values.opt("return_to").as_deref(), &cancel);
    let failed = !errors.is_empty();
    let page = render(&FormPage {
        ctx,
        title,
        action,
        cancel,
        fields: views,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn new<I: PageSpec>(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    // Nothing is chosen for the user; a link may prefill what it knows (/incidents/new?mission_id=…)
    // and say where it came from.
    let mut values = Values::default();
    for name in I::fields().iter().map(|f| f.name).chain(["return_to"]) {
        if let Some(v) = q.get(name) {
            values.set(name, v.clone());
        }
    }
    form_page::<I>(&s, ctx, None, values, FieldErrors::default()).await
}

pub async fn edit<I: PageSpec>(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let purpose = purpose_for::<I>(&ctx)?;
    let (record, _) = s
        .app
        .instrument::<I>(&actor, &id, purpose.as_ref())
        .await
        .or_page(&ctx)?;
    let values = values_of(&I::fields(), &record.value);
    form_page::<I>(&s, ctx, Some(&id), values, FieldErrors::default()).await
}

/// A refusal as errors at the form's fields — every rule the input breaks — or the page for any
/// other failure.
pub fn refused(
    ctx: Ctx,
    kind: &str,
    fields: &[FieldSpec],
    error: AppError,
) -> Result<(Ctx, FieldErrors), PageError> {
    match error {
        AppError::Invalid(v) | AppError::Conflict(v) => {
            let mut errors = FieldErrors::default();
            for v in v.all() {
                errors.add(v.field_base(), forms::message(&ctx, kind, v));
            }
            Ok((ctx, forms::place_errors(fields, errors)))
        }
        other => Err(PageError::new(&ctx, other)),
    }
}

/// Where a saved form goes: back where the user came from (`return_to`), whose page says it was
/// saved; a post that does not say (a script) goes to `default`, as it always did.
pub fn saved_redirect(values: &Values, default: &str) -> String {
    match values.opt("return_to") {
        Some(return_to) => forms::saved_at(&forms::return_path(Some(&return_to), default)),
        None => default.to_string(),
    }
}

/// Saves a form of kind `I`: the form → the input → the use case; a refusal comes back at
/// its field and nothing is saved.
pub async fn save_form<I: PageSpec>(
    s: &WebState,
    actor: &Actor,
    id: Option<&str>,
    fields: &[FieldSpec],
    values: &Values,
) -> Result<Record<I>, AppError> {
    let input: I::Input = forms::parse_input(fields, values)?;
    s.app.save_instrument::<I>(actor, id, &input).await
}

async fn save<I: PageSpec>(s: &WebState, ctx: Ctx, id: Option<&str>, values: Values) -> PageResult {
    let actor = ctx.signed_in()?;
    let fields = I::fields();
    match save_form::<I>(s, &actor, id, &fields, &values).await {
        Ok(record) => {
            Ok(Redirect::to(&saved_redirect(&values, &I::saved(&record))).into_response())
        }
        Err(error) => {
            let (ctx, errors) = refused(ctx, I::KIND, &fields, error)?;
            form_page::<I>(s, ctx, id, values, errors).await
        }
    }
}

pub async fn create<I: PageSpec>(
    State(s): State<WebState>,
    ctx: Ctx,
    Form(pairs): Pairs,
) -> PageResult {
    save::<I>(&s, ctx, None, Values::from_pairs(pairs)).await
}

pub async fn update<I: PageSpec>(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    save::<I>(&s, ctx, Some(&id), Values::from_pairs(pairs)).await
}

// -- the kinds ------------------------------------------------------------------------------------

fn badge(ctx: &Ctx, group: &str, code: &str) -> Cell {
    Cell::badge(choice_label(ctx, group, code), code)
}

/// A status as a page shows it on a date: the code (a badge's class; empty when the record
/// has no status yet on that date) and the words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusView {
    pub code: &'static str,
    pub text: String,
}

impl StatusView {
    fn cell(self) -> Cell {
        if self.code.is_empty() {
            Cell::text(self.text)
        } else {
            Cell::badge(self.text, self.code)
        }
    }
}

/// The status a history gives on `date` ([`StatusHistory::on`]); a later status never reads
/// as if it held already. Before the first step: "nog geen status", with the first step ahead
/// and its date ("nog geen status (gepland: afgerekend vanaf 01-09-2026)").
pub fn status_view<S: Choice>(
    ctx: &Ctx,
    group: &str,
    history: &StatusHistory<S>,
    date: Date,
) -> StatusView {
    if let Some(step) = history.on(date) {
        let code = step.status.code();
        return StatusView {
            code,
            text: choice_label(ctx, group, code),
        };
    }
    let none = ctx.t.get("status.none_yet");
    let text = match history.changes().iter().find(|step| step.from > date) {
        Some(next) => format!(
            "{none} ({} {} {} {})",
            ctx.t.get("status.planned"),
            choice_label(ctx, group, next.status.code()),
            ctx.t.get("mission.from"),
            ctx.t.date(&next.from)
        ),
        None => none.to_string(),
    };
    StatusView { code: "", text }
}

/// Whether a record's status on `date` is `code` (a list's status filter): a record without a
/// status yet has none of them.
fn status_is<S: Choice>(history: &StatusHistory<S>, date: Date, code: &str) -> bool {
    history.status_on(date).is_some_and(|s| s.code() == code)
}

fn date_cell(ctx: &Ctx, date: &Date) -> Cell {
    Cell::text(ctx.t.date(date)).sorted_by(Key::Date(Some(*date)))
}

impl PageSpec for Placement {
    const PATH: &'static str = "/placements";
    const KEY: &'static str = "placements";
    const OFFICERS: bool = true;

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("function", "f.function", Text).required(),
            field(
                "kind",
                "f.placement_kind",
                Choice("placement_kind", codes!(PlacementKind)),
            )
            .required(),
            field("host_country", "f.host_country", Text)
                .required()
                .hint("hint.country"),
            field("city", "f.city", Text),
            field("organisation", "f.organisation", Text).hint("hint.organisation"),
            field("focus", "f.focus", Text),
            field("officer_id", "f.officer", Select(Source::Officers)).hint("hint.officer_id"),
            field("start", "f.start", Date).required(),
            field("end", "f.end", Date),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "placement_status",
            codes!(PlacementStatus),
        ))
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter("as_of", "placements.filled_on", FilterKind::Date),
            filter(
                "status",
                "f.status",
                FilterKind::Choice("placement_status", codes!(PlacementStatus)),
            ),
            filter("q", "filter.search", FilterKind::Text),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "placement_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "status" => status_is(&self.status_history, today, value),
            "q" => contains(
                &format!(
                    "{} {} {}",
                    self.label(),
                    self.host_country,
                    self.focus.clone().unwrap_or_default()
                ),
                value,
            ),
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.period.start));
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.function",
            "f.post",
            "f.focus",
            "f.officer",
            "f.period",
            "f.status",
        ]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.function),
            Cell::link(
                self.post(),
                format!(
                    "/partners/{}",
                    self.organisation.as_deref().unwrap_or(&self.host_country)
                ),
            ),
            Cell::text(self.focus.clone().unwrap_or_default()),
            officer_cell(ctx, lookup, self.officer_id.as_deref()),
            period_cell(ctx, &self.period),
            status_view(ctx, "placement_status", &self.status_history, ctx.today).cell(),
        ]
    }

    fn panel(
        records: &[Record<Self>],
        q: &HashMap<String, String>,
        ctx: &Ctx,
        lookup: &Lookup,
    ) -> Option<Panel> {
        let date = date_param(q, "as_of", ctx.today);
        let rows = records
            .iter()
            .filter(|r| r.value.filled_on(date))
            .map(|r| Row {
                href: format!("{}/{}", Self::PATH, r.id),
                cells: vec![
                    Cell::text(r.value.post()),
                    Cell::link(
                        &r.value.host_country,
                        format!("/partners/{}", r.value.host_country),
                    ),
                    Cell::text(&r.value.function),
                    Cell::text(r.value.focus.clone().unwrap_or_default()),
                    officer_cell(ctx, lookup, r.value.officer_id.as_deref()),
                ],
            })
            .collect();
        Some(Panel {
            title: format!(
                "{} {}",
                ctx.t.get("placements.filled_caption"),
                ctx.t.date_long(&date)
            ),
            id: "filled",
            columns: [
                "f.post",
                "f.host_country",
                "f.function",
                "f.focus",
                "f.officer",
            ]
            .iter()
            .map(|k| ctx.t.get(k).to_string())
            .collect(),
            rows,
        })
    }
}

fn officer_cell(ctx: &Ctx, lookup: &Lookup, officer: Option<&str>) -> Cell {
    // Sorted by name the Dutch way: the place in the lookup's ordered list.
    let rank = Key::Number(officer.and_then(|id| lookup.officer_rank(id)));
    let cell = match officer {
        None => Cell::text("—"),
        Some(id) => match lookup.officer(id) {
            Some(name) => Cell::link(name, format!("/officers/{id}")),
            None => Cell::text(ctx.t.get("placements.filled")),
        },
    };
    cell.sorted_by(rank)
}

impl PageSpec for Amendment {
    const PATH: &'static str = "/amendments";
    const KEY: &'static str = "amendments";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("agreement_id", "f.agreement", Select(Source::Agreements)).required(),
            field(
                "kind",
                "f.amendment_kind",
                Choice("amendment_kind", codes!(AmendmentKind)),
            )
            .required(),
            field("title", "f.title", Text).required(),
            field("signed", "f.signed", Date),
            field("in_force", "f.in_force", Date),
            field("summary", "f.summary", LongText),
        ]
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.title",
            "f.agreement",
            "f.amendment_kind",
            "f.signed",
            "f.in_force",
        ]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            Cell::link(
                lookup.agreement(&self.agreement_id),
                format!("/agreements/{}", self.agreement_id),
            ),
            Cell::text(choice_label(ctx, "amendment_kind", self.kind.as_str())),
            Cell::text(ctx.t.date_opt(&self.signed)).sorted_by(Key::Date(self.signed)),
            Cell::text(ctx.t.date_opt(&self.in_force)).sorted_by(Key::Date(self.in_force)),
        ]
    }

    fn saved(record: &Record<Self>) -> String {
        format!("/agreements/{}", record.value.agreement_id)
    }
}

impl PageSpec for Assistance {
    const PATH: &'static str = "/assistance";
    const KEY: &'static str = "assistance";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field(
                "direction",
                "f.direction",
                Choice("direction", codes!(Direction)),
            )
            .required(),
            field("partner", "f.partner_state", Text)
                .required()
                .hint("hint.country"),
            field("event", "f.event", Text).required(),
            field("place", "f.place", Text),
            field("start", "f.start", Date).required(),
            field("end", "f.end", Date),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "assistance_status",
            codes!(AssistanceStatus),
        ))
        .chain([
            field("capabilities", "f.capabilities", Capabilities).hint("hint.capabilities"),
            field("nature", "f.nature", Text).hint("hint.benelux_18"),
            field("objective", "f.objective", Text).hint("hint.benelux_18"),
            field("inventory", "f.inventory", LongText).hint("hint.inventory"),
            field(
                "legal_basis",
                "f.legal_basis",
                Select(Source::BindingAgreements),
            )
            .hint("hint.legal_basis"),
            field(
                "working_arrangement",
                "f.working_arrangement",
                Select(Source::WorkingArrangements),
            ),
            field("decision_date", "f.decision_date", Date),
            field("decision", "f.decision", LongText).hint("hint.decision"),
            field("report_date", "f.report_date", Date).hint("hint.benelux_46"),
            field("report_reference", "f.report_reference", Text),
            field("costs_eur", "f.costs_eur", Number),
            field(
                "settlement",
                "f.settlement",
                Choice("settlement", codes!(Settlement)),
            )
            .hint("hint.settlement"),
        ])
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "direction",
                "f.direction",
                FilterKind::Choice("direction", codes!(Direction)),
            ),
            filter("partner", "f.partner_state", FilterKind::Text),
            filter(
                "status",
                "f.status",
                FilterKind::Choice("assistance_status", codes!(AssistanceStatus)),
            ),
            filter("year", "filter.year", FilterKind::Year),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "assistance_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "direction" => self.direction.as_str() == value,
            "partner" => self.partner.eq_ignore_ascii_case(value.trim()),
            "status" => status_is(&self.status_history, today, value),
            "year" => overlaps_year(&self.period, value),
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.period.start));
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.event",
            "f.partner_state",
            "f.direction",
            "f.legal_basis",
            "f.capabilities",
            "f.status",
            "f.costs_eur",
            "f.period",
        ]
    }

    fn cells(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<Cell> {
        let basis = match &self.legal_basis {
            Some(id) => Cell {
                key: None,
                parts: vec![
                    Part {
                        text: choice_label(ctx, "regime", self.regime.as_str()),
                        href: String::new(),
                        badge: String::new(),
                    },
                    Part {
                        text: lookup.agreement(id),
                        href: format!("/agreements/{id}"),
                        badge: String::new(),
                    },
                ],
            },
            None => Cell::text(choice_label(ctx, "regime", self.regime.as_str())),
        };
        vec![
            Cell::text(&self.event),
            Cell::partners(std::slice::from_ref(&self.partner)),
            badge(ctx, "direction", self.direction.as_str()),
            basis,
            Cell::lines(
                self.capabilities
                    .iter()
                    .map(|c| {
                        forms::capability_text(
                            ctx,
                            &format!("{} {} {}", c.capability, c.quantity, c.personnel),
                        )
                    })
                    .collect(),
            ),
            status_view(ctx, "assistance_status", &self.status_history, ctx.today).cell(),
            Cell::text(self.costs_eur.map(euros).unwrap_or_default())
                .sorted_by(Key::Number(self.costs_eur)),
            period_cell(ctx, &self.period),
        ]
    }

    fn links() -> Vec<(&'static str, &'static str)> {
        vec![("/assistance/calendar", "assistance.calendar")]
    }

    fn notes(&self, ctx: &Ctx, lookup: &Lookup) -> Vec<(String, String)> {
        let mut notes = vec![(
            ctx.t.get("f.regime").to_string(),
            format!(
                "{} — {}",
                choice_label(ctx, "regime", self.regime.as_str()),
                self.regime.articles()
            ),
        )];
        if let Some(id) = &self.legal_basis {
            notes.push((ctx.t.get("f.legal_basis").to_string(), lookup.agreement(id)));
        }
        notes
    }
}

/// Whole euros for people: € 12.500; no costs read "—", not "€ 0".
pub fn euros(amount: i64) -> String {
    if amount == 0 {
        return "—".to_string();
    }
    let digits = amount.unsigned_abs().to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push('.');
        }
        grouped.push(c);
    }
    format!("€ {}{grouped}", if amount < 0 { "-" } else { "" })
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

impl PageSpec for Dossier {
    const PATH: &'static str = "/dossiers";
    const KEY: &'static str = "dossiers";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("title", "f.title", Text).required(),
            field("topic", "f.topic", Choice("topic", codes!(Topic))).required(),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "dossier_status",
            codes!(DossierStatus),
        ))
        .chain([
            field("summary", "f.summary", LongText),
            field("milestones", "f.milestones", Milestones).hint("hint.milestones"),
            field("references", "f.references", Lines).hint("hint.references"),
            field("partners", "f.partners", PartnerList).hint("hint.partners"),
        ])
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "topic",
                "f.topic",
                FilterKind::Choice("topic", codes!(Topic)),
            ),
            filter(
                "status",
                "f.status",
                FilterKind::Choice("dossier_status", codes!(DossierStatus)),
            ),
            filter("q", "filter.search", FilterKind::Text),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "dossier_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "topic" => self.topic.as_str() == value,
            "status" => status_is(&self.status_history, today, value),
            "q" => contains(
                &format!(
                    "{} {} {}",
                    self.title,
                    self.summary,
                    self.references.join(" ")
                ),
                value,
            ),
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by(|a, b| {
            let last = |d: &Dossier| d.milestones.last().map(|m| m.date);
            last(&b.value).cmp(&last(&a.value))
        });
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.title",
            "f.topic",
            "f.status",
            "dossiers.latest",
            "f.references",
        ]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            Cell::text(choice_label(ctx, "topic", self.topic.as_str())),
            status_view(ctx, "dossier_status", &self.status_history, ctx.today).cell(),
            Cell::text(
                self.milestones
                    .last()
                    .map(|m| format!("{}: {}", ctx.t.date(&m.date), m.text))
                    .unwrap_or_default(),
            )
            .sorted_by(Key::Date(self.milestones.last().map(|m| m.date))),
            Cell::lines(self.references.clone()),
        ]
    }
}

impl PageSpec for Commitment {
    const PATH: &'static str = "/commitments";
    const KEY: &'static str = "commitments";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("title", "f.title", Text).required(),
            field("made_on", "f.made_on", Date).required(),
            field("made_in", "f.made_in", Text)
                .required()
                .hint("hint.made_in"),
        ]
        .into_iter()
        .chain(forms::status_fields(
            "commitment_status",
            codes!(CommitmentStatus),
        ))
        .chain([
            field("progress", "f.progress", LongText),
            field("answered_in", "f.answered_in", Text),
            field("answered_on", "f.answered_on", Date),
            field("partners", "f.partners", PartnerList).hint("hint.partners"),
        ])
        .collect()
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "status",
                "f.status",
                FilterKind::Choice("commitment_status", codes!(CommitmentStatus)),
            ),
            filter("q", "filter.search", FilterKind::Text),
        ]
    }

    fn status_shown(&self, ctx: &Ctx, date: Date) -> Option<StatusView> {
        Some(status_view(
            ctx,
            "commitment_status",
            &self.status_history,
            date,
        ))
    }

    fn keep(&self, name: &str, value: &str, today: Date) -> bool {
        match name {
            "status" => status_is(&self.status_history, today, value),
            "q" => contains(
                &format!("{} {} {}", self.title, self.made_in, self.progress),
                value,
            ),
            _ => true,
        }
    }

    /// Open ones first, then the newest.
    fn sort(records: &mut [Record<Self>]) {
        records.sort_by(|a, b| {
            b.value
                .status
                .open()
                .cmp(&a.value.status.open())
                .then(b.value.made_on.cmp(&a.value.made_on))
        });
    }

    fn columns() -> Vec<&'static str> {
        vec![
            "f.title",
            "f.made_on",
            "f.made_in",
            "f.status",
            "f.answered_in",
        ]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            date_cell(ctx, &self.made_on),
            Cell::text(&self.made_in),
            status_view(ctx, "commitment_status", &self.status_history, ctx.today).cell(),
            Cell::text(match (&self.answered_in, &self.answered_on) {
                (Some(doc), Some(on)) => format!("{doc} ({})", ctx.t.date(on)),
                (Some(doc), None) => doc.clone(),
                _ => String::new(),
            }),
        ]
    }
}

impl PageSpec for Programme {
    const PATH: &'static str = "/programmes";
    const KEY: &'static str = "programmes";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("title", "f.title", Text).required(),
            field(
                "kind",
                "f.programme_kind",
                Choice("programme_kind", codes!(ProgrammeKind)),
            )
            .required(),
            field("partners", "f.partners", PartnerList)
                .required()
                .hint("hint.partners"),
            field("topic", "f.subject", Text),
            field("start", "f.start", Date).required(),
            field("end", "f.end", Date),
            field("description", "f.description", LongText),
        ]
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter("partner", "f.partner", FilterKind::Text),
            filter(
                "kind",
                "f.programme_kind",
                FilterKind::Choice("programme_kind", codes!(ProgrammeKind)),
            ),
        ]
    }

    fn keep(&self, name: &str, value: &str, _today: Date) -> bool {
        match name {
            "partner" => self
                .partners
                .iter()
                .any(|p| p.eq_ignore_ascii_case(value.trim())),
            "kind" => self.kind.as_str() == value,
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.period.start));
    }

    fn columns() -> Vec<&'static str> {
        vec!["f.title", "f.programme_kind", "f.partners", "f.period"]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            Cell::text(choice_label(ctx, "programme_kind", self.kind.as_str())),
            Cell::partners(&self.partners),
            period_cell(ctx, &self.period),
        ]
    }
}

impl PageSpec for Development {
    const PATH: &'static str = "/developments";
    const KEY: &'static str = "developments";

    fn fields() -> Vec<FieldSpec> {
        use FieldKind::*;
        vec![
            field("date", "f.date", Date).required(),
            field("topic", "f.topic", Choice("topic", codes!(Topic))).required(),
            field("title", "f.title", Text).required(),
            field("text", "f.text", LongText).required(),
            field("partners", "f.partners", PartnerList).hint("hint.partners"),
        ]
    }

    fn filters() -> Vec<Filter> {
        vec![
            filter(
                "topic",
                "f.topic",
                FilterKind::Choice("topic", codes!(Topic)),
            ),
            filter("from", "filter.from", FilterKind::Date),
            filter("until", "filter.until", FilterKind::Date),
        ]
    }

    fn keep(&self, name: &str, value: &str, _today: Date) -> bool {
        let date = parse_date(name, value).ok();
        match (name, date) {
            ("topic", _) => self.topic.as_str() == value,
            ("from", Some(from)) => self.date >= from,
            ("until", Some(until)) => self.date <= until,
            _ => true,
        }
    }

    fn sort(records: &mut [Record<Self>]) {
        records.sort_by_key(|r| std::cmp::Reverse(r.value.date));
    }

    fn columns() -> Vec<&'static str> {
        vec!["f.title", "f.date", "f.topic", "f.partners"]
    }

    fn cells(&self, ctx: &Ctx, _lookup: &Lookup) -> Vec<Cell> {
        vec![
            Cell::text(&self.title),
            date_cell(ctx, &self.date),
            Cell::text(choice_label(ctx, "topic", self.topic.as_str())),
            Cell::partners(&self.partners),
        ]
    }
}

/// Every locale key the kinds' pages use (checked against both locale files by a test).
pub fn locale_keys() -> Vec<String> {
    fn of<I: PageSpec>(keys: &mut Vec<String>) {
        for f in I::fields() {
            keys.extend(f.keys());
        }
        for f in I::filters() {
            keys.push(f.label.to_string());
            if let FilterKind::Choice(group, codes) = f.kind {
                keys.extend(codes.iter().map(|c| format!("{group}.{c}")));
            }
        }
        keys.extend(I::columns().into_iter().map(str::to_string));
        keys.extend(I::links().into_iter().map(|(_, k)| k.to_string()));
        for suffix in ["title", "intro", "new", "edit"] {
            keys.push(format!("{}.{suffix}", I::KEY));
        }
    }
    let mut keys = Vec::new();
    of::<Placement>(&mut keys);
    of::<Amendment>(&mut keys);
    of::<Assistance>(&mut keys);
    of::<SecurityAssessment>(&mut keys);
    of::<Incident>(&mut keys);
    of::<Contact>(&mut keys);
    of::<Dossier>(&mut keys);
    of::<Commitment>(&mut keys);
    of::<Programme>(&mut keys);
    of::<Development>(&mut keys);
    keys.extend(codes!(Capability).iter().map(|c| format!("capability.{c}")));
    keys.extend(
        ["benelux", "netherlands_germany", "prum_decision", "other"]
            .iter()
            .map(|r| format!("regime.{r}")),
    );
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::i18n::{Lang, Texts};

    #[test]
    fn every_text_the_instrument_pages_use_exists_in_both_languages() {
        let mut keys = locale_keys();
        keys.extend(super::super::cooperation_pages::locale_keys());
        let mut missing = Vec::new();
        for lang in [Lang::Nl, Lang::En] {
            let t = Texts { lang };
            for key in &keys {
                if t.find(key).is_none() {
                    missing.push(format!("{}: {key}", lang.code()));
                }
            }
        }
        missing.sort();
        missing.dedup();
        assert!(missing.is_empty(), "missing texts: {missing:#?}");
    }

    #[test]
    fn euros_are_grouped_the_dutch_way() {
        assert_eq!(euros(0), "—");
        assert_eq!(euros(12_500), "€ 12.500");
        assert_eq!(euros(1_234_567), "€ 1.234.567");
    }
}
