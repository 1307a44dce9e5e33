//! SQL for refresh-token families, their tokens, and the listing of a user's
//! sign-ins (API families and browser sessions).

use super::{Db, Flag, audit::truncate_user_agent};
use app::vocabulary::Role;
use sqlx::{Any, AnyPool, Executor, Transaction};

pub struct NewFamily<'a> {
    pub id: &'a str,
    pub user_id: &'a str,
    pub token_version: i64,
    pub now: i64,
    pub expires_at: i64,
    pub ip: Option<&'a str>,
    pub user_agent: Option<&'a str>,
    /// RFC 8176 values, space-separated.
    pub amr: &'a str,
}

/// A family with what each use of it must check.
#[derive(Clone, sqlx::FromRow)]
pub struct FamilyState {
    pub family_id: String,
    pub user_id: String,
    pub expires_at: i64,
    #[sqlx(try_from = "Flag")]
    pub revoked: bool,
    pub family_version: i64,
    pub user_version: i64,
    #[sqlx(rename = "is_active", try_from = "Flag")]
    pub user_active: bool,
    #[sqlx(try_from = "String")]
    pub role: Role,
    /// When the sign-in that started the family happened.
    pub created_at: i64,
    /// How that sign-in was proven (RFC 8176, space-separated).
    pub amr: String,
    #[sqlx(try_from = "Flag")]
    pub has_second_factor: bool,
}

impl FamilyState {
    pub fn is_usable(&self, now: i64) -> bool {
        !self.revoked
            && self.expires_at > now
            && self.family_version == self.user_version
            && self.user_active
    }
}

/// A family and its account, as a Bearer request reads them: in one query,
/// so an API call costs one round trip to the database before its own work.
#[derive(Clone, sqlx::FromRow)]
pub struct CallerState {
    #[sqlx(flatten)]
    pub family: FamilyState,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "Flag")]
    pub email_verified: bool,
    pub last_login_at: Option<i64>,
    pub user_created_at: i64,
    #[sqlx(try_from = "Flag")]
    pub has_password: bool,
    /// A language tag, as `users.language`.
    pub language: Option<String>,
}

/// A presented refresh token as found by its hash.
#[derive(sqlx::FromRow)]
pub struct StoredRefreshToken {
    pub family_id: String,
    #[sqlx(try_from = "Flag")]
    pub used: bool,
}

