//! `GET /profile/export`: the "Download my data" link of the profile, as a
//! JSON file. Plain axum (not a server function) so the browser downloads it.

use crate::startup::AppState;
use app::{error::ErrorCode, ports::ClientMeta, session::AuthSession};
use axum::{
    Extension,
    extract::State,
    http::{StatusCode, header},
    response::{IntoResponse, Redirect, Response},
};
use tower_sessions::Session;

pub async fn download_export(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    session: Session,
) -> Response {
    let session = AuthSession::new(session, state.clock.clone());
    let recent = match session.require_recent(&state.services).await {
        Ok(recent) => recent,
        Err(error) if error.code == ErrorCode::ReauthenticationRequired => {
            return Redirect::to("/profile/confirm?next=%2Fprofile%2Fdata").into_response();
        }
        Err(_) => return Redirect::to("/login?next=%2Fprofile%2Fdata").into_response(),
    };
    match state.account.export(&recent, &client).await {
        Ok(data) => (
            [
                (header::CONTENT_TYPE, "application/json"),
                (
                    header::CONTENT_DISPOSITION,
                    "attachment; filename=\"portcullis-data.json\"",
                ),
                (header::CACHE_CONTROL, "no-store"),
            ],
            serde_json::to_string_pretty(&data).unwrap_or_default(),
        )
            .into_response(),
        Err(crate::identity::AuthError::Disabled) => {
            Redirect::to("/login?next=%2Fprofile%2Fdata").into_response()
        }
        Err(error) => {
            tracing::error!(error = %error, "could not export an account's data");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Try again in a moment.",
            )
                .into_response()
        }
    }
}
