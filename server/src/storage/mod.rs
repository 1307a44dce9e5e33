//! Storage: one pool and one set of queries for SQLite and Postgres. Queries
//! go through sqlx's `Any` driver, so they are written in the SQL both
//! understand (`$1` placeholders, `ON CONFLICT`, `RETURNING`); ids are TEXT,
//! times are Unix seconds, and only the migrations differ per backend.
//!
//! One module per table (`accounts` holds the changes that span a user's
//! rows in several tables, `admin` the admin panel's read queries). Every
//! query is a free function whose first argument says where it runs: an
//! `impl Executor` for one statement (`&db.pool`, or `&mut *tx` inside a
//! transaction), `&mut Transaction` for statements that must commit with the
//! caller's others, `&Db` where the function owns its transaction. Rows are
//! read with `FromRow` (`query_as`, `query_scalar`); `Flag` reads a
//! BOOLEAN (Postgres) or 0/1 (SQLite) column.

pub mod accounts;
pub mod admin;
pub mod audit;
pub mod backup;
pub mod client_budgets;
pub mod email_tokens;
pub mod mail_requests;
pub mod oauth;
pub mod outbox;
pub mod passkey_ceremonies;
pub mod passkeys;
pub mod recovery_codes;
pub mod refresh_tokens;
pub mod second_factors;
pub mod session_store;
pub mod sign_in_challenges;
pub mod signing_keys;
pub mod trusted_browsers;
pub mod users;

use anyhow::Context;
use sqlx::{AnyPool, Connection, any::AnyPoolOptions, migrate::Migrator};
use std::time::Duration;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn of(database_url: &str) -> anyhow::Result<Self> {
        if database_url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if database_url.starts_with("postgres:") || database_url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("DATABASE_URL must start with sqlite:// or postgres://")
        }
    }
}

#[derive(Clone, Debug)]
pub struct Db {
    /// Reads, and (on Postgres) everything.
    pub pool: AnyPool,
    /// Writes: `begin` and `writer`. On SQLite a pool of one connection, so
    /// that writers queue here, in order, instead of in SQLite's busy
    /// handler, which sleeps 1, 2, 5, 10… ms between tries for a lock held
    /// for a fraction of a millisecond: that sleep was the long tail of
    /// refreshes and sign-ins (docs/benchmarks.md). On Postgres, `pool`.
    writer: AnyPool,
    pub backend: Backend,
}

impl Db {
    /// Connects, creating the SQLite file (and its folder) on first run.
    pub async fn connect(database_url: &str) -> anyhow::Result<Self> {
        Self::open(database_url, true).await
    }

    /// Connects to a database that must already exist: a SQLite file is
    /// never created (a mistyped path is an error, not an empty database).
    pub async fn connect_existing(database_url: &str) -> anyhow::Result<Self> {
        Self::open(database_url, false).await
    }

