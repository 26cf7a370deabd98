//! The HTML interface: server-rendered pages over the same use cases as the API.
//!
//! Pages work without JavaScript; htmx (embedded) only makes filters and forms quicker. Every
//! text comes from `i18n`; every form carries the session's CSRF token, which the gate checks.

pub mod assets;
pub mod charts;
pub mod forms;
pub mod i18n;
pub mod page_error;
pub mod page_spec;
pub mod pages;
pub mod sorting;
pub mod timeline;

use crate::auth::Session;
use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use grenzeloos_app::{Actor, AppError};
use grenzeloos_domain::access::Permission;
use i18n::{Lang, Texts};
pub use page_error::{OrPage, PageError, PageResult};
use std::collections::HashMap;

/// The cookie that keeps the chosen language.
pub const LANG_COOKIE: &str = "grenzeloos_lang";
/// The cookie that keeps the stated purpose for reading personal data during this session.
pub const PURPOSE_COOKIE: &str = "grenzeloos_purpose";

/// One entry of the navigation.
pub struct NavItem {
    pub href: &'static str,
    pub label: &'static str,
    pub current: bool,
}

/// What every page needs: language, the signed-in user, the CSRF token, where we are.
#[derive(Clone)]
pub struct Ctx {
    pub t: Texts,
    pub actor: Option<Actor>,
    pub csrf: String,
    pub path: String,
    pub purpose: Option<String>,
    /// Today in Amsterdam by the node's clock: the default reference date of every page.
    pub today: jiff::civil::Date,
}

fn percent_decode(value: &str) -> String {
    serde_urlencoded::from_str::<Vec<(String, String)>>(&format!("v={value}"))
        .ok()
        .and_then(|mut pairs| pairs.pop())
        .map(|(_, v)| v)
        .unwrap_or_default()
}

impl FromRequestParts<crate::WebState> for Ctx {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &crate::WebState,
    ) -> Result<Self, Self::Rejection> {
        let lang = crate::auth::cookie(&parts.headers, LANG_COOKIE)
            .and_then(|code| Lang::parse(&code))
            .unwrap_or(Lang::Nl);
        let session = parts.extensions.get::<Session>();
        Ok(Ctx {
            t: Texts { lang },
            actor: parts.extensions.get::<Actor>().cloned(),
            csrf: session
                .and_then(|s| s.csrf_token.clone())
                .unwrap_or_default(),
            path: parts
                .uri
                .path_and_query()
                .map_or("/".to_string(), |p| p.as_str().to_string()),
            purpose: crate::auth::cookie(&parts.headers, PURPOSE_COOKIE)
                .map(|p| percent_decode(&p))
                .filter(|p| !p.is_empty()),
            today: state.app.today(),
        })
    }
}

impl Ctx {
    /// Whether the signed-in user holds `permission`; templates call it with the value
    /// (`ctx.can(grenzeloos_domain::access::Permission::RegistryWrite)`), so a misspelt
    /// permission is a compile error rather than a silently hidden button.
    pub fn can(&self, permission: Permission) -> bool {
        self.actor.as_ref().is_some_and(|a| a.can(permission))
    }

    pub fn user_name(&self) -> String {
        self.actor
            .as_ref()
            .map(|a| a.display_name.clone())
            .unwrap_or_default()
    }

