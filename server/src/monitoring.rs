//! Prometheus metrics, served on a listener of their own (`METRICS_ADDR`),
//! never on the public port. Counters are bumped where things happen:
//! requests here, security events where the audit log records them (every
//! sign-in, lockout, refresh and reuse passes through it), refusals where a
//! limit's error becomes the client's answer. Gauges that describe stored
//! state (sessions, refresh families, the outbox, the pool) are read when
//! Prometheus scrapes. Without `METRICS_ADDR` no recorder is installed and
//! every `counter!` is a no-op.

use crate::storage::{Db, audit::AuditEvent, outbox, refresh_tokens, session_store};
use app::{clock::Clock, vocabulary::AuditAction};
use axum::{
    Router,
    extract::{MatchedPath, Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::{IntoResponse, Response},
    routing::get,
};
use metrics::{counter, describe_counter, describe_gauge, describe_histogram, gauge, histogram};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::{
    future::Future,
    sync::OnceLock,
    time::{Duration, Instant},
};
use tokio::net::TcpListener;

/// Seconds, from a fast page to a slow password hash under load.
const LATENCY_BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

/// The process's recorder, installed the first time an instance serves
/// metrics (one per process: instances started by tests share it).
pub fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let handle = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .expect("the buckets are not empty")
                .install_recorder()
                .expect("no other metrics recorder is installed");
            describe();
            handle
        })
        .clone()
}

fn describe() {
    describe_counter!(
        "portcullis_http_requests_total",
        "Requests answered, by route template, method and status"
    );
    describe_histogram!(
        "portcullis_http_request_duration_seconds",
        "Time to answer a request (until its headers), by route template and method"
    );
    describe_counter!(
        "portcullis_sign_ins_total",
        "Sign-ins by method (password, code, google, …) and result (success, or why not)"
    );
    describe_counter!(
        "portcullis_second_steps_total",
        "Second-step attempts by result (the factor used, or why not)"
    );
    describe_counter!(
        "portcullis_lockouts_total",
        "Addresses locked after failed sign-ins"
    );
    describe_counter!(
        "portcullis_rate_limited_total",
        "Requests refused by a rate limit, by limit"
    );
    describe_counter!(
        "portcullis_token_refreshes_total",
        "Refresh-token rotations by result (success, invalid, reused, family_ended)"
    );
    describe_counter!(
        "portcullis_token_reuse_detected_total",
        "Used refresh tokens presented again (the sign-in is revoked)"
    );
    describe_counter!(
        "portcullis_mail_delivery_failures_total",
        "Failed deliveries, by whether the message will be retried or was given up"
    );
    describe_gauge!(
        "portcullis_active_sessions",
        "Signed-in browser sessions that have not expired"
    );
    describe_gauge!(
        "portcullis_active_refresh_families",
        "JSON API sign-ins whose refresh tokens still work"
    );
    describe_gauge!("portcullis_outbox_pending", "Messages waiting to be sent");
    describe_gauge!(
        "portcullis_outbox_oldest_pending_age_seconds",
        "Age of the oldest message waiting to be sent (0 when none waits)"
    );
    describe_histogram!(
        "portcullis_password_hash_wait_seconds",
        "Time a password hash waited for one of the ARGON2_MAX_CONCURRENT places"
    );
    describe_gauge!(
        "portcullis_db_pool_connections",
        "The database pool's connections, by state (in_use, idle)"
    );
    describe_histogram!(
        "portcullis_db_acquire_seconds",
        "Time to get a connection from the pool and begin a transaction"
    );
}

/// The routes of the metrics listener.
pub fn router(db: Db, clock: Clock) -> Router {
    Router::new()
        .route("/metrics", get(scrape))
        .with_state((db, clock))
}

/// Serves the metrics on `listener` until `signal`, draining histograms
/// between scrapes so that they do not grow while nobody scrapes.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    signal: impl Future<Output = ()> + Send + 'static,
) {
    let handle = recorder();
    let upkeep = tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(5));
        loop {
            tick.tick().await;
            handle.run_upkeep();
        }
    });
    if let Err(error) = axum::serve(listener, router)
        .with_graceful_shutdown(signal)
        .await
    {
        tracing::error!(%error, "the metrics listener stopped");
    }
    upkeep.abort();
}

async fn scrape(State((db, clock)): State<(Db, Clock)>) -> Response {
    if let Err(error) = record_stored_state(&db, clock.now()).await {
        // The counters are still worth serving; the stale gauges say so by
        // not moving, and the readiness probe names the database.
        tracing::warn!(%error, "metrics: cannot read the stored state");
    }
    (
        StatusCode::OK,
        [("content-type", "text/plain; version=0.0.4")],
        recorder().render(),
    )
        .into_response()
}