    async fn open(database_url: &str, create: bool) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::of(database_url)?;
        let url = match backend {
            Backend::Sqlite if create => sqlite_url_creating_folder(database_url)?,
            Backend::Sqlite => sqlite_url_with_mode(database_url, "rw"),
            Backend::Postgres => postgres_url(database_url),
        };
        let size = match backend {
            Backend::Sqlite => 8,
            Backend::Postgres => 16,
        };
        let pool = pool_options(backend, size)
            .connect(&url)
            .await
            .map_err(connect_error)?;
        let writer = match backend {
            Backend::Sqlite => pool_options(backend, 1)
                .connect(&url)
                .await
                .map_err(connect_error)?,
            Backend::Postgres => pool.clone(),
        };
        Ok(Self {
            pool,
            writer,
            backend,
        })
    }

    fn migrator(&self) -> &'static Migrator {
        match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        }
    }

    /// Migrations this build knows that the database has not applied: none
    /// when the schema is current.
    pub async fn pending_migrations(&self) -> Result<usize, sqlx::Error> {
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = TRUE")
                .fetch_all(&self.pool)
                .await?;
        Ok(self
            .migrator()
            .iter()
            .filter(|migration| !applied.contains(&migration.version))
            .count())
    }

    /// Where a statement that writes outside a transaction runs. (Never
    /// while the same task holds a transaction: that waits for itself.)
    pub fn writer(&self) -> &AnyPool {
        &self.writer
    }

    /// Connections open now, and how many of them are idle.
    pub fn pool_usage(&self) -> (u32, usize) {
        match self.backend {
            Backend::Sqlite => (
                self.pool.size() + self.writer.size(),
                self.pool.num_idle() + self.writer.num_idle(),
            ),
            Backend::Postgres => (self.pool.size(), self.pool.num_idle()),
        }
    }

    /// Closes every connection (a server shutting down, a test's outage).
    pub async fn close(&self) {
        self.pool.close().await;
        self.writer.close().await;
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        self.migrator()
            .run(&self.pool)
            .await
            .context("cannot apply the database migrations")
    }

    /// Every transaction starts here. On SQLite it takes the write lock at
    /// once (`BEGIN IMMEDIATE`, waiting up to `busy_timeout` for it): a
    /// transaction that reads and then writes would otherwise fail with
    /// SQLITE_BUSY_SNAPSHOT whenever another connection wrote in between,
    /// which no timeout can wait out.
    ///
    /// It begins in a task of its own. A request dropped while BEGIN was
    /// under way (its client went away) could otherwise leave the connection
    /// inside a transaction no `Transaction` owns, so never ended: on SQLite
    /// the one writer connection, holding the write lock. Finished in its
    /// task, the transaction is handed over, or dropped and rolled back.
    pub async fn begin(&self) -> Result<sqlx::Transaction<'static, sqlx::Any>, sqlx::Error> {
        let started = std::time::Instant::now();
        let (writer, backend) = (self.writer.clone(), self.backend);
        let tx = tokio::spawn(async move {
            match backend {
                Backend::Sqlite => writer.begin_with("BEGIN IMMEDIATE").await,
                Backend::Postgres => writer.begin().await,
            }
        })
        .await
        .map_err(|error| {
            sqlx::Error::Protocol(format!("beginning a transaction failed: {error}"))
        })?;
        crate::monitoring::db_acquired(started.elapsed());
        tx
    }

    /// Makes transactions that decide on `key` (an address, "admins") take
    /// their turn until `tx` ends, so a count checked in one cannot change
    /// under it: a transaction-scoped advisory lock on Postgres; SQLite's
    /// transactions already take the write lock at BEGIN.
    pub async fn take_turn(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        key: &str,
    ) -> Result<(), sqlx::Error> {
        if self.backend == Backend::Postgres {
            // (Selected through a subquery: the Any driver cannot read `void`.)
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext($1))) AS locked")
                .bind(key)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    pub async fn ping(&self) -> Result<(), sqlx::Error> {
        sqlx::query("SELECT 1")
            .execute(&self.pool)
            .await
            .map(|_| ())
    }
}

fn pool_options(backend: Backend, size: u32) -> AnyPoolOptions {
    let options = AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(5))
        .max_connections(size)
        // sqlx pings every connection before handing it out: a round trip
        // per query on Postgres. Only a connection idle for a while can have
        // been dropped by the server or a proxy unnoticed, so only that one
        // is checked (one that breaks later fails its query and is closed).
        .test_before_acquire(false)
        .before_acquire(|connection, meta| {
            Box::pin(async move {
                if meta.idle_for >= Duration::from_secs(30) {
                    connection.ping().await?;
                }
                Ok(true)
            })
        });
    match backend {
        Backend::Sqlite => options.after_connect(|connection, _| {
            Box::pin(async move { sqlite_pragmas(connection).await })
        }),
        Backend::Postgres => options,
    }
}

/// WAL lets readers work while one writer writes; busy_timeout makes a writer
/// from another process (the CLI) wait instead of failing.
///
/// The commit that fills the log past `wal_autocheckpoint` pages copies it
/// into the database and fsyncs both, and the writes queued behind it wait:
/// that is the tail of write latency. A quarter of SQLite's default (1 MiB
/// of log instead of 4) makes each of these stalls short: two refresh chains
/// measured p99 3.8–5.0 ms at 0.70–0.81 ms medians against 6.4–6.8 ms at
/// 0.75–0.83 ms with the default; 10,000 pages made it 20 ms, 100 pages cost
/// throughput (docs/benchmarks.md, run C).
async fn sqlite_pragmas(connection: &mut sqlx::AnyConnection) -> Result<(), sqlx::Error> {
    for pragma in [
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = NORMAL",
        "PRAGMA wal_autocheckpoint = 250",
        "PRAGMA foreign_keys = ON",
        "PRAGMA busy_timeout = 5000",
    ] {
        sqlx::query(pragma).execute(&mut *connection).await?;
    }
    Ok(())
}