    /// The navigation, with only what the user's roles allow. "Instrumenten" stands for the
    /// instruments without an entry of their own.
    pub fn nav(&self) -> Vec<NavItem> {
        use Permission::*;
        const INSTRUMENTS: &[&str] = &[
            "/instruments",
            "/placements",
            "/amendments",
            "/dossiers",
            "/commitments",
            "/programmes",
            "/developments",
        ];
        const CARE: &[&str] = &["/care", "/security-assessments", "/incidents", "/contacts"];
        let items: [(&'static str, &'static str, Option<Permission>); 17] = [
            ("/", "nav.dashboard", None),
            ("/spoc", "nav.spoc", Some(CaseRead)),
            // The desk's statistics (SPOC-12) for those who see the statistics but not the
            // desk (policy); the desk links to them and stays highlighted on them.
            (
                "/spoc/statistics",
                "spoc.statistics.nav",
                Some(CaseStatistics),
            ),
            ("/overview", "nav.overview", Some(ReportRead)),
            ("/annex", "nav.annex", Some(ReportRead)),
            ("/missions", "nav.missions", Some(RegistryRead)),
            ("/officers", "nav.officers", Some(PersonalRead)),
            ("/teams", "nav.teams", Some(RegistryRead)),
            ("/partners", "nav.partners", Some(RegistryRead)),
            ("/agreements", "nav.agreements", Some(RegistryRead)),
            ("/assistance", "nav.assistance", Some(RegistryRead)),
            ("/care", "nav.care", Some(RegistryRead)),
            ("/instruments", "nav.instruments", Some(RegistryRead)),
            ("/import", "nav.import", Some(PersonalWrite)),
            ("/retention", "nav.retention", Some(PersonalErase)),
            ("/audit", "nav.audit", Some(AuditRead)),
            ("/users", "nav.users", Some(UsersManage)),
        ];
        let under = |prefix: &str| {
            self.path == prefix
                || self.path.starts_with(&format!("{prefix}/"))
                || self.path.starts_with(&format!("{prefix}?"))
        };
        items
            .into_iter()
            .filter(|(_, _, permission)| permission.is_none_or(|p| self.can(p)))
            .filter(|(href, _, _)| *href != "/spoc/statistics" || !self.can(CaseRead))
            .map(|(href, key, _)| NavItem {
                href,
                label: self.t.get(key),
                current: match href {
                    "/" => self.path == "/",
                    "/instruments" => INSTRUMENTS.iter().any(|p| under(p)),
                    "/care" => CARE.iter().any(|p| under(p)),
                    _ => under(href),
                },
            })
            .collect()
    }

    /// The link that switches the language and comes back here.
    pub fn switch_href(&self) -> String {
        let next: String =
            serde_urlencoded::to_string([("next", self.path.as_str())]).unwrap_or_default();
        format!("/lang/{}?{next}", self.t.lang.other().code())
    }

    pub fn switch_label(&self) -> &'static str {
        match self.t.lang {
            Lang::Nl => "English",
            Lang::En => "Nederlands",
        }
    }

    /// A deployment status in the page's language.
    pub fn status(&self, status: &str) -> &'static str {
        self.t
            .find(&format!("deployment_status.{status}"))
            .unwrap_or("?")
    }

    /// The text of a code under `prefix` (`retention.cat` + `deployed_officer`) in the page's
    /// language.
    pub fn coded(&self, prefix: &str, code: &str) -> &'static str {
        self.t.find(&format!("{prefix}.{code}")).unwrap_or("?")
    }

    /// A partner kind in the page's language.
    pub fn partner_kind(&self, kind: &str) -> &'static str {
        self.t.find(&format!("partner_kind.{kind}")).unwrap_or("?")
    }

    /// The form errors of a refused use case — every rule its input breaks, each at its field —
    /// or the page that explains any other refusal.
    pub fn form_errors(self, error: AppError) -> Result<(Ctx, FieldErrors), PageError> {
        match error {
            AppError::Invalid(v) | AppError::Conflict(v) => {
                let mut errors = FieldErrors::default();
                for v in v.all() {
                    // Errors in a list of fields (contributions[0].partner) show at the list.
                    errors.add(v.field_base(), self.message(v.code, &v.message));
                }
                Ok((self, errors))
            }
            other => Err(PageError::new(&self, other)),
        }
    }

    /// A violation's message in the page's language, when the locale files know its code.
    pub fn message(&self, code: &str, fallback: &str) -> String {
        self.t
            .find(&format!("error.{code}"))
            .map_or_else(|| fallback.to_string(), str::to_string)
    }
}

/// The values of a submitted (or prefilled) form, by field name.
#[derive(Default, Clone)]
pub struct Values(pub HashMap<String, String>);

impl Values {
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }

    pub fn set(&mut self, field: &str, value: impl Into<String>) {
        self.0.insert(field.to_string(), value.into());
    }

    /// A value, or None when empty.
    pub fn opt(&self, field: &str) -> Option<String> {
        Some(self.get(field).trim().to_string()).filter(|v| !v.is_empty())
    }

    /// The submitted fields without the CSRF token; a name sent more than once (checkboxes)
    /// keeps every value, one per line.
    pub fn from_pairs(pairs: Vec<(String, String)>) -> Values {
        let mut values = Values::default();
        for (name, value) in pairs.into_iter().filter(|(k, _)| k != "_csrf") {
            let joined = match values.0.get(&name) {
                Some(before) if !before.is_empty() => format!("{before}\n{value}"),
                _ => value,
            };
            values.0.insert(name, joined);
        }
        values
    }
}

