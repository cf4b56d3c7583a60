//! Server side of `AppError`: logging causes, the REST JSON envelope, and HTTP status codes
//! for server-function errors.

use axum::{
    Json,
    body::Body,
    extract::Request,
    http::{HeaderValue, StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};
use serde::Serialize;
use utoipa::ToSchema;

use super::{AppError, FieldErrors};

impl AppError {
    /// Logs an internal failure with its context and returns the user-safe `Internal`.
    #[track_caller]
    pub fn internal(context: &str, cause: impl std::fmt::Display) -> Self {
        let at = std::panic::Location::caller();
        tracing::error!(%cause, context, location = %at, "internal error");
        Self::Internal
    }
}

/// `{"error": {...}}`: how every REST error is answered.
#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorEnvelope {
    pub error: ErrorBody,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ErrorBody {
    /// Stable machine-readable code, e.g. `validation_failed`, `not_found`.
    #[schema(example = "validation_failed")]
    pub code: &'static str,
    /// A message safe to show the user.
    pub message: String,
    /// Per-field messages for validation errors.
    #[serde(skip_serializing_if = "FieldErrors::is_empty")]
    pub fields: FieldErrors,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status_code()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        let fields = match &self {
            AppError::Validation { fields, .. } => fields.clone(),
            _ => FieldErrors::new(),
        };
        let retry_after = self.retry_after_secs();
        let body = ErrorEnvelope { error: ErrorBody { code: self.code(), message: self.to_string(), fields } };
        let mut response = (status, Json(body)).into_response();
        if let Some(secs) = retry_after
            && let Ok(value) = HeaderValue::from_str(&secs.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

/// Server functions answer every error with 500 by default. This layer gives them the status
/// their `AppError` stands for (401, 403, 404, 400, 409, 429...), so a server function is
/// as honest a public endpoint as its REST twin. Plain HTML form posts are left alone: those
/// are redirected back to the page, with the error in the URL, by leptos itself.
pub async fn server_fn_status_layer(request: Request, next: Next) -> Response {
    let response = next.run(request).await;
    if response.status() != StatusCode::INTERNAL_SERVER_ERROR || !response.headers().contains_key("serverfnerror") {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return Response::from_parts(parts, Body::empty());
    };
    if let Ok(err) = serde_json::from_slice::<AppError>(&bytes)
        && let Ok(status) = StatusCode::from_u16(err.status_code())
    {
        parts.status = status;
        if let Some(retry_after_secs) = err.retry_after_secs()
            && let Ok(value) = HeaderValue::from_str(&retry_after_secs.to_string())
        {
            parts.headers.insert(header::RETRY_AFTER, value);
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}
