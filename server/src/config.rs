//! Typed settings, read from environment variables (see `.env.example`).

use anyhow::{Context, bail};
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use std::{net::SocketAddr, path::PathBuf, time::Duration};
use url::Url;

use crate::http::client_address::TrustedProxies;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub environment: Environment,
    pub database_url: String,
    pub listen_addr: SocketAddr,
    pub public_url: Url,
    pub data_dir: PathBuf,
    pub cors_allowed_origins: Vec<String>,
    /// How long a request may be handled before it is answered 503.
    pub request_timeout: Duration,
    /// How long a client may take to send a request's headers (also the
    /// most a kept-alive connection stays idle).
    pub header_read_timeout: Duration,
    /// Connections open at once; more wait for one to close.
    pub max_connections: usize,
    /// Proxies whose `X-Forwarded-For` entries name the client.
    pub trusted_proxies: TrustedProxies,
    /// `TRUST_PROXY_HEADERS=true` was set: a deprecated alias for trusting
    /// the loopback ranges, warned about at start-up.
    pub deprecated_trust_proxy_headers: bool,
    /// Master secret from which later features derive their keys.
    pub secret_key: SecretString,
    pub session: SessionSettings,
    pub accounts: AccountSettings,
    pub lockout: LockoutSettings,
    pub password_hashing: PasswordHashingSettings,
    pub password_policy: PasswordPolicy,
    pub tokens: TokenSettings,
    pub rate_limit: RateLimitSettings,
    pub mail: MailSettings,
    /// Sign in with Google: off unless a client id and secret are set.
    pub google: Option<GoogleSettings>,
    pub site: SiteSettings,
}

