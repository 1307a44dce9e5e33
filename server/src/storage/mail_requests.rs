//! The `mail_requests` table: each request to mail an address, counted
//! against the limits per address.

use super::Db;

/// Records a request to mail `email`, and returns how many there were in
/// the window (this one included) and when the oldest of them was made.
pub async fn record(
    db: &Db,
    email: &str,
    purpose: &str,
    ip: Option<&str>,
    now: i64,
    window_start: i64,
) -> Result<(i64, i64), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query(
        "INSERT INTO mail_requests (email, purpose, ip, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(email)
    .bind(purpose)
    .bind(ip)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let (requests, oldest): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*) AS requests, MIN(created_at) AS oldest FROM mail_requests \
         WHERE email = $1 AND purpose = $2 AND created_at > $3",
    )
    .bind(email)
    .bind(purpose)
    .bind(window_start)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok((requests, oldest.unwrap_or(now)))
}

/// Forgets requests older than `before` (past every window they count in).
pub async fn delete_older_than(
    executor: impl sqlx::Executor<'_, Database = sqlx::Any>,
    before: i64,
) -> Result<u64, sqlx::Error> {
    let result = sqlx::query("DELETE FROM mail_requests WHERE created_at < $1")
        .bind(before)
        .execute(executor)
        .await?;
    Ok(result.rows_affected())
}
