//! The browser session as the server functions see it. The keys are shared
//! with the server's session store, which indexes sessions by user.

use crate::{
    clock::Clock,
    error::AppError,
    guards::{Admin, RecentSignIn, SecondFactorPolicy},
    i18n::Language,
    ports::{ClientMeta, Services},
    vocabulary::UserId,
};
use leptos::prelude::*;
use tower_sessions::Session;

pub const USER_ID_KEY: &str = "user_id";
pub const AUTHENTICATED_AT_KEY: &str = "authenticated_at";
pub const LAST_SEEN_AT_KEY: &str = "last_seen_at";
pub const IP_KEY: &str = "ip";
pub const USER_AGENT_KEY: &str = "user_agent";
/// The signed-in account's language, which its pages are shown in whatever
/// the browser asks for: kept here at sign-in, so no request looks it up,
/// and rewritten in all the account's sessions when it changes (the
/// server's `storage::session_store::set_language_for_user`).
pub const LANGUAGE_KEY: &str = "language";
/// A deleted account whose owner just proved who they are: they may restore it.
const RESTORE_USER_ID_KEY: &str = "restore_user_id";
const RESTORE_OFFERED_AT_KEY: &str = "restore_offered_at";
/// A sign-in waiting for its second step: the challenge's token, and the
/// page to go to afterwards. Nothing else is in such a session.
const SECOND_STEP_KEY: &str = "second_step";
const SECOND_STEP_NEXT_KEY: &str = "second_step_next";
/// Recovery codes just made, for the page that shows them, until the user
/// says they are saved or ten minutes pass.
const FRESH_RECOVERY_CODES_KEY: &str = "fresh_recovery_codes";
const FRESH_RECOVERY_CODES_SECONDS: i64 = 10 * 60;
/// Passkey ceremonies this browser began: the ids that finish them, so a
/// ceremony finishes only in the session that began it.
/// (A sign-in's ceremony, begun by a visitor with no session, is bound by
/// its own short cookie instead: see `passkey_sign_in_cookie`.)
#[derive(Clone, Copy)]
pub enum PasskeyCeremonyKind {
    Registration,
    /// Confirming it's you before a sensitive change.
    Confirmation,
}

impl PasskeyCeremonyKind {
    fn key(self) -> &'static str {
        match self {
            PasskeyCeremonyKind::Registration => "passkey_registration",
            PasskeyCeremonyKind::Confirmation => "passkey_confirmation",
        }
    }
}
/// How long the restore offer after a sign-in stays open.
const RESTORE_OFFER_SECONDS: i64 = 10 * 60;

pub struct AuthSession(Session, Clock);

impl AuthSession {
    /// For plain axum handlers, which extract the session themselves.
    pub fn new(session: Session, clock: Clock) -> Self {
        Self(session, clock)
    }

    pub async fn from_request() -> Result<Self, AppError> {
        let clock = services()?.clock;
        leptos_axum::extract::<Session>()
            .await
            .map(|session| Self(session, clock))
            .map_err(|_| AppError::internal())
    }

    pub async fn user_id(&self) -> Result<Option<UserId>, AppError> {
        self.0
            .get::<UserId>(USER_ID_KEY)
            .await
            .map_err(|_| AppError::internal())
    }

    /// The signed-in user, or `UNAUTHORIZED` for a signed-out caller.
    pub async fn require_user_id(&self) -> Result<UserId, AppError> {
        self.user_id().await?.ok_or_else(AppError::unauthorized)
    }

    /// The signed-in admin, checked against the account on every call:
    /// `UNAUTHORIZED` when signed out, `FORBIDDEN` for anyone but an admin.
    pub async fn require_admin(&self, services: &Services) -> Result<Admin, AppError> {
        let user_id = self.require_user_id().await?;
        match services.current_user.current_user(&user_id).await? {
            Some(user) => Admin::check(
                &user.id,
                user.role,
                SecondFactorPolicy::of(services.mfa_required_for_admins, user.has_second_factor),
            ),
            None => {
                self.sign_out().await?;
                Err(AppError::unauthorized())
            }
        }
    }

    /// The signed-in user, if they signed in or confirmed their identity
    /// recently enough for a sensitive action; `UNAUTHORIZED` when signed
    /// out, `REAUTHENTICATION_REQUIRED` when it was too long ago.
    pub async fn require_recent(&self, services: &Services) -> Result<RecentSignIn, AppError> {
        let user_id = self.require_user_id().await?;
        let authenticated_at = self
            .0
            .get::<i64>(AUTHENTICATED_AT_KEY)
            .await
            .map_err(|_| AppError::internal())?
            .unwrap_or_default();
        RecentSignIn::check(
            &user_id,
            authenticated_at,
            self.1.now(),
            services.recent_authentication_seconds,
        )
    }