/// Certificate failures name the settings that decide them; rustls reports
/// them as I/O errors, so they are told apart by their text.
fn connect_error(error: sqlx::Error) -> anyhow::Error {
    let text = error.to_string();
    if matches!(error, sqlx::Error::Tls(_)) || text.contains("certificate") {
        let cause = text.trim_start_matches("error communicating with database: ");
        anyhow::anyhow!(
            "cannot connect to the database over TLS: {cause}. With sslmode=verify-ca or \
             verify-full the server's certificate must chain to the CA in sslrootcert (or to \
             a public CA), and verify-full also needs the host in DATABASE_URL to be a name \
             the certificate lists"
        )
    } else {
        anyhow::Error::new(error).context("cannot connect to the database")
    }
}

/// The URL sqlx is given for a Postgres `database_url`. libpq's
/// `sslrootcert=system` trusts the usual public CAs, which is what sqlx does
/// when no root certificate is named (Mozilla's list); as in libpq, it makes
/// `verify-full` the default mode (a weaker one is refused by the settings).
pub(crate) fn postgres_url(database_url: &str) -> String {
    let Ok(mut url) = url::Url::parse(database_url) else {
        return database_url.to_string();
    };
    let is_system = |(key, value): &(std::borrow::Cow<str>, std::borrow::Cow<str>)| {
        key == "sslrootcert" && value == "system"
    };
    if !url.query_pairs().any(|pair| is_system(&pair)) {
        return database_url.to_string();
    }
    let mut kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|pair| !is_system(pair))
        .map(|(key, value)| (key.into_owned(), value.into_owned()))
        .collect();
    if !kept.iter().any(|(key, _)| key == "sslmode") {
        kept.push(("sslmode".into(), "verify-full".into()));
    }
    url.query_pairs_mut().clear().extend_pairs(kept);
    url.to_string()
}

fn sqlite_url_creating_folder(database_url: &str) -> anyhow::Result<String> {
    let path = database_url
        .trim_start_matches("sqlite://")
        .trim_start_matches("sqlite:")
        .split('?')
        .next()
        .unwrap_or_default();
    if path.is_empty() || path == ":memory:" {
        return Ok(database_url.to_string());
    }
    if let Some(folder) = std::path::Path::new(path)
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
    {
        std::fs::create_dir_all(folder)
            .with_context(|| format!("cannot create the folder {}", folder.display()))?;
    }
    Ok(sqlite_url_with_mode(database_url, "rwc"))
}

/// `database_url` opened in `mode` unless it names a mode of its own.
fn sqlite_url_with_mode(database_url: &str, mode: &str) -> String {
    if database_url.contains("mode=") {
        database_url.to_string()
    } else if database_url.contains('?') {
        format!("{database_url}&mode={mode}")
    } else {
        format!("{database_url}?mode={mode}")
    }
}

/// A flag as either backend returns it: Postgres has BOOLEAN, SQLite stores
/// 0 and 1 (and computed flags come back as integers on both). Row types
/// read one with `#[sqlx(try_from = "Flag")]` into a `bool`.
pub struct Flag(bool);

impl sqlx::Type<sqlx::Any> for Flag {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <bool as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(_: &sqlx::any::AnyTypeInfo) -> bool {
        // `decode` tells a flag from anything else.
        true
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Flag {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        if let Ok(flag) = <bool as sqlx::Decode<sqlx::Any>>::decode(value.clone()) {
            return Ok(Flag(flag));
        }
        if let Ok(number) = <i64 as sqlx::Decode<sqlx::Any>>::decode(value.clone()) {
            return Ok(Flag(number != 0));
        }
        Ok(Flag(<i32 as sqlx::Decode<sqlx::Any>>::decode(value)? != 0))
    }
}

impl From<Flag> for bool {
    fn from(flag: Flag) -> Self {
        flag.0
    }
}

pub(crate) fn is_unique_violation(error: &sqlx::Error) -> bool {
    matches!(error, sqlx::Error::Database(db) if db.is_unique_violation())
}
