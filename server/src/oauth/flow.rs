//! The browser flow: `/auth/google/start` (and `/auth/google/link` for a
//! signed-in user) sends the browser to the provider with a random `state`,
//! `nonce` and PKCE challenge kept in a short-lived cookie, sealed with a key
//! derived from `SECRET_KEY` (so an anonymous visitor costs no session row);
//! `/auth/google/callback` takes them out again (the cookie is cleared:
//! single use), exchanges the code (oauth2 crate), verifies the ID token,
//! and signs in or links.

use super::{GoogleService, OAuthError};
use crate::identity::admission::Admitted;
use crate::startup::AppState;
use app::error::say;
use app::{navigation::safe_next, ports::ClientMeta, session::AuthSession};
use axum::{
    Extension,
    extract::{Query, State},
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{Html, IntoResponse, Redirect, Response},
};
use oauth2::{
    AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, ExtraTokenFields,
    PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, Scope, StandardRevocableToken,
    StandardTokenResponse, TokenUrl,
    basic::{
        BasicErrorResponse, BasicRevocationErrorResponse, BasicTokenIntrospectionResponse,
        BasicTokenType,
    },
};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

/// A started flow must come back within this time.
const PENDING_SECONDS: i64 = 600;

#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct IdTokenFields {
    id_token: Option<String>,
}
impl ExtraTokenFields for IdTokenFields {}

type OidcTokenResponse = StandardTokenResponse<IdTokenFields, BasicTokenType>;
type OidcClient = oauth2::Client<
    BasicErrorResponse,
    OidcTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
>;
/// The client with its authorization and token endpoints set.
type ConfiguredClient = oauth2::Client<
    BasicErrorResponse,
    OidcTokenResponse,
    BasicTokenIntrospectionResponse,
    StandardRevocableToken,
    BasicRevocationErrorResponse,
    oauth2::EndpointSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointNotSet,
    oauth2::EndpointSet,
>;

#[derive(Deserialize, Serialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    /// Set when a signed-in user links Google to their account.
    link_user_id: Option<String>,
    next: String,
    created_at: i64,
}

#[derive(Deserialize)]
pub struct StartQuery {
    next: Option<String>,
}

#[derive(Deserialize)]
pub struct CallbackQuery {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

pub async fn start(State(state): State<AppState>, Query(query): Query<StartQuery>) -> Response {
    let Some(google) = state.google.clone() else {
        return failure(OAuthError::NotEnabled.into());
    };
    let next = safe_next(query.next.as_deref());
    begin(&state, &google, None, next).await
}

/// `POST /auth/google/link`: links Google to the signed-in account. A new
/// way into the account is a sensitive change: it needs a recent sign-in
/// (else the browser confirms it's them first) and a POST, which the
/// cross-origin check guards.
pub async fn link(State(state): State<AppState>, session: Session) -> Response {
    let Some(google) = state.google.clone() else {
        return failure(OAuthError::NotEnabled.into());
    };
    let session = AuthSession::new(session, state.clock.clone());
    let recent = match session.require_recent(&state.services).await {
        Ok(recent) => recent,
        Err(error) if error.code == app::error::ErrorCode::ReauthenticationRequired => {
            return Redirect::to("/profile/confirm?next=%2Fprofile").into_response();
        }
        Err(_) => return Redirect::to("/login?next=%2Fprofile").into_response(),
    };
    begin(
        &state,
        &google,
        Some(recent.user_id().to_string()),
        "/profile".into(),
    )
    .await
}

/// `GET /auth/google/link` changes nothing: back to the profile, where the
/// button posts.
pub async fn link_by_get() -> Response {
    Redirect::to("/profile").into_response()
}

async fn begin(
    state: &AppState,
    google: &GoogleService,
    link_user_id: Option<String>,
    next: String,
) -> Response {
    let metadata = match google.provider().metadata().await {
        Ok(metadata) => metadata,
        Err(error) => return failure(error.into()),
    };
    let client = match client(
        google,
        &metadata.authorization_endpoint,
        &metadata.token_endpoint,
    ) {
        Ok(client) => client,
        Err(error) => return failure(error.into()),
    };
    let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
    let nonce = CsrfToken::new_random().secret().clone();
    let (url, csrf) = client
        .authorize_url(CsrfToken::new_random)
        .add_scope(Scope::new("openid".into()))
        .add_scope(Scope::new("email".into()))
        .add_scope(Scope::new("profile".into()))
        .add_extra_param("nonce", &nonce)
        .set_pkce_challenge(challenge)
        .url();
    let pending = Pending {
        state: csrf.secret().clone(),
        nonce,
        verifier: verifier.secret().clone(),
        link_user_id,
        next,
        created_at: state.clock.now(),
    };
    let cookie = PendingCookie::new(state);
    let Some(set_cookie) = cookie.set(google, &pending) else {
        return failure(app::error::AppError::internal());
    };
    let mut response = Redirect::to(url.as_str()).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, set_cookie);
    response
}

pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    Extension(client_meta): Extension<ClientMeta>,
    headers: HeaderMap,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let cookie = PendingCookie::new(&state);
    let mut response = finish(state, session, client_meta, &headers, &cookie, query).await;
    // Cleared whatever happened: a started flow completes once.
    response
        .headers_mut()
        .append(header::SET_COOKIE, cookie.clear());
    response
}

async fn finish(
    state: AppState,
    session: Session,
    client_meta: ClientMeta,
    headers: &HeaderMap,
    cookie: &PendingCookie,
    query: CallbackQuery,
) -> Response {
    let Some(google) = state.google.clone() else {
        return failure(OAuthError::NotEnabled.into());
    };
    let pending = cookie.read(&google, headers);
    let refuse = |reason: &str| {
        let reason = reason.to_string();
        let google = google.clone();
        let client_meta = client_meta.clone();
        async move {
            let _ = google.audit_refusal(&client_meta, &reason).await;
            failure(app::error::AppError::new(
                app::error::ErrorCode::BadRequest,
                say("problem-google-incomplete"),
            ))
        }
    };
    let Some(pending) = pending else {
        return refuse("no_pending_state").await;
    };
    if query.error.is_some() {
        return refuse("provider_error").await;
    }
    let state_matches = query.state.as_deref().is_some_and(|state| {
        crate::crypto::constant_time_eq(state.as_bytes(), pending.state.as_bytes())
    });
    if !state_matches {
        return refuse("state_mismatch").await;
    }
    if state.clock.now() - pending.created_at > PENDING_SECONDS {
        return refuse("state_expired").await;
    }
    let Some(code) = query.code else {
        return refuse("no_code").await;
    };
    if let Err(error) = google.check_budget(&client_meta).await {
        return failure(error.into());
    }
    let identity = match exchange(&google, &code, &pending).await {
        Ok(identity) => identity,
        Err(OAuthError::InvalidIdToken) => return refuse("invalid_id_token").await,
        Err(error) => {
            let _ = google
                .audit_refusal(&client_meta, "code_exchange_failed")
                .await;
            return failure(error.into());
        }
    };
    if let Some(user_id) = &pending.link_user_id {
        let signed_in = AuthSession::new(session.clone(), state.clock.clone())
            .user_id()
            .await
            .ok()
            .flatten();
        if signed_in.as_deref() != Some(user_id.as_str()) {
            return refuse("link_session_changed").await;
        }
        return match google.link(user_id, &identity, &client_meta).await {
            Ok(()) => Redirect::to("/profile?linked=google").into_response(),
            Err(error) => failure(error.into()),
        };
    }
    match google.sign_in(&identity, &client_meta).await {
        Ok(Admitted::SignedIn { user, .. }) => {
            let signed_in = AuthSession::new(session, state.clock.clone())
                .sign_in(&user.id.clone().into(), user.language(), &client_meta)
                .await;
            match signed_in {
                Ok(()) => Redirect::to(&pending.next).into_response(),
                Err(error) => failure(error),
            }
        }
        Ok(Admitted::SecondStep(challenge)) => {
            let waiting = AuthSession::new(session, state.clock.clone())
                .await_second_step(&challenge.token, &pending.next)
                .await;
            match waiting {
                Ok(()) => Redirect::to("/login/second-step").into_response(),
                Err(error) => failure(error),
            }
        }
        Ok(Admitted::Restorable { user_id }) => {
            match AuthSession::new(session, state.clock.clone())
                .offer_restore(&user_id.into())
                .await
            {
                Ok(()) => Redirect::to("/restore-account").into_response(),
                Err(error) => failure(error),
            }
        }
        Err(error) => failure(error.into()),
    }
}

/// The sealed cookie that carries a started flow to its callback.
struct PendingCookie {
    name: &'static str,
    secure: bool,
}