    /// Records a fresh proof of identity (password or code) in this session.
    pub async fn mark_authenticated(&self) -> Result<(), AppError> {
        self.0
            .insert(AUTHENTICATED_AT_KEY, self.1.now())
            .await
            .map_err(|_| AppError::internal())
    }

    /// The id of this session in the store (the cookie's value), if saved.
    pub fn store_id(&self) -> Option<String> {
        self.0.id().map(|id| id.to_string())
    }

    /// Remembers, for a few minutes, that this browser proved it owns the
    /// deleted account `user_id`, without signing it in.
    pub async fn offer_restore(&self, user_id: &UserId) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(|_| AppError::internal())?;
        self.0.clear().await;
        self.0
            .insert(RESTORE_USER_ID_KEY, user_id)
            .await
            .map_err(|_| AppError::internal())?;
        self.0
            .insert(RESTORE_OFFERED_AT_KEY, self.1.now())
            .await
            .map_err(|_| AppError::internal())
    }

    /// The account this browser may restore, while the offer is open.
    pub async fn restore_offer(&self) -> Result<Option<UserId>, AppError> {
        let offered_at = self
            .0
            .get::<i64>(RESTORE_OFFERED_AT_KEY)
            .await
            .map_err(|_| AppError::internal())?;
        if offered_at.is_none_or(|at| self.1.now() - at > RESTORE_OFFER_SECONDS) {
            return Ok(None);
        }
        self.0
            .get::<UserId>(RESTORE_USER_ID_KEY)
            .await
            .map_err(|_| AppError::internal())
    }

    /// Starts a signed-in session under a fresh id, so that an id planted
    /// before sign-in (session fixation) is worth nothing afterwards. The
    /// account's `language`, if it chose one, becomes the pages' language.
    pub async fn sign_in(
        &self,
        user_id: &UserId,
        language: Option<Language>,
        client: &ClientMeta,
    ) -> Result<(), AppError> {
        let now = self.1.now();
        self.0.cycle_id().await.map_err(|_| AppError::internal())?;
        self.0.clear().await;
        let entries = [
            (USER_ID_KEY, serde_json::json!(user_id)),
            (AUTHENTICATED_AT_KEY, serde_json::json!(now)),
            (LAST_SEEN_AT_KEY, serde_json::json!(now)),
            (IP_KEY, serde_json::json!(client.ip)),
            (USER_AGENT_KEY, serde_json::json!(client.user_agent)),
        ];
        let language = language.map(|language| (LANGUAGE_KEY, serde_json::json!(language)));
        for (key, value) in entries.into_iter().chain(language) {
            self.0
                .insert_value(key, value)
                .await
                .map_err(|_| AppError::internal())?;
        }
        Ok(())
    }

    /// The signed-in account's language, if it chose one.
    pub async fn language(&self) -> Result<Option<Language>, AppError> {
        self.0
            .get::<Language>(LANGUAGE_KEY)
            .await
            .map_err(|_| AppError::internal())
    }

    /// Shows this session's pages in `language` from now on.
    pub async fn set_language(&self, language: Language) -> Result<(), AppError> {
        self.0
            .insert(LANGUAGE_KEY, language)
            .await
            .map_err(|_| AppError::internal())
    }

    /// Holds a sign-in waiting for its second step, under a fresh id and
    /// with nothing else: the session is not signed in.
    pub async fn await_second_step(&self, challenge: &str, next: &str) -> Result<(), AppError> {
        self.0.cycle_id().await.map_err(|_| AppError::internal())?;
        self.0.clear().await;
        self.0
            .insert(SECOND_STEP_KEY, challenge)
            .await
            .map_err(|_| AppError::internal())?;
        self.0
            .insert(SECOND_STEP_NEXT_KEY, next)
            .await
            .map_err(|_| AppError::internal())
    }

    /// The waiting sign-in's token and where to go after it, if any.
    pub async fn second_step(&self) -> Result<Option<(String, String)>, AppError> {
        let challenge = self
            .0
            .get::<String>(SECOND_STEP_KEY)
            .await
            .map_err(|_| AppError::internal())?;
        let next = self
            .0
            .get::<String>(SECOND_STEP_NEXT_KEY)
            .await
            .map_err(|_| AppError::internal())?;
        Ok(challenge.map(|challenge| (challenge, next.unwrap_or_else(|| "/profile".into()))))
    }

    /// Keeps recovery codes for the page that shows them.
    pub async fn keep_fresh_recovery_codes(&self, codes: &[String]) -> Result<(), AppError> {
        self.0
            .insert(FRESH_RECOVERY_CODES_KEY, (codes, self.1.now()))
            .await
            .map_err(|_| AppError::internal())
    }

    /// The recovery codes just made, for ten minutes at most.
    pub async fn fresh_recovery_codes(&self) -> Result<Option<Vec<String>>, AppError> {
        let kept = self
            .0
            .get::<(Vec<String>, i64)>(FRESH_RECOVERY_CODES_KEY)
            .await
            .map_err(|_| AppError::internal())?;
        match kept {
            Some((codes, made_at)) if self.1.now() - made_at <= FRESH_RECOVERY_CODES_SECONDS => {
                Ok(Some(codes))
            }
            Some(_) => {
                self.forget_fresh_recovery_codes().await?;
                Ok(None)
            }
            None => Ok(None),
        }
    }

    /// The user saved the codes: they are not shown again.
    pub async fn forget_fresh_recovery_codes(&self) -> Result<(), AppError> {
        self.0
            .remove::<(Vec<String>, i64)>(FRESH_RECOVERY_CODES_KEY)
            .await
            .map(|_| ())
            .map_err(|_| AppError::internal())
    }

    /// Keeps the id of a passkey ceremony this browser began, replacing an
    /// earlier one of the same kind.
    pub async fn keep_passkey_ceremony(
        &self,
        kind: PasskeyCeremonyKind,
        token: &str,
    ) -> Result<(), AppError> {
        self.0
            .insert(kind.key(), token)
            .await
            .map_err(|_| AppError::internal())
    }

    /// The id of the passkey ceremony this browser began, taken out of the
    /// session: it finishes once.
    pub async fn take_passkey_ceremony(
        &self,
        kind: PasskeyCeremonyKind,
    ) -> Result<String, AppError> {
        self.0
            .remove::<String>(kind.key())
            .await
            .map_err(|_| AppError::internal())?
            .ok_or_else(|| {
                AppError::new(
                    crate::error::ErrorCode::SignInExpired,
                    "This passkey request is over (it was used, or is older than five \
                     minutes). Try again.",
                )
            })
    }

    /// Deletes the session from the store, so its cookie is dead even if it was copied.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.0.flush().await.map_err(|_| AppError::internal())
    }
}

