//! The browser session as the server functions see it. The keys are shared
//! with the server's session store, which indexes sessions by user.

use crate::{
    clock::Clock,
    error::AppError,
    guards::{Admin, RecentSignIn},
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
/// A deleted account whose owner just proved who they are: they may restore it.
const RESTORE_USER_ID_KEY: &str = "restore_user_id";
const RESTORE_OFFERED_AT_KEY: &str = "restore_offered_at";
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
            Some(user) => Admin::check(&user.id, user.role),
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
    /// before sign-in (session fixation) is worth nothing afterwards.
    pub async fn sign_in(&self, user_id: &UserId, client: &ClientMeta) -> Result<(), AppError> {
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
        for (key, value) in entries {
            self.0
                .insert_value(key, value)
                .await
                .map_err(|_| AppError::internal())?;
        }
        Ok(())
    }

    /// Deletes the session from the store, so its cookie is dead even if it was copied.
    pub async fn sign_out(&self) -> Result<(), AppError> {
        self.0.flush().await.map_err(|_| AppError::internal())
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