impl PendingCookie {
    fn new(state: &AppState) -> Self {
        let secure = state.settings.is_https();
        Self {
            name: if secure {
                "__Host-portcullis_google"
            } else {
                "portcullis_google"
            },
            secure,
        }
    }

    fn build(&self, value: String, max_age: i64) -> Option<HeaderValue> {
        let cookie = cookie::Cookie::build((self.name, value))
            .path("/")
            .http_only(true)
            .secure(self.secure)
            // Lax: the provider sends the browser back with a top-level GET.
            .same_site(cookie::SameSite::Lax)
            .max_age(time::Duration::seconds(max_age))
            .build();
        HeaderValue::from_str(&cookie.to_string()).ok()
    }

    fn set(&self, google: &GoogleService, pending: &Pending) -> Option<HeaderValue> {
        let json = serde_json::to_vec(pending).ok()?;
        let sealed = google.flow_sealer().seal(self.name.as_bytes(), &json)?;
        self.build(sealed, PENDING_SECONDS)
    }

    fn clear(&self) -> HeaderValue {
        self.build(String::new(), 0)
            .unwrap_or_else(|| HeaderValue::from_static("portcullis_google=; Max-Age=0"))
    }

    fn read(&self, google: &GoogleService, headers: &HeaderMap) -> Option<Pending> {
        let sealed = headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(cookie::Cookie::split_parse)
            .filter_map(Result::ok)
            .find(|cookie| cookie.name() == self.name)?
            .value()
            .to_string();
        let json = google.flow_sealer().open(self.name.as_bytes(), &sealed)?;
        serde_json::from_slice(&json).ok()
    }
}

async fn exchange(
    google: &GoogleService,
    code: &str,
    pending: &Pending,
) -> Result<super::Identity, OAuthError> {
    let metadata = google.provider().metadata().await?;
    let client = client(
        google,
        &metadata.authorization_endpoint,
        &metadata.token_endpoint,
    )?;
    let response = client
        .exchange_code(AuthorizationCode::new(code.to_string()))
        .set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
        .request_async(google.provider().http())
        .await
        .map_err(|error| OAuthError::Provider(format!("the code exchange failed: {error}")))?;
    let id_token = response
        .extra_fields()
        .id_token
        .clone()
        .ok_or(OAuthError::InvalidIdToken)?;
    let audiences = [google.provider().settings.client_id.clone()];
    google
        .provider()
        .verify_id_token(&id_token, Some(&pending.nonce), &audiences)
        .await
}

fn client(
    google: &GoogleService,
    authorization_endpoint: &str,
    token_endpoint: &str,
) -> Result<ConfiguredClient, OAuthError> {
    use secrecy::ExposeSecret;
    let settings = &google.provider().settings;
    let invalid = |what: &str| OAuthError::Provider(format!("the provider's {what} is not a URL"));
    Ok(OidcClient::new(ClientId::new(settings.client_id.clone()))
        .set_client_secret(ClientSecret::new(
            settings.client_secret.expose_secret().to_string(),
        ))
        .set_auth_uri(
            AuthUrl::new(authorization_endpoint.to_string())
                .map_err(|_| invalid("authorization endpoint"))?,
        )
        .set_token_uri(
            TokenUrl::new(token_endpoint.to_string()).map_err(|_| invalid("token endpoint"))?,
        )
        .set_redirect_uri(
            RedirectUrl::new(settings.redirect_url.to_string())
                .map_err(|_| invalid("redirect URL"))?,
        ))
}

/// A friendly page; no session is started.
fn failure(error: app::error::AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::BAD_REQUEST);
    let message = html_escape::encode_double_quoted_attribute(&error.message);
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Sign-in with Google failed</title><link rel=\"stylesheet\" href=\"/pkg/portcullis.css\"></head>\
         <body class=\"bg-slate-50 text-slate-900\"><main class=\"mx-auto max-w-md p-6\">\
         <section class=\"rounded-xl border border-slate-200 bg-white p-6 shadow-sm\">\
         <h1 class=\"text-2xl font-bold\">Sign-in with Google failed</h1>\
         <p role=\"alert\" class=\"mt-4\">{message}</p>\
         <p class=\"mt-6\"><a class=\"font-semibold text-indigo-700 underline\" href=\"/login\">Back to sign in</a></p>\
         </section></main></body></html>"
    );
    (status, [(header::CACHE_CONTROL, "no-store")], Html(page)).into_response()
}