/// The "trust this browser" cookie's name.
pub fn trusted_browser_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-portcullis_trusted"
    } else {
        "portcullis_trusted"
    }
}

/// Sets the "trust this browser" cookie on the response: httpOnly, for
/// `max_age` seconds (0 removes it).
pub fn set_trusted_browser_cookie(token: &str, secure: bool, max_age: i64) {
    set_cookie(
        trusted_browser_cookie_name(secure),
        token,
        "Lax",
        secure,
        max_age,
    );
}

/// The cookie that binds a passkey sign-in to the browser that began it,
/// for the ceremony's five minutes. A visitor who is not signed in has no
/// session, and the sign-in page (which begins a ceremony on every visit,
/// for autofill) should not make one each time.
fn passkey_sign_in_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-portcullis_passkey"
    } else {
        "portcullis_passkey"
    }
}

/// Binds the passkey sign-in `token` to this browser; `None` ends it.
pub fn set_passkey_sign_in_cookie(token: Option<&str>, secure: bool) {
    let name = passkey_sign_in_cookie_name(secure);
    match token {
        Some(token) => set_cookie(name, token, "Strict", secure, 5 * 60),
        None => set_cookie(name, "", "Strict", secure, 0),
    }
}

/// The passkey sign-in this browser began, if its cookie came with the request.
pub fn passkey_sign_in_cookie(secure: bool) -> Option<String> {
    let parts = use_context::<http::request::Parts>()?;
    cookie(&parts.headers, passkey_sign_in_cookie_name(secure)).map(str::to_string)
}

/// The value of the cookie `name` among a request's headers, if it has one
/// that is not empty.
pub fn cookie<'a>(headers: &'a http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(http::header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|cookies| cookies.split(';'))
        .filter_map(|cookie| cookie.trim().split_once('='))
        .find(|(key, value)| *key == name && !value.is_empty())
        .map(|(_, value)| value)
}

/// Keeps the language picked in the footer for this browser, for a year.
pub fn set_language_cookie(language: crate::i18n::Language, secure: bool) {
    set_cookie(
        crate::i18n::LANGUAGE_COOKIE,
        language.code(),
        "Lax",
        secure,
        365 * 24 * 3600,
    );
}

/// An httpOnly cookie on the response, for `max_age` seconds (0 removes it).
fn set_cookie(name: &str, value: &str, same_site: &str, secure: bool, max_age: i64) {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{name}={value}; Path=/; Max-Age={max_age}; HttpOnly; SameSite={same_site}{secure}"
    );
    if let (Some(response), Ok(value)) = (
        use_context::<leptos_axum::ResponseOptions>(),
        http::HeaderValue::from_str(&value),
    ) {
        response.append_header(http::header::SET_COOKIE, value);
    }
}

pub fn services() -> Result<Services, AppError> {
    use_context::<Services>().ok_or_else(AppError::internal)
}

pub fn client_meta() -> ClientMeta {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<ClientMeta>().cloned())
        .unwrap_or_default()
}
