//! What the operator does from the command line: create the first admin,
//! promote an existing user, and seed many users for benchmarks.

use crate::{
    config::{Environment, Settings},
    domain::{Email, NamePart, NewPassword, PersonName},
    identity::password_hasher::PasswordHasher,
    storage::{
        Db,
        audit::{self, AuditEvent},
        users::{self, InsertUserError, NewUser, SeedUser},
    },
};
use anyhow::{Context, bail};
use app::{
    clock::Clock,
    vocabulary::{AuditAction, Role},
};
use secrecy::{ExposeSecret, SecretString};

fn cli_event(user_id: &str, action: AuditAction, at: i64) -> AuditEvent<'_> {
    AuditEvent {
        user_id: Some(user_id),
        action,
        ip: None,
        user_agent: None,
        success: true,
        reason: Some("cli"),
        at,
    }
}

async fn open(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(settings.database_url.expose_secret()).await?;
    db.migrate().await?;
    Ok(db)
}

/// A verified admin account with the sign-up rules for every field.
pub async fn create_admin(
    settings: &Settings,
    email: &str,
    first_name: &str,
    last_name: &str,
    password: SecretString,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|message| anyhow::anyhow!("--email: {message}"))?;
    let first_name = PersonName::parse(first_name, NamePart::First)
        .map_err(|m| anyhow::anyhow!("--first-name: {m}"))?;
    let last_name = PersonName::parse(last_name, NamePart::Last)
        .map_err(|m| anyhow::anyhow!("--last-name: {m}"))?;
    let personal = [email.local_part(), first_name.as_str(), last_name.as_str()];
    let password = NewPassword::parse(
        password.expose_secret(),
        &settings.password_policy,
        &personal,
    )
    .map_err(|problems| anyhow::anyhow!("password: {}", problems.join(" ")))?;
    let db = open(settings).await?;
    if crate::storage::users::email_exists(&db.pool, email.as_str()).await? {
        bail!(
            "an account already has {email}: promote it with `portcullis admin promote --email {email}`",
            email = email.as_str()
        );
    }
    let hasher = PasswordHasher::new(&settings.password_hashing)?;
    let hash = hasher.hash(password.into_secret()).await?;
    let id = uuid::Uuid::now_v7().to_string();
    let now = Clock::system().now();
    let mut tx = db.begin().await?;
    match users::insert_user(
        &mut tx,
        &NewUser {
            id: &id,
            email: email.as_str(),
            password_hash: &hash,
            first_name: first_name.as_str(),
            last_name: last_name.as_str(),
            language: None,
            now,
        },
    )
    .await
    {
        Ok(()) => {}
        Err(InsertUserError::EmailTaken) => bail!("an account already has {}", email.as_str()),
        Err(InsertUserError::Database(error)) => return Err(error.into()),
    }
    // Whoever runs the CLI vouches for the address.
    users::mark_email_verified(&mut tx, &id, email.as_str(), now).await?;
    crate::storage::admin::set_role(&mut tx, &id, Role::Admin, now).await?;
    audit::record(&mut *tx, &cli_event(&id, AuditAction::AdminCreated, now)).await?;
    tx.commit().await?;
    println!("Admin {} created.", email.as_str());
    Ok(())
}

/// Refuses an account whose address was never verified unless
/// `allow_unverified`: whoever registered it may not own the address.
pub async fn promote(
    settings: &Settings,
    email: &str,
    allow_unverified: bool,
) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|message| anyhow::anyhow!("--email: {message}"))?;
    let db = open(settings).await?;
    let user = crate::storage::users::find_by_email(&db.pool, email.as_str())
        .await?
        .filter(|user| !user.is_pending_deletion())
        .with_context(|| format!("no account has {}", email.as_str()))?;
    if !user.email_verified && !allow_unverified {
        anyhow::bail!(
            "{} has never verified its address, so whoever registered it may not own it; \
             verify it first, or pass --allow-unverified",
            email.as_str()
        );
    }
    let now = Clock::system().now();
    let mut tx = db.begin().await?;
    crate::storage::admin::set_role(&mut tx, &user.id, Role::Admin, now).await?;
    audit::record(
        &mut *tx,
        &cli_event(&user.id, AuditAction::AdminPromoted, now),
    )
    .await?;
    tx.commit().await?;
    println!("{} is now an admin.", email.as_str());
    Ok(())
}

const FIRST_NAMES: [&str; 8] = [
    "Ada", "Grace", "Alan", "Edsger", "Barbara", "Donald", "Margaret", "Ken",
];
const LAST_NAMES: [&str; 8] = [
    "Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov", "Knuth", "Hamilton", "Thompson",
];
const SEED_BATCH: usize = 500;

/// `count` users named seed-<run>-<n>@example.test, created over the last
/// year, all with the password `Seeded-Password-1!` (hashed once), for
/// benchmarks. Refused in production.
pub async fn seed_users(settings: &Settings, count: usize) -> anyhow::Result<()> {
    if settings.environment == Environment::Production {
        bail!("seeding is for development and benchmarks: refused in production");
    }
    let db = open(settings).await?;
    let hasher = PasswordHasher::new(&settings.password_hashing)?;
    let hash = hasher
        .hash(SecretString::from("Seeded-Password-1!"))
        .await?;
    let now = Clock::system().now();
    let run = now.to_string();
    for start in (0..count).step_by(SEED_BATCH) {
        let batch: Vec<SeedUser> = (start..(start + SEED_BATCH).min(count))
            .map(|n| {
                let created_at = now - ((n as i64 * 7919) % (365 * 86_400));
                SeedUser {
                    id: uuid::Uuid::now_v7().to_string(),
                    email: format!("seed-{run}-{n}@example.test"),
                    first_name: FIRST_NAMES[n % FIRST_NAMES.len()],
                    last_name: LAST_NAMES[(n / FIRST_NAMES.len()) % LAST_NAMES.len()],
                    email_verified: n % 4 != 0,
                    created_at,
                    last_login_at: (n % 3 != 0)
                        .then(|| created_at + ((n as i64 * 104_729) % (now - created_at + 1))),
                }
            })
            .collect();
        crate::storage::users::insert_seeded_users(db.writer(), &hash, &batch).await?;
    }
    println!("Seeded {count} users (password Seeded-Password-1!).");
    Ok(())
}
