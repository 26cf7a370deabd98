//! Pages for supervision and administration: the audit trail, users and roles, CSV import.

use super::{Ctx, FieldErrors, OrPage, PageError, PageResult, Values, render};
use crate::WebState;
use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use grenzeloos_app::AppError;
use grenzeloos_app::accounts::{NewUser, UserView};
use grenzeloos_app::import::{ImportKind, ImportReport, LineError};
use grenzeloos_app::supervision::{AuditActor, AuditQuery, AuditTrail};
use grenzeloos_domain::access::Role;
use grenzeloos_domain::audit::AuditAction;
use grenzeloos_domain::data_domain::DataDomain;
use grenzeloos_domain::labels::Labelled;
use grenzeloos_domain::text::echo;
use grenzeloos_report::spreadsheet::{Dialect, csv_in};
use grenzeloos_store::audit::Verification;

// -- audit trail -------------------------------------------------------------------------------

const PAGE: i64 = 100;

/// The zone in which the trail's times are shown, named beside them on the page and in the
/// export (the trail stores UTC).
const ZONE: &str = "Europe/Amsterdam";

/// A stored instant in Amsterdam time, to the second, with the zone's abbreviation: the hour
/// that repeats when summer time ends is told apart (CEST, then CET).
fn amsterdam_time(text: &str, pattern: &str) -> String {
    match text.parse::<jiff::Timestamp>() {
        Ok(ts) => ts
            .to_zoned(grenzeloos_domain::clock::amsterdam())
            .strftime(pattern)
            .to_string(),
        Err(_) => text.to_string(),
    }
}

/// One event as the page shows it.
struct EventRow {
    seq: i64,
    when: String,
    actor: String,
    /// The account's name, when the actor is an account.
    actor_name: Option<String>,
    action: String,
    /// The action's words; none for a code the list does not know.
    action_label: Option<&'static str>,
    object_type: String,
    object_id: String,
    /// For an event about an officer: the personnel number and where it links to.
    officer: Option<OfficerLink>,
    /// The route a refused request asked for (the gate's `route.open`).
    route: Option<String>,
    outcome: String,
    purpose: String,
}

/// An officer named by personnel number (the pseudonym once erased) instead of an id.
struct OfficerLink {
    href: String,
    number: String,
}

/// An option of the user picker.
struct ActorOption {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: Ctx,
    verification: Verification,
    rows: Vec<EventRow>,
    filter: AuditQuery,
    consultations: bool,
    /// The filter as a query string, for the export and the next page.
    query: String,
    /// Every action, code and words, in the list's order.
    actions: Vec<(&'static str, &'static str)>,
    actors: Vec<ActorOption>,
    domains: [DataDomain; 3],
    zone: &'static str,
    /// The same filter, for today only.
    today_href: String,
    /// The chosen domain's whole trail.
    reset_href: String,
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

    /// Whether anything narrows the trail beyond its domain (the empty state then says how
    /// to widen it).
    fn narrowed(&self) -> bool {
        let f = &self.filter;
        [
            &f.actor,
            &f.action,
            &f.consultations,
            &f.object_type,
            &f.object_id,
            &f.from,
            &f.until,
        ]
        .iter()
        .any(|v| !v.trim().is_empty())
            || f.before_seq.is_some()
    }
}

fn event_rows(
    ctx: &Ctx,
    trail: AuditTrail,
    names: &std::collections::HashMap<&str, &str>,
) -> Vec<EventRow> {
    let pattern = match ctx.t.lang {
        super::i18n::Lang::Nl => "%d-%m-%Y %H:%M:%S %Z",
        super::i18n::Lang::En => "%Y-%m-%d %H:%M:%S %Z",
    };
    // Without the personal-data permission the officer's page would refuse; the trail about
    // the officer is what a supervisor can follow instead.
    let officer_pages = ctx.can(grenzeloos_domain::access::Permission::PersonalRead);
    trail
        .events
        .into_iter()
        .map(|e| {
            let officer = AuditTrail::officer_of(&e).and_then(|id| {
                let number = trail.officers.get(id)?;
                let href = if officer_pages {
                    format!("/officers/{id}")
                } else {
                    let query = serde_urlencoded::to_string([
                        ("object_type", "officer"),
                        ("object_id", id),
                    ])
                    .unwrap_or_default();
                    format!("/audit?{query}")
                };
                Some(OfficerLink {
                    href,
                    number: number.clone(),
                })
            });
            let action = AuditAction::parse("action", &e.action).ok();
            let route = (action == Some(AuditAction::RouteOpen))
                .then(|| {
                    let details: serde_json::Value =
                        serde_json::from_str(e.details.as_deref()?).ok()?;
                    details["route"].as_str().map(str::to_string)
                })
                .flatten();
            EventRow {
                seq: e.seq,
                when: amsterdam_time(&e.at, pattern),
                actor_name: names.get(e.actor.as_str()).map(|n| n.to_string()),
                actor: e.actor,
                action_label: action.map(|a| a.label(ctx.t.lang)),
                action: e.action,
                object_type: e.object_type,
                object_id: e.object_id,
                officer,
                route,
                outcome: e.outcome,
                purpose: e.purpose.unwrap_or_default(),
            }
        })
        .collect()
}

