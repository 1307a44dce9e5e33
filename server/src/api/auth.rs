//! `/api/auth/*`: thin handlers over the same use cases as the pages.

use super::{ApiError, ApiJson, Envelope};
use crate::startup::AppState;
use app::{
    model::UserView,
    ports::{ClientMeta, RegisterInput},
};
use axum::{Extension, extract::State, http::StatusCode};
use serde::{Deserialize, Serialize};

/// Fields such as `role`, `id` or `emailVerified` are not part of the request
/// and are ignored if sent.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RegisterRequest {
    email: String,
    password: String,
    first_name: String,
    last_name: String,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiUser {
    id: String,
    email: String,
    first_name: String,
    last_name: String,
    email_verified: bool,
    role: String,
    created_at: String,
}

impl From<UserView> for ApiUser {
    fn from(user: UserView) -> Self {
        Self {
            id: user.id,
            email: user.email,
            first_name: user.first_name,
            last_name: user.last_name,
            email_verified: user.email_verified,
            role: user.role,
            created_at: user.created_at,
        }
    }
}

#[derive(Serialize)]
pub struct UserData {
    user: ApiUser,
}

pub async fn register(
    State(state): State<AppState>,
    Extension(client): Extension<ClientMeta>,
    ApiJson(request): ApiJson<RegisterRequest>,
) -> Result<Envelope<UserData>, ApiError> {
    let input = RegisterInput {
        email: request.email,
        password: request.password,
        first_name: request.first_name,
        last_name: request.last_name,
    };
    let user = state.services.register.register(input, &client).await?;
    Ok(Envelope {
        status: StatusCode::CREATED,
        message: "Account created.",
        data: UserData { user: user.into() },
    })
}
