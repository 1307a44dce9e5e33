use crate::helpers::{STRONG_PASSWORD, cookie_value, session_cookie, spawn_app};

const SECOND: std::time::Duration = std::time::Duration::from_secs(1);
const DAY: std::time::Duration = std::time::Duration::from_secs(24 * 3600);

#[tokio::test]
async fn signing_out_kills_the_session_on_the_server() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    let response = app.sign_in("ada@example.com", STRONG_PASSWORD).await;
    let stolen = cookie_value(&session_cookie(&response).unwrap());

    let response = app.call("auth/sign-out", &[]).await;
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["location"], "/login");

    // Replaying the old cookie from another client no longer works.
    let replay = app.get_page_with_cookie("/profile", &stolen).await;
    assert_eq!(replay.status(), 302);
    assert_eq!(replay.headers()["location"], "/login?next=/profile");
}

#[tokio::test]
async fn the_session_id_changes_at_sign_in() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    let first = cookie_value(
        &session_cookie(&app.sign_in("ada@example.com", STRONG_PASSWORD).await).unwrap(),
    );

    let second = cookie_value(
        &session_cookie(&app.sign_in("ada@example.com", STRONG_PASSWORD).await).unwrap(),
    );

    assert_ne!(first, second);
    let with_old_id = app.get_page_with_cookie("/profile", &first).await;
    assert_eq!(
        with_old_id.status(),
        302,
        "the id from before sign-in is dead"
    );
}

#[tokio::test]
async fn the_profile_sends_signed_out_visitors_to_sign_in() {
    let app = spawn_app().await;

    let response = app.get_page("/profile").await;

    assert_eq!(response.status(), 302);
    assert_eq!(response.headers()["location"], "/login?next=/profile");
}

#[tokio::test]
async fn a_deactivated_user_loses_their_session_at_the_next_request() {
    let app = spawn_app().await;
    app.create_account("ada@example.com").await;
    app.sign_in("ada@example.com", STRONG_PASSWORD).await;
    assert_eq!(app.get_page("/profile").await.status(), 200);

    app.deactivate("ada@example.com").await;

    assert_eq!(app.get_page("/profile").await.status(), 302);
}

#[tokio::test]
async fn an_idle_session_expires() {
    let app = crate::helpers::spawn_app().await;
    app.create_account("ada@example.com").await;
    app.sign_in("ada@example.com", STRONG_PASSWORD).await;
    app.clock.advance(DAY * 6);
    assert_eq!(app.get_page("/profile").await.status(), 200);

    app.clock.advance(DAY * 7 + SECOND);

    let response = app.get_page("/profile").await;
    assert_eq!(response.status(), 302);
}

#[tokio::test]
async fn a_session_ends_at_its_absolute_lifetime_even_while_in_use() {
    let app = crate::helpers::spawn_app().await;
    app.create_account("ada@example.com").await;
    app.sign_in("ada@example.com", STRONG_PASSWORD).await;

    // Used every 6 days, it never idles out (7 days) until its 30 days are up.
    for _ in 0..5 {
        assert_eq!(app.get_page("/profile").await.status(), 200);
        app.clock.advance(DAY * 6);
    }
    app.clock.advance(SECOND);

    assert_eq!(app.get_page("/profile").await.status(), 302);
}
