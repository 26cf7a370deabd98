//! The registered partners, and one partner's page with everything the Netherlands has with it on a timeline.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{
    FieldKind, FieldSpec, FieldView, Pairs, Sources, choice_label, field, invalid,
};
use crate::ui::page_spec::{StatusView, euros, status_view};
use crate::ui::sorting::{Column, Header, Key, column};
use crate::ui::timeline::Bar;
use crate::ui::{Ctx, FieldErrors, OrPage, PageResult, Values, forms, render, sorting, timeline};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::partners::PartnerProfile;
use grenzeloos_domain::choice::Choice;
use grenzeloos_domain::registry::{PartnerInput, PartnerKind};
use grenzeloos_domain::status::StatusHistory;
use grenzeloos_store::agreements::AgreementRow;
use grenzeloos_store::registry::PartnerRow;

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/partners",
            Needs(RegistryRead),
            "Partners",
            partners,
        ),
        route(
            M::POST,
            "/partners",
            Needs(RegistryWrite),
            "Register a partner",
            create_partner,
        ),
        route(
            M::GET,
            "/partners/{code}",
            Needs(RegistryRead),
            "Everything with one partner, with a timeline",
            partner,
        ),
    ];
    routes
}

#[derive(Template)]
#[template(path = "partners.html")]
struct PartnersPage {
    ctx: Ctx,
    headers: Vec<Header>,
    partners: Vec<PartnerRow>,
    /// The form that registers a partner.
    fields: Vec<FieldView>,
    errors: FieldErrors,
}

pub(crate) fn partner_fields() -> Vec<FieldSpec> {
    use FieldKind::*;
    let kinds = PartnerKind::ALL.iter().map(|k| k.as_str()).collect();
    vec![
        field("code", "field.code", Text)
            .required()
            .hint("hint.partner_code"),
        field("kind", "field.kind", Choice("partner_kind", kinds)).required(),
        field("name_nl", "field.name_nl", Text),
        field("name_en", "field.name_en", Text),
    ]
}

/// The sortable columns of the partners list.
const PARTNER_COLUMNS: [Column; 3] = [
    column("code", "field.code"),
    column("name", "field.name"),
    column("kind", "field.kind"),
];

async fn partners_page(s: &WebState, ctx: Ctx, values: Values, errors: FieldErrors) -> PageResult {
    let actor = ctx.signed_in()?;
    let (ctx, order) = sorting::parse(ctx, &PARTNER_COLUMNS)?;
    let mut partners = s.app.partners(&actor).await.or_page(&ctx)?;
    let english = ctx.t.lang == crate::ui::i18n::Lang::En;
    sorting::apply(&mut partners, &order, |p, column| match column {
        0 => Key::text(&p.partner.code),
        1 => Key::text(if english {
            &p.partner.name_en
        } else {
            &p.partner.name_nl
        }),
        _ => Key::text(ctx.partner_kind(p.partner.kind.as_str())),
    });
    let headers = sorting::headers(&ctx, &PARTNER_COLUMNS, &order);
    let fields = forms::views(&ctx, &partner_fields(), &values, &errors, &Sources::new());
    let failed = !errors.is_empty();
    let page = render(&PartnersPage {
        ctx,
        headers,
        partners,
        fields,
        errors,
    });
    Ok(if failed { invalid(page) } else { page })
}

pub async fn partners(State(s): State<WebState>, ctx: Ctx) -> PageResult {
    partners_page(&s, ctx, Values::default(), FieldErrors::default()).await
}

pub async fn create_partner(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let input = PartnerInput {
        code: values.get("code").trim().to_uppercase(),
        kind: values.get("kind").into(),
        name_nl: values.opt("name_nl"),
        name_en: values.opt("name_en"),
    };
    match s.app.create_partner(&actor, &input).await {
        Ok(_) => Ok(Redirect::to(&forms::saved_at("/partners")).into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            partners_page(&s, ctx, values, errors).await
        }
    }
}

#[derive(Template)]
#[template(path = "partner.html")]
struct PartnerPage {
    ctx: Ctx,
    name: String,
    p: PartnerProfile,
    timeline: String,
}

impl PartnerPage {
    fn choice(&self, group: &str, code: &str) -> String {
        choice_label(&self.ctx, group, code)
    }

    /// An agreement's status today; before its first status, none yet (never its latest,
    /// which lies ahead).
    fn agreement_status(&self, row: &AgreementRow) -> StatusView {
        status_view(
            &self.ctx,
            "agreement_status",
            &row.agreement.status_history,
            self.ctx.today,
        )
    }

    /// A record's status today, by its history; before its first status, none yet.
    fn status<S: Choice>(&self, group: &str, history: &StatusHistory<S>) -> StatusView {
        status_view(&self.ctx, group, history, self.ctx.today)
    }

    fn euros(&self, amount: &Option<i64>) -> String {
        amount.map(euros).unwrap_or_default()
    }
}

fn kind_href(kind: &str, id: &str) -> String {
    match kind {
        "mission" => format!("/missions/{id}"),
        "agreement" => format!("/agreements/{id}"),
        "placement" => format!("/placements/{id}"),
        "assistance" => format!("/assistance/{id}"),
        "programme" => format!("/programmes/{id}"),
        "commitment" => format!("/commitments/{id}"),
        "dossier" => format!("/dossiers/{id}"),
        "development" => format!("/developments/{id}"),
        _ => String::new(),
    }
}

pub async fn partner(State(s): State<WebState>, ctx: Ctx, Path(code): Path<String>) -> PageResult {
    let actor = ctx.signed_in()?;
    let p = s.app.partner_profile(&actor, &code).await.or_page(&ctx)?;
    let name = if ctx.t.lang() == "nl" {
        p.name_nl.clone()
    } else {
        p.name_en.clone()
    };
    let bars: Vec<Bar> = p
        .timeline
        .iter()
        .map(|item| Bar {
            kind: item.kind,
            kind_label: choice_label(&ctx, "instrument", item.kind),
            label: item.label.clone(),
            start: item.period.start,
            end: item.period.end,
            href: kind_href(item.kind, &item.id),
        })
        .collect();
    let timeline = timeline::timeline(
        &format!("{} {name}", ctx.t.get("partner.timeline")),
        ctx.t.get("partner.ongoing"),
        &bars,
        s.app.today(),
    );
    Ok(render(&PartnerPage {
        ctx,
        name,
        p,
        timeline,
    }))
}
