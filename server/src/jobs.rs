//! Every background job of an instance, started in one place. Each runs on
//! every instance: they are written so that several instances on one
//! database can run them side by side (claims, idempotent deletes).

use crate::{
    account::erase_due_accounts,
    config::MailSettings,
    mail::{Outbox, Sender, spawn_worker},
    rate_limit::ClientLimiter,
    storage::{Db, session_store::SqlSessionStore},
    tokens::{SigningKeys, keys::RELOAD_INTERVAL},
};
use app::clock::Clock;
use std::{sync::Arc, time::Duration};
use tokio::task::JoinHandle;

/// What the jobs work on.
pub struct Jobs {
    pub db: Db,
    pub sessions: SqlSessionStore,
    pub keys: Arc<SigningKeys>,
    /// Per-client limiters whose idle clients are forgotten.
    pub limiters: Vec<Arc<ClientLimiter>>,
    pub outbox: Outbox,
    pub mail_sender: Sender,
    pub mail: MailSettings,
    /// How often deleted accounts past their grace period are erased, and
    /// what has outlived its use is purged.
    pub cleanup_interval: Duration,
    /// How long audit events and the record of sent mail are kept.
    pub audit_retention: Duration,
    pub clock: Clock,
}

/// Starts every job; the handles end them when the server stops.
pub fn start(jobs: Jobs) -> anyhow::Result<Vec<JoinHandle<()>>> {
    Ok(vec![
        spawn_session_cleanup(jobs.sessions),
        spawn_cleanup(
            jobs.db.clone(),
            jobs.cleanup_interval,
            jobs.audit_retention,
            jobs.clock.clone(),
        ),
        spawn_token_upkeep(
            jobs.db.clone(),
            jobs.keys,
            jobs.limiters,
            jobs.clock.clone(),
        ),
        spawn_worker(
            jobs.db,
            &jobs.outbox,
            jobs.mail_sender,
            jobs.mail,
            jobs.clock,
        )?,
    ])
}

fn spawn_session_cleanup(store: SqlSessionStore) -> JoinHandle<()> {
    use tower_sessions::ExpiredDeletion;
    tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(600));
        loop {
            every.tick().await;
            if let Err(error) = store.delete_expired().await {
                tracing::warn!(%error, "could not delete expired sessions");
            }
        }
    })
}

/// Picks up keys rotated elsewhere, deletes refresh families that can no
/// longer be used, and lets the rate limiter forget quiet clients.
fn spawn_token_upkeep(
    db: Db,
    keys: Arc<SigningKeys>,
    limiters: Vec<Arc<ClientLimiter>>,
    clock: Clock,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(RELOAD_INTERVAL);
        every.tick().await;
        let mut ticks = 0u64;
        loop {
            every.tick().await;
            ticks += 1;
            if let Err(error) = keys.reload().await {
                tracing::warn!(
                    error = format!("{error:#}"),
                    "could not reload signing keys"
                );
            }
            for limiter in &limiters {
                limiter.forget_idle_clients();
            }
            if ticks.is_multiple_of(10)
                && let Err(error) =
                    crate::storage::refresh_tokens::delete_dead_families(db.writer(), clock.now())
                        .await
            {
                tracing::warn!(%error, "could not delete ended refresh families");
            }
        }
    })
}

/// The cleanup job, every `interval`: erases accounts whose grace period
/// is over and purges what has outlived its use, so that no table grows
/// with every request ever made.
fn spawn_cleanup(db: Db, interval: Duration, retention: Duration, clock: Clock) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut every = tokio::time::interval(interval);
        loop {
            every.tick().await;
            match erase_due_accounts(&db, clock.now()).await {
                Ok(0) => {}
                Ok(erased) => tracing::info!(erased, "erased deleted accounts"),
                Err(error) => tracing::warn!(%error, "could not erase deleted accounts"),
            }
            if let Err(error) = purge(&db, clock.now(), retention).await {
                tracing::warn!(%error, "could not purge spent records");
            }
        }
    })
}

/// Deletes used and expired links and codes, throttles and mail requests
/// quiet for a day (longer than any window they count in), client budgets
/// back at full, second steps, passkey ceremonies and trusted browsers past
/// their time, and
/// audit events and the record of finished mail older than `retention`.
async fn purge(db: &Db, now: i64, retention: Duration) -> Result<(), sqlx::Error> {
    use crate::storage::{
        audit, client_budgets, email_tokens, mail_requests, outbox, passkey_ceremonies,
        sign_in_challenges, trusted_browsers, users,
    };
    const DAY: i64 = 86_400;
    let pool = db.writer();
    let oldest_kept = now - retention.as_secs() as i64;
    let purged = email_tokens::delete_spent(pool, now).await?
        + users::delete_idle_throttles(pool, now, now - DAY).await?
        + mail_requests::delete_older_than(pool, now - DAY).await?
        + client_budgets::delete_full(pool, now * 1000).await?
        + sign_in_challenges::delete_expired(pool, now).await?
        + passkey_ceremonies::delete_expired(pool, now).await?
        + trusted_browsers::delete_expired(pool, now).await?
        + audit::delete_older_than(pool, oldest_kept).await?
        + outbox::delete_finished_before(pool, oldest_kept).await?;
    if purged > 0 {
        tracing::debug!(purged, "purged spent records");
    }
    Ok(())
}
