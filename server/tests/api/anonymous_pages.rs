//! The public pages as a visitor without cookies gets them: rendered once,
//! served to each visitor with a CSP nonce of their own.

use crate::helpers::{STRONG_PASSWORD, client, spawn_app};
use reqwest::header;

/// The nonce the CSP allows, and the page.
async fn anonymous_get(app: &crate::helpers::TestApp, path: &str) -> (String, String) {
    let response = client()
        .get(app.url(path))
        .header(header::ACCEPT, "text/html")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 200, "{path}");
    assert!(
        response.headers().get(header::SET_COOKIE).is_none(),
        "{path} started a session"
    );
    let csp = response.headers()[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .unwrap()
        .to_owned();
    let nonce = csp
        .split(['\'', ' '])
        .find_map(|part| part.strip_prefix("nonce-"))
        .expect("a nonce in the CSP")
        .to_owned();
    (nonce, response.text().await.unwrap())
}

#[tokio::test]
async fn each_visitor_without_cookies_gets_the_same_page_with_a_nonce_of_their_own() {
    let app = spawn_app().await;

    for path in ["/", "/login", "/signup", "/login/code", "/forgot-password"] {
        let (first_nonce, first) = anonymous_get(&app, path).await;
        let (second_nonce, second) = anonymous_get(&app, path).await;

        assert_ne!(first_nonce, second_nonce, "{path}");
        assert!(
            second.contains(&format!("nonce=\"{second_nonce}\"")),
            "{path}: the page's scripts carry the visitor's own nonce"
        );
        assert!(
            !second.contains(&first_nonce),
            "{path}: no other visitor's nonce"
        );
        assert_eq!(
            first.replace(&first_nonce, "N"),
            second.replace(&second_nonce, "N"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn pages_for_visitors_without_cookies_need_no_database() {
    let app = spawn_app().await;
    app.db.close().await;

    for (path, text) in [
        ("/", "Sign up"),
        ("/login", "Forgot your password?"),
        ("/signup", "Create"),
    ] {
        let (_, page) = anonymous_get(&app, path).await;
        assert!(page.contains(text), "{path}");
    }
}

#[tokio::test]
async fn a_signed_in_visitor_gets_pages_rendered_for_them() {
    let app = spawn_app().await;
    let (_, anonymous) = anonymous_get(&app, "/").await;
    assert!(!anonymous.contains("Signed in as"));
    app.create_account("ada@example.com").await;
    assert_eq!(
        app.sign_in("ada@example.com", STRONG_PASSWORD)
            .await
            .status(),
        200
    );

    let page = app.get_page("/").await.text().await.unwrap();

    assert!(page.contains("Signed in as"), "{page}");
}

#[tokio::test]
async fn a_page_with_a_query_string_is_rendered_for_its_own_request() {
    let app = spawn_app().await;
    anonymous_get(&app, "/login").await;

    let (_, with_next) = anonymous_get(&app, "/login?next=%2Fprofile%2Fsecurity").await;
    let (_, plain) = anonymous_get(&app, "/login").await;

    assert!(
        with_next.contains("value=\"/profile/security\""),
        "{with_next}"
    );
    assert!(!plain.contains("/profile/security"));
}
