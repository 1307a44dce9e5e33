//! The `client_budgets` table: request budgets per client (GCRA), shared by
//! every instance on the database. A row holds the client's theoretical
//! arrival time (`ready_at`, Unix milliseconds); a request is allowed when
//! pushing it `interval` further stays within `burst` intervals of now.

use sqlx::AnyPool;

/// `burst` requests at once, then one more every `interval_ms`.
#[derive(Clone, Copy, Debug)]
pub struct Quota {
    pub burst: i64,
    pub interval_ms: i64,
}

/// Takes one request from `client`'s `budget`, in one statement, so
/// concurrent requests on any instance cannot overdraw it. `Ok(None)` when
/// allowed; `Ok(Some(ms))` with how long to wait when refused (a refused
/// request takes nothing).
pub async fn take(
    pool: &AnyPool,
    budget: &str,
    client: &str,
    quota: Quota,
    now_ms: i64,
) -> Result<Option<i64>, sqlx::Error> {
    let taken: Option<i64> = sqlx::query_scalar(
        "INSERT INTO client_budgets (budget, client, ready_at) VALUES ($1, $2, $3 + $4) \
         ON CONFLICT (budget, client) DO UPDATE SET ready_at = \
           (CASE WHEN client_budgets.ready_at > $3 THEN client_budgets.ready_at ELSE $3 END) + $4 \
         WHERE (CASE WHEN client_budgets.ready_at > $3 THEN client_budgets.ready_at ELSE $3 END) \
           + $4 <= $3 + $5 \
         RETURNING ready_at",
    )
    .bind(budget)
    .bind(client)
    .bind(now_ms)
    .bind(quota.interval_ms)
    .bind(quota.burst * quota.interval_ms)
    .fetch_optional(pool)
    .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let ready_at: Option<i64> =
        sqlx::query_scalar("SELECT ready_at FROM client_budgets WHERE budget = $1 AND client = $2")
            .bind(budget)
            .bind(client)
            .fetch_optional(pool)
            .await?;
    let ready_at = ready_at.unwrap_or(now_ms).max(now_ms);
    Ok(Some(
        (ready_at + quota.interval_ms - now_ms - quota.burst * quota.interval_ms).max(1),
    ))
}

/// Forgets clients whose whole burst is back (`ready_at` in the past).
pub async fn delete_full(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    now_ms: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM client_budgets WHERE ready_at < $1")
        .bind(now_ms)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
