//! Agreements: the legal-basis check, an agreement with its annexes and amendments, and its form.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{
    FieldKind, FieldSpec, FieldView, Options, Pairs, Params, Source, choice_label, date_param,
    field, invalid,
};
use crate::ui::page_spec::{
    Cell, Filter, FilterKind, FilterView, FormPage, HistoryLine, Lookup, Officers, PageSpec, codes,
    filter, filter_views, lookup, page_routes, refused, save_form, status_view,
};
use crate::ui::sorting::{Column, Header, Key, column};
use crate::ui::{
    Ctx, FieldErrors, OrPage, PageError, PageResult, Values, form_target, forms, render, sorting,
};
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::AppError;
use grenzeloos_domain::Violation;
use grenzeloos_domain::agreements::{AgreementInput, AgreementKind, AgreementStatus, ExchangeKind};
use grenzeloos_domain::instruments::{Amendment, AmendmentKind};
use grenzeloos_domain::labels::Lang;
use grenzeloos_domain::time::parse_date;
use grenzeloos_store::agreements::{AgreementRow, AgreementVersion};
use grenzeloos_store::instruments::Record;
use jiff::civil::Date;
use std::collections::HashMap;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let mut routes = vec![
        route(
            M::GET,
            "/agreements",
            Needs(RegistryRead),
            "Agreements, filterable, with the legal-basis check",
            agreements,
        )
        .query(&[
            ("check_kind", "Legal-basis check: kind of exchange"),
            (
                "check_partner",
                "Legal-basis check: the partner by code or name",
            ),
            ("check_date", "Legal-basis check: date"),
        ]),
        route(
            M::GET,
            "/agreements/new",
            Needs(RegistryWrite),
            "Form: new agreement",
            new_agreement,
        ),
        route(
            M::POST,
            "/agreements",
            Needs(RegistryWrite),
            "Save a new agreement",
            create_agreement,
        ),
        route(
            M::GET,
            "/agreements/{id}",
            Needs(RegistryRead),
            "Agreement with its legal bases, annexes and amendments",
            agreement,
        ),
        route(
            M::GET,
            "/agreements/{id}/edit",
            Needs(RegistryWrite),
            "Form: change an agreement",
            edit_agreement,
        ),
        route(
            M::POST,
            "/agreements/{id}",
            Needs(RegistryWrite),
            "Save a changed agreement",
            update_agreement,
        ),
        route(
            M::POST,
            "/agreements/{id}/amendments",
            Needs(RegistryWrite),
            "Add an annex or amendment to an agreement",
            add_amendment,
        ),
    ];
    routes.extend(page_routes!(
        Amendment,
        "/amendments",
        "annexes and amendments of agreements"
    ));
    routes
}

fn kind_codes() -> Vec<&'static str> {
    AgreementKind::ALL.iter().map(|k| k.as_str()).collect()
}

fn status_codes() -> Vec<&'static str> {
    AgreementStatus::ALL.iter().map(|k| k.as_str()).collect()
}

fn exchange_codes() -> Vec<&'static str> {
    ExchangeKind::ALL.iter().map(|k| k.as_str()).collect()
}

pub(crate) fn agreement_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    let mut fields = vec![
        field("title", "f.title", Text).required(),
        field(
            "kind",
            "f.agreement_kind",
            Choice("agreement_kind", kind_codes()),
        )
        .required(),
    ];
    fields.extend(forms::status_fields("agreement_status", status_codes()));
    // The history an agreement's form edits is the one before its signature; the later steps
    // follow from the dates below.
    if let Some(history) = fields.iter_mut().find(|f| f.name == "status_history") {
        history.hint = "hint.agreement_history";
    }
    fields.extend([
        field("parties", "f.parties", PartnerList)
            .required()
            .hint("hint.parties"),
        field("subject", "f.subject", LongText),
        field("signed", "f.signed", Date),
        field("published", "f.published", Date).hint("hint.published"),
        field("in_force", "f.in_force", Date),
        field("applies_from", "f.applies_from", Date).hint("hint.applies_from"),
        field("ended", "f.ended", Date).hint("hint.ended"),
        field("replaced_by", "f.replaced_by", Select(Source::Agreements)),
        field(
            "legal_basis_for",
            "f.legal_basis_for",
            Checks("exchange_kind", exchange_codes()),
        )
        .hint("hint.legal_basis_for"),
        field(
            "articles",
            "f.articles",
            Pairs("exchange_kind", exchange_codes()),
        )
        .hint("hint.articles"),
        field(
            "implements",
            "f.implements",
            Select(Source::BindingAgreements),
        )
        .hint("hint.implements"),
    ]);
    fields
}

