//! Server functions: thin adapters between the pages and the use cases.
//! Each one has a stable endpoint under `/rpc`, apart from the JSON API.

use crate::{error::AppError, model::UserView};
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use crate::{
    navigation::safe_next,
    ports::{LoginInput, RegisterInput},
    session::{AuthSession, client_meta, services, unix_now},
};

#[server(prefix = "/rpc", endpoint = "auth/sign-up")]
pub async fn sign_up(
    email: String,
    password: String,
    first_name: String,
    last_name: String,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let kept = [
        ("email", email.clone()),
        ("first_name", first_name.clone()),
        ("last_name", last_name.clone()),
    ];
    let input = RegisterInput {
        email,
        password,
        first_name,
        last_name,
    };
    let user = services
        .register
        .register(input, &client)
        .await
        .map_err(|error| error.with_values(kept.iter().map(|(f, v)| (*f, v.as_str()))))?;
    AuthSession::from_request()
        .await?
        .sign_in(&user.id, &client, unix_now())
        .await?;
    leptos_axum::redirect("/profile");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/sign-in")]
pub async fn sign_in(
    email: String,
    password: String,
    next: Option<String>,
) -> Result<(), AppError> {
    let services = services()?;
    let client = client_meta();
    let typed_email = email.clone();
    let user = services
        .login
        .login(LoginInput { email, password }, &client)
        .await
        .map_err(|error| error.with_values([("email", typed_email.as_str())]))?;
    AuthSession::from_request()
        .await?
        .sign_in(&user.id, &client, unix_now())
        .await?;
    leptos_axum::redirect(&safe_next(next.as_deref()));
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/sign-out")]
pub async fn sign_out() -> Result<(), AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    if let Some(user_id) = session.user_id().await? {
        services.logout.logout(&user_id, &client_meta()).await?;
    }
    session.sign_out().await?;
    leptos_axum::redirect("/login");
    Ok(())
}

#[server(prefix = "/rpc", endpoint = "auth/current-user")]
pub async fn current_user() -> Result<Option<UserView>, AppError> {
    let services = services()?;
    let session = AuthSession::from_request().await?;
    let Some(user_id) = session.user_id().await? else {
        return Ok(None);
    };
    let user = services.current_user.current_user(&user_id).await?;
    if user.is_none() {
        // The account was disabled or deleted since this session began.
        session.sign_out().await?;
    }
    Ok(user)
}
