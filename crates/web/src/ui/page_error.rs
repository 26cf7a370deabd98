//! Why a page could not be shown, as one error type: every step of a handler ends in `?`, and
//! the error renders itself — the sign-in page for an anonymous visitor, the 403, 404 or 400
//! page in the user's language, or the 500 page (details only in the log) — as kanidm's view
//! errors do.

use super::{Ctx, app_error};
use axum::response::{IntoResponse, Redirect, Response};
use grenzeloos_app::{Actor, AppError};

/// A refused step of a page, with what it needs to render the answer. Boxed: a handler's
/// `Result` stays one pointer wide whatever the refusal holds.
pub struct PageError(Box<Refusal>);

enum Refusal {
    /// A use case refused: rendered by `app_error` in the page's language.
    App { ctx: Ctx, error: AppError },
    /// The answer is already made: the 400 page for a wrong `sort`, the redirect that asks
    /// for the purpose first, a 413 for a file too large.
    Answer(Response),
}

/// What a page handler returns.
pub type PageResult = Result<Response, PageError>;

impl PageError {
    pub fn new(ctx: &Ctx, error: AppError) -> PageError {
        PageError(Box::new(Refusal::App {
            ctx: ctx.clone(),
            error,
        }))
    }

    /// A refusal whose answer is already made.
    pub fn from_response(answer: impl IntoResponse) -> PageError {
        PageError(Box::new(Refusal::Answer(answer.into_response())))
    }
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        match *self.0 {
            Refusal::App { ctx, error } => app_error(ctx, error),
            Refusal::Answer(answer) => answer,
        }
    }
}

/// The way to the purpose page (`purpose_or_ask`) ends a page with `?` too.
impl From<Redirect> for PageError {
    fn from(redirect: Redirect) -> PageError {
        PageError::from_response(redirect)
    }
}

/// `?` for the result of a use case on a page.
pub trait OrPage<T> {
    fn or_page(self, ctx: &Ctx) -> Result<T, PageError>;
}

impl<T, E: Into<AppError>> OrPage<T> for Result<T, E> {
    fn or_page(self, ctx: &Ctx) -> Result<T, PageError> {
        self.map_err(|error| PageError::new(ctx, error.into()))
    }
}

impl Ctx {
    /// The signed-in actor (the gate lets no one else through), or the way to sign in.
    pub fn signed_in(&self) -> Result<Actor, PageError> {
        self.actor
            .clone()
            .ok_or_else(|| PageError::new(self, AppError::Unauthenticated))
    }
}
