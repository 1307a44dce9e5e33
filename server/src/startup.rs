//! Builds the application: storage, services, the router and its layers.

use crate::{
    account::{AccountService, Confirmation, Deletion, EmailChanges, PasswordChanges},
    admin::AdminService,
    config::Settings,
    http::{
        anonymous_pages::{self, AnonymousPages},
        health,
        middleware::{self, CspNonce, MAX_BODY_BYTES},
        serve::ConnectionLimits,
    },
    identity::{
        AddressVerification, MailedCodeSignIn, PasswordResets, PasswordSignIn, Registration,
        admission::Admission,
        first_proof::FirstProof,
        limits::CredentialLimit,
        lockout::Lockout,
        mailed_tokens::{MailedSecrets, MailedTokens},
        passkeys::{self, PasskeyParts, PasskeyService},
        password_hasher::PasswordHasher,
        passwords::NewPasswords,
        second_factor::{TwoStep, TwoStepParts},
    },
    jobs::{self, Jobs},
    mail::{Outbox, Sender, templates::Letterhead},
    monitoring,
    oauth::{Connections, GoogleService, OidcProvider},
    rate_limit::{ClientLimiter, SharedBudget},
    storage::{Db, session_store::SqlSessionStore},
    tokens::{SigningKeys, TokenService},
};
use anyhow::Context;
use app::{App, clock::Clock, ports::Services, shell};
use axum::{
    Router,
    body::Body,
    extract::{FromRef, Request},
    middleware::{from_fn, from_fn_with_state},
    routing::get,
};
use leptos::{config::LeptosOptions, nonce::Nonce, prelude::*};
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use secrecy::ExposeSecret;
use std::{
    future::Future,
    sync::{Arc, OnceLock},
    time::Duration,
};
use tokio::{net::TcpListener, task::JoinHandle};
use tower::ServiceBuilder;
use tower_http::{
    limit::RequestBodyLimitLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    services::ServeDir,
    trace::{DefaultOnResponse, TraceLayer},
};
use tower_sessions::{Expiry, SessionManagerLayer, cookie::SameSite};

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub services: Services,
    /// The data export, which only the server's own routes send.
    pub account: Arc<AccountService>,
    pub tokens: Arc<TokenService>,
    /// The JSON API's credential routes, per client address.
    pub auth_rate_limiter: Arc<ClientLimiter>,
    pub mail_sender: Sender,
    /// Present when Google sign-in is configured.
    pub google: Option<Arc<GoogleService>>,
    pub db: Db,
    pub settings: Arc<Settings>,
    pub clock: Clock,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}

impl FromRef<AppState> for Clock {
    fn from_ref(state: &AppState) -> Self {
        state.clock.clone()
    }
}

pub struct Application {
    listener: TcpListener,
    router: Router,
    /// The metrics listener and its routes, when METRICS_ADDR is set.
    metrics: Option<(TcpListener, Router)>,
    db: Db,
    port: u16,
    limits: ConnectionLimits,
    background: Vec<JoinHandle<()>>,
}

impl Application {
    pub async fn build(settings: Settings) -> anyhow::Result<Self> {
        let listener = TcpListener::bind(settings.listen_addr)
            .await
            .with_context(|| format!("cannot listen on {}", settings.listen_addr))?;
        Self::build_with_listener(settings, listener, Clock::system()).await
    }