/// The amendment form on an agreement's page: the agreement is given.
fn amendment_fields() -> Vec<FieldSpec> {
    Amendment::fields()
        .into_iter()
        .map(|mut f| {
            if f.name == "agreement_id" {
                f.kind = FieldKind::Hidden;
            }
            f
        })
        .collect()
}

/// An agreement as a list line, with its status on the page's reference date.
pub struct AgreementLine {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub kind_label: String,
    pub binding: bool,
    pub status: String,
    pub status_label: String,
    /// Since when it has that status.
    pub since: String,
    pub parties: Vec<String>,
    pub in_force: String,
    /// The exchanges it provides, each with its article where known.
    pub bases: Vec<String>,
}

fn line(ctx: &Ctx, row: &AgreementRow, on: Date) -> AgreementLine {
    let a = &row.agreement;
    let step = a.status_history.on(on);
    // Before its first status it has none yet: the words say so, and what lies ahead.
    let shown = status_view(ctx, "agreement_status", &a.status_history, on);
    AgreementLine {
        id: row.id.clone(),
        title: a.title.clone(),
        kind: a.kind.as_str().to_string(),
        kind_label: choice_label(ctx, "agreement_kind", a.kind.as_str()),
        binding: a.kind.binding(),
        status: shown.code.to_string(),
        status_label: shown.text,
        since: step.map(|s| ctx.t.date(&s.from)).unwrap_or_default(),
        parties: a.parties.clone(),
        in_force: ctx.t.date_opt(&a.in_force),
        bases: a
            .legal_basis_for
            .iter()
            .map(|k| {
                let label = choice_label(ctx, "exchange_kind", k.as_str());
                match a.articles.get(k) {
                    Some(article) => format!("{label} ({article})"),
                    None => label,
                }
            })
            .collect(),
    }
}

/// The legal-basis check on the agreements page.
#[derive(Default)]
pub struct Check {
    pub kinds: Options,
    pub kind: String,
    pub partner: String,
    /// The registered partners to pick from, as the field shows them: "België (BE)".
    pub partners: Vec<String>,
    pub date: String,
    pub asked: bool,
    /// What the answer is about, repeated with it: the date written out, the exchange, and
    /// the partner by name and code.
    pub on: String,
    pub kind_label: String,
    pub partner_label: String,
    /// The bases found.
    pub found: Vec<Basis>,
    /// The other agreements with the partner or for the exchange, and why each is none.
    pub not_found: Vec<(String, String)>,
    pub errors: FieldErrors,
}

/// An agreement that is a legal basis, with the article that provides the exchange (empty
/// when the registry does not record it).
pub struct Basis {
    pub id: String,
    pub title: String,
    pub article: String,
}

/// A partner as the picker shows it and the legal-basis question reads it back.
fn partner_label(name: &str, code: &str) -> String {
    if name.is_empty() || name == code {
        code.to_string()
    } else {
        format!("{name} ({code})")
    }
}

#[derive(Template)]
#[template(path = "agreements.html")]
struct AgreementsPage {
    ctx: Ctx,
    path: &'static str,
    filters: Vec<FilterView>,
    headers: Vec<Header>,
    agreements: Vec<AgreementLine>,
    check: Check,
}

pub(crate) fn agreement_filters() -> Vec<Filter> {
    vec![
        filter(
            "kind",
            "f.agreement_kind",
            FilterKind::Choice("agreement_kind", kind_codes()),
        ),
        filter(
            "status",
            "f.status",
            FilterKind::Choice("agreement_status", status_codes()),
        ),
        filter("partner", "f.partner", FilterKind::Text),
        filter("as_of", "filter.status_on", FilterKind::Date),
        filter("q", "filter.search", FilterKind::Text),
    ]
}

/// The sortable columns of the agreements list.
const AGREEMENT_COLUMNS: [Column; 6] = [
    column("title", "f.title"),
    column("kind", "f.agreement_kind"),
    column("status", "f.status"),
    column("parties", "f.parties"),
    column("in_force", "f.in_force"),
    column("legal_basis_for", "f.legal_basis_for"),
];

