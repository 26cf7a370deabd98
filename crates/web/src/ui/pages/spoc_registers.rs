//! The SPOC desk's registers (issue 14): the languages each partner accepts for requests
//! (Art 11, SPOC-08) and the on-call contacts for judicial authorisation (Art 14(3), SPOC-15).
//! Each page lists the register and carries its form, errors in place; the rules are the
//! domain's and every change goes through `app::spoc_registers`.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::forms::{Pairs, invalid};
use crate::ui::pages::spoc::{amsterdam_instant, state_name, utc_local};
use crate::ui::{Ctx, FieldErrors, OrPage, PageResult, Values, render};
use askama::Template;
use axum::Form;
use axum::extract::{Path, State};
use axum::http::Method as M;
use axum::response::{IntoResponse, Redirect};
use grenzeloos_app::AppError;
use grenzeloos_domain::Violation;
use grenzeloos_domain::spoc::intake::SPOC_STATES;
use grenzeloos_domain::spoc::registers::{JudicialContactInput, LanguagesInput};
use serde_json::{Value, json};

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    vec![
        route(
            M::GET,
            "/spoc/languages",
            Needs(CaseRead),
            "The languages each partner accepts for requests (Art 11, SPOC-08)",
            languages,
        ),
        route(
            M::POST,
            "/spoc/languages",
            Needs(CaseWrite),
            "Record a partner's languages",
            set_languages,
        ),
        route(
            M::GET,
            "/spoc/judicial-contacts",
            Needs(CaseRead),
            "The on-call contacts for judicial authorisation (SPOC-15; audited)",
            judicial_contacts,
        ),
        route(
            M::POST,
            "/spoc/judicial-contacts",
            Needs(CaseWrite),
            "Record an on-call duty for judicial authorisation",
            add_judicial_contact,
        ),
        route(
            M::POST,
            "/spoc/judicial-contacts/{id}/withdraw",
            Needs(CaseWrite),
            "Withdraw an on-call duty",
            withdraw_judicial_contact,
        ),
    ]
}

// -- languages ---------------------------------------------------------------------------------

struct LanguageLine {
    code: String,
    name: String,
    /// English included.
    languages: String,
    updated: String,
}

#[derive(Template)]
#[template(path = "spoc_languages.html")]
struct LanguagesPage {
    ctx: Ctx,
    lines: Vec<LanguageLine>,
    partners: Vec<(String, String)>,
    values: Values,
    errors: FieldErrors,
    saved: bool,
}

impl LanguagesPage {
    fn error(&self, field: &str) -> &str {
        self.errors.get(field)
    }
}

async fn show_languages(
    s: &WebState,
    ctx: Ctx,
    values: Values,
    errors: FieldErrors,
    saved: bool,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let lists = s.app.partner_languages(&actor).await.or_page(&ctx)?;
    let lines = lists
        .iter()
        .map(|l| {
            let mut all = l.languages.clone();
            all.push("en".to_string());
            all.sort();
            LanguageLine {
                code: l.partner.clone(),
                name: state_name(&ctx, &l.partner),
                languages: all.join(", "),
                updated: format!("{} ({})", utc_local(&l.updated_at), l.updated_by),
            }
        })
        .collect();
    let mut partners: Vec<(String, String)> = SPOC_STATES
        .iter()
        .map(|c| (c.to_string(), state_name(&ctx, c)))
        .collect();
    partners.sort_by(|a, b| a.1.cmp(&b.1));
    let refused = !errors.is_empty();
    let page = render(&LanguagesPage {
        ctx,
        lines,
        partners,
        values,
        errors,
        saved,
    });
    Ok(if refused { invalid(page) } else { page })
}

