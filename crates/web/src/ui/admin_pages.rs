//! Pages for supervision and administration: the audit trail, users and roles, CSV import.

use super::{Ctx, FieldErrors, Values, app_error, render};
use crate::WebState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use grenzeloos_app::AppError;
use grenzeloos_app::accounts::{NewUser, UserView};
use grenzeloos_app::import::{ImportKind, ImportReport, LineError};
use grenzeloos_app::supervision::AuditQuery;
use grenzeloos_domain::access::Role;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_store::audit::{AuditEvent, Verification};

// -- audit trail -------------------------------------------------------------------------------

const PAGE: i64 = 100;

const KNOWN_ACTIONS: &[&str] = &[
    "login",
    "logout",
    "officer.read",
    "officer.list",
    "officer.create",
    "officer.update",
    "deployment.read",
    "deployment.list",
    "deployment.create",
    "deployment.update",
    "dashboard.read",
    "mission.create",
    "mission.update",
    "mission.location",
    "team.create",
    "team.update",
    "partner.create",
    "user.create",
    "user.update",
    "audit.read",
    "audit.purge",
    "deployment.import",
    "mission.import",
];

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: Ctx,
    verification: Verification,
    events: Vec<AuditEvent>,
    filter: AuditQuery,
    query: String,
    known_actions: &'static [&'static str],
    domains: [DataDomain; 3],
    older: Option<i64>,
    error: String,
}

impl AuditPage {
    /// The domain's name in the page's language, from its code.
    fn domain_label(&self, domain: &str) -> &'static str {
        self.ctx.t.get(match domain {
            "exchange" => "domain.exchange",
            "forensic" => "domain.forensic",
            _ => "domain.registry",
        })
    }
}

pub async fn audit(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(filter): Query<AuditQuery>,
) -> Response {
    let actor = signed_in!(ctx);
    let verification = match s.app.verify_audit(&actor).await {
        Ok(v) => v,
        Err(error) => return app_error(ctx, error),
    };
    let query = serde_urlencoded::to_string(&filter).unwrap_or_default();
    let (events, error) = match filter.domain().and_then(|d| Ok((d, filter.filter(PAGE)?))) {
        Ok((domain, store_filter)) => {
            match s.app.audit_events_in(&actor, domain, &store_filter).await {
                Ok(events) => (events, String::new()),
                Err(error) => return app_error(ctx, error),
            }
        }
        Err(v) => (Vec::new(), ctx.message(v.code, &v.message)),
    };
    let older = (events.len() as i64 == PAGE)
        .then(|| events.last().map(|e| e.seq))
        .flatten();
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    (
        status,
        render(&AuditPage {
            ctx,
            verification,
            events,
            filter,
            query,
            known_actions: KNOWN_ACTIONS,
            domains: DataDomain::ALL,
            older,
            error,
        }),
    )
        .into_response()
}

/// The filtered trail as CSV (at most 10,000 events, newest first).
pub async fn audit_export(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(filter): Query<AuditQuery>,
) -> Response {
    let actor = signed_in!(ctx);
    let (domain, store_filter) = match filter
        .domain()
        .and_then(|d| Ok((d, filter.filter(10_000)?)))
    {
        Ok(f) => f,
        Err(v) => return app_error(ctx, AppError::Invalid(v)),
    };
    let events = match s.app.audit_events_in(&actor, domain, &store_filter).await {
        Ok(events) => events,
        Err(error) => return app_error(ctx, error),
    };
    let header = [
        "seq",
        "at",
        "actor",
        "action",
        "object_type",
        "object_id",
        "outcome",
        "purpose",
        "details",
        "hash",
    ]
    .map(str::to_string);
    let rows = events.iter().map(|e| {
        [
            e.seq.to_string(),
            e.at.clone(),
            e.actor.clone(),
            e.action.clone(),
            e.object_type.clone(),
            e.object_id.clone(),
            e.outcome.clone(),
            e.purpose.clone().unwrap_or_default(),
            e.details.clone().unwrap_or_default(),
            e.hash.clone(),
        ]
    });
    // The actor of a failed sign-in and a stated purpose are typed by users: neutralised
    // like every CSV cell the node hands out.
    let body = grenzeloos_report::spreadsheet::csv_document(std::iter::once(header).chain(rows));
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"audittrail.csv\"",
            ),
        ],
        body,
    )
        .into_response()
}

