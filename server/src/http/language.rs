//! Which language each request is answered in, decided once per request
//! and put into its extensions (the pages and server functions read it from
//! their context, `app::i18n::use_language`; use cases from
//! `app::i18n::current`): a signed-in account's own language, else the one
//! the visitor picked in the footer (a cookie), else the best of their
//! browser's `Accept-Language` that Portcullis speaks, else
//! `DEFAULT_LANGUAGE`.

use app::i18n::{LANGUAGE_COOKIE, Language};
use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

/// The browser's choice: the footer's cookie, else `Accept-Language`.
pub async fn negotiate(State(default): State<Language>, request: Request, next: Next) -> Response {
    let headers = request.headers();
    let picked = app::session::cookie(headers, LANGUAGE_COOKIE).and_then(Language::parse);
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    let language = picked
        .or_else(|| accept.and_then(Language::from_accept_language))
        .unwrap_or(default);
    let mut response = answer_in(language, request, next).await;
    // A shared cache must not hand one visitor's language to another.
    response
        .headers_mut()
        .append(header::VARY, HeaderValue::from_static("Accept-Language"));
    response
}

/// The account's choice, over the browser's: kept in the session at
/// sign-in and rewritten in every session of the account when it changes,
/// so it costs no lookup (the session is loaded for every page anyway, see
/// `touch_session`). Runs inside the session layer.
pub async fn prefer_account(request: Request, next: Next) -> Response {
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned()
        .filter(|_| !super::middleware::is_static_asset(request.uri().path()));
    let chosen = match session {
        Some(session) => session
            .get::<Language>(app::session::LANGUAGE_KEY)
            .await
            .ok()
            .flatten(),
        None => None,
    };
    match chosen {
        Some(language) => answer_in(language, request, next).await,
        None => next.run(request).await,
    }
}

async fn answer_in(language: Language, mut request: Request, next: Next) -> Response {
    request.extensions_mut().insert(language);
    let mut response = app::i18n::scope(language, next.run(request)).await;
    // The innermost choice (the account's) answers first and stays.
    response
        .headers_mut()
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(HeaderValue::from_static(language.code()));
    response
}