pub async fn audit(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(filter): Query<AuditQuery>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let verification = s.app.verify_audit(&actor).await.or_page(&ctx)?;
    let accounts = s.app.audit_actors(&actor).await.or_page(&ctx)?;
    let query = serde_urlencoded::to_string(&filter).unwrap_or_default();
    let (trail, error) = match filter.domain().and_then(|d| Ok((d, filter.filter(PAGE)?))) {
        Ok((domain, store_filter)) => {
            match s.app.audit_trail(&actor, domain, &store_filter).await {
                Ok(trail) => (trail, String::new()),
                Err(error) => return Err(PageError::new(&ctx, error)),
            }
        }
        // The message names the field it is about, by the label the form gives it.
        Err(v) => {
            let message = ctx.message(v.code, &v.message);
            let error = match v
                .field
                .as_deref()
                .and_then(|f| ctx.t.find(&format!("audit.{f}")))
            {
                Some(field) => format!("{field}: {message}"),
                None => message,
            };
            (AuditTrail::default(), error)
        }
    };
    let older = (trail.events.len() as i64 == PAGE)
        .then(|| trail.events.last().map(|e| e.seq))
        .flatten();
    let names: std::collections::HashMap<&str, &str> = accounts
        .iter()
        .map(|a| (a.username.as_str(), a.display_name.as_str()))
        .collect();
    let rows = event_rows(&ctx, trail, &names);
    let actors = actor_options(&ctx, &accounts, filter.actor.trim());
    let today_href = {
        let today = ctx.today.to_string();
        let only_today = AuditQuery {
            from: today.clone(),
            until: today,
            before_seq: None,
            ..filter.clone()
        };
        format!(
            "/audit?{}",
            serde_urlencoded::to_string(&only_today).unwrap_or_default()
        )
    };
    let reset_href = match filter.domain.trim() {
        "" => "/audit".to_string(),
        domain => format!(
            "/audit?{}",
            serde_urlencoded::to_string([("domain", domain)]).unwrap_or_default()
        ),
    };
    let status = if error.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::BAD_REQUEST
    };
    Ok((
        status,
        render(&AuditPage {
            consultations: filter.consultations().unwrap_or(false),
            actions: AuditAction::ALL
                .iter()
                .map(|a| (a.as_str(), a.label(ctx.t.lang)))
                .collect(),
            ctx,
            verification,
            rows,
            filter,
            query,
            actors,
            domains: DataDomain::ALL,
            zone: ZONE,
            today_href,
            reset_href,
            older,
            error,
        }),
    )
        .into_response())
}

/// The user picker: every account by name (an inactive one marked), the node's jobs, and an
/// actor asked for that is neither (an operator's `cli:…`, from a link), so that it shows.
fn actor_options(ctx: &Ctx, accounts: &[AuditActor], chosen: &str) -> Vec<ActorOption> {
    let mut options: Vec<ActorOption> = accounts
        .iter()
        .map(|a| {
            let mut label = format!("{} ({})", a.display_name, a.username);
            if !a.active {
                label = format!("{label} – {}", ctx.t.get("audit.inactive"));
            }
            ActorOption {
                selected: a.username == chosen,
                value: a.username.clone(),
                label,
            }
        })
        .collect();
    if !chosen.is_empty() && !options.iter().any(|o| o.selected) {
        options.push(ActorOption {
            value: chosen.to_string(),
            label: chosen.to_string(),
            selected: true,
        });
    }
    options
}

