use crate::helpers::{STRONG_PASSWORD, json, spawn_app};
use reqwest::header;

const SIGN_UP: [(&str, &str); 4] = [
    ("email", "ada@example.com"),
    ("password", STRONG_PASSWORD),
    ("first_name", "Ada"),
    ("last_name", "Lovelace"),
];

#[tokio::test]
async fn a_post_from_another_origin_is_refused_and_changes_nothing() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/rpc/auth/sign-up"))
        .header(header::ORIGIN, "https://evil.example")
        .form(&SIGN_UP)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 403);
    assert_eq!(json(response).await["code"], "FORBIDDEN");
    assert_eq!(
        app.sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        401
    );
}

#[tokio::test]
async fn a_cross_site_fetch_without_origin_is_refused() {
    let app = spawn_app().await;

    let response = app
        .client
        .post(app.url("/rpc/auth/sign-up"))
        .header("sec-fetch-site", "cross-site")
        .form(&SIGN_UP)
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 403);
}

#[tokio::test]
async fn allow_listed_origins_and_native_clients_without_origin_pass() {
    let app = spawn_app().await;

    let allowed = app
        .client
        .post(app.url("/rpc/auth/sign-up"))
        .header(header::ORIGIN, "https://app.example")
        .form(&SIGN_UP)
        .send()
        .await
        .unwrap();
    let native = app
        .client
        .post(app.url("/rpc/auth/sign-in"))
        .form(&[("email", "ada@example.com"), ("password", STRONG_PASSWORD)])
        .send()
        .await
        .unwrap();

    assert_eq!(allowed.status(), 200);
    assert_eq!(native.status(), 200);
}

#[tokio::test]
async fn a_body_over_64_kib_gets_413_before_any_work() {
    let app = spawn_app().await;
    let huge = "x".repeat(65 * 1024);

    let response = app
        .call(
            "auth/sign-up",
            &[
                ("email", "ada@example.com"),
                ("password", &huge),
                ("first_name", "Ada"),
                ("last_name", "L"),
            ],
        )
        .await;

    assert_eq!(response.status(), 413);
    assert_eq!(json(response).await["code"], "PAYLOAD_TOO_LARGE");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    let app = spawn_app().await;

    for path in ["/", "/login", "/does-not-exist", "/api/health"] {
        let response = app.get_page(path).await;
        let headers = response.headers();
        let csp = headers[header::CONTENT_SECURITY_POLICY].to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'nonce-"), "{path}: {csp}");
        assert!(!csp.contains("unsafe-inline"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'"));
        assert_eq!(headers[header::X_FRAME_OPTIONS], "DENY", "{path}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(
            headers[header::REFERRER_POLICY],
            "strict-origin-when-cross-origin",
            "{path}"
        );
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{path}");
        assert!(headers.contains_key("x-request-id"), "{path}");
        assert!(
            !headers.contains_key(header::STRICT_TRANSPORT_SECURITY),
            "plain http: {path}"
        );
    }
}

#[tokio::test]
async fn the_hydration_script_carries_the_nonce_of_the_csp() {
    let app = spawn_app().await;

    let response = app.get_page("/login").await;
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_string();
    let html = response.text().await.unwrap();

    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(html.contains(&format!("<script type=\"module\" nonce=\"{nonce}\">")));
    assert!(
        !html.contains("<script>"),
        "every inline script has the nonce"
    );
}

#[tokio::test]
async fn a_request_still_being_handled_after_the_timeout_is_answered_503() {
    // A sign-up hashes a password (made slow here: the test settings' cheap
    // hash can finish within the timer's millisecond) and writes several rows.
    let app = crate::helpers::spawn_app_with(|settings| {
        settings.request_timeout = std::time::Duration::from_millis(1);
        settings.password_hashing.memory_kib = 64 * 1024;
        settings.password_hashing.iterations = 10;
    })
    .await;

    let response = app
        .post_json(
            "/api/auth/register",
            &serde_json::json!({"email": "ada@example.com", "password": crate::helpers::STRONG_PASSWORD,
                                "firstName": "Ada", "lastName": "Lovelace"}),
        )
        .await;

    assert_eq!(response.status(), 503);
    assert!(response.headers().contains_key("content-security-policy"));
    let body = crate::helpers::json(response).await;
    assert_eq!(body["success"], false, "the API's envelope: {body}");
    assert_eq!(body["error"], "SERVICE_UNAVAILABLE");
}
