//! Which language each request is answered in, decided once per request
//! and put into its extensions (the pages and server functions read it from
//! their context, `app::i18n::use_language`): the one the visitor picked in
//! the footer (a cookie), else the best of their browser's
//! `Accept-Language` that Portcullis speaks, else `DEFAULT_LANGUAGE`.

use app::i18n::{LANGUAGE_COOKIE, Language};
use axum::{
    extract::{Request, State},
    http::{HeaderValue, header},
    middleware::Next,
    response::Response,
};

pub async fn negotiate(
    State(default): State<Language>,
    mut request: Request,
    next: Next,
) -> Response {
    let language = of_request(&request, default);
    request.extensions_mut().insert(language);
    let mut response = app::i18n::scope(language, next.run(request)).await;
    let headers = response.headers_mut();
    // A shared cache must not hand one visitor's language to another.
    headers.append(header::VARY, HeaderValue::from_static("Accept-Language"));
    headers
        .entry(header::CONTENT_LANGUAGE)
        .or_insert(HeaderValue::from_static(language.code()));
    response
}

pub fn of_request(request: &Request, default: Language) -> Language {
    let picked = request
        .headers()
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(name, _)| *name == LANGUAGE_COOKIE)
        .and_then(|(_, value)| Language::parse(value));
    let accept = request
        .headers()
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|value| value.to_str().ok());
    Language::negotiate(picked, accept, default)
}