/// The filtered trail as CSV (at most 10,000 events, newest first), each time in UTC as
/// stored and in Amsterdam time with its offset.
/// `format` of the audit export: `csv` (the default) or `excel` (`;`, CRLF, a byte order mark).
#[derive(serde::Deserialize)]
pub struct ExportFormat {
    #[serde(default)]
    format: String,
}

pub async fn audit_export(
    State(s): State<WebState>,
    ctx: Ctx,
    Query(filter): Query<AuditQuery>,
    Query(ExportFormat { format }): Query<ExportFormat>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let dialect = Dialect::parse(&format).ok_or_else(|| {
        let v = grenzeloos_domain::Violation::at(
            "invalid_choice",
            "format",
            format!(
                "{} is not a format of the export; use csv or excel",
                echo(&format)
            ),
        );
        PageError::new(&ctx, AppError::Invalid(v))
    })?;
    let (domain, store_filter) = match filter
        .domain()
        .and_then(|d| Ok((d, filter.filter(10_000)?)))
    {
        Ok(f) => f,
        Err(v) => return Err(PageError::new(&ctx, AppError::Invalid(v))),
    };
    let events = s
        .app
        .audit_events_in(&actor, domain, &store_filter)
        .await
        .or_page(&ctx)?;
    let header = [
        "seq",
        "at_utc",
        "at_europe_amsterdam",
        "actor",
        "action",
        "action_label",
        "object_type",
        "object_id",
        "outcome",
        "purpose",
        "details",
        "hash",
    ]
    .map(str::to_string);
    let rows = events.iter().map(|e| {
        let label = AuditAction::parse("action", &e.action)
            .map(|a| a.label(ctx.t.lang))
            .unwrap_or_default();
        [
            e.seq.to_string(),
            e.at.clone(),
            amsterdam_time(&e.at, "%Y-%m-%d %H:%M:%S %:z"),
            e.actor.clone(),
            e.action.clone(),
            label.to_string(),
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
    let body = csv_in(dialect, std::iter::once(header).chain(rows));
    let filename = format!("attachment; filename=\"audittrail{}\"", dialect.suffix());
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, filename),
        ],
        body,
    )
        .into_response())
}

// -- users -------------------------------------------------------------------------------------

/// The new-user form's fields in the order they appear: the first one in error gets the focus.
const USER_FIELDS: [&str; 4] = ["username", "display_name", "password", "roles"];

#[derive(Template)]
#[template(path = "users.html")]
struct UsersPage {
    ctx: Ctx,
    /// Each user with every role and whether they hold it.
    users: Vec<(UserView, Vec<(Role, bool)>)>,
    roles: [Role; 7],
    notice: String,
    /// What the new-user form held when it came back refused (never the password), with the
    /// roles that were ticked one per line under `role`.
    values: Values,
    errors: FieldErrors,
}

impl UsersPage {
    /// A role's name in the page's language.
    fn role_name(&self, role: &Role) -> &'static str {
        self.ctx
            .t
            .find(&format!("role.{}", role.as_str()))
            .unwrap_or(role.as_str())
    }

    /// What a role may do, in one line.
    fn role_about(&self, role: &Role) -> &'static str {
        self.ctx
            .t
            .find(&format!("role_about.{}", role.as_str()))
            .unwrap_or_default()
    }

    /// Whether the refused form had `role` ticked.
    fn ticked(&self, role: &Role) -> bool {
        self.values.get("role").lines().any(|r| r == role.as_str())
    }

    /// The fields in error, in the form's order, with their labels: the summary above the
    /// form links to each.
    fn fields_in_error(&self) -> Vec<(&'static str, &'static str)> {
        USER_FIELDS
            .into_iter()
            .filter(|f| self.errors.has(f))
            .map(|f| {
                let label = match f {
                    "username" => "login.username",
                    "display_name" => "field.name",
                    "password" => "login.password",
                    _ => "users.roles",
                };
                (f, self.ctx.t.get(label))
            })
            .collect()
    }

    /// The field that gets the focus: the first one in error.
    fn focus(&self) -> &'static str {
        USER_FIELDS
            .into_iter()
            .find(|f| self.errors.has(f))
            .unwrap_or_default()
    }
}

async fn users_page(
    s: &WebState,
    ctx: Ctx,
    notice: String,
    values: Values,
    errors: FieldErrors,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let users = s.app.users(&actor).await.or_page(&ctx)?;
    let users = users
        .into_iter()
        .map(|user| {
            let roles = Role::ALL
                .iter()
                .map(|role| (*role, user.roles.contains(role)))
                .collect();
            (user, roles)
        })
        .collect();
    let failed = !errors.is_empty();
    let page = render(&UsersPage {
        ctx,
        users,
        roles: Role::ALL,
        notice,
        values,
        errors,
    });
    if failed {
        Ok((StatusCode::BAD_REQUEST, page).into_response())
    } else {
        Ok(page)
    }
}

