//! The pages of the instruments kept as documents, described once per kind by [`PageSpec`] —
//! its fields, filters, columns — with one generic list, record (with its version history), new
//! and edit handler, and the routes of a kind ([`page_routes!`]). The feature modules in
//! `pages` implement `PageSpec` for their kinds; the registry's forms use the same form page
//! ([`FormPage`], [`show_form`]).

use super::forms::{
    self, FieldSpec, FieldView, Options, Pairs, Params, Source, Sources, choice_label, invalid,
};
use super::pages::session::purpose_or_ask;
use super::sorting::{self, Header, Key};
use super::{Ctx, FieldErrors, OrPage, PageError, PageResult, Values, form_target, render};
use crate::WebState;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::instruments::Registered;
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::access::{Permission, Purpose};
use grenzeloos_domain::agreements::AgreementKind;
use grenzeloos_domain::assistance::{Assistance, Capability};
use grenzeloos_domain::choice::Choice;
use grenzeloos_domain::instruments::{
    Amendment, Commitment, Contact, Development, Dossier, Incident, Instrument, Placement,
    Programme, SecurityAssessment,
};
use grenzeloos_domain::registry::Period;
use grenzeloos_domain::status::StatusHistory;
use grenzeloos_store::agreements::AgreementRow;
use grenzeloos_store::instruments::Record;
use jiff::civil::Date;
use serde::Serialize;
use std::collections::HashMap;

/// Renders a registry form (400 when it comes back refused); it goes back to `return_to`
/// among the values, else to `cancel`.
pub fn show_form(
    ctx: Ctx,
    (title, action, cancel): (String, String, String),
    fields: Vec<FieldView>,
    values: &Values,
    errors: FieldErrors,
) -> PageResult {
    let cancel = forms::return_path(values.opt("return_to").as_deref(), &cancel);
    let failed = !errors.is_empty();
    let page = render(&FormPage {
        ctx,
        title,
        action,
        cancel,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

/// The codes of a `choice!` enum.
macro_rules! codes {
    ($choice:ty) => {
        <$choice>::ALL
            .iter()
            .map(|c| c.as_str())
            .collect::<Vec<&'static str>>()
    };
}
pub(crate) use codes;

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

pub fn overlaps_year(period: &Period, year: &str) -> bool {
    let Ok(year) = year.trim().parse::<i16>() else {
        return true;
    };
    period.start.year() <= year && period.end.is_none_or(|e| e.year() >= year)
}

pub fn contains(haystack: &str, needle: &str) -> bool {
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

pub fn badge(ctx: &Ctx, group: &str, code: &str) -> Cell {
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
    pub fn cell(self) -> Cell {
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
pub fn status_is<S: Choice>(history: &StatusHistory<S>, date: Date, code: &str) -> bool {
    history.status_on(date).is_some_and(|s| s.code() == code)
}

pub fn date_cell(ctx: &Ctx, date: &Date) -> Cell {
    Cell::text(ctx.t.date(date)).sorted_by(Key::Date(Some(*date)))
}

pub fn officer_cell(ctx: &Ctx, lookup: &Lookup, officer: Option<&str>) -> Cell {
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

/// The six routes of a kind kept as a document: list, form, create, record (with its
/// history), edit form, update; `$what` completes the summaries (which must be literals).
macro_rules! page_routes {
    ($kind:ty, $path:literal, $what:literal) => {{
        let (read, write) = if <$kind as grenzeloos_domain::instruments::Instrument>::PERSONAL {
            (
                $crate::auth::Access::Needs(grenzeloos_domain::access::Permission::PersonalRead),
                $crate::auth::Access::Needs(grenzeloos_domain::access::Permission::PersonalWrite),
            )
        } else {
            (
                $crate::auth::Access::Needs(grenzeloos_domain::access::Permission::RegistryRead),
                $crate::auth::Access::Needs(grenzeloos_domain::access::Permission::RegistryWrite),
            )
        };
        vec![
            $crate::routes::route(
                axum::http::Method::GET,
                $path,
                read,
                concat!($what, ", filterable"),
                $crate::ui::page_spec::list::<$kind>,
            ),
            $crate::routes::route(
                axum::http::Method::GET,
                concat!($path, "/new"),
                write,
                concat!("Form: new ", $what),
                $crate::ui::page_spec::new::<$kind>,
            ),
            $crate::routes::route(
                axum::http::Method::POST,
                $path,
                write,
                concat!("Save new ", $what),
                $crate::ui::page_spec::create::<$kind>,
            ),
            $crate::routes::route(
                axum::http::Method::GET,
                concat!($path, "/{id}"),
                read,
                concat!("One of the ", $what, ", with its version history"),
                $crate::ui::page_spec::show::<$kind>,
            ),
            $crate::routes::route(
                axum::http::Method::GET,
                concat!($path, "/{id}/edit"),
                write,
                concat!("Form: change ", $what),
                $crate::ui::page_spec::edit::<$kind>,
            ),
            $crate::routes::route(
                axum::http::Method::POST,
                concat!($path, "/{id}"),
                write,
                concat!("Save changed ", $what, " (a new version)"),
                $crate::ui::page_spec::update::<$kind>,
            ),
        ]
    }};
}
pub(crate) use page_routes;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn euros_are_grouped_the_dutch_way() {
        assert_eq!(euros(0), "—");
        assert_eq!(euros(12_500), "€ 12.500");
        assert_eq!(euros(1_234_567), "€ 1.234.567");
    }
}
