//! The `mail_requests` table: each message an address was asked to get,
//! counted against the limits per address. `ip` holds the requesting
//! client's limit key (its address; an IPv6 client's /64).

use super::Db;

/// A request to mail `email` for `purpose`, from `client`.
pub struct MailRequest<'a> {
    pub email: &'a str,
    pub purpose: &'a str,
    pub client: &'a str,
}

/// At most `allowed` requests since `since`.
#[derive(Clone, Copy)]
pub struct Window {
    pub allowed: i64,
    pub since: i64,
}

impl Window {
    /// When the request made at `oldest` leaves this window.
    fn ends_for(self, oldest: Option<i64>, now: i64) -> i64 {
        oldest.unwrap_or(now) + (now - self.since)
    }
}

/// Records `request` if this client has made fewer than `per_client`
/// requests of its purpose for the address, and the address fewer than
/// `per_address` of any purpose from anyone. A refused request is not
/// recorded, so refusals never count. `Err` holds when a request would be
/// allowed again: when the oldest one in the way leaves its window (Unix
/// seconds).
pub async fn take(
    db: &Db,
    request: &MailRequest<'_>,
    per_client: Window,
    per_address: Window,
    now: i64,
) -> Result<Result<(), i64>, sqlx::Error> {
    let mut tx = db.begin().await?;
    // Concurrent requests for one address take their turn, so the counts
    // below cannot both pass.
    db.take_turn(&mut tx, request.email).await?;
    let (by_client, oldest_by_client): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*) AS requests, MIN(created_at) AS oldest FROM mail_requests \
         WHERE email = $1 AND purpose = $2 AND ip = $3 AND created_at > $4",
    )
    .bind(request.email)
    .bind(request.purpose)
    .bind(request.client)
    .bind(per_client.since)
    .fetch_one(&mut *tx)
    .await?;
    if by_client >= per_client.allowed {
        return Ok(Err(per_client.ends_for(oldest_by_client, now)));
    }
    let (to_address, oldest_to_address): (i64, Option<i64>) = sqlx::query_as(
        "SELECT COUNT(*) AS requests, MIN(created_at) AS oldest FROM mail_requests \
         WHERE email = $1 AND created_at > $2",
    )
    .bind(request.email)
    .bind(per_address.since)
    .fetch_one(&mut *tx)
    .await?;
    if to_address >= per_address.allowed {
        return Ok(Err(per_address.ends_for(oldest_to_address, now)));
    }
    sqlx::query(
        "INSERT INTO mail_requests (email, purpose, ip, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(request.email)
    .bind(request.purpose)
    .bind(request.client)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(()))
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