#[derive(Clone, Debug)]
pub struct GoogleSettings {
    pub client_id: String,
    pub client_secret: SecretString,
    /// The provider's OpenID discovery document.
    pub discovery_url: Url,
    /// Where the provider sends the browser back; fixed by configuration,
    /// never built from a request.
    pub redirect_url: Url,
    /// `aud` values accepted from mobile apps' ID tokens on
    /// `POST /api/auth/google` (their client ids), besides `client_id`.
    pub extra_audiences: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct MailSettings {
    pub transport: MailTransport,
    /// The `From` of every message, e.g. `Portcullis <no-reply@example.com>`.
    pub from: String,
    /// Delivery attempts before a message is given up on.
    pub max_attempts: u32,
    /// The wait before the second attempt; each later wait doubles it.
    pub retry_base: Duration,
    /// How often the worker looks for due messages (it is also woken at once
    /// when this instance queues one).
    pub poll_interval: Duration,
}

#[derive(Clone, Debug)]
pub enum MailTransport {
    Smtp(SmtpSettings),
    /// No SMTP configured: messages are written as `.eml` files here.
    Files(PathBuf),
}

#[derive(Clone, Debug)]
pub struct SmtpSettings {
    pub host: String,
    pub port: u16,
    pub tls: SmtpTls,
    pub username: Option<String>,
    pub password: Option<SecretString>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SmtpTls {
    None,
    StartTls,
    Tls,
}

/// Access and refresh tokens of the JSON API.
#[derive(Clone, Debug)]
pub struct TokenSettings {
    pub access_ttl: Duration,
    /// How long a sign-in's refresh tokens live, counted from the sign-in.
    pub refresh_lifetime: Duration,
    /// The `aud` claim; the `iss` claim is the public URL.
    pub audience: String,
}

/// Requests per client address to the credential routes of the JSON API.
#[derive(Clone, Debug)]
pub struct RateLimitSettings {
    pub auth_requests_per_minute: u32,
    /// Messages one address may be sent per day, whoever asks.
    pub mail_per_address_per_day: u32,
}

#[derive(Clone, Debug)]
pub struct SessionSettings {
    pub idle_timeout: Duration,
    pub absolute_lifetime: Duration,
    /// Sensitive actions (password, email, deletion, export) need a sign-in
    /// or confirmation at most this old.
    pub recent_authentication: Duration,
}

#[derive(Clone, Debug)]
pub struct AccountSettings {
    /// How long a deleted account can still be restored before its personal
    /// data is erased.
    pub deletion_grace: Duration,
    /// How often the cleanup job erases accounts and purges what has
    /// outlived its use.
    pub cleanup_interval: Duration,
    /// How long audit events (and the record of sent mail) are kept.
    pub audit_retention: Duration,
    /// Admins must set up a second factor before the admin panel (and the
    /// admin API) opens to them. On by default in production.
    pub mfa_required_for_admins: bool,
}

#[derive(Clone, Debug)]
pub struct LockoutSettings {
    pub max_failed_attempts: i64,
    pub lock_duration: Duration,
}

#[derive(Clone, Debug)]
pub struct PasswordHashingSettings {
    pub memory_kib: u32,
    pub iterations: u32,
    pub parallelism: u32,
    /// How many hashes may run at once; more wait their turn.
    pub max_concurrent: usize,
}

#[derive(Clone, Debug)]
pub struct PasswordPolicy {
    pub min_length: usize,
    pub max_length: usize,
    pub require_character_classes: bool,
    /// The lowest zxcvbn score (0–4) a password may have.
    pub min_strength: u8,
}

impl PasswordPolicy {
    /// The rules in the words the pages show.
    pub fn rules(&self) -> app::password_rules::PasswordRules {
        app::password_rules::PasswordRules {
            min_length: self.min_length,
            max_length: self.max_length,
            require_character_classes: self.require_character_classes,
        }
    }
}

/// Where cargo-leptos put the compiled front end.
#[derive(Clone, Debug)]
pub struct SiteSettings {
    pub root: PathBuf,
    pub pkg_dir: String,
    pub output_name: String,
}

impl Settings {
    pub fn from_env() -> anyhow::Result<Self> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    /// The settings the variables `lookup` knows describe, with the documented
    /// default for every variable it does not (tests start from these too).
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        let vars = Vars(&lookup);
        let environment = match vars.get("PORTCULLIS_ENV").as_deref() {
            None | Some("development") | Some("dev") => Environment::Development,
            Some("production") | Some("prod") => Environment::Production,
            Some(other) => {
                bail!("PORTCULLIS_ENV must be `development` or `production`, not `{other}`")
            }
        };
        let data_dir = PathBuf::from(vars.get("DATA_DIR").unwrap_or_else(|| "data".into()));
        let database_url = vars
            .get("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/portcullis.db", data_dir.display()));
        let listen_addr = vars.parse("LEPTOS_SITE_ADDR", "127.0.0.1:3000".parse()?)?;
        let public_url = match vars.get("PUBLIC_URL") {
            Some(url) => Url::parse(&url).context("PUBLIC_URL is not a valid URL")?,
            None => Url::parse("http://127.0.0.1:3000")?,
        };
        let secret_key = match vars.get("SECRET_KEY") {
            Some(key) => SecretString::from(key),
            None if environment == Environment::Development => {
                development_secret(&data_dir.join("secret.key"))?
            }
            None => bail!("SECRET_KEY must be set in production (at least 32 random bytes)"),
        };
        let mail = mail_settings(&vars, &data_dir)?;
        let mut trusted_proxies =
            TrustedProxies::parse(&vars.get("TRUSTED_PROXIES").unwrap_or_default())
                .map_err(|problem| anyhow::anyhow!("TRUSTED_PROXIES: {problem}"))?;
        let deprecated_trust_proxy_headers = vars.parse("TRUST_PROXY_HEADERS", false)?;
        if deprecated_trust_proxy_headers {
            trusted_proxies.extend(TrustedProxies::loopback());
        }
        let google = google_settings(&vars, &public_url)?;
        let settings = Settings {
            environment,
            database_url,
            listen_addr,
            public_url,
            data_dir,
            cors_allowed_origins: vars
                .get("CORS_ALLOWED_ORIGINS")
                .map(|origins| {
                    origins
                        .split(',')
                        .map(|origin| origin.trim().trim_end_matches('/').to_string())
                        .filter(|origin| !origin.is_empty())
                        .collect()
                })
                .unwrap_or_default(),
            trusted_proxies,
            deprecated_trust_proxy_headers,
            request_timeout: Duration::from_secs(vars.parse("REQUEST_TIMEOUT_SECONDS", 30)?),
            header_read_timeout: Duration::from_secs(
                vars.parse("HEADER_READ_TIMEOUT_SECONDS", 10)?,
            ),
            max_connections: vars.parse("MAX_CONNECTIONS", 1024)?,
            secret_key,
            session: SessionSettings {
                idle_timeout: vars.hours("SESSION_IDLE_TIMEOUT_HOURS", 7 * 24)?,
                absolute_lifetime: vars.hours("SESSION_ABSOLUTE_LIFETIME_HOURS", 30 * 24)?,
                recent_authentication: Duration::from_secs(
                    60 * vars.parse("RECENT_AUTHENTICATION_MINUTES", 10)?,
                ),
            },
            accounts: AccountSettings {
                deletion_grace: Duration::from_secs(
                    24 * 3600 * vars.parse::<u64>("ACCOUNT_DELETION_GRACE_DAYS", 14)?,
                ),
                cleanup_interval: Duration::from_secs(
                    vars.parse("CLEANUP_INTERVAL_SECONDS", 3600)?,
                ),
                audit_retention: Duration::from_secs(
                    24 * 3600 * vars.parse::<u64>("AUDIT_RETENTION_DAYS", 365)?,
                ),
                mfa_required_for_admins: vars.parse(
                    "MFA_REQUIRED_FOR_ADMINS",
                    environment == Environment::Production,
                )?,
            },
            lockout: LockoutSettings {
                max_failed_attempts: vars.parse("LOCKOUT_MAX_ATTEMPTS", 5)?,
                lock_duration: Duration::from_secs(60 * vars.parse("LOCKOUT_MINUTES", 15)?),
            },
            password_hashing: PasswordHashingSettings {
                memory_kib: vars.parse("ARGON2_MEMORY_KIB", 19_456)?,
                iterations: vars.parse("ARGON2_ITERATIONS", 2)?,
                parallelism: vars.parse("ARGON2_PARALLELISM", 1)?,
                max_concurrent: vars.parse(
                    "ARGON2_MAX_CONCURRENT",
                    std::thread::available_parallelism().map_or(2, usize::from),
                )?,
            },
            password_policy: PasswordPolicy {
                min_length: vars.parse("PASSWORD_MIN_LENGTH", 8)?,
                max_length: vars.parse("PASSWORD_MAX_LENGTH", 128)?,
                require_character_classes: vars
                    .parse("PASSWORD_REQUIRE_CHARACTER_CLASSES", true)?,
                min_strength: vars.parse("PASSWORD_MIN_STRENGTH", 3)?,
            },
            tokens: TokenSettings {
                access_ttl: Duration::from_secs(vars.parse("ACCESS_TOKEN_TTL_SECONDS", 900)?),
                refresh_lifetime: vars.hours("REFRESH_TOKEN_LIFETIME_HOURS", 7 * 24)?,
                audience: vars
                    .get("JWT_AUDIENCE")
                    .unwrap_or_else(|| "portcullis".into()),
            },
            rate_limit: RateLimitSettings {
                auth_requests_per_minute: vars.parse("AUTH_RATE_LIMIT_PER_MINUTE", 30)?,
                mail_per_address_per_day: vars.parse("MAIL_PER_ADDRESS_PER_DAY", 10)?,
            },
            mail,
            google,
            site: SiteSettings {
                root: PathBuf::from(
                    vars.get("LEPTOS_SITE_ROOT")
                        .unwrap_or_else(|| "target/site".into()),
                ),
                pkg_dir: vars
                    .get("LEPTOS_SITE_PKG_DIR")
                    .unwrap_or_else(|| "pkg".into()),
                output_name: vars
                    .get("LEPTOS_OUTPUT_NAME")
                    .unwrap_or_else(|| "portcullis".into()),
            },
        };
        settings.check()?;
        Ok(settings)
    }

