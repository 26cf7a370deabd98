//! CSV import of the registry, with every problem of every line reported.

use crate::WebState;
use crate::auth::Access::Needs;
use crate::routes::{Route, route};
use crate::ui::{Ctx, PageError, PageResult, render};
use askama::Template;
use axum::extract::{Multipart, State};
use axum::http::Method as M;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use grenzeloos_app::AppError;
use grenzeloos_app::import::{ImportKind, ImportReport, LineError};

/// The routes of these pages, for the one route table (`crate::routes`).
pub(crate) fn routes() -> Vec<Route> {
    use grenzeloos_domain::access::Permission::*;
    let routes = vec![
        route(
            M::GET,
            "/import",
            Needs(PersonalWrite),
            "CSV import with dry run",
            import_form,
        ),
        route(
            M::POST,
            "/import",
            Needs(PersonalWrite),
            "Check or import a CSV file",
            import,
        ),
    ];
    routes
}

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
        PageError::from_response(crate::ui::error_page(
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
