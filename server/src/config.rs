//! Typed settings, read from environment variables (see `.env.example`).

use anyhow::Context;
use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use rand::RngCore;
use secrecy::{ExposeSecret, SecretString};
use std::{cell::RefCell, net::SocketAddr, path::PathBuf, time::Duration};
use url::Url;

use crate::{
    http::client_address::TrustedProxies,
    storage::{Backend, postgres_url},
};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub environment: Environment,
    /// `sqlite://…` or `postgres://…`; a secret, as it may hold a password.
    pub database_url: SecretString,
    /// Lets production reach a Postgres on another host without TLS (a
    /// private network the operator vouches for).
    pub database_allow_plaintext: bool,
    pub listen_addr: SocketAddr,
    /// Where Prometheus metrics are served; `None`: nowhere. Never the
    /// public listener.
    pub metrics_addr: Option<SocketAddr>,
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
    pub readiness: ReadinessSettings,
    pub mail: MailSettings,
    /// Sign in with Google: off unless a client id and secret are set.
    pub google: Option<GoogleSettings>,
    pub site: SiteSettings,
    /// The language of a visitor whose browser asks for none we speak
    /// (`DEFAULT_LANGUAGE`: `en` or `de`).
    pub default_language: app::i18n::Language,
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

/// What `GET /health/ready` holds the instance to.
#[derive(Clone, Debug)]
pub struct ReadinessSettings {
    /// A message due this long ago and still not sent means delivery is stuck.
    pub outbox_stuck_after: Duration,
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

    /// The settings from the environment, and every variable's value in
    /// effect (the default where it is unset), secrets masked: what
    /// `portcullis check-config` prints.
    pub fn described_from_env() -> anyhow::Result<(Self, Vec<(String, String)>)> {
        Self::read(&|name| std::env::var(name).ok())
    }

    /// The settings the variables `lookup` knows describe, with the documented
    /// default for every variable it does not (tests start from these too).
    /// Every invalid variable is named in the one error, with why.
    pub fn from_vars(lookup: impl Fn(&str) -> Option<String>) -> anyhow::Result<Self> {
        Self::read(&lookup).map(|(settings, _)| settings)
    }

