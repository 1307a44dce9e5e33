//! The browser session as the server functions see it. The keys are shared
//! with the server's session store, which indexes sessions by user.

use crate::{
    error::AppError,
    ports::{ClientMeta, Services},
};
use leptos::prelude::*;
use tower_sessions::Session;

pub const USER_ID_KEY: &str = "user_id";
pub const AUTHENTICATED_AT_KEY: &str = "authenticated_at";
pub const LAST_SEEN_AT_KEY: &str = "last_seen_at";
pub const IP_KEY: &str = "ip";
pub const USER_AGENT_KEY: &str = "user_agent";

pub struct AuthSession(Session);

impl AuthSession {
    /// For plain axum handlers, which extract the session themselves.
    pub fn new(session: Session) -> Self {
        Self(session)
    }

    pub async fn from_request() -> Result<Self, AppError> {
        leptos_axum::extract::<Session>()
            .await
            .map(Self)
            .map_err(|_| AppError::internal())
    }

    pub async fn user_id(&self) -> Result<Option<String>, AppError> {
        self.0
            .get::<String>(USER_ID_KEY)
            .await
            .map_err(|_| AppError::internal())
    }

    /// The signed-in user, or `UNAUTHORIZED` for a signed-out caller.
    pub async fn require_user_id(&self) -> Result<String, AppError> {
        self.user_id().await?.ok_or_else(AppError::unauthorized)
    }

    /// Starts a signed-in session under a fresh id, so that an id planted
    /// before sign-in (session fixation) is worth nothing afterwards.
    pub async fn sign_in(
        &self,
        user_id: &str,
        client: &ClientMeta,
        now: i64,
    ) -> Result<(), AppError> {
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

pub fn unix_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs() as i64)
        .unwrap_or_default()
}