pub async fn agreements(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &AGREEMENT_COLUMNS)?;
    let all = s.app.agreements(&actor).await.or_page(&ctx)?;
    let get = |name: &str| q.get(name).map(|v| v.trim()).unwrap_or_default();
    let (kind, status, partner, text) = (get("kind"), get("status"), get("partner"), get("q"));
    let partner = partner.to_uppercase();
    let on = date_param(&q, "as_of", ctx.today);
    let mut agreements = all
        .iter()
        .filter(|r| kind.is_empty() || r.agreement.kind.as_str() == kind)
        .filter(|r| {
            status.is_empty()
                || r.agreement
                    .status_on(on)
                    .is_some_and(|s| s.as_str() == status)
        })
        .filter(|r| partner.is_empty() || r.agreement.binds(&partner))
        .filter(|r| {
            text.is_empty()
                || format!("{} {}", r.agreement.title, r.agreement.subject)
                    .to_lowercase()
                    .contains(&text.to_lowercase())
        })
        .map(|r| (r.agreement.in_force, line(&ctx, r, on)))
        .collect::<Vec<_>>();
    sorting::apply(
        &mut agreements,
        &order,
        |(in_force, a), column| match column {
            0 => Key::text(&a.title),
            1 => Key::text(&a.kind_label),
            2 => Key::text(&a.status_label),
            3 => Key::text(&a.parties.join(" ")),
            4 => Key::Date(*in_force),
            _ => Key::text(&a.bases.join(" ")),
        },
    );
    let agreements: Vec<AgreementLine> = agreements.into_iter().map(|(_, a)| a).collect();
    let headers = sorting::headers(&ctx, &AGREEMENT_COLUMNS, &order);
    // The legal-basis check: which agreements allow this exchange with this partner on that
    // day. The partner is picked from the registered ones, by name or code.
    let partners = s.app.partners(&actor).await.or_page(&ctx)?;
    let mut check = Check {
        kinds: exchange_codes()
            .into_iter()
            .map(|c| (c.to_string(), choice_label(&ctx, "exchange_kind", c)))
            .collect(),
        kind: get("check_kind").to_string(),
        partner: get("check_partner").to_string(),
        partners: partners
            .iter()
            .map(|p| {
                let name = match ctx.t.lang {
                    Lang::Nl => &p.partner.name_nl,
                    Lang::En => &p.partner.name_en,
                };
                partner_label(name, &p.partner.code)
            })
            .collect(),
        date: get("check_date").to_string(),
        asked: q.contains_key("check_kind"),
        ..Default::default()
    };
    check.partners.sort_by_key(|label| label.to_lowercase());
    if check.asked {
        let asked = (|| -> Result<(ExchangeKind, Date), Violation> {
            let kind = ExchangeKind::parse("check_kind", &check.kind)?;
            let date = match check.date.as_str() {
                "" => s.app.today(),
                d => parse_date("check_date", d)?,
            };
            Ok((kind, date))
        })();
        let answer = match asked {
            Ok((kind, date)) => {
                check.date = date.to_string();
                s.app
                    .assess_legal_basis(&actor, kind, &check.partner, date, ctx.t.lang)
                    .await
            }
            Err(v) => Err(v.into()),
        };
        match answer {
            Ok(answer) => {
                check.on = ctx.t.date_long(&answer.date);
                check.kind_label = choice_label(&ctx, "exchange_kind", answer.kind.as_str());
                check.partner_label = partner_label(&answer.partner_name, &answer.partner);
                check.partner.clone_from(&check.partner_label);
                check.found = answer
                    .bases
                    .into_iter()
                    .map(|b| Basis {
                        id: b.agreement.id,
                        title: b.agreement.agreement.title,
                        article: b.article.unwrap_or_default(),
                    })
                    .collect();
                check.not_found = answer
                    .not_bases
                    .into_iter()
                    .map(|n| (n.id, n.explanation))
                    .collect();
            }
            // The use case names the partner `partner`; the page's field is `check_partner`.
            Err(AppError::Invalid(v)) => {
                let message = forms::message(&ctx, "legal_basis", &v);
                let field = match v.field_base() {
                    "partner" => "check_partner".to_string(),
                    other => other.to_string(),
                };
                check.errors = FieldErrors(HashMap::from([(field, message)]));
            }
            Err(error) => return Err(PageError::new(&ctx, error)),
        }
    }
    let filters = filter_views(&ctx, agreement_filters(), &q);
    let failed = !check.errors.is_empty();
    let page = render(&AgreementsPage {
        ctx,
        path: "/agreements",
        filters,
        headers,
        agreements,
        check,
    });
    Ok(if failed { invalid(page) } else { page })
}

#[derive(Template)]
#[template(path = "agreement.html")]
struct AgreementPage {
    ctx: Ctx,
    agreement: AgreementLine,
    subject: String,
    signed: String,
    published: String,
    applies_from: String,
    ended: String,
    replaced_by: Option<(String, String)>,
    replaces: Vec<(String, String)>,
    /// Its statuses in valid time: date, status, note.
    steps: Vec<(String, String, String)>,
    parent: Option<(String, String)>,
    children: Vec<(String, String)>,
    amendments: Vec<(String, String, String, String, String)>,
    fields: Vec<FieldView>,
    errors: FieldErrors,
    history: Vec<HistoryLine>,
}