    fn read(
        lookup: &dyn Fn(&str) -> Option<String>,
    ) -> anyhow::Result<(Self, Vec<(String, String)>)> {
        let vars = Vars::new(lookup);
        let environment = match vars.text("PORTCULLIS_ENV", "development").as_str() {
            "development" | "dev" => Environment::Development,
            "production" | "prod" => Environment::Production,
            other => {
                vars.problem(format!(
                    "PORTCULLIS_ENV must be `development` or `production`, not `{other}`"
                ));
                Environment::Production
            }
        };
        let data_dir = PathBuf::from(vars.text("DATA_DIR", "data"));
        let database_url = vars
            .secret("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}/portcullis.db", data_dir.display()));
        // A URL is more use shown than hidden: only its password is.
        vars.show("DATABASE_URL", masked_database_url(&database_url));
        let listen_addr = vars.parse("LEPTOS_SITE_ADDR", ([127, 0, 0, 1], 3000).into());
        let metrics_addr = vars.parse_some::<SocketAddr>("METRICS_ADDR");
        if metrics_addr.is_none() {
            vars.show("METRICS_ADDR", "(off)");
        }
        let public_url = public_url(&vars);
        let secret_key = match vars.secret("SECRET_KEY") {
            Some(key) => SecretString::from(key),
            None if environment == Environment::Development => {
                let path = data_dir.join("secret.key");
                vars.show(
                    "SECRET_KEY",
                    format!("(generated, kept in {})", path.display()),
                );
                match development_secret(&path) {
                    Ok(secret) => secret,
                    Err(error) => {
                        vars.problem(format!("SECRET_KEY is not set and {error:#}"));
                        SecretString::from(String::new())
                    }
                }
            }
            None => {
                vars.problem(
                    "SECRET_KEY must be set in production (at least 32 random bytes), \
                     or SECRET_KEY_FILE name a file holding it",
                );
                SecretString::from(String::new())
            }
        };
        let mail = mail_settings(&vars, &data_dir);
        let mut trusted_proxies = match TrustedProxies::parse(&vars.text("TRUSTED_PROXIES", "")) {
            Ok(proxies) => proxies,
            Err(problem) => {
                vars.problem(format!("TRUSTED_PROXIES: {problem}"));
                TrustedProxies::default()
            }
        };
        let deprecated_trust_proxy_headers = vars.parse("TRUST_PROXY_HEADERS", false);
        if deprecated_trust_proxy_headers {
            trusted_proxies.extend(TrustedProxies::loopback());
        }
        let google = google_settings(&vars, &public_url);
        let settings = Settings {
            environment,
            database_url: SecretString::from(database_url),
            database_allow_plaintext: vars.parse("DATABASE_ALLOW_PLAINTEXT", false),
            listen_addr,
            metrics_addr,
            public_url,
            data_dir,
            cors_allowed_origins: vars
                .text("CORS_ALLOWED_ORIGINS", "")
                .split(',')
                .map(|origin| origin.trim().trim_end_matches('/').to_string())
                .filter(|origin| !origin.is_empty())
                .collect(),
            trusted_proxies,
            deprecated_trust_proxy_headers,
            request_timeout: Duration::from_secs(vars.parse("REQUEST_TIMEOUT_SECONDS", 30)),
            header_read_timeout: Duration::from_secs(vars.parse("HEADER_READ_TIMEOUT_SECONDS", 10)),
            max_connections: vars.parse("MAX_CONNECTIONS", 1024),
            secret_key,
            session: SessionSettings {
                idle_timeout: vars.hours("SESSION_IDLE_TIMEOUT_HOURS", 7 * 24),
                absolute_lifetime: vars.hours("SESSION_ABSOLUTE_LIFETIME_HOURS", 30 * 24),
                recent_authentication: Duration::from_secs(
                    60 * vars.parse::<u64>("RECENT_AUTHENTICATION_MINUTES", 10),
                ),
            },
            accounts: AccountSettings {
                deletion_grace: Duration::from_secs(
                    24 * 3600 * vars.parse::<u64>("ACCOUNT_DELETION_GRACE_DAYS", 14),
                ),
                cleanup_interval: Duration::from_secs(vars.parse("CLEANUP_INTERVAL_SECONDS", 3600)),
                audit_retention: Duration::from_secs(
                    24 * 3600 * vars.parse::<u64>("AUDIT_RETENTION_DAYS", 365),
                ),
                mfa_required_for_admins: vars.parse(
                    "MFA_REQUIRED_FOR_ADMINS",
                    environment == Environment::Production,
                ),
            },
            lockout: LockoutSettings {
                max_failed_attempts: vars.parse("LOCKOUT_MAX_ATTEMPTS", 5),
                lock_duration: Duration::from_secs(60 * vars.parse::<u64>("LOCKOUT_MINUTES", 15)),
            },
            password_hashing: PasswordHashingSettings {
                memory_kib: vars.parse("ARGON2_MEMORY_KIB", 19_456),
                iterations: vars.parse("ARGON2_ITERATIONS", 2),
                parallelism: vars.parse("ARGON2_PARALLELISM", 1),
                max_concurrent: vars.parse(
                    "ARGON2_MAX_CONCURRENT",
                    std::thread::available_parallelism().map_or(2, usize::from),
                ),
            },
            password_policy: PasswordPolicy {
                min_length: vars.parse("PASSWORD_MIN_LENGTH", 8),
                max_length: vars.parse("PASSWORD_MAX_LENGTH", 128),
                require_character_classes: vars.parse("PASSWORD_REQUIRE_CHARACTER_CLASSES", true),
                min_strength: vars.parse("PASSWORD_MIN_STRENGTH", 3),
            },
            tokens: TokenSettings {
                access_ttl: Duration::from_secs(vars.parse("ACCESS_TOKEN_TTL_SECONDS", 900)),
                refresh_lifetime: vars.hours("REFRESH_TOKEN_LIFETIME_HOURS", 7 * 24),
                audience: vars.text("JWT_AUDIENCE", "portcullis"),
            },
            rate_limit: RateLimitSettings {
                auth_requests_per_minute: vars.parse("AUTH_RATE_LIMIT_PER_MINUTE", 30),
                mail_per_address_per_day: vars.parse("MAIL_PER_ADDRESS_PER_DAY", 10),
            },
            readiness: ReadinessSettings {
                outbox_stuck_after: Duration::from_secs(
                    60 * vars.parse::<u64>("READY_OUTBOX_STUCK_MINUTES", 15),
                ),
            },
            mail,
            google,
            default_language: vars.parse("DEFAULT_LANGUAGE", app::i18n::Language::En),
            site: SiteSettings {
                root: PathBuf::from(vars.text(
                    "LEPTOS_SITE_ROOT",
                    &default_site_root().display().to_string(),
                )),
                pkg_dir: vars.text("LEPTOS_SITE_PKG_DIR", "pkg"),
                output_name: vars.text("LEPTOS_OUTPUT_NAME", "portcullis"),
            },
        };
        let (mut problems, shown) = vars.finish();
        // The rules on the settings as a whole, unless PORTCULLIS_ENV itself
        // is wrong; a variable already named stands in with its default and
        // is not named again.
        if !problems
            .iter()
            .any(|problem| problem.starts_with("PORTCULLIS_ENV"))
        {
            let named: Vec<String> = problems.iter().map(|p| variable_of(p)).collect();
            problems.extend(settings.problems().into_iter().filter(|problem| {
                let variable = variable_of(problem);
                variable.is_empty() || !named.iter().any(|named| named.starts_with(&variable))
            }));
        }
        if !problems.is_empty() {
            return Err(InvalidSettings(problems).into());
        }
        Ok((settings, shown))
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