    /// Tests bind port 0 first, so they know the address before the settings
    /// are final, and keep the clock to move it forward.
    pub async fn build_with_listener(
        settings: Settings,
        listener: TcpListener,
        clock: Clock,
    ) -> anyhow::Result<Self> {
        let port = listener.local_addr()?.port();
        if settings.deprecated_trust_proxy_headers {
            tracing::warn!(
                "TRUST_PROXY_HEADERS is deprecated: it trusts X-Forwarded-For from loopback \
                 only; list your proxies in TRUSTED_PROXIES instead"
            );
        }
        let db = Db::connect(settings.database_url.expose_secret()).await?;
        db.migrate().await?;
        let metrics = match settings.metrics_addr {
            Some(address) => {
                let listener = TcpListener::bind(address)
                    .await
                    .with_context(|| format!("cannot listen on {address} (METRICS_ADDR)"))?;
                monitoring::recorder();
                Some((listener, monitoring::router(db.clone(), clock.clone())))
            }
            None => None,
        };

        let hashing = settings.password_hashing.clone();
        let hasher = tokio::task::spawn_blocking(move || PasswordHasher::new(&hashing)).await??;
        let outbox = Outbox::new();
        let mail_sender = Sender::new(&settings.mail)?;
        // Sign-in codes per client address: 20 at once, then one every 45 s.
        let code_requests = SharedBudget::burst(
            db.clone(),
            "sign_in_codes",
            20,
            Duration::from_secs(45),
            clock.clone(),
        );
        // One budget per client for every credential and mail path, in the
        // database so that every instance counts together; the use cases
        // check it.
        let limit = CredentialLimit::new(SharedBudget::per_minute(
            db.clone(),
            "credentials",
            settings.rate_limit.auth_requests_per_minute,
            clock.clone(),
        ));
        // The JSON API's refresh and logout: a flood guard per instance.
        let auth_rate_limiter = Arc::new(ClientLimiter::per_minute(
            settings.rate_limit.auth_requests_per_minute,
        ));
        let lockout = Lockout::new(db.clone(), settings.lockout.clone(), clock.clone());
        let letterhead = Letterhead {
            public_url: settings.public_url.clone(),
            default_language: settings.default_language,
        };
        let mailed = MailedTokens::new(
            db.clone(),
            outbox.clone(),
            MailedSecrets::new(&settings.secret_key),
            letterhead.clone(),
            settings.rate_limit.mail_per_address_per_day,
            clock.clone(),
        );
        let first_proof = FirstProof::new(mailed.clone());
        let admission = Admission::new(db.clone(), first_proof.clone(), clock.clone());
        let two_step = Arc::new(TwoStep::new(TwoStepParts {
            db: db.clone(),
            secret_key: settings.secret_key.clone(),
            mailed: mailed.clone(),
            lockout: lockout.clone(),
            admission: admission.clone(),
            limit: limit.clone(),
            issuer: settings
                .public_url
                .host_str()
                .unwrap_or("Portcullis")
                .to_string(),
            clock: clock.clone(),
        }));
        let relying_party_name = settings
            .public_url
            .host_str()
            .unwrap_or("Portcullis")
            .to_string();
        let webauthn = passkeys::relying_party(&settings.public_url, &relying_party_name);
        if webauthn.is_none() {
            tracing::warn!(
                "passkeys are off: PUBLIC_URL's host is not a domain name, and browsers accept \
                 only a domain as a passkey's site"
            );
        }
        let passkey_service = Arc::new(PasskeyService::new(PasskeyParts {
            db: db.clone(),
            webauthn,
            admission: admission.clone(),
            lockout: lockout.clone(),
            limit: limit.clone(),
            // Three page visits' worth for each credential checked.
            ceremony_limit: CredentialLimit::new(SharedBudget::per_minute(
                db.clone(),
                "passkey_ceremonies",
                settings
                    .rate_limit
                    .auth_requests_per_minute
                    .saturating_mul(3),
                clock.clone(),
            )),
            mailed: mailed.clone(),
            clock: clock.clone(),
        }));
        let passwords = NewPasswords::new(
            hasher.clone(),
            settings.password_policy.clone(),
            mailed.clone(),
        );
        let confirmation = Confirmation::new(
            db.clone(),
            hasher.clone(),
            lockout.clone(),
            mailed.clone(),
            limit.clone(),
            (*two_step).clone(),
            clock.clone(),
        );
        let verification =
            AddressVerification::new(db.clone(), mailed.clone(), limit.clone(), clock.clone());
        let google = match &settings.google {
            Some(google) => Some(Arc::new(GoogleService::new(
                db.clone(),
                OidcProvider::new(google.clone())?,
                admission.clone(),
                limit.clone(),
                mailed.clone(),
                &settings.secret_key,
                clock.clone(),
            ))),
            None => None,
        };
        let password_sign_in = Arc::new(PasswordSignIn::new(
            db.clone(),
            hasher.clone(),
            lockout,
            admission.clone(),
            limit.clone(),
            clock.clone(),
        ));
        let password_reset = Arc::new(PasswordResets::new(
            db.clone(),
            mailed.clone(),
            passwords.clone(),
            first_proof,
            limit.clone(),
            clock.clone(),
        ));
        let account = Arc::new(AccountService::new(
            db.clone(),
            settings.session.absolute_lifetime,
            clock.clone(),
        ));
        let administration = Arc::new(AdminService::new(
            db.clone(),
            Arc::new(verification.clone()),
            password_reset.clone(),
            account.clone(),
            (outbox.clone(), letterhead.clone()),
            clock.clone(),
        ));
        let services = Services {
            register: Arc::new(Registration::new(
                db.clone(),
                hasher,
                settings.password_policy.clone(),
                verification.clone(),
                limit.clone(),
                clock.clone(),
            )),
            login: password_sign_in.clone(),
            logout: password_sign_in,
            current_user: account.clone(),
            email_verification: Arc::new(verification),
            password_reset,
            code_sign_in: Arc::new(MailedCodeSignIn::new(
                db.clone(),
                mailed.clone(),
                admission,
                code_requests,
                limit.clone(),
                clock.clone(),
            )),
            connected_accounts: Arc::new(Connections::new(
                db.clone(),
                google.clone(),
                mailed.clone(),
                clock.clone(),
            )),
            reauthentication: Arc::new(confirmation.clone()),
            password_change: Arc::new(PasswordChanges::new(
                db.clone(),
                confirmation.clone(),
                passwords,
                clock.clone(),
            )),
            email_change: Arc::new(EmailChanges::new(
                db.clone(),
                confirmation.clone(),
                mailed.clone(),
                limit,
                clock.clone(),
            )),
            account_deletion: Arc::new(Deletion::new(
                db.clone(),
                confirmation,
                mailed,
                settings.accounts.deletion_grace,
                clock.clone(),
            )),
            account_overview: account.clone(),
            administration: administration.clone(),
            second_step: two_step.clone(),
            two_step,
            passkeys: passkey_service,
            mfa_required_for_admins: settings.accounts.mfa_required_for_admins,
            secure_cookies: settings.is_https(),
            recent_authentication_seconds: settings.session.recent_authentication.as_secs() as i64,
            password_rules: settings.password_policy.rules(),
            clock: clock.clone(),
        };
        let keys = Arc::new(
            SigningKeys::load_at_start_up(
                db.clone(),
                &settings.secret_key,
                settings.tokens.access_ttl,
                clock.clone(),
            )
            .await?,
        );
        let tokens = Arc::new(TokenService::new(
            db.clone(),
            keys.clone(),
            &settings,
            clock.clone(),
        ));
        let session_store = SqlSessionStore::new(
            db.clone(),
            settings.session.idle_timeout,
            settings.session.absolute_lifetime,
            clock.clone(),
        );
        let background = jobs::start(Jobs {
            db: db.clone(),
            sessions: session_store.clone(),
            keys,
            limiters: vec![auth_rate_limiter.clone()],
            outbox: outbox.clone(),
            mail_sender: mail_sender.clone(),
            mail: settings.mail.clone(),
            cleanup_interval: settings.accounts.cleanup_interval,
            audit_retention: settings.accounts.audit_retention,
            clock: clock.clone(),
        })?;
        let state = AppState {
            leptos_options: leptos_options(&settings),
            services,
            account,
            tokens,
            auth_rate_limiter,
            mail_sender,
            google,
            db: db.clone(),
            settings: Arc::new(settings),
            clock,
        };
        let limits = ConnectionLimits {
            header_read_timeout: state.settings.header_read_timeout,
            max_connections: state.settings.max_connections,
        };
        let router = router(state, session_store);
        Ok(Self {
            listener,
            router,
            metrics,
            db,
            port,
            limits,
            background,
        })
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    /// The metrics listener's port, when METRICS_ADDR is set.
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics
            .as_ref()
            .and_then(|(listener, _)| listener.local_addr().ok())
            .map(|address| address.port())
    }