/// Who changed the agreement when, and which of its facts changed.
fn agreement_history(ctx: &Ctx, versions: &[AgreementVersion]) -> Vec<HistoryLine> {
    let facts = |a: &AgreementVersion| -> Vec<(&'static str, String)> {
        let g = &a.row.agreement;
        vec![
            ("f.title", g.title.clone()),
            ("f.agreement_kind", g.kind.as_str().to_string()),
            ("f.status", g.status.as_str().to_string()),
            ("f.status_history", format!("{:?}", g.status_history)),
            ("f.published", format!("{:?}", g.published)),
            ("f.applies_from", format!("{:?}", g.applies_from)),
            ("f.articles", format!("{:?}", g.articles)),
            ("f.replaced_by", format!("{:?}", a.row.replaced_by)),
            ("f.parties", g.parties.join(",")),
            ("f.subject", g.subject.clone()),
            ("f.signed", format!("{:?}", g.signed)),
            ("f.in_force", format!("{:?}", g.in_force)),
            ("f.ended", format!("{:?}", g.ended)),
            ("f.legal_basis_for", format!("{:?}", g.legal_basis_for)),
            ("f.implements", format!("{:?}", a.row.implements)),
        ]
    };
    versions
        .iter()
        .enumerate()
        .map(|(i, v)| {
            let changed = match i.checked_sub(1).and_then(|p| versions.get(p)) {
                None => Vec::new(),
                Some(previous) => facts(previous)
                    .into_iter()
                    .zip(facts(v))
                    .filter(|(a, b)| a.1 != b.1)
                    .map(|((key, _), _)| ctx.t.get(key).to_string())
                    .collect(),
            };
            HistoryLine {
                when: v
                    .recorded_from
                    .chars()
                    .take(16)
                    .collect::<String>()
                    .replace('T', " "),
                by: v.recorded_by.clone(),
                changed,
                first: i == 0,
                current: v.recorded_to.is_none(),
            }
        })
        .collect()
}