    /// What is wrong with DATABASE_URL: not a URL either backend takes, or
    /// a Postgres on another host reached without TLS (`disable`, `allow`
    /// and `prefer`, sqlx's default as libpq's, all may send the password
    /// and every row in plain text), which production refuses unless
    /// `DATABASE_ALLOW_PLAINTEXT=true`.
    fn database_url_problem(&self) -> Option<String> {
        use sqlx::postgres::{PgConnectOptions, PgSslMode};
        let url = self.database_url.expose_secret();
        match Backend::of(url) {
            Ok(Backend::Postgres) => {}
            Ok(Backend::Sqlite) => return None,
            Err(error) => return Some(error.to_string()),
        }
        // Judged as it will connect (`sslrootcert=system` implies verify-full).
        let effective = postgres_url(url);
        if url_has(url, "sslrootcert", "system") && !url_has(&effective, "sslmode", "verify-full") {
            return Some(
                "DATABASE_URL: sslrootcert=system needs sslmode=verify-full (as in libpq): \
                 a weaker mode would not check the certificate it names"
                    .to_string(),
            );
        }
        let options = match effective.parse::<PgConnectOptions>() {
            Ok(options) => options,
            // Not the password: the parser's message never quotes the URL.
            Err(error) => {
                return Some(format!(
                    "DATABASE_URL is not a valid Postgres URL ({error})"
                ));
            }
        };
        let plaintext_possible = matches!(
            options.get_ssl_mode(),
            PgSslMode::Disable | PgSslMode::Allow | PgSslMode::Prefer
        );
        let local = options.get_socket().is_some() || is_loopback_host(options.get_host());
        (self.environment == Environment::Production
            && plaintext_possible
            && !local
            && !self.database_allow_plaintext)
            .then(|| {
                format!(
                    "DATABASE_URL reaches {} without requiring TLS (sslmode=disable, allow or \
                     prefer, the default, may fall back to plain text): add \
                     `sslmode=verify-full` (or `require`), or set DATABASE_ALLOW_PLAINTEXT=true \
                     on a network you trust",
                    options.get_host()
                )
            })
    }