    pub fn db(&self) -> &Db {
        &self.db
    }

    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let signal = shutdown_signal()?;
        self.run_until(signal).await
    }

    /// Serves until `signal` resolves, lets in-flight requests finish, then
    /// closes the pool.
    pub async fn run_until(
        self,
        signal: impl Future<Output = ()> + Send + 'static,
    ) -> std::io::Result<()> {
        tracing::info!(address = %self.listener.local_addr()?, "Portcullis is listening");
        let (stopping, stopped) = tokio::sync::watch::channel(false);
        let metrics = match self.metrics {
            Some((listener, router)) => {
                tracing::info!(address = %listener.local_addr()?, "metrics are served");
                let mut stopped = stopped.clone();
                Some(tokio::spawn(monitoring::serve(
                    listener,
                    router,
                    async move {
                        let _ = stopped.wait_for(|stop| *stop).await;
                    },
                )))
            }
            None => None,
        };
        crate::http::serve::serve(self.listener, self.router, self.limits, signal).await;
        let _ = stopping.send(true);
        if let Some(metrics) = metrics {
            let _ = metrics.await;
        }
        for task in self.background {
            task.abort();
        }
        self.db.close().await;
        tracing::info!("Portcullis stopped");
        Ok(())
    }
}

fn leptos_options(settings: &Settings) -> LeptosOptions {
    LeptosOptions::builder()
        .output_name(settings.site.output_name.as_str())
        .site_root(settings.site.root.to_string_lossy().as_ref())
        .site_pkg_dir(settings.site.pkg_dir.as_str())
        .site_addr(settings.listen_addr)
        .build()
}

/// The pages' routes, found once per process. Finding them renders the app
/// with resource loading switched off through a process-wide flag (Leptos'
/// `SuppressResourceLoad`): done again while another instance in the same
/// process serves, it left that instance's pages waiting forever for data.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