pub async fn users(State(s): State<WebState>, ctx: Ctx) -> PageResult {
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
) -> PageResult {
    let actor = ctx.signed_in()?;
    // The password goes to the use case and nowhere else: a refused form comes back without it.
    let (passwords, pairs): (Vec<_>, Vec<_>) =
        pairs.into_iter().partition(|(k, _)| k == "password");
    let password = passwords
        .into_iter()
        .map(|(_, v)| v)
        .next()
        .unwrap_or_default();
    let values = Values::from_pairs(pairs);
    let input = NewUser {
        username: values.get("username").into(),
        display_name: values.opt("display_name"),
        roles: values.get("role").lines().map(str::to_string).collect(),
        password,
    };
    match s.app.add_user(&actor, &input).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.created"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        // Every field's problem at once, each at its field: a role is checked one by one
        // (`role`) and as a set (`roles`), both shown at the roles; a problem of no field of
        // the form shows above it.
        Err(AppError::Invalid(refused) | AppError::Conflict(refused)) => {
            let mut errors = std::collections::HashMap::new();
            for v in refused.all() {
                let field = match v.field_base() {
                    "role" => "roles",
                    f if USER_FIELDS.contains(&f) => f,
                    _ => "",
                };
                errors
                    .entry(field.to_string())
                    .or_insert_with(|| ctx.message(v.code, &v.message));
            }
            users_page(&s, ctx, String::new(), values, FieldErrors(errors)).await
        }
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}

pub async fn update_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> PageResult {
    let actor = ctx.signed_in()?;
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
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}