    pub fn is_https(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// `scheme://host[:port]` of the public URL, as browsers send it in `Origin`.
    pub fn public_origin(&self) -> String {
        self.public_url.origin().ascii_serialization()
    }

    /// The `iss` claim of access tokens: the public URL without a trailing slash.
    pub fn token_issuer(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_string()
    }

    /// Refuses settings that would be unsafe to run with.
    pub fn check(&self) -> anyhow::Result<()> {
        if self.password_policy.min_length > self.password_policy.max_length {
            bail!("PASSWORD_MIN_LENGTH is larger than PASSWORD_MAX_LENGTH");
        }
        if self.password_policy.min_strength > 4 {
            bail!("PASSWORD_MIN_STRENGTH is a zxcvbn score from 0 to 4");
        }
        if self.tokens.access_ttl.as_secs() < 1 || self.tokens.refresh_lifetime.as_secs() < 1 {
            bail!("ACCESS_TOKEN_TTL_SECONDS and REFRESH_TOKEN_LIFETIME_HOURS must be positive");
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            bail!("MAIL_FROM must be an address, e.g. `Portcullis <no-reply@example.com>`");
        }
        if self.mail.max_attempts < 1 {
            bail!("MAIL_MAX_ATTEMPTS must be at least 1");
        }
        if self.accounts.audit_retention.is_zero() {
            bail!("AUDIT_RETENTION_DAYS must be at least 1");
        }
        if self.request_timeout.is_zero() {
            bail!("REQUEST_TIMEOUT_SECONDS must be at least 1");
        }
        if self.header_read_timeout.is_zero() {
            bail!("HEADER_READ_TIMEOUT_SECONDS must be at least 1");
        }
        if self.max_connections < 1 {
            bail!("MAX_CONNECTIONS must be at least 1");
        }
        if self.rate_limit.auth_requests_per_minute < 1 {
            bail!("AUTH_RATE_LIMIT_PER_MINUTE must be at least 1");
        }
        if self.rate_limit.mail_per_address_per_day < 1 {
            bail!("MAIL_PER_ADDRESS_PER_DAY must be at least 1");
        }
        if self.lockout.max_failed_attempts < 1 {
            bail!("LOCKOUT_MAX_ATTEMPTS must be at least 1");
        }
        if self.environment == Environment::Production {
            if !self.is_https() {
                bail!("PUBLIC_URL must use https in production");
            }
            if !is_strong_secret(self.secret_key.expose_secret()) {
                bail!(
                    "SECRET_KEY is too weak for production: use at least 32 random bytes, \
                     e.g. `openssl rand -base64 48`"
                );
            }
            if matches!(self.mail.transport, MailTransport::Files(_)) {
                bail!(
                    "SMTP_HOST is not set: production needs a mail server (without one, codes \
                     and links would be written to disk)"
                );
            }
        }
        Ok(())
    }
}

fn google_settings(vars: &Vars, public_url: &Url) -> anyhow::Result<Option<GoogleSettings>> {
    let (Some(client_id), Some(client_secret)) = (
        vars.get("GOOGLE_CLIENT_ID"),
        vars.get("GOOGLE_CLIENT_SECRET"),
    ) else {
        return Ok(None);
    };
    let discovery_url = vars
        .get("GOOGLE_DISCOVERY_URL")
        .unwrap_or_else(|| "https://accounts.google.com/.well-known/openid-configuration".into());
    let redirect_url = match vars.get("GOOGLE_REDIRECT_URL") {
        Some(url) => Url::parse(&url).context("GOOGLE_REDIRECT_URL is not a valid URL")?,
        None => public_url.join("/auth/google/callback")?,
    };
    Ok(Some(GoogleSettings {
        client_id,
        client_secret: SecretString::from(client_secret),
        discovery_url: Url::parse(&discovery_url)
            .context("GOOGLE_DISCOVERY_URL is not a valid URL")?,
        redirect_url,
        extra_audiences: vars
            .get("GOOGLE_EXTRA_AUDIENCES")
            .map(|list| {
                list.split(',')
                    .map(|a| a.trim().to_string())
                    .filter(|a| !a.is_empty())
                    .collect()
            })
            .unwrap_or_default(),
    }))
}

fn mail_settings(vars: &Vars, data_dir: &std::path::Path) -> anyhow::Result<MailSettings> {
    let transport = match vars.get("SMTP_HOST") {
        Some(host) => {
            let tls = match vars.get("SMTP_TLS").as_deref() {
                None | Some("starttls") => SmtpTls::StartTls,
                Some("tls") => SmtpTls::Tls,
                Some("none") => SmtpTls::None,
                Some(other) => bail!("SMTP_TLS must be `none`, `starttls` or `tls`, not `{other}`"),
            };
            let default_port = match tls {
                SmtpTls::None => 25,
                SmtpTls::StartTls => 587,
                SmtpTls::Tls => 465,
            };
            MailTransport::Smtp(SmtpSettings {
                host,
                port: vars.parse("SMTP_PORT", default_port)?,
                tls,
                username: vars.get("SMTP_USERNAME"),
                password: vars.get("SMTP_PASSWORD").map(SecretString::from),
            })
        }
        None => MailTransport::Files(data_dir.join("mail")),
    };
    Ok(MailSettings {
        transport,
        from: vars
            .get("MAIL_FROM")
            .unwrap_or_else(|| "Portcullis <no-reply@localhost>".into()),
        max_attempts: vars.parse("MAIL_MAX_ATTEMPTS", 5)?,
        retry_base: Duration::from_secs(vars.parse("MAIL_RETRY_BASE_SECONDS", 240)?),
        poll_interval: Duration::from_secs(vars.parse("MAIL_POLL_SECONDS", 5)?),
    })
}

/// Where settings come from: the environment, or a test's own table.
struct Vars<'a>(&'a dyn Fn(&str) -> Option<String>);

