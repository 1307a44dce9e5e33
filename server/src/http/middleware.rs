use crate::startup::AppState;
use app::error::say;
use app::{clock::Clock, error::AppError, ports::ClientMeta};
use axum::{
    body::Body,
    extract::{ConnectInfo, Request, State},
    http::{HeaderValue, Method, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use std::net::SocketAddr;

/// The nonce that lets the page's own inline hydration script run under the CSP.
#[derive(Clone, Debug)]
pub struct CspNonce(pub String);

/// Security headers on every response, and a fresh CSP nonce for every page.
pub async fn security_headers(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let mut bytes = [0u8; 16];
    rand::thread_rng().fill_bytes(&mut bytes);
    let nonce = URL_SAFE_NO_PAD.encode(bytes);
    request.extensions_mut().insert(CspNonce(nonce.clone()));
    let is_static_asset = is_static_asset(request.uri().path());
    // Pages whose URL carries a token from a message must not leak it to
    // other sites. Not `no-referrer`: under it the browser sends
    // `Origin: null` with the page's own form posts, which the cross-origin
    // check then refuses.
    let referrer_policy = match request.uri().path() {
        "/reset-password" | "/verify-email" => "same-origin",
        _ => "strict-origin-when-cross-origin",
    };

    // The profile's "Link" form posts here and is redirected on to the
    // provider's sign-in page, which form-action must allow (its origin is
    // the discovery document's, as at Google).
    let provider = state
        .settings
        .google
        .as_ref()
        .map(|google| format!(" {}", google.discovery_url.origin().ascii_serialization()))
        .unwrap_or_default();
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    let csp = format!(
        "default-src 'self'; script-src 'self' 'nonce-{nonce}' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; \
         object-src 'none'; base-uri 'none'; form-action 'self'{provider}; \
         frame-ancestors 'none'"
    );
    let fixed = [
        (header::CONTENT_SECURITY_POLICY, csp.as_str()),
        (header::X_FRAME_OPTIONS, "DENY"),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, referrer_policy),
    ];
    for (name, value) in fixed {
        if !headers.contains_key(&name) {
            headers.insert(name, HeaderValue::from_str(value).expect("valid header"));
        }
    }
    if state.settings.is_https() {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=63072000; includeSubDomains"),
        );
    }
    // Pages and server-function answers can hold account data.
    if !is_static_asset && !headers.contains_key(header::CACHE_CONTROL) {
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    response
}

pub(crate) fn is_static_asset(path: &str) -> bool {
    path.starts_with("/pkg/") || matches!(path, "/favicon.svg" | "/favicon.ico" | "/robots.txt")
}

/// A browser that opened a loopback address (`http://127.0.0.1:3000`) of a
/// portal whose public URL is on `localhost` is sent to the public URL:
/// there its forms pass the origin check below, and passkeys work (an IP
/// address cannot be their site). Only page navigations are sent on.
pub async fn loopback_to_localhost(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let public = &state.settings.public_url;
    let navigation = request
        .headers()
        .get("sec-fetch-mode")
        .is_some_and(|mode| mode.as_bytes() == b"navigate");
    let on_loopback = request
        .headers()
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .and_then(|host| host.parse::<http::uri::Authority>().ok())
        .is_some_and(|host| matches!(host.host(), "127.0.0.1" | "[::1]"));
    if navigation
        && on_loopback
        && public.host_str() == Some("localhost")
        && matches!(*request.method(), Method::GET | Method::HEAD)
    {
        let path = request
            .uri()
            .path_and_query()
            .map_or("/", |path| path.as_str());
        let target = format!("{}{path}", state.settings.public_origin());
        if let Ok(location) = HeaderValue::from_str(&target) {
            return (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response();
        }
    }
    next.run(request).await
}

/// Refuses state-changing requests sent by another site's page (CSRF): the
/// browser names the page's origin in `Origin`, or at least says
/// `Sec-Fetch-Site: cross-site`. Native clients send neither and pass.
pub async fn refuse_cross_origin(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let unsafe_method = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );
    if unsafe_method {
        let headers = request.headers();
        let origin = headers
            .get(header::ORIGIN)
            .and_then(|value| value.to_str().ok());
        let cross_site = headers
            .get("sec-fetch-site")
            .is_some_and(|value| value.as_bytes() == b"cross-site");
        let allowed = match origin {
            Some(origin) => {
                let origin = origin.trim_end_matches('/');
                origin == state.settings.public_origin()
                    || state
                        .settings
                        .cors_allowed_origins
                        .iter()
                        .any(|allowed| allowed == origin)
            }
            None => !cross_site,
        };
        if !allowed {
            tracing::warn!(
                origin = origin.unwrap_or("-"),
                "refused a cross-origin request"
            );
            return refusal(
                request.uri().path(),
                &AppError::new(
                    app::error::ErrorCode::Forbidden,
                    say("problem-cross-origin"),
                ),
            );
        }
    }
    next.run(request).await
}

/// Works out who is calling once, for the audit log and session list.
pub async fn client_meta(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let forwarded_for = headers
        .get("x-forwarded-for")
        .and_then(|value| value.to_str().ok());
    let ip = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(peer)| {
            state
                .settings
                .trusted_proxies
                .client_address(peer.ip(), forwarded_for)
                .to_string()
        });
    let user_agent = headers
        .get(header::USER_AGENT)
        .and_then(|value| value.to_str().ok())
        .map(|ua| crate::storage::audit::truncate_user_agent(ua).to_string());
    let trusted_browser = headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(cookie::Cookie::split_parse)
        .flatten()
        .find(|cookie| {
            cookie.name() == app::session::trusted_browser_cookie_name(state.settings.is_https())
        })
        .map(|cookie| app::ports::BrowserToken(cookie.value().to_string()));
    request.extensions_mut().insert(ClientMeta {
        ip,
        user_agent,
        trusted_browser,
    });
    next.run(request).await
}

