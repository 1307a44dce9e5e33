//! A tower-sessions store on the application's own pool and tables.
//!
//! Written here rather than taken from tower-sessions-sqlx-store because that
//! crate needs a typed pool per backend, and because sessions must be indexed
//! by user (listing devices, revoking every session of an account) and must
//! honour an absolute lifetime on top of the idle timeout.

use super::Db;
use app::{
    clock::Clock,
    i18n::Language,
    session::{IP_KEY, LANGUAGE_KEY, LAST_SEEN_AT_KEY, USER_AGENT_KEY, USER_ID_KEY},
};
use async_trait::async_trait;
use std::{collections::HashMap, time::Duration};
use time::OffsetDateTime;
use tower_sessions::{
    ExpiredDeletion, SessionStore,
    session::{Id, Record},
    session_store::{Error, Result},
};

/// Expiry is judged here, on the injected clock: a session ends
/// `idle_timeout` after it was last written, or `absolute_lifetime` after it
/// was created, whichever comes first.
#[derive(Clone, Debug)]
pub struct SqlSessionStore {
    db: Db,
    idle_timeout: Duration,
    absolute_lifetime: Duration,
    clock: Clock,
}

impl SqlSessionStore {
    pub fn new(db: Db, idle_timeout: Duration, absolute_lifetime: Duration, clock: Clock) -> Self {
        Self {
            db,
            idle_timeout,
            absolute_lifetime,
            clock,
        }
    }

    fn expires_at(&self, now: i64) -> i64 {
        now + self.idle_timeout.as_secs() as i64
    }
}

fn backend(error: impl std::fmt::Display) -> Error {
    Error::Backend(error.to_string())
}

/// The columns a record's data fills in, so sessions can be queried by user.
struct Indexed {
    user_id: Option<String>,
    last_seen_at: i64,
    ip: Option<String>,
    user_agent: Option<String>,
}

fn indexed(record: &Record, now: i64) -> Indexed {
    let text = |key: &str| {
        record
            .data
            .get(key)
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    Indexed {
        user_id: text(USER_ID_KEY),
        last_seen_at: record
            .data
            .get(LAST_SEEN_AT_KEY)
            .and_then(|v| v.as_i64())
            .unwrap_or(now),
        ip: text(IP_KEY),
        user_agent: text(USER_AGENT_KEY)
            .map(|ua| super::audit::truncate_user_agent(&ua).to_string()),
    }
}

#[async_trait]
impl SessionStore for SqlSessionStore {
    async fn create(&self, record: &mut Record) -> Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        let now = self.clock.now();
        let columns = indexed(record, now);
        loop {
            let inserted = sqlx::query(
                "INSERT INTO sessions (id, user_id, data, expires_at, created_at, last_seen_at, ip, user_agent, public_id) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id) DO NOTHING",
            )
            .bind(record.id.to_string())
            .bind(&columns.user_id)
            .bind(&data)
            .bind(self.expires_at(now))
            .bind(now)
            .bind(columns.last_seen_at)
            .bind(&columns.ip)
            .bind(&columns.user_agent)
            // The id the device list shows: the session id is the cookie's secret.
            .bind(uuid::Uuid::new_v4().to_string())
            .execute(self.db.writer())
            .await
            .map_err(backend)?;
            if inserted.rows_affected() == 1 {
                return Ok(());
            }
            record.id = Id::default();
        }
    }

    /// Updates only: a session revoked while a request was running stays revoked.
    async fn save(&self, record: &Record) -> Result<()> {
        let data = serde_json::to_string(&record.data).map_err(backend)?;
        let now = self.clock.now();
        let columns = indexed(record, now);
        sqlx::query(
            "UPDATE sessions SET data = $1, expires_at = $2, user_id = $3, last_seen_at = $4, \
               ip = $5, user_agent = $6 WHERE id = $7",
        )
        .bind(&data)
        .bind(self.expires_at(now))
        .bind(&columns.user_id)
        .bind(columns.last_seen_at)
        .bind(&columns.ip)
        .bind(&columns.user_agent)
        .bind(record.id.to_string())
        .execute(self.db.writer())
        .await
        .map_err(backend)?;
        Ok(())
    }

    async fn load(&self, session_id: &Id) -> Result<Option<Record>> {
        let now = self.clock.now();
        let oldest_allowed = now - self.absolute_lifetime.as_secs() as i64;
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT data, expires_at FROM sessions WHERE id = $1 AND expires_at > $2 AND created_at > $3",
        )
        .bind(session_id.to_string())
        .bind(now)
        .bind(oldest_allowed)
        .fetch_optional(&self.db.pool)
        .await
        .map_err(backend)?;
        let Some((data, expires_at)) = row else {
            return Ok(None);
        };
        Ok(Some(Record {
            id: *session_id,
            data: serde_json::from_str::<HashMap<String, serde_json::Value>>(&data)
                .map_err(backend)?,
            expiry_date: OffsetDateTime::from_unix_timestamp(expires_at).map_err(backend)?,
        }))
    }

    async fn delete(&self, session_id: &Id) -> Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id = $1")
            .bind(session_id.to_string())
            .execute(self.db.writer())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

#[async_trait]
impl ExpiredDeletion for SqlSessionStore {
    async fn delete_expired(&self) -> Result<()> {
        let now = self.clock.now();
        sqlx::query("DELETE FROM sessions WHERE expires_at <= $1 OR created_at <= $2")
            .bind(now)
            .bind(now - self.absolute_lifetime.as_secs() as i64)
            .execute(self.db.writer())
            .await
            .map_err(backend)?;
        Ok(())
    }
}

/// Shows `language` in every browser session of the user from their next
/// request on: the pages read the account's language from the session, so
/// that no request looks it up.
///
/// Rewritten record by record, in Rust, as the store writes them, so the
/// SQL is the same on both backends. A request of one of those sessions
/// that saves its record while this runs keeps the old language in that
/// browser until the next change or sign-in: nothing worse.
pub async fn set_language_for_user(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    user_id: &str,
    language: Language,
) -> std::result::Result<(), sqlx::Error> {
    let sessions: Vec<(String, String)> =
        sqlx::query_as("SELECT id, data FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .fetch_all(&mut **tx)
            .await?;
    for (id, data) in sessions {
        let Ok(mut data) = serde_json::from_str::<HashMap<String, serde_json::Value>>(&data) else {
            continue;
        };
        data.insert(LANGUAGE_KEY.to_string(), serde_json::json!(language));
        let data = serde_json::to_string(&data).map_err(|e| sqlx::Error::Encode(e.into()))?;
        sqlx::query("UPDATE sessions SET data = $1 WHERE id = $2")
            .bind(data)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The public id of the browser session whose cookie holds `session_id`.
pub async fn session_public_id(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    session_id: &str,
) -> std::result::Result<Option<String>, sqlx::Error> {
    let public_id: Option<Option<String>> =
        sqlx::query_scalar("SELECT public_id FROM sessions WHERE id = $1")
            .bind(session_id)
            .fetch_optional(executor)
            .await?;
    Ok(public_id.flatten())
}

/// Signed-in browser sessions that have not expired, for metrics.
pub async fn count_signed_in(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    now: i64,
) -> std::result::Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM sessions WHERE user_id IS NOT NULL AND expires_at > $1",
    )
    .bind(now)
    .fetch_one(executor)
    .await
}