impl Vars<'_> {
    /// Blank counts as unset.
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name).filter(|value| !value.trim().is_empty())
    }

    fn parse<T: std::str::FromStr>(&self, name: &str, default: T) -> anyhow::Result<T> {
        match self.get(name) {
            Some(value) => value
                .trim()
                .parse()
                .map_err(|_| anyhow::anyhow!("{name} has an invalid value")),
            None => Ok(default),
        }
    }

    fn hours(&self, name: &str, default: u64) -> anyhow::Result<Duration> {
        Ok(Duration::from_secs(3600 * self.parse(name, default)?))
    }
}

/// At least 32 characters with enough variety to rule out placeholders
/// such as `changeme…` or a repeated character.
fn is_strong_secret(secret: &str) -> bool {
    let distinct = secret
        .chars()
        .collect::<std::collections::HashSet<_>>()
        .len();
    let lower = secret.to_ascii_lowercase();
    let placeholder = ["changeme", "change-me", "secret", "password", "example"]
        .iter()
        .any(|word| lower.contains(word));
    secret.len() >= 32 && distinct >= 16 && !placeholder
}

/// Development keeps a generated secret under the data directory, so that
/// restarts keep working without any configuration.
fn development_secret(path: &std::path::Path) -> anyhow::Result<SecretString> {
    if let Ok(existing) = std::fs::read_to_string(path) {
        let existing = existing.trim();
        if !existing.is_empty() {
            return Ok(SecretString::from(existing.to_string()));
        }
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("cannot create the data directory {}", parent.display()))?;
    }
    let mut bytes = [0u8; 48];
    rand::thread_rng().fill_bytes(&mut bytes);
    let secret = URL_SAFE_NO_PAD.encode(bytes);
    write_private_file(path, &secret)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(SecretString::from(secret))
}

fn write_private_file(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::is_strong_secret;

    #[test]
    fn placeholders_and_short_secrets_are_weak() {
        assert!(!is_strong_secret("short"));
        assert!(!is_strong_secret(&"a".repeat(64)));
        assert!(!is_strong_secret(
            "changeme-changeme-changeme-changeme-1234"
        ));
        assert!(is_strong_secret("q3V9x-LmT2pZ8rKw7YbN4cHs6dFj1gAe0uRoXiEv"));
    }
}
