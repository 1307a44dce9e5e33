//! The public pages as a visitor without cookies sees them, rendered once per
//! process.
//!
//! For such a visitor the sign-in, sign-up and other public pages depend on
//! nothing but their path and the settings, yet rendering one cost more than
//! all the rest of the request (docs/benchmarks.md). The first rendering is
//! kept, and each later visitor gets a copy with their own CSP nonce where the
//! first one's was.
//!
//! Only a GET of a path in `PAGES`, with no query string and no cookie at all,
//! is served from here, and only a 200 page that started no session is kept.
//! Signed-in visitors (who always send their session cookie) are rendered for
//! their own request as before. Pages are kept per language (chosen from
//! `Accept-Language` for a visitor without cookies, `http::language`). A page
//! that comes to depend on anything else of the request must leave `PAGES`
//! or put that into the key.

use super::middleware::CspNonce;
use app::i18n::Language;
use axum::{
    body::{Body, Bytes},
    extract::{Request, State},
    http::{Method, StatusCode, header, response::Parts},
    middleware::Next,
    response::{IntoResponse, Response},
};
use std::{
    collections::HashMap,
    sync::{Arc, RwLock},
};

/// The pages kept: public, and the same for every visitor without cookies.
const PAGES: &[&str] = &["/", "/login", "/signup", "/login/code", "/forgot-password"];

/// A rendered page is far below this (about 20 KB); one above it would be a
/// bug in a page, answered with a bare 500 rather than kept.
const MAX_PAGE_BYTES: usize = 256 * 1024;

#[derive(Clone, Default)]
pub struct AnonymousPages(Arc<RwLock<HashMap<PageKey, Arc<Kept>>>>);

/// A kept page's path, and the language it was rendered in.
type PageKey = (&'static str, Language);

/// A rendered page, cut where its nonce was.
struct Kept {
    head: Parts,
    pieces: Vec<Bytes>,
}

impl Kept {
    fn response(&self, nonce: &str) -> Response {
        let mut body = Vec::with_capacity(
            self.pieces.iter().map(Bytes::len).sum::<usize>() + nonce.len() * self.pieces.len(),
        );
        for (n, piece) in self.pieces.iter().enumerate() {
            if n > 0 {
                body.extend_from_slice(nonce.as_bytes());
            }
            body.extend_from_slice(piece);
        }
        let mut response = Response::new(Body::from(body));
        *response.status_mut() = self.head.status;
        *response.headers_mut() = self.head.headers.clone();
        response
    }
}

pub async fn serve(State(pages): State<AnonymousPages>, request: Request, next: Next) -> Response {
    let Some((page, nonce)) = keepable(&request) else {
        return next.run(request).await;
    };
    let kept = pages
        .0
        .read()
        .expect("the kept pages are never poisoned")
        .get(&page)
        .cloned();
    if let Some(kept) = kept {
        return kept.response(&nonce);
    }
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    let response = next.run(request).await;
    let started_a_session = session.is_some_and(|session| session.is_modified());
    if response.status() != StatusCode::OK || started_a_session || !is_html(&response) {
        return response;
    }
    let (head, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, MAX_PAGE_BYTES).await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let kept = Arc::new(Kept {
        head,
        pieces: split_at_nonce(&bytes, &nonce),
    });
    pages
        .0
        .write()
        .expect("the kept pages are never poisoned")
        .insert(page, kept.clone());
    kept.response(&nonce)
}

/// The page and the request's nonce, when the answer may come from (or go
/// into) the kept pages.
fn keepable(request: &Request) -> Option<(PageKey, String)> {
    if request.method() != Method::GET
        || request.uri().query().is_some()
        || request.headers().contains_key(header::COOKIE)
    {
        return None;
    }
    let page = PAGES.iter().find(|page| **page == request.uri().path())?;
    let CspNonce(nonce) = request.extensions().get::<CspNonce>()?;
    let language = request
        .extensions()
        .get::<Language>()
        .copied()
        .unwrap_or_default();
    Some(((page, language), nonce.clone()))
}

fn is_html(response: &Response) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .is_some_and(|value| value.starts_with("text/html"))
}

/// `page` in the pieces between the occurrences of `nonce` (22 random
/// characters, so found nowhere else).
fn split_at_nonce(page: &Bytes, nonce: &str) -> Vec<Bytes> {
    let mut pieces = Vec::new();
    let mut rest = page.clone();
    while let Some(at) = find(&rest, nonce.as_bytes()) {
        pieces.push(rest.slice(..at));
        rest = rest.slice(at + nonce.len()..);
    }
    pieces.push(rest);
    pieces
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|window| window == needle)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_kept_page_gets_each_visitors_own_nonce_everywhere_the_first_one_was() {
        let page = Bytes::from_static(
            b"<script nonce=\"AAA\">1</script><p>AA</p><script nonce=\"AAA\">2</script>",
        );
        let kept = Kept {
            head: Response::new(()).into_parts().0,
            pieces: split_at_nonce(&page, "AAA"),
        };

        let body = axum::body::to_bytes(kept.response("BBB").into_body(), usize::MAX)
            .await
            .unwrap();

        assert_eq!(
            body,
            &b"<script nonce=\"BBB\">1</script><p>AA</p><script nonce=\"BBB\">2</script>"[..]
        );
    }
}
