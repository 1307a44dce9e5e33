//! SQL for the admin panel: the users table with search, filters, sorting
//! and pages; dashboard counts; the audit log with filters.

use super::Flag;
use app::vocabulary::{AuditAction, Role};
use sqlx::{
    Any, AnyPool, Arguments, Executor, Transaction,
    any::{AnyArguments, AnyRow},
};

/// A bound value of a query built from optional filters.
enum Bind {
    Text(String),
    Int(i64),
}

/// WHERE clauses with `$n` placeholders numbered as they are added. Not
/// `sqlx::QueryBuilder`: for the `Any` driver it writes `?` placeholders,
/// which Postgres rejects, while `$n` works on both backends.
#[derive(Default)]
struct Filters {
    clauses: Vec<String>,
    binds: Vec<Bind>,
}

impl Filters {
    /// Adds a clause in which `?` stands for each of `values`, in order.
    fn add(&mut self, clause: &str, values: Vec<Bind>) {
        let mut sql = String::new();
        let mut values = values.into_iter();
        for part in clause.split('?').enumerate() {
            if part.0 > 0
                && let Some(value) = values.next()
            {
                self.binds.push(value);
                sql.push_str(&format!("${}", self.binds.len()));
            }
            sql.push_str(part.1);
        }
        self.clauses.push(sql);
    }

    /// `column = TRUE` or `column = FALSE`, when a value is given.
    fn flag(&mut self, column: &str, value: Option<bool>) {
        if let Some(value) = value {
            self.add(
                &format!("{column} = {}", if value { "TRUE" } else { "FALSE" }),
                vec![],
            );
        }
    }

    fn where_sql(&self) -> String {
        if self.clauses.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.clauses.join(" AND "))
        }
    }

    /// One page of `select … {from}` in `order`, and how many rows match in
    /// all (`SELECT COUNT(*) … {count_from}`).
    async fn page<T>(
        &self,
        pool: &sqlx::AnyPool,
        select: &str,
        (from, count_from): (&str, &str),
        order: &str,
        (page, per_page): (i64, i64),
    ) -> Result<(Vec<T>, i64), sqlx::Error>
    where
        T: for<'r> sqlx::FromRow<'r, AnyRow> + Send + Unpin,
    {
        let where_sql = self.where_sql();
        let sql = format!(
            "SELECT {select} FROM {from}{where_sql} ORDER BY {order} LIMIT {per_page} OFFSET {}",
            (page - 1) * per_page
        );
        let rows = sqlx::query_as_with(&sql, self.arguments()?)
            .fetch_all(pool)
            .await?;
        let count_sql = format!("SELECT COUNT(*) AS total FROM {count_from}{where_sql}");
        let total = sqlx::query_scalar_with(&count_sql, self.arguments()?)
            .fetch_one(pool)
            .await?;
        Ok((rows, total))
    }

    fn arguments(&self) -> Result<AnyArguments<'_>, sqlx::Error> {
        let mut arguments = AnyArguments::default();
        for value in &self.binds {
            match value {
                Bind::Text(text) => arguments.add(text.as_str()),
                Bind::Int(number) => arguments.add(*number),
            }
            .map_err(sqlx::Error::Encode)?;
        }
        Ok(arguments)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UserSort {
    Created,
    LastSignIn,
    Email,
}

pub struct UserFilter {
    /// Substring of the email or either name, case-insensitive.
    pub query: Option<String>,
    pub role: Option<Role>,
    pub verified: Option<bool>,
    pub active: Option<bool>,
    pub locked: Option<bool>,
    pub sort: UserSort,
    pub descending: bool,
    pub page: i64,
    pub per_page: i64,
    pub now: i64,
}

#[derive(sqlx::FromRow)]
pub struct UserRow {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
    #[sqlx(try_from = "Flag")]
    pub email_verified: bool,
    #[sqlx(try_from = "Flag")]
    pub is_active: bool,
    pub locked_until: Option<i64>,
    pub erase_after: Option<i64>,
    pub created_at: i64,
    pub last_login_at: Option<i64>,
    #[sqlx(try_from = "Flag")]
    pub has_app: bool,
    #[sqlx(try_from = "Flag")]
    pub has_email_codes: bool,
}

const USER_ROW_COLUMNS: &str = "id, email, first_name, last_name, role, email_verified, \
     is_active, locked_until, erase_after, created_at, last_login_at, \
     EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = users.id \
             AND f.kind = 'totp' AND f.confirmed_at IS NOT NULL) AS has_app, \
     EXISTS (SELECT 1 FROM second_factors f WHERE f.user_id = users.id \
             AND f.kind = 'email' AND f.confirmed_at IS NOT NULL) AS has_email_codes";