/// Field errors of a form, by field name.
#[derive(Default)]
pub struct FieldErrors(pub HashMap<String, String>);

impl FieldErrors {
    pub fn get(&self, field: &str) -> &str {
        self.0.get(field).map_or("", String::as_str)
    }

    pub fn has(&self, field: &str) -> bool {
        self.0.contains_key(field)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds an error at `field`, after any the field already has (the same text once).
    pub fn add(&mut self, field: &str, message: String) {
        match self.0.get_mut(field) {
            Some(known) if known.contains(&message) => {}
            Some(known) => {
                known.push(' ');
                known.push_str(&message);
            }
            None => {
                self.0.insert(field.to_string(), message);
            }
        }
    }
}

/// Renders a template, or a plain 500 if the template itself fails.
pub fn render<T: Template>(template: &T) -> Response {
    match template.render() {
        Ok(html) => Html(html).into_response(),
        Err(error) => {
            tracing::error!(%error, "template failed");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub ctx: Ctx,
    pub status: u16,
    pub title: String,
    pub message: String,
}

/// An error page with the status, in the user's language.
pub fn error_page(ctx: Ctx, status: StatusCode, title_key: &str, message: String) -> Response {
    let title = ctx.t.get(title_key).to_string();
    let page = ErrorPage {
        ctx,
        status: status.as_u16(),
        title,
        message,
    };
    (status, render(&page)).into_response()
}

/// How a page answers a refused use case.
pub fn app_error(ctx: Ctx, error: AppError) -> Response {
    match error {
        AppError::Unauthenticated => Redirect::to("/login").into_response(),
        AppError::Forbidden(_) | AppError::NeedsSession(_) => {
            let message = ctx.t.get("error.forbidden_text").to_string();
            error_page(ctx, StatusCode::FORBIDDEN, "error.forbidden", message)
        }
        AppError::NotFound { .. } => {
            let message = ctx.t.get("error.not_found_text").to_string();
            error_page(ctx, StatusCode::NOT_FOUND, "error.not_found", message)
        }
        AppError::Invalid(v) | AppError::Conflict(v) => {
            let message = ctx.message(v.code, &v.message);
            error_page(ctx, StatusCode::BAD_REQUEST, "error.invalid", message)
        }
        other => {
            let message = crate::error::ApiError::from(other).body.message;
            error_page(
                ctx,
                StatusCode::INTERNAL_SERVER_ERROR,
                "error.internal",
                message,
            )
        }
    }
}

/// Sets a cookie for a year (language choice).
pub fn long_cookie(name: &str, value: &str, secure: bool) -> (header::HeaderName, String) {
    (
        header::SET_COOKIE,
        format!(
            "{name}={value}; Path=/; SameSite=Lax; Max-Age=31536000{}",
            if secure { "; Secure" } else { "" }
        ),
    )
}

/// The 403 page for a route the user's roles do not allow (the gate has audited it).
pub fn forbidden(
    headers: &axum::http::HeaderMap,
    actor: Actor,
    session: Session,
    today: jiff::civil::Date,
) -> Response {
    let lang = crate::auth::cookie(headers, LANG_COOKIE)
        .and_then(|c| Lang::parse(&c))
        .unwrap_or(Lang::Nl);
    let ctx = Ctx {
        t: Texts { lang },
        actor: Some(actor),
        csrf: session.csrf_token.unwrap_or_default(),
        path: String::new(),
        purpose: None,
        today,
    };
    let message = ctx.t.get("error.forbidden_text").to_string();
    error_page(ctx, StatusCode::FORBIDDEN, "error.forbidden", message)
}

/// Title, form action and cancel link of the form for a new record under `base` (`id` None) or
/// for changing record `id`; the titles are the locale keys `<key>.new` and `<key>.edit`.
pub fn form_target(ctx: &Ctx, key: &str, base: &str, id: Option<&str>) -> (String, String, String) {
    match id {
        None => (
            ctx.t.get(&format!("{key}.new")).to_string(),
            base.to_string(),
            base.to_string(),
        ),
        Some(id) => (
            ctx.t.get(&format!("{key}.edit")).to_string(),
            format!("{base}/{id}"),
            format!("{base}/{id}"),
        ),
    }
}