    /// What makes these settings unsafe or impossible to run with, one
    /// line per variable.
    fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let mut refuse = |problem: &str| problems.push(problem.to_string());
        if self.password_policy.min_length > self.password_policy.max_length {
            refuse("PASSWORD_MIN_LENGTH is larger than PASSWORD_MAX_LENGTH");
        }
        if self.password_policy.min_strength > 4 {
            refuse("PASSWORD_MIN_STRENGTH is a zxcvbn score from 0 to 4");
        }
        if self.tokens.access_ttl.as_secs() < 1 || self.tokens.refresh_lifetime.as_secs() < 1 {
            refuse("ACCESS_TOKEN_TTL_SECONDS and REFRESH_TOKEN_LIFETIME_HOURS must be positive");
        }
        if self.mail.from.parse::<lettre::message::Mailbox>().is_err() {
            refuse("MAIL_FROM must be an address, e.g. `Portcullis <no-reply@example.com>`");
        }
        if self.mail.max_attempts < 1 {
            refuse("MAIL_MAX_ATTEMPTS must be at least 1");
        }
        if self.accounts.audit_retention.is_zero() {
            refuse("AUDIT_RETENTION_DAYS must be at least 1");
        }
        if self.request_timeout.is_zero() {
            refuse("REQUEST_TIMEOUT_SECONDS must be at least 1");
        }
        if self.header_read_timeout.is_zero() {
            refuse("HEADER_READ_TIMEOUT_SECONDS must be at least 1");
        }
        if self.max_connections < 1 {
            refuse("MAX_CONNECTIONS must be at least 1");
        }
        if self.rate_limit.auth_requests_per_minute < 1 {
            refuse("AUTH_RATE_LIMIT_PER_MINUTE must be at least 1");
        }
        if self.rate_limit.mail_per_address_per_day < 1 {
            refuse("MAIL_PER_ADDRESS_PER_DAY must be at least 1");
        }
        if self.lockout.max_failed_attempts < 1 {
            refuse("LOCKOUT_MAX_ATTEMPTS must be at least 1");
        }
        if self.environment == Environment::Production {
            if !self.is_https() {
                refuse("PUBLIC_URL must use https in production");
            }
            if !is_strong_secret(self.secret_key.expose_secret()) {
                refuse(
                    "SECRET_KEY is too weak for production: use at least 32 random bytes, \
                     e.g. `openssl rand -base64 48`",
                );
            }
            if matches!(self.mail.transport, MailTransport::Files(_)) {
                refuse(
                    "SMTP_HOST is not set: production needs a mail server (without one, codes \
                     and links would be written to disk)",
                );
            }
        }
        if let Some(problem) = self.database_url_problem() {
            refuse(&problem);
        }
        problems
    }
}

fn public_url(vars: &Vars) -> Url {
    let fallback = || Url::parse("http://localhost:3000").expect("a valid URL");
    let Some(text) = vars.optional("PUBLIC_URL") else {
        vars.show("PUBLIC_URL", "http://localhost:3000");
        return fallback();
    };
    let url = match Url::parse(&text) {
        Ok(url) if matches!(url.scheme(), "http" | "https") && url.has_host() => url,
        Ok(_) => {
            vars.problem(
                "PUBLIC_URL must be an http or https URL, e.g. `https://auth.example.com`",
            );
            return fallback();
        }
        Err(error) => {
            vars.problem(format!("PUBLIC_URL is not a valid URL ({error})"));
            return fallback();
        }
    };
    // Routes, cookies (`__Host-`, Path=/) and the token issuer all assume the
    // portal owns the whole origin.
    if url.path() != "/" || url.query().is_some() || url.fragment().is_some() {
        vars.problem(
            "PUBLIC_URL must be an origin without a path, query or fragment \
             (e.g. `https://auth.example.com`): Portcullis serves from the root of its host",
        );
    }
    if !url.username().is_empty() || url.password().is_some() {
        vars.problem("PUBLIC_URL must not contain a user name or password");
    }
    url
}

fn google_settings(vars: &Vars, public_url: &Url) -> Option<GoogleSettings> {
    let client_id = vars.optional("GOOGLE_CLIENT_ID");
    let client_secret = vars.secret("GOOGLE_CLIENT_SECRET");
    let (client_id, client_secret) = match (client_id, client_secret) {
        (Some(id), Some(secret)) => (id, secret),
        (None, None) => return None,
        (Some(_), None) => {
            vars.problem("GOOGLE_CLIENT_ID is set but GOOGLE_CLIENT_SECRET is not");
            return None;
        }
        (None, Some(_)) => {
            vars.problem("GOOGLE_CLIENT_SECRET is set but GOOGLE_CLIENT_ID is not");
            return None;
        }
    };
    let discovery_url = vars.url(
        "GOOGLE_DISCOVERY_URL",
        "https://accounts.google.com/.well-known/openid-configuration",
    );
    let default_redirect = public_url
        .join("/auth/google/callback")
        .map(|url| url.to_string())
        .unwrap_or_default();
    let redirect_url = vars.url("GOOGLE_REDIRECT_URL", &default_redirect);
    Some(GoogleSettings {
        client_id,
        client_secret: SecretString::from(client_secret),
        discovery_url: discovery_url?,
        redirect_url: redirect_url?,
        extra_audiences: vars
            .text("GOOGLE_EXTRA_AUDIENCES", "")
            .split(',')
            .map(|a| a.trim().to_string())
            .filter(|a| !a.is_empty())
            .collect(),
    })
}