/// `%`, `_` and `\` in a search are literal characters, not wildcards.
fn like_pattern(query: &str) -> String {
    let escaped = query
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[derive(sqlx::FromRow)]
pub struct DashboardCounts {
    pub users: i64,
    pub verified: i64,
    pub active_7_days: i64,
    pub locked: i64,
    pub admins: i64,
}

pub struct AuditFilter {
    pub user_id: Option<String>,
    pub action: Option<String>,
    pub success: Option<bool>,
    pub from: Option<i64>,
    pub until: Option<i64>,
    pub ip: Option<String>,
    pub page: i64,
    pub per_page: i64,
}

#[derive(sqlx::FromRow)]
pub struct AuditRow {
    pub id: i64,
    pub user_id: Option<String>,
    pub user_email: Option<String>,
    pub user_name: Option<String>,
    pub actor_email: Option<String>,
    pub action: String,
    #[sqlx(try_from = "Flag")]
    pub success: bool,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub created_at: i64,
}

impl AuditFilter {
    fn filters(&self) -> Filters {
        let mut filters = Filters::default();
        if let Some(user_id) = &self.user_id {
            filters.add("a.user_id = ?", vec![Bind::Text(user_id.clone())]);
        }
        if let Some(action) = &self.action {
            filters.add("a.action = ?", vec![Bind::Text(action.clone())]);
        }
        filters.flag("a.success", self.success);
        if let Some(from) = self.from {
            filters.add("a.created_at >= ?", vec![Bind::Int(from)]);
        }
        if let Some(until) = self.until {
            filters.add("a.created_at < ?", vec![Bind::Int(until)]);
        }
        if let Some(ip) = &self.ip {
            filters.add("a.ip = ?", vec![Bind::Text(ip.clone())]);
        }
        filters
    }
}

/// One page of users and how many match in all.
pub async fn list_users(
    pool: &AnyPool,
    filter: &UserFilter,
) -> Result<(Vec<UserRow>, i64), sqlx::Error> {
    let mut filters = Filters::default();
    if let Some(query) = filter.query.as_deref().filter(|q| !q.trim().is_empty()) {
        filters.add(
            "search_text LIKE ? ESCAPE '\\'",
            vec![Bind::Text(like_pattern(query.trim()))],
        );
    }
    if let Some(role) = &filter.role {
        filters.add("role = ?", vec![Bind::Text(role.as_str().to_string())]);
    }
    filters.flag("email_verified", filter.verified);
    filters.flag("is_active", filter.active);
    if let Some(locked) = filter.locked {
        filters.add(
            if locked {
                "locked_until > ?"
            } else {
                "(locked_until IS NULL OR locked_until <= ?)"
            },
            vec![Bind::Int(filter.now)],
        );
    }
    let searching = filter
        .query
        .as_deref()
        .is_some_and(|q| !q.trim().is_empty());
    let direction = if filter.descending { "DESC" } else { "ASC" };
    // Without a search, a page is read off the sort key's index. With one,
    // walking that index costs a row lookup per entry until 25 match (slow
    // for a rare match); `+ 0` keeps the planner off the index, so it scans
    // the table once and sorts the matches.
    let created = if searching {
        "created_at + 0"
    } else {
        "created_at"
    };
    // The id breaks ties, so pages never overlap or skip rows.
    let order = match filter.sort {
        UserSort::Created => format!("{created} {direction}, id {direction}"),
        // Never signed in: last either way.
        UserSort::LastSignIn => {
            format!("last_login_at {direction} NULLS LAST, id {direction}")
        }
        UserSort::Email => format!("email {direction}"),
    };
    let (rows, total) = filters
        .page(
            pool,
            USER_ROW_COLUMNS,
            ("users", "users"),
            &order,
            (filter.page, filter.per_page),
        )
        .await?;
    Ok((rows, total))
}

pub async fn admin_user(
    executor: impl Executor<'_, Database = Any>,
    id: &str,
) -> Result<Option<UserRow>, sqlx::Error> {
    let sql = format!("SELECT {USER_ROW_COLUMNS} FROM users WHERE id = $1");
    sqlx::query_as(&sql).bind(id).fetch_optional(executor).await
}

pub async fn dashboard_counts(
    executor: impl Executor<'_, Database = Any>,
    now: i64,
) -> Result<DashboardCounts, sqlx::Error> {
    sqlx::query_as(
        "SELECT COUNT(*) AS users, \
           COALESCE(SUM(CASE WHEN email_verified = TRUE THEN 1 ELSE 0 END), 0) AS verified, \
           COALESCE(SUM(CASE WHEN last_login_at > $1 THEN 1 ELSE 0 END), 0) AS active_7_days, \
           COALESCE(SUM(CASE WHEN locked_until > $2 THEN 1 ELSE 0 END), 0) AS locked, \
           COALESCE(SUM(CASE WHEN role = $3 THEN 1 ELSE 0 END), 0) AS admins \
         FROM users",
    )
    .bind(now - 7 * 86_400)
    .bind(now)
    .bind(Role::Admin.as_str())
    .fetch_one(executor)
    .await
}

/// Sign-ups per day (days since the epoch) from `since`.
pub async fn signups_per_day(
    executor: impl Executor<'_, Database = Any>,
    since: i64,
) -> Result<Vec<(i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT created_at / 86400 AS day, COUNT(*) AS n FROM users \
         WHERE created_at >= $1 GROUP BY created_at / 86400",
    )
    .bind(since)
    .fetch_all(executor)
    .await
}