fn router(state: AppState, session_store: SqlSessionStore) -> Router {
    let settings = state.settings.clone();
    let routes = page_routes();
    let context = {
        let services = state.services.clone();
        move || {
            provide_context(services.clone());
            let parts = use_context::<http::request::Parts>();
            let nonce = parts
                .as_ref()
                .and_then(|parts| parts.extensions.get::<CspNonce>().cloned());
            if let Some(CspNonce(nonce)) = nonce {
                provide_context(Nonce::from_value(nonce));
            }
            if let Some(language) = parts
                .as_ref()
                .and_then(|parts| parts.extensions.get::<app::i18n::Language>())
            {
                provide_context(*language);
            }
        }
    };
    let shell = {
        let options = state.leptos_options.clone();
        move || shell(options.clone())
    };

    let secure = settings.is_https();
    let sessions = SessionManagerLayer::new(session_store)
        .with_name(if secure {
            "__Host-portcullis_session"
        } else {
            "portcullis_session"
        })
        .with_secure(secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            settings.session.idle_timeout.as_secs() as i64,
        )));

    let trace = TraceLayer::new_for_http()
        .make_span_with(|request: &Request<Body>| {
            let request_id = request
                .headers()
                .get("x-request-id")
                .and_then(|id| id.to_str().ok())
                .unwrap_or("-");
            // The path only: query strings can carry tokens.
            tracing::info_span!(
                "request",
                method = %request.method(),
                path = %request.uri().path(),
                request_id = %request_id,
            )
        })
        .on_response(DefaultOnResponse::new().level(tracing::Level::INFO));

    // The compiled front end, served directly (with Last-Modified, so browsers
    // revalidate instead of downloading again); the Leptos fallback below only
    // serves the few files in `public/`.
    let pkg_dir = settings.site.root.join(&settings.site.pkg_dir);
    let router = Router::new()
        .route("/api/health", get(health::health))
        .route("/health/live", get(health::live))
        .route("/health/ready", get(health::ready))
        .route("/.well-known/jwks.json", get(crate::api::auth::jwks))
        .route("/auth/google/start", get(crate::oauth::flow::start))
        .route(
            "/auth/google/link",
            get(crate::oauth::flow::link_by_get).post(crate::oauth::flow::link),
        )
        .route("/auth/google/callback", get(crate::oauth::flow::callback))
        .route("/admin/audit.csv", get(crate::http::downloads::audit_csv))
        .route(
            "/profile/export",
            get(crate::http::downloads::download_export),
        )
        .nest("/api", crate::api::routes(&state))
        .nest_service(
            &format!("/{}", settings.site.pkg_dir),
            ServeDir::new(pkg_dir),
        )
        .leptos_routes_with_context(&state, routes, context.clone(), shell)
        .route_layer(from_fn_with_state(
            AnonymousPages::default(),
            anonymous_pages::serve,
        ))
        .route_layer(from_fn(monitoring::tag_route))
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            context,
            app::shell,
        ))
        .layer(
            ServiceBuilder::new()
                .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
                .layer(trace)
                .layer(PropagateRequestIdLayer::x_request_id())
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::security_headers,
                ))
                .layer(from_fn_with_state(
                    settings.default_language,
                    crate::http::language::negotiate,
                ))
                // A request still being handled after REQUEST_TIMEOUT_SECONDS
                // is answered 503, so no client holds a worker for long.
                .layer(from_fn_with_state(
                    state.settings.request_timeout,
                    middleware::limit_handling_time,
                ))
                .layer(from_fn(middleware::limit_body_size))
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::loopback_to_localhost,
                ))
                .layer(from_fn_with_state(
                    state.clone(),
                    middleware::refuse_cross_origin,
                ))
                .layer(from_fn(middleware::server_fn_status))
                .layer(sessions)
                .layer(from_fn_with_state(
                    state.clock.clone(),
                    middleware::touch_session,
                ))
                .layer(from_fn(crate::http::language::prefer_account))
                .layer(from_fn_with_state(state.clone(), middleware::client_meta))
                // Innermost: it changes the body type. Streams without a
                // Content-Length are cut off here at the same limit.
                .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES)),
        )
        .with_state(state);
    // Outermost, so that every answer is counted, the middleware's own too.
    match settings.metrics_addr {
        Some(_) => router.layer(from_fn(monitoring::track_requests)),
        None => router,
    }
}

/// Registers for SIGINT and SIGTERM at once, so that a signal arriving right
/// after start-up already stops the server gracefully.
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()> + Send + 'static> {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut interrupt = signal(SignalKind::interrupt())?;
        let mut terminate = signal(SignalKind::terminate())?;
        Ok(async move {
            tokio::select! {
                _ = interrupt.recv() => {},
                _ = terminate.recv() => {},
            }
            tracing::info!("shutting down: finishing the requests in flight");
        })
    }
    #[cfg(not(unix))]
    {
        Ok(async {
            let _ = tokio::signal::ctrl_c().await;
            tracing::info!("shutting down: finishing the requests in flight");
        })
    }
}