/// Server functions answer errors with status 500 whatever the error; give
/// each its real status so clients and probes can tell bad input from a fault.
pub async fn server_fn_status(request: Request, next: Next) -> Response {
    let is_server_fn = request.uri().path().starts_with("/rpc/");
    let response = next.run(request).await;
    if !is_server_fn || response.status() != StatusCode::INTERNAL_SERVER_ERROR {
        return response;
    }
    let (parts, body) = response.into_parts();
    let error = match axum::body::to_bytes(body, 64 * 1024).await {
        Ok(bytes) => {
            serde_json::from_slice::<AppError>(&bytes).unwrap_or_else(|_| AppError::internal())
        }
        Err(_) => AppError::internal(),
    };
    let mut response = error_response(&error);
    for (name, value) in parts.headers.iter() {
        if name != header::CONTENT_LENGTH && name != header::CONTENT_TYPE {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response
}

/// Bodies over the limit are refused before anything reads them.
pub async fn limit_body_size(request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.parse::<u64>().ok());
    if declared.is_none_or(|length| length <= MAX_BODY_BYTES as u64) {
        return next.run(request).await;
    }
    let path = request.uri().path().to_owned();
    // Read what the client is sending (up to a bound) before answering: a
    // connection closed on unread data is reset, and the client would see
    // the reset instead of the 413.
    let mut body = request.into_body();
    let drain = async {
        let mut drained = 0usize;
        while drained <= MAX_DRAINED_BYTES {
            match http_body_util::BodyExt::frame(&mut body).await {
                Some(Ok(frame)) => drained += frame.data_ref().map_or(0, |data| data.len()),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), drain).await;
    let mut response = refusal(
        &path,
        &AppError::new(
            app::error::ErrorCode::PayloadTooLarge,
            say("problem-body-too-large"),
        ),
    );
    response
        .headers_mut()
        .insert(header::CONNECTION, HeaderValue::from_static("close"));
    response
}

/// How much of a refused body is read and thrown away before the 413.
const MAX_DRAINED_BYTES: usize = 4 * 1024 * 1024;

/// Answers 503 (in the caller's shape) when handling a request takes longer
/// than `limit` (`REQUEST_TIMEOUT_SECONDS`); the handler is dropped, so its
/// transaction rolls back.
pub async fn limit_handling_time(
    State(limit): State<std::time::Duration>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => refusal(
            &path,
            &AppError::new(
                app::error::ErrorCode::ServiceUnavailable,
                say("problem-timeout"),
            ),
        ),
    }
}

pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A refusal in the shape the caller expects: the JSON API's envelope under
/// `/api/`, the bare error elsewhere (server functions decode that).
fn refusal(path: &str, error: &AppError) -> Response {
    if path.starts_with("/api/") {
        crate::api::error_envelope(error)
    } else {
        error_response(error)
    }
}

/// The bare error, as server functions decode it, with its own status.
pub fn error_response(error: &AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(error).unwrap_or_default();
    let mut response = (status, Body::from(body)).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

/// Keeps a signed-in session alive while it is used: the idle timeout counts
/// from the last request, not from sign-in. A session is written at most
/// once a minute, not on every request.
pub async fn touch_session(State(clock): State<Clock>, request: Request, next: Next) -> Response {
    const TOUCH_EVERY_SECONDS: i64 = 60;
    let session = request
        .extensions()
        .get::<tower_sessions::Session>()
        .cloned();
    if let Some(session) = session.filter(|_| !is_static_asset(request.uri().path())) {
        let now = clock.now();
        let last_seen = session
            .get::<i64>(app::session::LAST_SEEN_AT_KEY)
            .await
            .ok()
            .flatten();
        if last_seen.is_some_and(|seen| now - seen >= TOUCH_EVERY_SECONDS) {
            let _ = session.insert(app::session::LAST_SEEN_AT_KEY, now).await;
        }
    }
    next.run(request).await
}
