//! `ApiJson<T>`: axum's `Json` with rejections turned into clear `AppError`s, so malformed
//! JSON, wrong types and missing fields get a 400 with a message saying which.

use axum::{
    Json,
    extract::{FromRequest, Request, rejection::JsonRejection},
    http::{StatusCode, header},
};
use serde::de::DeserializeOwned;

use crate::error::AppError;

pub(crate) struct ApiJson<T>(pub T);

impl<S, T> FromRequest<S> for ApiJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match Json::<T>::from_request(req, state).await {
            Ok(Json(value)) => Ok(Self(value)),
            Err(rejection) => Err(explain(rejection)),
        }
    }
}

fn explain(rejection: JsonRejection) -> AppError {
    match rejection {
        JsonRejection::JsonDataError(e) => {
            AppError::bad_request(format!("The JSON doesn't match what this endpoint expects: {}", e.body_text()))
        }
        JsonRejection::JsonSyntaxError(_) => AppError::bad_request("The request body is not valid JSON."),
        JsonRejection::MissingJsonContentType(_) => AppError::bad_request(SEND_JSON),
        other if other.status() == StatusCode::PAYLOAD_TOO_LARGE => AppError::TooLarge,
        other => AppError::bad_request(format!("The request body could not be read: {}", other.body_text())),
    }
}

/// A JSON body that may be left out: an empty body means `T::default()`. A body, or any
/// `Content-Type` but JSON, is taken only as `application/json`: a page on another site
/// can send a form or plain text without asking the browser first, but not JSON.
pub(crate) struct OptionalJson<T>(pub T);

/// `application/json`, or a `+json` type such as `application/merge-patch+json`.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    essence == "application/json" || (essence.starts_with("application/") && essence.ends_with("+json"))
}

const SEND_JSON: &str = "Send the body as JSON, with the header Content-Type: application/json.";

impl<S, T> FromRequest<S> for OptionalJson<T>
where
    S: Send + Sync,
    T: DeserializeOwned + Default,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let content_type = req.headers().get(header::CONTENT_TYPE).map(|v| v.to_str().map(is_json).unwrap_or(false));
        if content_type == Some(false) {
            return Err(AppError::bad_request(SEND_JSON));
        }
        let bytes = axum::body::Bytes::from_request(req, state).await.map_err(|rejection| {
            if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                AppError::TooLarge
            } else {
                AppError::bad_request("The request body could not be read.")
            }
        })?;
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Ok(Self(T::default()));
        }
        if content_type.is_none() {
            return Err(AppError::bad_request(SEND_JSON));
        }
        serde_json::from_slice(&bytes).map(Self).map_err(|e| {
            if e.is_syntax() || e.is_eof() {
                AppError::bad_request("The request body is not valid JSON.")
            } else {
                AppError::bad_request(format!("The JSON doesn't match what this endpoint expects: {e}"))
            }
        })
    }
}