pub async fn languages(
    State(s): State<WebState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> PageResult {
    let saved = q.contains_key("saved");
    show_languages(&s, ctx, Values::default(), FieldErrors::default(), saved).await
}

/// "nl, fr de" → ["nl", "fr", "de"]: the codes as typed, lower-cased; the domain checks them.
fn language_codes(text: &str) -> Vec<Value> {
    text.split([',', ' ', ';'])
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .map(|c| json!(c.to_lowercase()))
        .collect()
}

pub async fn set_languages(State(s): State<WebState>, ctx: Ctx, Form(pairs): Pairs) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let partner = values.get("partner").trim().to_uppercase();
    let body = json!({ "languages": language_codes(values.get("languages")) });
    let outcome = if partner.is_empty() {
        Err(AppError::Invalid(Violation::at(
            "required",
            "partner",
            "choose the partner",
        )))
    } else {
        match LanguagesInput::read(body) {
            Ok(input) => s
                .app
                .set_partner_languages(&actor, &partner, &input)
                .await
                .map(|_| ()),
            Err(v) => Err(AppError::Invalid(v)),
        }
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/spoc/languages?saved=1").into_response()),
        Err(error) => {
            let (ctx, mut errors) = ctx.form_errors(error)?;
            // `languages[1]` shows at the field.
            let moved: Vec<(String, String)> = errors
                .0
                .iter()
                .filter(|(f, _)| f.starts_with("languages"))
                .map(|(f, m)| (f.clone(), m.clone()))
                .collect();
            for (field, message) in moved {
                errors.0.remove(&field);
                errors.0.insert("languages".to_string(), message);
            }
            show_languages(&s, ctx, values, errors, false).await
        }
    }
}

// -- on-call judicial contacts -----------------------------------------------------------------

struct ContactLine {
    id: String,
    name: String,
    authority: String,
    phone: String,
    email: String,
    from: String,
    until: String,
    on_duty: bool,
}

#[derive(Template)]
#[template(path = "spoc_judicial_contacts.html")]
struct ContactsPage {
    ctx: Ctx,
    lines: Vec<ContactLine>,
    values: Values,
    errors: FieldErrors,
    saved: bool,
}

impl ContactsPage {
    fn error(&self, field: &str) -> &str {
        self.errors.get(field)
    }

    fn value(&self, field: &str) -> &str {
        self.values.get(field)
    }
}

async fn show_contacts(
    s: &WebState,
    ctx: Ctx,
    values: Values,
    errors: FieldErrors,
    saved: bool,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let contacts = s.app.judicial_contacts(&actor).await.or_page(&ctx)?;
    let now = grenzeloos_domain::time::instant_text(s.app.now());
    let lines = contacts
        .into_iter()
        .map(|c| ContactLine {
            on_duty: c.on_call_from <= now && now < c.on_call_until,
            from: utc_local(&c.on_call_from),
            until: utc_local(&c.on_call_until),
            id: c.id,
            name: c.name,
            authority: c.authority,
            phone: c.phone,
            email: c.email.unwrap_or_default(),
        })
        .collect();
    let refused = !errors.is_empty();
    let page = render(&ContactsPage {
        ctx,
        lines,
        values,
        errors,
        saved,
    });
    Ok(if refused { invalid(page) } else { page })
}

pub async fn judicial_contacts(
    State(s): State<WebState>,
    ctx: Ctx,
    axum::extract::Query(q): axum::extract::Query<std::collections::HashMap<String, String>>,
) -> PageResult {
    let saved = q.contains_key("saved");
    show_contacts(&s, ctx, Values::default(), FieldErrors::default(), saved).await
}

fn contact_body(values: &Values) -> Result<Value, Violation> {
    let mut body = json!({
        "name": values.get("name").trim(),
        "authority": values.get("authority").trim(),
        "phone": values.get("phone").trim(),
        "on_call_from": amsterdam_instant("on_call_from", values.get("on_call_from").trim())?,
        "on_call_until": amsterdam_instant("on_call_until", values.get("on_call_until").trim())?,
    });
    let email = values.get("email").trim();
    if !email.is_empty() {
        body["email"] = json!(email);
    }
    Ok(body)
}

pub async fn add_judicial_contact(
    State(s): State<WebState>,
    ctx: Ctx,
    Form(pairs): Pairs,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let values = Values::from_pairs(pairs);
    let outcome = match contact_body(&values).and_then(JudicialContactInput::read) {
        Ok(input) => s.app.add_judicial_contact(&actor, &input).await.map(|_| ()),
        Err(v) => Err(AppError::Invalid(v)),
    };
    match outcome {
        Ok(()) => Ok(Redirect::to("/spoc/judicial-contacts?saved=1").into_response()),
        Err(error) => {
            let (ctx, errors) = ctx.form_errors(error)?;
            show_contacts(&s, ctx, values, errors, false).await
        }
    }
}

pub async fn withdraw_judicial_contact(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    s.app
        .withdraw_judicial_contact(&actor, &id)
        .await
        .or_page(&ctx)?;
    Ok(Redirect::to("/spoc/judicial-contacts?saved=1").into_response())
}