/// One sign-in as the device list shows it.
pub struct SignIn {
    pub id: String,
    pub kind: SignInKind,
    pub created_at: i64,
    pub last_used_at: i64,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

/// A sign-in as its table stores it; `kind` says which table.
#[derive(sqlx::FromRow)]
struct SignInRow {
    id: String,
    created_at: i64,
    last_used_at: i64,
    ip: Option<String>,
    user_agent: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SignInKind {
    Browser,
    Api,
}

const FAMILY_STATE: &str = "SELECT f.id AS family_id, f.user_id, f.created_at, f.expires_at, \
       f.revoked_at IS NOT NULL AS revoked, \
       f.token_version AS family_version, u.token_version AS user_version, \
       u.is_active, u.role, f.amr, \
       EXISTS (SELECT 1 FROM second_factors s \
               WHERE s.user_id = u.id AND s.confirmed_at IS NOT NULL) AS has_second_factor \
     FROM refresh_families f JOIN users u ON u.id = f.user_id WHERE f.id = $1";

const CALLER_STATE: &str = "SELECT f.id AS family_id, f.user_id, f.created_at, f.expires_at, \
       f.revoked_at IS NOT NULL AS revoked, \
       f.token_version AS family_version, u.token_version AS user_version, \
       u.is_active, u.role, f.amr, \
       EXISTS (SELECT 1 FROM second_factors s \
               WHERE s.user_id = u.id AND s.confirmed_at IS NOT NULL) AS has_second_factor, \
       u.email, u.first_name, u.last_name, u.email_verified, u.last_login_at, \
       u.created_at AS user_created_at, u.password_hash IS NOT NULL AS has_password, \
       u.language \
     FROM refresh_families f JOIN users u ON u.id = f.user_id WHERE f.id IN ";

pub async fn insert_family(
    tx: &mut Transaction<'_, Any>,
    family: &NewFamily<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refresh_families (id, user_id, token_version, created_at, expires_at, \
           last_used_at, ip, user_agent, amr) VALUES ($1, $2, $3, $4, $5, $4, $6, $7, $8)",
    )
    .bind(family.id)
    .bind(family.user_id)
    .bind(family.token_version)
    .bind(family.now)
    .bind(family.expires_at)
    .bind(family.ip)
    .bind(family.user_agent.map(truncate_user_agent))
    .bind(family.amr)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_token(
    tx: &mut Transaction<'_, Any>,
    token_hash: &str,
    family_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO refresh_tokens (token_hash, family_id, created_at) VALUES ($1, $2, $3)",
    )
    .bind(token_hash)
    .bind(family_id)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks a token used if nobody has used it yet and returns its family. A
/// single statement, so of concurrent attempts exactly one gets `Some`.
pub async fn use_token(
    tx: &mut Transaction<'_, Any>,
    token_hash: &str,
    now: i64,
) -> Result<Option<String>, sqlx::Error> {
    sqlx::query_scalar(
        "UPDATE refresh_tokens SET used_at = $1 WHERE token_hash = $2 AND used_at IS NULL \
         RETURNING family_id",
    )
    .bind(now)
    .bind(token_hash)
    .fetch_optional(&mut **tx)
    .await
}

pub async fn touch_family(
    tx: &mut Transaction<'_, Any>,
    family_id: &str,
    now: i64,
    ip: Option<&str>,
    user_agent: Option<&str>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE refresh_families SET last_used_at = $1, ip = COALESCE($2, ip), \
           user_agent = COALESCE($3, user_agent) WHERE id = $4",
    )
    .bind(now)
    .bind(ip)
    .bind(user_agent.map(truncate_user_agent))
    .bind(family_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Revokes every family and deletes every browser session of the user, in
/// the caller's transaction; with them go the browsers trusted to skip the
/// second step and the sign-ins waiting for it.
pub async fn revoke_all_sign_ins(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE refresh_families SET revoked_at = $1, revoked_reason = $2 \
         WHERE user_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    super::trusted_browsers::revoke_all(&mut **tx, user_id).await?;
    super::sign_in_challenges::end_all(&mut **tx, user_id).await?;
    Ok(())
}

/// The one sign-in to keep when ending the others.
pub enum Keep<'a> {
    Session(&'a str),
    Family(&'a str),
    Nothing,
}

/// Revokes every family and deletes every browser session of the user but
/// `keep`, in the caller's transaction.
pub async fn revoke_sign_ins_but(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    keep: Keep<'_>,
    now: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let (keep_session, keep_family) = match keep {
        Keep::Session(id) => (id, ""),
        Keep::Family(id) => ("", id),
        Keep::Nothing => ("", ""),
    };
    sqlx::query(
        "UPDATE refresh_families SET revoked_at = $1, revoked_reason = $2 \
         WHERE user_id = $3 AND revoked_at IS NULL AND id <> $4",
    )
    .bind(now)
    .bind(reason)
    .bind(user_id)
    .bind(keep_family)
    .execute(&mut **tx)
    .await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep_session)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

pub async fn find_refresh_token(
    executor: impl Executor<'_, Database = Any>,
    token_hash: &str,
) -> Result<Option<StoredRefreshToken>, sqlx::Error> {
    sqlx::query_as(
        "SELECT family_id, used_at IS NOT NULL AS used FROM refresh_tokens WHERE token_hash = $1",
    )
    .bind(token_hash)
    .fetch_optional(executor)
    .await
}

/// What an access token's `sid` leads to: one indexed lookup per request.
pub async fn family_state(
    executor: impl Executor<'_, Database = Any>,
    family_id: &str,
) -> Result<Option<FamilyState>, sqlx::Error> {
    sqlx::query_as(FAMILY_STATE)
        .bind(family_id)
        .fetch_optional(executor)
        .await
}

/// The states of several families at once, in one query (in no order;
/// families that do not exist are left out): see `tokens::callers`.
pub async fn caller_states(
    executor: impl Executor<'_, Database = Any>,
    family_ids: &[&str],
) -> Result<Vec<CallerState>, sqlx::Error> {
    if family_ids.is_empty() {
        return Ok(Vec::new());
    }
    let placeholders = (1..=family_ids.len())
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ");
    let sql = format!("{CALLER_STATE}({placeholders})");
    family_ids
        .iter()
        .fold(sqlx::query_as(&sql), |query, id| query.bind(*id))
        .fetch_all(executor)
        .await
}

/// Revokes one family; `false` if it was already revoked.
pub async fn revoke_family(
    executor: impl Executor<'_, Database = Any>,
    family_id: &str,
    now: i64,
    reason: &str,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE refresh_families SET revoked_at = $1, revoked_reason = $2 \
         WHERE id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(reason)
    .bind(family_id)
    .execute(executor)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The user's live sign-ins, API families and browser sessions, most
/// recently used first.
pub async fn active_sign_ins(
    pool: &AnyPool,
    user_id: &str,
    now: i64,
    oldest_browser_session: i64,
) -> Result<Vec<SignIn>, sqlx::Error> {
    let families: Vec<SignInRow> = sqlx::query_as(
        "SELECT f.id, f.created_at, f.last_used_at, f.ip, f.user_agent \
         FROM refresh_families f JOIN users u ON u.id = f.user_id \
         WHERE f.user_id = $1 AND f.revoked_at IS NULL AND f.expires_at > $2 \
           AND f.token_version = u.token_version",
    )
    .bind(user_id)
    .bind(now)
    .fetch_all(pool)
    .await?;
    let sessions: Vec<SignInRow> = sqlx::query_as(
        "SELECT public_id AS id, created_at, last_seen_at AS last_used_at, ip, user_agent \
         FROM sessions WHERE user_id = $1 AND expires_at > $2 AND created_at > $3 \
           AND public_id IS NOT NULL",
    )
    .bind(user_id)
    .bind(now)
    .bind(oldest_browser_session)
    .fetch_all(pool)
    .await?;
    let mut sign_ins = Vec::with_capacity(families.len() + sessions.len());
    for (rows, kind) in [(families, SignInKind::Api), (sessions, SignInKind::Browser)] {
        for row in rows {
            sign_ins.push(SignIn {
                id: row.id,
                kind,
                created_at: row.created_at,
                last_used_at: row.last_used_at,
                ip: row.ip,
                user_agent: row.user_agent,
            });
        }
    }
    sign_ins.sort_by_key(|sign_in| std::cmp::Reverse(sign_in.last_used_at));
    Ok(sign_ins)
}

/// Revokes one of the user's sign-ins by its public id; `false` when the
/// user has no such sign-in (whoever else it may belong to).
pub async fn revoke_sign_in(
    pool: &AnyPool,
    user_id: &str,
    id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let family = sqlx::query(
        "UPDATE refresh_families SET revoked_at = $1, revoked_reason = 'revoked_by_user' \
         WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .bind(id)
    .bind(user_id)
    .execute(pool)
    .await?;
    if family.rows_affected() == 1 {
        return Ok(true);
    }
    let session = sqlx::query("DELETE FROM sessions WHERE public_id = $1 AND user_id = $2")
        .bind(id)
        .bind(user_id)
        .execute(pool)
        .await?;
    Ok(session.rows_affected() == 1)
}

/// Signs the user out everywhere: every family revoked, every browser
/// session deleted, in one transaction.
pub async fn end_all_sign_ins(
    db: &Db,
    user_id: &str,
    now: i64,
    reason: &str,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    revoke_all_sign_ins(&mut tx, user_id, now, reason).await?;
    tx.commit().await?;
    Ok(())
}

/// Deletes families that can no longer be used (their tokens go with them).
pub async fn delete_dead_families(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<u64, sqlx::Error> {
    let result =
        sqlx::query("DELETE FROM refresh_families WHERE expires_at <= $1 OR revoked_at <= $2")
            .bind(now)
            // Revoked families are kept a day so reuse of their tokens is still recognised.
            .bind(now - 24 * 3600)
            .execute(executor)
            .await?;
    Ok(result.rows_affected())
}

/// Ends every sign-in of the user but the browser session `keep_session_id`.
pub async fn revoke_other_sign_ins(
    db: &Db,
    user_id: &str,
    keep_session_id: &str,
    now: i64,
) -> Result<(), sqlx::Error> {
    let mut tx = db.begin().await?;
    sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND id <> $2")
        .bind(user_id)
        .bind(keep_session_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE refresh_families SET revoked_at = $1, revoked_reason = 'logout_others' \
         WHERE user_id = $2 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await
}

/// Sign-ins of the JSON API that can still refresh, for metrics.
pub async fn count_live_families(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) FROM refresh_families WHERE revoked_at IS NULL AND expires_at > $1",
    )
    .bind(now)
    .fetch_one(executor)
    .await
}