/// Sign-in attempts per day from `since`: (day, succeeded, failed).
pub async fn sign_ins_per_day(
    executor: impl Executor<'_, Database = Any>,
    since: i64,
) -> Result<Vec<(i64, i64, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT created_at / 86400 AS day, \
           SUM(CASE WHEN success = TRUE THEN 1 ELSE 0 END) AS ok, \
           SUM(CASE WHEN success = TRUE THEN 0 ELSE 1 END) AS failed \
         FROM audit_log WHERE action = $1 AND created_at >= $2 \
         GROUP BY created_at / 86400",
    )
    .bind(AuditAction::Login.as_str())
    .bind(since)
    .fetch_all(executor)
    .await
}

/// Successful sign-ins by how they were made (the audit reason) from `since`.
pub async fn sign_in_methods(
    executor: impl Executor<'_, Database = Any>,
    since: i64,
) -> Result<Vec<(String, i64)>, sqlx::Error> {
    sqlx::query_as(
        "SELECT COALESCE(reason, 'password') AS method, COUNT(*) AS n FROM audit_log \
         WHERE action = $1 AND success = TRUE AND created_at >= $2 GROUP BY reason",
    )
    .bind(AuditAction::Login.as_str())
    .bind(since)
    .fetch_all(executor)
    .await
}

pub async fn active_admins_other_than(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "SELECT COUNT(*) AS n FROM users WHERE role = $1 AND is_active = TRUE \
           AND erase_after IS NULL AND id <> $2",
    )
    .bind(Role::Admin.as_str())
    .bind(user_id)
    .fetch_one(executor)
    .await
}

/// The account's role, if it exists.
pub async fn role_of(
    executor: impl Executor<'_, Database = Any>,
    user_id: &str,
) -> Result<Option<Role>, sqlx::Error> {
    let role: Option<String> = sqlx::query_scalar("SELECT role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(executor)
        .await?;
    Ok(role.as_deref().and_then(Role::parse))
}

/// One page of audit events, newest first, and how many match.
pub async fn audit_page(
    pool: &AnyPool,
    filter: &AuditFilter,
) -> Result<(Vec<AuditRow>, i64), sqlx::Error> {
    let filters = filter.filters();
    let (rows, total) = filters
        .page(
            pool,
            "a.id, a.user_id, u.email AS user_email, \
             u.first_name || ' ' || u.last_name AS user_name, \
             actor.email AS actor_email, a.action, a.success, a.reason, a.ip, a.user_agent, \
             a.created_at",
            (
                "audit_log a LEFT JOIN users u ON u.id = a.user_id \
                 LEFT JOIN users actor ON actor.id = a.actor_id",
                "audit_log a",
            ),
            "a.created_at DESC, a.id DESC",
            (filter.page, filter.per_page),
        )
        .await?;
    Ok((rows, total))
}

pub async fn set_active(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    active: bool,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET is_active = $1, updated_at = $2 WHERE id = $3 AND erase_after IS NULL",
    )
    .bind(active)
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn set_role(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    role: Role,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query("UPDATE users SET role = $1, updated_at = $2 WHERE id = $3")
        .bind(role.as_str())
        .bind(now)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(result.rows_affected() == 1)
}

pub async fn unlock(
    tx: &mut Transaction<'_, Any>,
    user_id: &str,
    now: i64,
) -> Result<bool, sqlx::Error> {
    let result = sqlx::query(
        "UPDATE users SET failed_login_attempts = 0, locked_until = NULL, updated_at = $1 \
         WHERE id = $2",
    )
    .bind(now)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// An audit event about `user_id` caused by the admin `actor_id`.
pub async fn record_admin_event(
    tx: &mut Transaction<'_, Any>,
    event: &super::audit::AuditEvent<'_>,
    actor_id: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (user_id, action, ip, user_agent, success, reason, created_at, \
           actor_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(event.user_id)
    .bind(event.action.as_str())
    .bind(event.ip)
    .bind(event.user_agent.map(super::audit::truncate_user_agent))
    .bind(event.success)
    .bind(event.reason)
    .bind(event.at)
    .bind(actor_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
