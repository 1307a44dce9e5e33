//! A consistent copy of a running SQLite database.

use super::{Backend, Db};
use anyhow::{Context, bail};
use sqlx::Connection;
use std::path::Path;

/// Copies the database to `destination` while it serves: `VACUUM INTO`
/// reads one snapshot (WAL readers do not block writers), so the copy is
/// consistent however many writes land meanwhile. The copy is written beside
/// `destination` and renamed into place once it is whole and checked, and
/// only the owner may read it (it holds password hashes and sealed secrets).
pub async fn sqlite_copy(db: &Db, destination: &Path) -> anyhow::Result<()> {
    if db.backend != Backend::Sqlite {
        bail!(
            "`portcullis backup` copies SQLite databases; back up Postgres with pg_dump \
             (see the README's production guide)"
        );
    }
    if destination.exists() {
        bail!(
            "{} already exists: choose a new file",
            destination.display()
        );
    }
    let folder = match destination.parent() {
        Some(folder) if !folder.as_os_str().is_empty() => folder,
        _ => Path::new("."),
    };
    let name = destination
        .file_name()
        .context("the backup needs a file name")?
        .to_string_lossy();
    let partial = folder.join(format!(".{name}.partial-{}", uuid::Uuid::new_v4().simple()));
    let result = copy_into(db, &partial, destination).await;
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}

async fn copy_into(db: &Db, partial: &Path, destination: &Path) -> anyhow::Result<()> {
    let partial_text = partial
        .to_str()
        .context("the backup's path is not valid UTF-8")?;
    sqlx::query("VACUUM INTO $1")
        .bind(partial_text)
        .execute(&db.pool)
        .await
        .with_context(|| format!("cannot write the backup to {}", destination.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(partial, std::fs::Permissions::from_mode(0o600))?;
    }
    let mut copy =
        sqlx::AnyConnection::connect(&format!("sqlite://{partial_text}?mode=ro")).await?;
    let verdict: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut copy)
        .await?;
    copy.close().await?;
    if verdict != "ok" {
        bail!("the copy failed SQLite's integrity check: {verdict}");
    }
    std::fs::rename(partial, destination)
        .with_context(|| format!("cannot move the backup to {}", destination.display()))?;
    Ok(())
}