pub async fn unlock_user(
    State(s): State<WebState>,
    ctx: Ctx,
    Path(id): Path<String>,
) -> PageResult {
    let actor = ctx.signed_in()?;
    match s.app.unlock_user(&actor, &id).await {
        Ok(user) => {
            let notice = format!("{} {}", ctx.t.get("users.unlocked"), user.username);
            users_page(&s, ctx, notice, Values::default(), FieldErrors::default()).await
        }
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}

// -- import ------------------------------------------------------------------------------------

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    ctx: Ctx,
    kind: String,
    report: Option<ImportReport>,
    /// The reported errors by line: each line once, with every problem found on it (column,
    /// message in the page's language).
    lines: Vec<(u64, Vec<(String, String)>)>,
    /// How many errors the file has in all, and how many are shown.
    error_count: usize,
    shown: usize,
    /// Set when the file seems separated by neither `,` nor `;`: what it seems separated by.
    separator: Option<&'static str>,
    /// The columns of each kind of file, and the values a closed column allows.
    formats: Vec<(&'static str, String)>,
    allowed: Vec<(&'static str, Vec<(&'static str, &'static str)>)>,
}

impl ImportPage {
    fn new(ctx: Ctx, kind: String) -> ImportPage {
        let lang = ctx.t.lang;
        let values = |group: &str| -> Vec<(&'static str, &'static str)> {
            grenzeloos_domain::labels::GROUPS
                .iter()
                .filter(|g| g.name == group)
                .flat_map(|g| {
                    (g.codes)()
                        .into_iter()
                        .map(move |code| (code, (g.label)(code, lang).unwrap_or(code)))
                })
                .collect()
        };
        ImportPage {
            kind,
            report: None,
            lines: Vec::new(),
            error_count: 0,
            shown: 0,
            separator: None,
            formats: [ImportKind::Deployments, ImportKind::Missions]
                .into_iter()
                .map(|k| (k.as_str(), k.columns().join(",")))
                .collect(),
            allowed: vec![
                ("gender", values("gender")),
                ("status", values("deployment_status")),
            ],
            ctx,
        }
    }

    /// The page for a file with `errors`, `total` in all.
    fn failed(mut self, errors: &[LineError], total: usize) -> ImportPage {
        for e in errors {
            let problem = (
                e.field.clone().unwrap_or_default(),
                line_message(&self.ctx, e),
            );
            match self.lines.last_mut() {
                Some((line, problems)) if *line == e.line => problems.push(problem),
                _ => self.lines.push((e.line, vec![problem])),
            }
        }
        self.error_count = total;
        self.shown = errors.len();
        self
    }
}

/// A line's problem in the page's language, by its code: the import's own words
/// (`import.error.<code>`), else the words every form uses for the code (`error.<code>`).
fn line_message(ctx: &Ctx, e: &LineError) -> String {
    ctx.t
        .find(&format!("import.error.{}", e.code))
        .or_else(|| ctx.t.find(&format!("error.{}", e.code)))
        .map_or_else(|| e.message.clone(), str::to_string)
}

/// What a file's header seems separated by when it is neither `,` nor `;` (the two the import
/// reads): a tab or `|`, or None when it has a comma or semicolon or nothing else that would
/// separate. People export from Excel with whatever their locale chose.
fn other_separator(text: &str) -> Option<&'static str> {
    let header = text.trim_start_matches('\u{feff}').lines().next()?;
    if header.contains([',', ';']) {
        return None;
    }
    [("\t", "tab"), ("|", "|")]
        .into_iter()
        .find(|(c, _)| header.contains(c))
        .map(|(_, name)| name)
        .or(Some(""))
}

pub async fn import_form(ctx: Ctx) -> PageResult {
    Ok(render(&ImportPage::new(ctx, "deployments".into())))
}

/// The import page's upload: the file may be as large as `max_import_bytes`, refused with 413
/// past that, before it is read whole (the gate has checked the declared length already when
/// it looked for the CSRF field).
pub async fn import(
    State(s): State<WebState>,
    ctx: Ctx,
    headers: axum::http::HeaderMap,
    mut form: Multipart,
) -> PageResult {
    let actor = ctx.signed_in()?;
    let limit = s.config.max_import_bytes;
    let too_large = |ctx: Ctx| {
        let message = format!(
            "{} ({} MiB)",
            ctx.t.get("import.too_large"),
            limit / (1024 * 1024)
        );
        PageError::from_response(super::error_page(
            ctx,
            StatusCode::PAYLOAD_TOO_LARGE,
            "error.invalid",
            message,
        ))
    };
    if crate::declared_length(&headers).is_some_and(|n| n > limit.saturating_add(64 * 1024)) {
        return Err(too_large(ctx));
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
                                return Err(too_large(ctx));
                            }
                            Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                            Ok(None) => break,
                            Err(_) => return Err(unreadable(&ctx)),
                        }
                    }
                    text = Some(String::from_utf8(bytes));
                }
                _ => {}
            },
            Ok(None) => break,
            Err(_) => return Err(unreadable(&ctx)),
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
            let error = LineError {
                line: 0,
                field: None,
                code: "not_utf8".to_string(),
                message: String::new(),
            };
            let page = ImportPage::new(ctx, kind).failed(&[error], 1);
            return Ok((StatusCode::BAD_REQUEST, render(&page)).into_response());
        }
        None => {
            return Err(PageError::new(
                &ctx,
                AppError::Invalid(grenzeloos_domain::Violation::at(
                    "required",
                    "file",
                    "choose a file",
                )),
            ));
        }
    };
    let separator = other_separator(&text);
    match s.app.import(&actor, import_kind, text, dry_run).await {
        Ok(report) => Ok(render(&ImportPage {
            report: Some(report),
            ..ImportPage::new(ctx, kind)
        })),
        Err(AppError::Import(errors)) => {
            let page = ImportPage {
                separator,
                ..ImportPage::new(ctx, kind).failed(&errors.errors, errors.total)
            };
            Ok((StatusCode::BAD_REQUEST, render(&page)).into_response())
        }
        Err(error) => Err(PageError::new(&ctx, error)),
    }
}

fn unreadable(ctx: &Ctx) -> PageError {
    PageError::new(
        ctx,
        AppError::Invalid(grenzeloos_domain::Violation::at(
            "invalid_form",
            "file",
            "the upload could not be read",
        )),
    )
}

#[cfg(test)]
mod tests {
    use super::other_separator;

    #[test]
    fn a_header_separated_by_something_else_is_recognised() {
        assert_eq!(other_separator("name\tstart\nA\tB\n"), Some("tab"));
        assert_eq!(other_separator("\u{feff}name|start\n"), Some("|"));
        assert_eq!(other_separator("name\n"), Some(""));
        assert_eq!(other_separator("name;start\n"), None);
        assert_eq!(other_separator("name,start\tx\n"), None);
        assert_eq!(other_separator(""), None);
    }
}