async fn agreement_page(
    s: &WebState,
    ctx: Ctx,
    id: &str,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let row = s.app.agreement(&actor, id).await.or_page(&ctx)?;
    let versions = s.app.agreement_history(&actor, id).await.or_page(&ctx)?;
    let history = agreement_history(&ctx, &versions);
    let all = s.app.agreements(&actor).await.or_page(&ctx)?;
    let amendments: Vec<Record<Amendment>> = s
        .app
        .instruments::<Amendment>(&actor, None)
        .await
        .or_page(&ctx)?
        .into_iter()
        .filter(|a| a.value.agreement_id == row.id)
        .collect();
    let parent = row.implements.as_ref().map(|p| {
        let title = all
            .iter()
            .find(|a| &a.id == p)
            .map_or_else(|| p.clone(), |a| a.agreement.title.clone());
        (p.clone(), title)
    });
    let children = all
        .iter()
        .filter(|a| a.implements.as_deref() == Some(row.id.as_str()))
        .map(|a| (a.id.clone(), a.agreement.title.clone()))
        .collect();
    let title_of = |id: &String| {
        all.iter()
            .find(|a| &a.id == id)
            .map_or_else(|| id.clone(), |a| a.agreement.title.clone())
    };
    let replaced_by = row
        .replaced_by
        .as_ref()
        .map(|id| (id.clone(), title_of(id)));
    let replaces = all
        .iter()
        .filter(|a| a.replaced_by.as_deref() == Some(row.id.as_str()))
        .map(|a| (a.id.clone(), a.agreement.title.clone()))
        .collect();
    let steps = row
        .agreement
        .status_history
        .changes()
        .iter()
        .map(|c| {
            (
                ctx.t.date(&c.from),
                choice_label(&ctx, "agreement_status", c.status.as_str()),
                c.note.clone().unwrap_or_default(),
            )
        })
        .collect();
    let amendments = amendments
        .iter()
        .map(|a| {
            (
                a.id.clone(),
                a.value.title.clone(),
                choice_label(&ctx, "amendment_kind", a.value.kind.as_str()),
                ctx.t.date_opt(&a.value.in_force.or(a.value.signed)),
                a.value.summary.clone(),
            )
        })
        .collect();
    let mut values = values;
    values.set("agreement_id", &row.id);
    let fields = forms::views(
        &ctx,
        &amendment_fields(),
        &values,
        &errors,
        &Lookup::default().sources(),
    );
    let failed = !errors.is_empty();
    let page = render(&AgreementPage {
        agreement: line(&ctx, &row, ctx.today),
        subject: row.agreement.subject.clone(),
        signed: ctx.t.date_opt(&row.agreement.signed),
        published: ctx.t.date_opt(&row.agreement.published),
        applies_from: ctx.t.date_opt(&row.agreement.applies_from),
        ended: ctx.t.date_opt(&row.agreement.ended),
        replaced_by,
        replaces,
        steps,
        parent,
        children,
        amendments,
        fields,
        errors,
        history,
        ctx,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn agreement(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> PageResult {
    agreement_page(&s, ctx, &id, Values::default(), FieldErrors::default()).await
}

/// Adds an annex or amendment from the agreement's page.
pub async fn add_amendment(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let mut values = Values::from_pairs(pairs);
    values.set("agreement_id", &id);
    let fields = amendment_fields();
    match save_form::<Amendment>(&s, &actor, None, &fields, &values).await {
        Ok(_) => Ok(
            Redirect::to(&forms::saved_at(&format!("/agreements/{id}#amendments"))).into_response(),
        ),
        Err(error) => {
            let (ctx, errors) = refused(ctx, "amendment", &fields, error)?;
            agreement_page(&s, ctx, &id, values, errors).await
        }
    }
}

async fn agreement_form(
    s: &WebState,
    ctx: Ctx,
    id: Option<&str>,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let lookup = lookup(s, &ctx, &actor, Officers::Never).await?;
    let mut sources = lookup.sources();
    // An agreement does not implement itself.
    if let (Some(id), Some(Some(options))) = (id, sources.get_mut(&Source::BindingAgreements)) {
        options.retain(|(a, _)| a != id);
    }
    let fields = forms::views(&ctx, &agreement_fields(), &values, &errors, &sources);
    let (title, action, cancel) = form_target(&ctx, "agreements", "/agreements", id);
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

/// A new agreement's form: nothing chosen for the user; it goes back where they came from.
pub async fn new_agreement(State(s): State<WebState>, ctx: Ctx, Query(q): Params) -> PageResult {
    let mut values = Values::default();
    if let Some(return_to) = q.get("return_to") {
        values.set("return_to", return_to.clone());
    }
    agreement_form(&s, ctx, None, values, FieldErrors::default()).await
}

pub async fn edit_agreement(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let row = s.app.agreement(&actor, &id).await.or_page(&ctx)?;
    let mut values = serde_json::to_value(&row.agreement)
        .map(|mut json| {
            // The form edits the steps before signature; the later ones follow the dates.
            if let Some(steps) = json["status_history"].as_array_mut() {
                steps.retain(|step| {
                    step["status"]
                        .as_str()
                        .and_then(|c| AgreementStatus::parse("status", c).ok())
                        .is_some_and(AgreementStatus::before_signature)
                });
            }
            forms::from_json(&agreement_fields(), &json)
        })
        .unwrap_or_default();
    values.set("implements", row.implements.clone().unwrap_or_default());
    values.set("replaced_by", row.replaced_by.clone().unwrap_or_default());
    agreement_form(&s, ctx, Some(&id), values, FieldErrors::default()).await
}

async fn save_agreement(s: &WebState, ctx: Ctx, id: Option<&str>, values: Values) -> PageResult {
    let actor = ctx.signed_in()?;
    let fields = agreement_fields();
    let saved = match forms::parse_input::<AgreementInput>(&fields, &values) {
        Err(v) => Err(v.into()),
        Ok(input) => match id {
            None => s.app.create_agreement(&actor, &input).await,
            Some(id) => s.app.update_agreement(&actor, id, &input).await,
        },
    };
    match saved {
        Ok(row) => Ok(Redirect::to(&crate::ui::page_spec::saved_redirect(
            &values,
            &format!("/agreements/{}", row.id),
        ))
        .into_response()),
        Err(error) => {
            let (ctx, errors) = refused(ctx, "agreement", &fields, error)?;
            agreement_form(s, ctx, id, values, errors).await
        }
    }
}

pub async fn create_agreement(
    State(s): State<WebState>,
    ctx: Ctx,
    Form(pairs): Pairs,
) -> PageResult {
    save_agreement(&s, ctx, None, Values::from_pairs(pairs)).await
}

pub async fn update_agreement(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Pairs,
) -> PageResult {
    save_agreement(&s, ctx, Some(&id), Values::from_pairs(pairs)).await
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