fn mail_settings(vars: &Vars, data_dir: &std::path::Path) -> MailSettings {
    let transport = match vars.optional("SMTP_HOST") {
        Some(host) => {
            let tls = match vars.text("SMTP_TLS", "starttls").as_str() {
                "starttls" => SmtpTls::StartTls,
                "tls" => SmtpTls::Tls,
                "none" => SmtpTls::None,
                other => {
                    vars.problem(format!(
                        "SMTP_TLS must be `none`, `starttls` or `tls`, not `{other}`"
                    ));
                    SmtpTls::StartTls
                }
            };
            let default_port = match tls {
                SmtpTls::None => 25,
                SmtpTls::StartTls => 587,
                SmtpTls::Tls => 465,
            };
            MailTransport::Smtp(SmtpSettings {
                host,
                port: vars.parse("SMTP_PORT", default_port),
                tls,
                username: vars.optional("SMTP_USERNAME"),
                password: vars.secret("SMTP_PASSWORD").map(SecretString::from),
            })
        }
        None => {
            let folder = data_dir.join("mail");
            vars.show(
                "SMTP_HOST",
                format!("(not set: mail is written to {})", folder.display()),
            );
            MailTransport::Files(folder)
        }
    };
    MailSettings {
        transport,
        from: vars.text("MAIL_FROM", "Portcullis <no-reply@localhost>"),
        max_attempts: vars.parse("MAIL_MAX_ATTEMPTS", 5),
        retry_base: Duration::from_secs(vars.parse("MAIL_RETRY_BASE_SECONDS", 240)),
        poll_interval: Duration::from_secs(vars.parse("MAIL_POLL_SECONDS", 5)),
    }
}

/// The variables that were set but could not be used, each with why.
#[derive(Debug)]
pub struct InvalidSettings(pub Vec<String>);

