use super::docs::{ErrorBody, Success};
use app::error::say;
use app::error::{AppError, ErrorCode, FieldError};
use axum::{
    Json,
    extract::{FromRequest, Request, rejection::JsonRejection},
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Serialize, de::DeserializeOwned};

/// A successful answer.
pub struct Envelope<T> {
    pub status: StatusCode,
    /// A key of the server catalogue (`api-*`): the answer says it in the
    /// request's language.
    pub message: &'static str,
    pub data: T,
}

impl<T> Envelope<T> {
    pub fn ok(message: &'static str, data: T) -> Self {
        Self {
            status: StatusCode::OK,
            message,
            data,
        }
    }
}

impl<T: Serialize> IntoResponse for Envelope<T> {
    fn into_response(self) -> Response {
        let body = Success {
            success: true,
            message: app::i18n::current().t(self.message),
            data: self.data,
        };
        let mut response = (self.status, Json(body)).into_response();
        // Answers carry tokens and account data (RFC 6749 5.1).
        never_cached(response.headers_mut());
        response
    }
}

/// A failed answer: only what `AppError` holds, which is safe to show.
#[derive(Debug)]
pub struct ApiError(pub AppError);

impl From<AppError> for ApiError {
    fn from(error: AppError) -> Self {
        ApiError(error)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        error_envelope(&self.0)
    }
}

/// No cache, shared or private, keeps the answer; `Pragma` for HTTP/1.0
/// caches.
fn never_cached(headers: &mut axum::http::HeaderMap) {
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
}

pub fn error_envelope(error: &AppError) -> Response {
    let body = ErrorBody {
        success: false,
        message: error.message.clone(),
        error: error.code,
        details: (!error.details.is_empty()).then(|| error.details.clone()),
    };
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut response = (status, Json(body)).into_response();
    let headers = response.headers_mut();
    never_cached(headers);
    if let Some(seconds) = error.retry_after_seconds {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    if status == StatusCode::UNAUTHORIZED && error.code != ErrorCode::InvalidCredentials {
        headers.insert(
            header::WWW_AUTHENTICATE,
            HeaderValue::from_static(match error.code {
                ErrorCode::MissingToken => "Bearer realm=\"portcullis\"",
                _ => "Bearer realm=\"portcullis\", error=\"invalid_token\"",
            }),
        );
    }
    response
}

/// `Json<T>` whose every rejection is an envelope with a stable code, never
/// axum's plain-text message (which quotes serde's internals).
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        match Json::<T>::from_request(request, state).await {
            Ok(Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(ApiError(rejection_to_error(&rejection))),
        }
    }
}

fn rejection_to_error(rejection: &JsonRejection) -> AppError {
    match rejection {
        JsonRejection::MissingJsonContentType(_) => {
            AppError::new(ErrorCode::UnsupportedMediaType, say("problem-not-json"))
        }
        JsonRejection::JsonDataError(error) => {
            // "missing field `email`" and "invalid type … at line 1" name the
            // field at best; the field name is all that is passed on.
            let field = missing_or_mistyped_field(&error.body_text());
            let mut app_error = AppError::validation(vec![FieldError::new(
                field.as_deref().unwrap_or("body"),
                say("problem-field-type"),
            )]);
            app_error.message = say("problem-json-fields");
            app_error
        }
        JsonRejection::JsonSyntaxError(_) => {
            AppError::new(ErrorCode::InvalidJson, say("problem-json-syntax"))
        }
        JsonRejection::BytesRejection(_) => {
            AppError::new(ErrorCode::PayloadTooLarge, say("problem-body-unreadable"))
        }
        _ => AppError::new(ErrorCode::BadRequest, say("problem-request-unreadable")),
    }
}

/// The field a data error is about, from axum's message
/// ("…target type: email: invalid type: …" or "…: missing field `email` …").
/// Only a plain field path is passed on, never the rest of the message.
fn missing_or_mistyped_field(message: &str) -> Option<String> {
    let detail = message
        .rsplit_once("target type: ")
        .map_or(message, |(_, detail)| detail);
    let is_path = |text: &str| {
        !text.is_empty()
            && text
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.[]".contains(c))
    };
    if let Some(rest) = detail.split_once("missing field `").map(|(_, rest)| rest) {
        let field = rest.split('`').next().unwrap_or_default();
        return is_path(field).then(|| field.to_string());
    }
    let (path, _) = detail.split_once(": ")?;
    is_path(path).then(|| path.to_string())
}

#[cfg(test)]
mod tests {
    use super::missing_or_mistyped_field;

    #[test]
    fn the_field_is_read_off_axums_messages_and_nothing_else() {
        let prefix = "Failed to deserialize the JSON body into the target type: ";
        let mistyped = format!(
            "{prefix}email: invalid type: integer `42`, expected a string at line 1 column 11"
        );
        let missing = format!("{prefix}missing field `lastName` at line 1 column 60");
        let opaque =
            format!("{prefix}invalid type: sequence, expected struct X at line 1 column 0");
        assert_eq!(
            missing_or_mistyped_field(&mistyped).as_deref(),
            Some("email")
        );
        assert_eq!(
            missing_or_mistyped_field(&missing).as_deref(),
            Some("lastName")
        );
        assert_eq!(missing_or_mistyped_field(&opaque), None);
    }
}