async fn record_stored_state(db: &Db, now: i64) -> Result<(), sqlx::Error> {
    let (open, idle) = db.pool_usage();
    gauge!("portcullis_db_pool_connections", "state" => "idle").set(idle as f64);
    gauge!("portcullis_db_pool_connections", "state" => "in_use")
        .set(open.saturating_sub(idle as u32) as f64);
    let sessions = session_store::count_signed_in(&db.pool, now).await?;
    gauge!("portcullis_active_sessions").set(sessions as f64);
    let families = refresh_tokens::count_live_families(&db.pool, now).await?;
    gauge!("portcullis_active_refresh_families").set(families as f64);
    let backlog = outbox::backlog(&db.pool).await?;
    gauge!("portcullis_outbox_pending").set(backlog.pending as f64);
    let oldest = backlog
        .oldest_created_at
        .map_or(0, |created_at| (now - created_at).max(0));
    gauge!("portcullis_outbox_oldest_pending_age_seconds").set(oldest as f64);
    Ok(())
}

/// The matched route's template, passed from inside the router (where it is
/// known) out to `track_requests`.
#[derive(Clone)]
struct RouteTemplate(MatchedPath);

/// Inside the router: tags the response with the route that matched.
pub async fn tag_route(matched: Option<MatchedPath>, request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    if let Some(matched) = matched {
        response.extensions_mut().insert(RouteTemplate(matched));
    }
    response
}

/// Outermost: counts and times every request by route template (never the
/// raw path, which would give a series per user id), method and status.
pub async fn track_requests(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = method_label(request.method());
    let response = next.run(request).await;
    let route = response.extensions().get::<RouteTemplate>().map_or_else(
        || "unmatched".to_string(),
        |route| route.0.as_str().to_string(),
    );
    let status = response.status().as_u16().to_string();
    histogram!(
        "portcullis_http_request_duration_seconds",
        "method" => method, "route" => route.clone()
    )
    .record(started.elapsed().as_secs_f64());
    counter!(
        "portcullis_http_requests_total",
        "method" => method, "route" => route, "status" => status
    )
    .increment(1);
    response
}

/// Clients choose the method: anything unusual is one label, not a series each.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::PATCH => "PATCH",
        Method::DELETE => "DELETE",
        Method::OPTIONS => "OPTIONS",
        _ => "other",
    }
}

/// Counts the security events the audit log records.
pub fn audit_event(event: &AuditEvent<'_>) {
    // Some reasons carry a running count ("locked: 3 refused attempts"):
    // the label keeps the word before it, so the series stay few.
    let reason = event
        .reason
        .and_then(|reason| reason.split(':').next())
        .unwrap_or("unknown")
        .to_string();
    match event.action {
        AuditAction::Login if event.success => {
            counter!("portcullis_sign_ins_total", "method" => reason, "result" => "success")
                .increment(1)
        }
        AuditAction::Login => {
            counter!("portcullis_sign_ins_total", "method" => "any", "result" => reason)
                .increment(1)
        }
        AuditAction::FirstFactor => {
            counter!("portcullis_sign_ins_total", "method" => reason, "result" => "second_step")
                .increment(1)
        }
        AuditAction::SecondStep => {
            let result = if event.success { "success" } else { "failure" };
            counter!("portcullis_second_steps_total", "factor_or_reason" => reason, "result" => result)
                .increment(1)
        }
        AuditAction::Lockout => counter!("portcullis_lockouts_total").increment(1),
        AuditAction::TokenReuse => counter!("portcullis_token_reuse_detected_total").increment(1),
        AuditAction::MailRetry => {
            counter!("portcullis_mail_delivery_failures_total", "outcome" => "retry").increment(1)
        }
        AuditAction::MailFailed => {
            counter!("portcullis_mail_delivery_failures_total", "outcome" => "given_up")
                .increment(1)
        }
        _ => {}
    }
}

/// A further attempt at a locked address (its audit row only updates a count).
pub fn sign_in_refused_while_locked() {
    counter!("portcullis_sign_ins_total", "method" => "any", "result" => "locked").increment(1);
}

/// A refresh-token rotation: `success`, or why it was refused.
pub fn token_refresh(result: &'static str) {
    counter!("portcullis_token_refreshes_total", "result" => result).increment(1);
}

/// A request refused by the limit named `limit`.
pub fn rate_limited(limit: &'static str) {
    counter!("portcullis_rate_limited_total", "limit" => limit).increment(1);
}

pub fn password_hash_waited(wait: Duration) {
    histogram!("portcullis_password_hash_wait_seconds").record(wait.as_secs_f64());
}

pub fn db_acquired(wait: Duration) {
    histogram!("portcullis_db_acquire_seconds").record(wait.as_secs_f64());
}