// -- users -------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: Ctx,
    /// Each user with every role and whether they hold it.
    users: Vec<(UserView, Vec<(&'static str, bool)>)>,
    all_roles: Vec<&'static str>,
    notice: String,
    values: Values,
    errors: FieldErrors,
}

async fn users_page(
    s: &WebState,
    ctx: Ctx,
    notice: String,
    values: Values,
    errors: FieldErrors,
) -> Response {
    let actor = signed_in!(ctx);
    let users = match s.app.users(&actor).await {
        Ok(users) => users,
        Err(error) => return app_error(ctx, error),
    };
    let users = users
        .into_iter()
        .map(|user| {
            let roles = Role::ALL
                .iter()
                .map(|role| (role.as_str(), user.roles.contains(role)))
                .collect();
            (user, roles)
        })
        .collect();
    let failed = !errors.is_empty();
    let page = render(&UsersPage {
        ctx,
        users,
        all_roles: Role::ALL.map(Role::as_str).to_vec(),
        notice,
        values,
        errors,
    });
    if failed {
        (StatusCode::BAD_REQUEST, page).into_response()
    } else {
        page
    }
}

pub async fn users(State(s): State<WebState>, ctx: Ctx) -> Response {
    users_page(
        &s,
        ctx,
        String::new(),
        Values::default(),
        FieldErrors::default(),
    )
    .await
}

pub async fn create_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let actor = signed_in!(ctx);
    let roles: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "role")
        .map(|(_, v)| v.clone())
        .collect();
    let values = Values::from_pairs(pairs.into_iter().filter(|(k, _)| k != "password").collect());
    let password = values.get("password").to_string();
    let input = NewUser {
        username: values.get("username").into(),
        display_name: values.opt("display_name"),
        roles,
        password,
    };
    match s.app.add_user(&actor, &input).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.created"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        Err(error) => match ctx.form_errors(error) {
            Ok((ctx, errors)) => users_page(&s, ctx, String::new(), values, errors).await,
            Err(page) => page,
        },
    }
}

pub async fn update_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Response {
    let actor = signed_in!(ctx);
    let roles: Vec<String> = pairs
        .iter()
        .filter(|(k, _)| k == "role")
        .map(|(_, v)| v.clone())
        .collect();
    let active = pairs.iter().any(|(k, v)| k == "active" && v == "true");
    match s.app.set_user_access(&actor, &id, &roles, active).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.updated"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        Err(error) => app_error(ctx, error),
    }
}

pub async fn unlock_user(State(s): State<WebState>, ctx: Ctx, Path(id): Path<String>) -> Response {
    let actor = signed_in!(ctx);
    match s.app.unlock_user(&actor, &id).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.unlocked"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        Err(error) => app_error(ctx, error),
    }
}

// -- import ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    ctx: Ctx,
    kind: String,
    report: Option<ImportReport>,
    /// The first errors, and how many there are in all.
    errors: Vec<LineError>,
    error_count: usize,
}

pub async fn import_form(ctx: Ctx) -> Response {
    render(&ImportPage {
        ctx,
        kind: "deployments".into(),
        report: None,
        errors: Vec::new(),
        error_count: 0,
    })
}

/// The import page's upload: the file may be as large as `max_import_bytes`, refused with 413
/// past that, before it is read whole (the gate has checked the declared length already when
/// it looked for the CSRF field).
pub async fn import(
    State(s): State<WebState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    mut form: Multipart,
) -> Response {
    let actor = signed_in!(ctx);
    let limit = s.config.max_import_bytes;
    let too_large = |ctx: Ctx| {
        let message = format!(
            "{} ({} MiB)",
            ctx.t.get("import.too_large"),
            limit / (1024 * 1024)
        );
        super::error_page(ctx, StatusCode::PAYLOAD_TOO_LARGE, "error.invalid", message)
    };
    if crate::declared_length(&headers).is_some_and(|n| n > limit.saturating_add(64 * 1024)) {
        return too_large(ctx);
    }
    let (mut kind, mut dry_run, mut text) = ("deployments".to_string(), false, None);
    loop {
        match form.next_field().await {
            Ok(Some(mut field)) => match field.name().unwrap_or_default() {
                "kind" => kind = field.text().await.unwrap_or_default(),
                "dry_run" => dry_run = field.text().await.is_ok_and(|v| v == "true"),
                "file" => {
                    let mut bytes = Vec::new();
                    loop {
                        match field.chunk().await {
                            Ok(Some(chunk)) if bytes.len() + chunk.len() > limit => {
                                return too_large(ctx);
                            }
                            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                            Ok(None) => break,
                            Err(_) => return unreadable(ctx),
                        }
                    }
                    text = Some(String::from_utf8(bytes));
                }
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return unreadable(ctx),
        }
    }
    let import_kind = if kind == "missions" {
        ImportKind::Missions
    } else {
        ImportKind::Deployments
    };
    let text = match text {
        Some(Ok(text)) => text,
        Some(Err(_)) => {
            let errors = vec![LineError {
                line: 0,
                field: None,
                code: "not_utf8".to_string(),
                message: ctx.t.get("import.not_utf8").to_string(),
            }];
            return (
                StatusCode::BAD_REQUEST,
                render(&ImportPage {
                    ctx,
                    kind,
                    report: None,
                    errors,
                    error_count: 1,
                }),
            )
                .into_response();
        }
        None => {
            return app_error(
                ctx,
                AppError::Invalid(grenzeloos_domain::Violation::at(
                    "required",
                    "file",
                    "choose a file",
                )),
            );
        }
    };
    match s.app.import(&actor, import_kind, text, dry_run).await {
        Ok(report) => render(&ImportPage {
            ctx,
            kind,
            report: Some(report),
            errors: Vec::new(),
            error_count: 0,
        }),
        Err(AppError::Import(errors)) => (
            StatusCode::BAD_REQUEST,
            render(&ImportPage {
                ctx,
                kind,
                report: None,
                error_count: errors.total,
                errors: errors.errors,
            }),
        )
            .into_response(),
        Err(error) => app_error(ctx, error),
    }
}

fn unreadable(ctx: Ctx) -> Response {
    app_error(
        ctx,
        AppError::Invalid(grenzeloos_domain::Violation::at(
            "invalid_form",
            "file",
            "the upload could not be read",
        )),
    )
}