impl std::fmt::Display for InvalidSettings {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "the configuration is invalid:")?;
        for problem in &self.0 {
            write!(f, "\n  - {problem}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InvalidSettings {}

/// Where settings come from (the environment, or a test's own table), and
/// what was wrong with them: every variable is read, so that one run names
/// every problem.
struct Vars<'a> {
    lookup: &'a dyn Fn(&str) -> Option<String>,
    problems: RefCell<Vec<String>>,
    /// Each variable read and the value in effect, secrets masked.
    shown: RefCell<Vec<(String, String)>>,
}

impl<'a> Vars<'a> {
    fn new(lookup: &'a dyn Fn(&str) -> Option<String>) -> Self {
        Self {
            lookup,
            problems: RefCell::default(),
            shown: RefCell::default(),
        }
    }

    fn problem(&self, problem: impl Into<String>) {
        self.problems.borrow_mut().push(problem.into());
    }

    /// Records `value` as what `name` stands at, replacing an earlier record.
    fn show(&self, name: &str, value: impl Into<String>) {
        let mut shown = self.shown.borrow_mut();
        let value = value.into();
        match shown.iter_mut().find(|(existing, _)| existing == name) {
            Some(entry) => entry.1 = value,
            None => shown.push((name.to_string(), value)),
        }
    }

    /// The problems found, and what each variable stands at.
    fn finish(self) -> (Vec<String>, Vec<(String, String)>) {
        (self.problems.into_inner(), self.shown.into_inner())
    }

    /// Blank counts as unset.
    fn get(&self, name: &str) -> Option<String> {
        (self.lookup)(name).filter(|value| !value.trim().is_empty())
    }

    fn optional(&self, name: &str) -> Option<String> {
        let value = self.get(name);
        self.show(name, value.clone().unwrap_or_else(|| "(not set)".into()));
        value
    }

    fn text(&self, name: &str, default: &str) -> String {
        let value = self.get(name).unwrap_or_else(|| default.to_string());
        self.show(
            name,
            if value.is_empty() {
                "(none)"
            } else {
                value.as_str()
            },
        );
        value
    }

    /// A secret: from `NAME`, or read from the file `NAME_FILE` names (as
    /// Docker and systemd credentials provide them), without its final
    /// line break.
    fn secret(&self, name: &str) -> Option<String> {
        let value = self.read_secret(name);
        self.show(
            name,
            match (&value, self.get(&format!("{name}_FILE"))) {
                (None, _) => "(not set)".to_string(),
                (Some(_), Some(path)) => format!("(set, hidden; read from {path})"),
                (Some(_), None) => "(set, hidden)".to_string(),
            },
        );
        value
    }

    fn read_secret(&self, name: &str) -> Option<String> {
        let file_variable = format!("{name}_FILE");
        match (self.get(name), self.get(&file_variable)) {
            (Some(_), Some(_)) => {
                self.problem(format!("{name} and {file_variable} are both set: set one"));
                None
            }
            (Some(value), None) => Some(value),
            (None, Some(path)) => match std::fs::read_to_string(&path) {
                Ok(contents) => {
                    let value = contents.trim_end_matches(['\r', '\n']).to_string();
                    if value.trim().is_empty() {
                        self.problem(format!("{file_variable}: the file {path} is empty"));
                        return None;
                    }
                    Some(value)
                }
                Err(error) => {
                    self.problem(format!("{file_variable}: cannot read {path} ({error})"));
                    None
                }
            },
            (None, None) => None,
        }
    }

    fn parse<T>(&self, name: &str, default: T) -> T
    where
        T: std::str::FromStr + std::fmt::Display,
        T::Err: std::fmt::Display,
    {
        let value = self.parse_some(name).unwrap_or(default);
        self.show(name, value.to_string());
        value
    }

    /// The variable's value if it is set and valid; a problem if it is set
    /// and invalid.
    fn parse_some<T>(&self, name: &str) -> Option<T>
    where
        T: std::str::FromStr + std::fmt::Display,
        T::Err: std::fmt::Display,
    {
        let value = self.get(name)?;
        match value.trim().parse::<T>() {
            Ok(parsed) => {
                self.show(name, parsed.to_string());
                Some(parsed)
            }
            Err(error) => {
                self.problem(format!("{name} has an invalid value `{value}` ({error})"));
                None
            }
        }
    }

    fn hours(&self, name: &str, default: u64) -> Duration {
        Duration::from_secs(3600 * self.parse(name, default))
    }

    fn url(&self, name: &str, default: &str) -> Option<Url> {
        let text = self.text(name, default);
        match Url::parse(&text) {
            Ok(url) => Some(url),
            Err(error) => {
                self.problem(format!("{name} is not a valid URL ({error})"));
                None
            }
        }
    }
}
/// The release bundle keeps the compiled site beside the binary, so an
/// unpacked bundle serves its pages with no setting; a build tree has it
/// under `target/site`.
fn default_site_root() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|folder| folder.join("site")))
        .filter(|site| site.join("pkg").is_dir())
        .unwrap_or_else(|| PathBuf::from("target/site"))
}

/// The variable a problem names first (`SECRET_KEY_FILE: …` → `SECRET_KEY_FILE`).
fn variable_of(problem: &str) -> String {
    problem
        .split(|c: char| !(c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_'))
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Whether `url`'s query sets `key` to `value`.
fn url_has(url: &str, key: &str, value: &str) -> bool {
    Url::parse(url).is_ok_and(|url| url.query_pairs().any(|(k, v)| k == key && v == value))
}

fn is_loopback_host(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|address| address.is_loopback())
}

/// The URL with its password (in the user part or the query) replaced, for printing.
fn masked_database_url(url: &str) -> String {
    let Ok(mut parsed) = Url::parse(url) else {
        return "(not a valid URL)".to_string();
    };
    if parsed.password().is_some() {
        let _ = parsed.set_password(Some("****"));
    }
    if parsed.query().is_some() {
        let pairs: Vec<(String, String)> = parsed
            .query_pairs()
            .map(|(key, value)| {
                let value = if key == "password" {
                    "****".into()
                } else {
                    value.into_owned()
                };
                (key.into_owned(), value)
            })
            .collect();
        parsed.query_pairs_mut().clear().extend_pairs(pairs);
    }
    parsed.to_string()
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
