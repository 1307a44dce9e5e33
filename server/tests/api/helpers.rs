//! `spawn_app()`: a real server on port 0 with its own database, and a
//! cookie-keeping client that does not follow redirects.
//!
//! The backend is SQLite unless `PORTCULLIS_TEST_BACKEND=postgres`, in which
//! case every test gets a fresh database on the server at `TEST_POSTGRES_URL`.

use crate::mail_sink::MailSink;
use app::clock::Clock;
use portcullis::{
    config::{MailTransport, Settings, SmtpSettings, SmtpTls},
    startup::Application,
    storage::Db,
};
use reqwest::{Response, header};
use std::{path::PathBuf, time::Duration};

pub const STRONG_PASSWORD: &str = "Tangerine-Orbit-42!";
pub const TEST_SECRET_KEY: &str = "test-secret-key-with-enough-variety-0123456789";

#[derive(Debug)]
pub struct AuditRow {
    pub user_id: Option<String>,
    pub action: String,
    pub success: bool,
    pub reason: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
}

pub struct TestApp {
    /// Where the tests send requests: always 127.0.0.1.
    pub address: String,
    /// The app's public URL (`PUBLIC_URL`), which its pages' `Origin` is:
    /// the address, unless the test named a host (`spawn_app_named`).
    pub origin: String,
    /// Where metrics are served, when the test set `metrics_addr`.
    pub metrics_address: Option<String>,
    /// Where the app looks for the compiled front end (`/pkg/...`).
    pub pkg_dir: PathBuf,
    pub client: reqwest::Client,
    pub db: Db,
    pub database_url: String,
    /// The SMTP server this app delivers to.
    pub mail: MailSink,
    /// The app's clock: tests of expiry move it forward instead of sleeping.
    pub clock: Clock,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    stopped: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
    _database: TestDatabase,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

pub async fn spawn_app_with(configure: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create().await;
    spawn_app_on(database, "127.0.0.1", configure).await
}

/// An app whose public URL is `http://{host}:{port}`: passkeys need a
/// domain name (`localhost`, or a name under it, which also resolves to
/// this machine), never an IP address.
pub async fn spawn_app_named(host: &str, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::create().await;
    spawn_app_on(database, host, configure).await
}

/// A second app on the same database, e.g. with other settings.
pub async fn spawn_app_sharing(other: &TestApp, configure: impl FnOnce(&mut Settings)) -> TestApp {
    let database = TestDatabase::shared(other.database_url.clone());
    spawn_app_on(database, "127.0.0.1", configure).await
}

async fn spawn_app_on(
    database: TestDatabase,
    host: &str,
    configure: impl FnOnce(&mut Settings),
) -> TestApp {
    // `TEST_LOG=1` shows the apps' logs (RUST_LOG filters them).
    if std::env::var_os("TEST_LOG").is_some() {
        portcullis::telemetry::init();
    }
    let mail = MailSink::start().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let address = format!("http://127.0.0.1:{port}");
    let origin = format!("http://{host}:{port}");
    let mut settings = test_settings(&database, &origin, mail.port);
    settings.listen_addr = listener.local_addr().unwrap();
    configure(&mut settings);
    let clock = Clock::system();
    let application = Application::build_with_listener(settings, listener, clock.clone())
        .await
        .expect("the app starts");
    let db = application.db().clone();
    let metrics_address = application
        .metrics_port()
        .map(|port| format!("http://127.0.0.1:{port}"));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let stopped = tokio::spawn(application.run_until(async {
        let _ = stopped.await;
    }));
    TestApp {
        mail,
        stop: Some(stop),
        stopped: Some(stopped),
        pkg_dir: database.data_dir.join("site/pkg"),
        client: client(),
        address,
        origin,
        metrics_address,
        db,
        database_url: database.url.clone(),
        clock,
        _database: database,
    }
}

/// The production defaults, with only what a test run needs changed.
fn test_settings(database: &TestDatabase, address: &str, smtp_port: u16) -> Settings {
    let data_dir = database.data_dir.display().to_string();
    let smtp_port = smtp_port.to_string();
    let site_root = database.data_dir.join("site").display().to_string();
    let vars = [
        ("DATABASE_URL", database.url.as_str()),
        ("DATA_DIR", data_dir.as_str()),
        ("PUBLIC_URL", address),
        ("SECRET_KEY", TEST_SECRET_KEY),
        ("CORS_ALLOWED_ORIGINS", "https://app.example"),
        ("SMTP_HOST", "127.0.0.1"),
        ("SMTP_PORT", smtp_port.as_str()),
        ("SMTP_TLS", "none"),
        ("MAIL_FROM", "Portcullis <no-reply@portcullis.test>"),
        // Failed deliveries are retried after a second, and looked for often.
        ("MAIL_RETRY_BASE_SECONDS", "1"),
        ("LEPTOS_SITE_ROOT", site_root.as_str()),
        // Cheap hashing keeps the suite fast; the production parameters are
        // exercised by the hash-upgrade test.
        ("ARGON2_MEMORY_KIB", "1024"),
        ("ARGON2_ITERATIONS", "1"),
        ("ARGON2_MAX_CONCURRENT", "2"),
        // Every test client comes from 127.0.0.1; the limit has its own test.
        ("AUTH_RATE_LIMIT_PER_MINUTE", "10000"),
    ];
    let mut settings = Settings::from_vars(|name| {
        vars.iter()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value.to_string())
    })
    .expect("the test settings are valid");
    settings.mail.poll_interval = Duration::from_millis(200);
    settings
}

pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        // A stuck request fails its test with a message instead of stalling the run.
        .timeout(Duration::from_secs(30))
        .build()
        .unwrap()
}

/// Plain SMTP to a server on this machine.
pub fn smtp_on(port: u16) -> MailTransport {
    MailTransport::Smtp(SmtpSettings {
        host: "127.0.0.1".into(),
        port,
        tls: SmtpTls::None,
        username: None,
        password: None,
    })
}

/// A port nothing listens on (for now).
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl TestApp {
    /// Stops the server as SIGTERM would: its background workers end with it.
    pub async fn stop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(stopped) = self.stopped.take() {
            let _ = stopped.await;
        }
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// A server-function call as the hydrated page makes it.
    pub async fn call(&self, endpoint: &str, form: &[(&str, &str)]) -> Response {
        self.call_with(&self.client, endpoint, form).await
    }

    pub async fn call_with(
        &self,
        client: &reqwest::Client,
        endpoint: &str,
        form: &[(&str, &str)],
    ) -> Response {
        client
            .post(self.url(&format!("/rpc/{endpoint}")))
            .header(header::ORIGIN, &self.origin)
            .header(header::USER_AGENT, "portcullis-tests/1.0")
            .form(form)
            .send()
            .await
            .unwrap()
    }

    pub async fn sign_up(&self, email: &str, password: &str) -> Response {
        self.call(
            "auth/sign-up",
            &[
                ("email", email),
                ("password", password),
                ("first_name", "Ada"),
                ("last_name", "Lovelace"),
            ],
        )
        .await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Response {
        self.call("auth/sign-in", &[("email", email), ("password", password)])
            .await
    }

    /// Creates an account and leaves this client signed out.
    pub async fn create_account(&self, email: &str) {
        let response = self.sign_up(email, STRONG_PASSWORD).await;
        assert_eq!(
            response.status(),
            200,
            "sign-up failed: {}",
            response.text().await.unwrap()
        );
        let response = self.call("auth/sign-out", &[]).await;
        assert_eq!(response.status(), 200);
    }

    /// Waits until every queued message was delivered (or given up on), so
    /// that what the SMTP sink holds is all there will be.
    pub async fn wait_for_outbox_drained(&self) {
        use sqlx::Row;
        for _ in 0..200 {
            let pending: i64 =
                sqlx::query("SELECT COUNT(*) AS n FROM email_outbox WHERE status = 'pending'")
                    .fetch_one(&self.db.pool)
                    .await
                    .unwrap()
                    .get("n");
            if pending == 0 {
                return;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("the outbox still has pending messages after 10 s");
    }

    /// The profile page as a browser asks for it.
    pub async fn get_page(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .header(header::ACCEPT, "text/html")
            .send()
            .await
            .unwrap()
    }

    pub async fn audit_log(&self) -> Vec<AuditRow> {
        use sqlx::Row;
        sqlx::query(
            "SELECT user_id, action, success, reason, ip, user_agent FROM audit_log ORDER BY id",
        )
        .fetch_all(&self.db.pool)
        .await
        .unwrap()
        .iter()
        .map(|row| AuditRow {
            user_id: row.try_get("user_id").unwrap(),
            action: row.try_get("action").unwrap(),
            success: row.get::<portcullis::storage::Flag, _>("success").into(),
            reason: row.try_get("reason").unwrap(),
            ip: row.try_get("ip").unwrap(),
            user_agent: row.try_get("user_agent").unwrap(),
        })
        .collect()
    }

    /// What `portcullis admin promote` does.
    /// The owner verified the address (a test's set-up: an account whose
    /// owner is not in doubt, so a first proof of the address changes
    /// nothing).
    pub async fn mark_verified(&self, email: &str) {
        sqlx::query("UPDATE users SET email_verified = TRUE WHERE email = $1")
            .bind(email)
            .execute(&self.db.pool)
            .await
            .unwrap();
    }

    pub async fn make_admin(&self, email: &str) -> String {
        use sqlx::Row;
        sqlx::query("UPDATE users SET role = 'admin' WHERE email = $1")
            .bind(email)
            .execute(&self.db.pool)
            .await
            .unwrap();
        sqlx::query("SELECT id FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap()
    }

    /// What an administrator does from the admin panel.
    pub async fn deactivate(&self, email: &str) {
        sqlx::query("UPDATE users SET is_active = FALSE WHERE email = $1")
            .bind(email)
            .execute(&self.db.pool)
            .await
            .unwrap();
    }

    pub async fn password_hash(&self, email: &str) -> String {
        use sqlx::Row;
        sqlx::query("SELECT password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_one(&self.db.pool)
            .await
            .unwrap()
            .try_get("password_hash")
            .unwrap()
    }

    /// A page fetched by a fresh client that presents only `cookie`.
    pub async fn get_page_with_cookie(&self, path: &str, cookie: &str) -> Response {
        client()
            .get(self.url(path))
            .header(header::ACCEPT, "text/html")
            .header(header::COOKIE, cookie)
            .send()
            .await
            .unwrap()
    }
}

/// A signed-in API client's credentials.
pub struct Tokens {
    pub access: String,
    pub refresh: String,
    pub user_id: String,
}

impl TestApp {
    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> Response {
        self.client
            .post(self.url(path))
            .header(header::USER_AGENT, "portcullis-tests/1.0")
            .json(body)
            .send()
            .await
            .unwrap()
    }

    pub async fn api_register(&self, email: &str) {
        let response = self
            .post_json(
                "/api/auth/register",
                &serde_json::json!({"email": email, "password": STRONG_PASSWORD,
                    "firstName": "Ada", "lastName": "Lovelace"}),
            )
            .await;
        assert_eq!(response.status(), 201, "{}", response.text().await.unwrap());
    }

    pub async fn api_login(&self, email: &str, password: &str) -> Response {
        self.post_json(
            "/api/auth/login",
            &serde_json::json!({"email": email, "password": password}),
        )
        .await
    }

    /// Registers (if needed, by the caller) and logs in through the API.
    pub async fn api_tokens(&self, email: &str) -> Tokens {
        let response = self.api_login(email, STRONG_PASSWORD).await;
        assert_eq!(response.status(), 200, "{}", response.text().await.unwrap());
        let body = json(response).await;
        tokens_of(&body)
    }

    pub async fn api_refresh(&self, refresh_token: &str) -> Response {
        self.post_json(
            "/api/auth/refresh",
            &serde_json::json!({"refreshToken": refresh_token}),
        )
        .await
    }

    pub fn bearer(
        &self,
        method: reqwest::Method,
        path: &str,
        access_token: &str,
    ) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .header(header::USER_AGENT, "portcullis-tests/1.0")
            .bearer_auth(access_token)
    }

    pub async fn me(&self, access_token: &str) -> Response {
        self.bearer(reqwest::Method::GET, "/api/auth/me", access_token)
            .send()
            .await
            .unwrap()
    }
}

pub fn tokens_of(body: &serde_json::Value) -> Tokens {
    let data = &body["data"];
    Tokens {
        access: data["accessToken"]
            .as_str()
            .expect("an access token")
            .into(),
        refresh: data["refreshToken"]
            .as_str()
            .expect("a refresh token")
            .into(),
        user_id: data["user"]["id"].as_str().expect("a user").into(),
    }
}

/// The `error` code of an envelope, with the status it came with.
pub async fn error_code(response: Response) -> (u16, String) {
    let status = response.status().as_u16();
    let body = json(response).await;
    assert_eq!(body["success"], false, "{body}");
    (
        status,
        body["error"].as_str().unwrap_or_default().to_string(),
    )
}

/// The value of our session cookie in a response, if it sets one.
pub fn session_cookie(response: &Response) -> Option<String> {
    set_cookie_headers(response)
        .into_iter()
        .find(|cookie| cookie.contains("portcullis_session="))
}

pub fn set_cookie_headers(response: &Response) -> Vec<String> {
    response
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .map(|value| value.to_str().unwrap().to_string())
        .collect()
}

pub fn cookie_value(set_cookie: &str) -> String {
    set_cookie.split(';').next().unwrap().to_string()
}

pub async fn json(response: Response) -> serde_json::Value {
    let text = response.text().await.unwrap();
    serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
}

/// An error body without the typed values it echoes back: what is left must
/// not depend on whether an account exists.
pub fn without_echo(mut body: serde_json::Value) -> serde_json::Value {
    if let Some(object) = body.as_object_mut() {
        object.remove("values");
    }
    body
}

/// Messages the server gave for one field.
pub fn field_messages(body: &serde_json::Value, field: &str) -> Vec<String> {
    body["details"]
        .as_array()
        .map(|details| {
            details
                .iter()
                .filter(|detail| detail["field"] == field)
                .map(|detail| detail["message"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

struct TestDatabase {
    url: String,
    data_dir: PathBuf,
    postgres_name: Option<(String, String)>,
    owned: bool,
}

impl TestDatabase {
    async fn create() -> Self {
        let id = uuid::Uuid::new_v4().simple().to_string();
        let data_dir = std::env::temp_dir().join(format!("portcullis-test-{id}"));
        std::fs::create_dir_all(&data_dir).unwrap();
        if std::env::var("PORTCULLIS_TEST_BACKEND").as_deref() == Ok("postgres") {
            let server = std::env::var("TEST_POSTGRES_URL")
                .expect("PORTCULLIS_TEST_BACKEND=postgres needs TEST_POSTGRES_URL");
            let name = format!("portcullis_test_{id}");
            sqlx::any::install_default_drivers();
            use sqlx::Connection;
            let mut admin = sqlx::AnyConnection::connect(&server).await.unwrap();
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut admin)
                .await
                .unwrap();
            admin.close().await.unwrap();
            let mut url = url::Url::parse(&server).unwrap();
            url.set_path(&format!("/{name}"));
            Self {
                url: url.to_string(),
                data_dir,
                postgres_name: Some((server, name)),
                owned: true,
            }
        } else {
            Self {
                url: format!("sqlite://{}/portcullis.db", data_dir.display()),
                data_dir,
                postgres_name: None,
                owned: true,
            }
        }
    }

    fn shared(url: String) -> Self {
        Self {
            url,
            data_dir: std::env::temp_dir(),
            postgres_name: None,
            owned: false,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if !self.owned {
            return;
        }
        let _ = std::fs::remove_dir_all(&self.data_dir);
        if let Some((server, name)) = self.postgres_name.take() {
            // The test's runtime is shutting down: drop the database from a thread of our own.
            let _ = std::thread::spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .unwrap();
                runtime.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut admin) = sqlx::AnyConnection::connect(&server).await {
                        let _ =
                            sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
                                .execute(&mut admin)
                                .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Asserts a server function refused `form` with a 4xx in the error shape,
/// naming nothing internal.
pub async fn assert_clear_refusal(endpoint: &str, form: &[(&str, &str)], response: Response) {
    let status = response.status().as_u16();
    let text = response.text().await.unwrap();
    assert!(
        (400..500).contains(&status),
        "{endpoint} {form:?}: {status} {text}"
    );
    let body: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert!(body["code"].is_string(), "{endpoint}: {text}");
    for internal in ["missing field", "serde", "src/", "sqlx"] {
        assert!(!text.contains(internal), "{endpoint}: {text}");
    }
}
