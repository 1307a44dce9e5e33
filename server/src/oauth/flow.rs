//! The browser flow: `/auth/google/start` (and `/auth/google/link` for a
//! signed-in user) sends the browser to the provider with a random `state`,
//! `nonce` and PKCE challenge kept in the session; `/auth/google/callback`
//! takes them out again (single use), exchanges the code (oauth2 crate),
//! verifies the ID token, and signs in or links.

use super::{GoogleService, OAuthError};
use crate::identity::admission::Admitted;
use crate::startup::AppState;
use app::{navigation::safe_next, ports::ClientMeta, session::AuthSession};
use axum::{
    Extension,
    extract::{Query, State},
    http::{StatusCode, header},
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

const PENDING_KEY: &str = "google_pending";
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

pub async fn start(
    State(state): State<AppState>,
    session: Session,
    Query(query): Query<StartQuery>,
) -> Response {
    let Some(google) = state.google.clone() else {
        return failure(OAuthError::NotEnabled.into());
    };
    let next = safe_next(query.next.as_deref());
    begin(&google, &session, None, next, state.clock.now()).await
}

/// Links Google to the signed-in account.
pub async fn link(State(state): State<AppState>, session: Session) -> Response {
    let Some(google) = state.google.clone() else {
        return failure(OAuthError::NotEnabled.into());
    };
    let user_id = AuthSession::new(session.clone(), state.clock.clone())
        .user_id()
        .await
        .ok()
        .flatten();
    let Some(user_id) = user_id else {
        return Redirect::to("/login?next=/profile").into_response();
    };
    begin(
        &google,
        &session,
        Some(user_id.to_string()),
        "/profile".into(),
        state.clock.now(),
    )
    .await
}

async fn begin(
    google: &GoogleService,
    session: &Session,
    link_user_id: Option<String>,
    next: String,
    now: i64,
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
        created_at: now,
    };
    if session.insert(PENDING_KEY, pending).await.is_err() {
        return failure(app::error::AppError::internal());
    }
    Redirect::to(url.as_str()).into_response()
}

pub async fn callback(
    State(state): State<AppState>,
    session: Session,
    Extension(client_meta): Extension<ClientMeta>,
    Query(query): Query<CallbackQuery>,
) -> Response {
    let Some(google) = state.google.clone() else {
        return failure(OAuthError::NotEnabled.into());
    };
    // Taken out at once: a state works once, whatever happens next.
    let pending = session.remove::<Pending>(PENDING_KEY).await.ok().flatten();
    let refuse = |reason: &str| {
        let reason = reason.to_string();
        let google = google.clone();
        let client_meta = client_meta.clone();
        async move {
            let _ = google.audit_refusal(&client_meta, &reason).await;
            failure(app::error::AppError::new(
                app::error::ErrorCode::BadRequest,
                "Sign-in with Google did not complete. Start again from the sign-in page.",
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
        Ok(Admitted::SignedIn(user)) => {
            let signed_in = AuthSession::new(session, state.clock.clone())
                .sign_in(&user.id.clone().into(), &client_meta)
                .await;
            match signed_in {
                Ok(()) => Redirect::to(&pending.next).into_response(),
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
