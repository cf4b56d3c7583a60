//! `AppError`: the one error type that crosses the wire.
//!
//! Every message here is safe to show a user. Internal causes (database errors, upstream
//! failures, bugs) are logged on the server with their context and reach the browser only as
//! `Internal` or `Upstream` with a generic message. Server functions return it directly
//! (`FromServerFnError`), REST handlers turn it into a JSON envelope with the matching status
//! code, and pages render it. Code matches on variants, never on message text.

use std::collections::BTreeMap;

use leptos::server_fn::{
    codec::JsonEncoding,
    error::{FromServerFnError, ServerFnErrorErr},
};
use serde::{Deserialize, Serialize};

#[cfg(feature = "ssr")]
mod http;
#[cfg(feature = "ssr")]
pub use http::{ErrorBody, ErrorEnvelope, server_fn_status_layer};

/// Field name -> message, for forms that show errors next to their inputs.
pub type FieldErrors = BTreeMap<String, String>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AppError {
    /// No one is signed in (401).
    #[error("Please sign in to continue.")]
    Unauthorized,
    /// Sign-in failed. One message for a wrong e-mail and a wrong password alike (401).
    #[error("Invalid email or password.")]
    InvalidCredentials,
    /// Signed in, but the role does not allow this (403).
    #[error("You don't have permission to do that.")]
    Forbidden,
    /// The record does not exist, or it is not the caller's: both look the same (404).
    #[error("{what} was not found.")]
    NotFound { what: String },
    /// Input failed validation; `fields` maps form fields to messages (400).
    #[error("{message}")]
    Validation { message: String, fields: FieldErrors },
    /// A malformed request: bad query parameter, bad id, unreadable body (400).
    #[error("{message}")]
    BadRequest { message: String },
    /// The request body is larger than this endpoint accepts (413).
    #[error("The request is too large.")]
    TooLarge,
    /// The request is valid but conflicts with the record's current state (409).
    #[error("{message}")]
    Conflict { message: String },
    /// Too many attempts (429).
    #[error("{message}")]
    RateLimited { message: String, retry_after_secs: u64 },
    /// Hamro is at capacity for this kind of work right now; try again shortly (503).
    #[error("{message}")]
    Busy { message: String, retry_after_secs: u64 },
    /// An outside service (Stripe, Amazon) failed or refused; the message says what to do (502).
    #[error("{message}")]
    Upstream { message: String },
    /// Our fault; the cause is in the server log (500).
    #[error("Something went wrong on our side. Please try again in a moment.")]
    Internal,
    /// The browser could not reach the server or read its answer (client side only).
    #[error("Could not reach Hamro. Check your connection and try again.")]
    Network,
}

impl AppError {
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::NotFound { what: what.into() }
    }

    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::BadRequest { message: message.into() }
    }

    pub fn conflict(message: impl Into<String>) -> Self {
        Self::Conflict { message: message.into() }
    }

    pub fn upstream(message: impl Into<String>) -> Self {
        Self::Upstream { message: message.into() }
    }

    /// A validation error for one field.
    pub fn field(field: impl Into<String>, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut fields = FieldErrors::new();
        fields.insert(field.into(), message.clone());
        Self::Validation { message, fields }
    }

    /// A validation error for several fields; the summary names how many need attention.
    pub fn fields(fields: FieldErrors) -> Self {
        let message = match fields.len() {
            1 => fields.values().next().cloned().unwrap_or_default(),
            n => format!("Please fix the {n} highlighted fields."),
        };
        Self::Validation { message, fields }
    }

    /// The HTTP status this error is answered with.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::Unauthorized | Self::InvalidCredentials => 401,
            Self::Forbidden => 403,
            Self::NotFound { .. } => 404,
            Self::Validation { .. } | Self::BadRequest { .. } => 400,
            Self::Conflict { .. } => 409,
            Self::TooLarge => 413,
            Self::RateLimited { .. } => 429,
            Self::Busy { .. } => 503,
            Self::Upstream { .. } => 502,
            Self::Internal | Self::Network => 500,
        }
    }

    /// A stable machine-readable code for the REST envelope.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::NotFound { .. } => "not_found",
            Self::Validation { .. } => "validation_failed",
            Self::BadRequest { .. } => "bad_request",
            Self::Conflict { .. } => "conflict",
            Self::TooLarge => "payload_too_large",
            Self::RateLimited { .. } => "rate_limited",
            Self::Busy { .. } => "busy",
            Self::Upstream { .. } => "upstream_error",
            Self::Internal => "internal_error",
            Self::Network => "network_error",
        }
    }

    /// How long to wait before trying again, for the `Retry-After` header (429 and 503).
    pub fn retry_after_secs(&self) -> Option<u64> {
        match self {
            Self::RateLimited { retry_after_secs, .. } | Self::Busy { retry_after_secs, .. } => Some(*retry_after_secs),
            _ => None,
        }
    }

    /// The message for one form field, if validation flagged it.
    pub fn field_error(&self, field: &str) -> Option<String> {
        match self {
            Self::Validation { fields, .. } => fields.get(field).cloned(),
            _ => None,
        }
    }
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        match value {
            // The request reached the server but its arguments could not be read.
            ServerFnErrorErr::Args(_) | ServerFnErrorErr::MissingArg(_) => {
                Self::bad_request("The form was incomplete or malformed. Please check it and try again.")
            }
            ServerFnErrorErr::Request(_) | ServerFnErrorErr::Deserialization(_) => Self::Network,
            _ => Self::Internal,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_codes_follow_the_kind() {
        assert_eq!(AppError::Unauthorized.status_code(), 401);
        assert_eq!(AppError::Forbidden.status_code(), 403);
        assert_eq!(AppError::not_found("Product").status_code(), 404);
        assert_eq!(AppError::field("email", "Enter your email.").status_code(), 400);
        assert_eq!(AppError::conflict("Already reviewed").status_code(), 409);
    }

    #[test]
    fn round_trips_through_json() {
        let err = AppError::field("email", "Enter your email.");
        let json = serde_json::to_string(&err).unwrap();
        assert_eq!(serde_json::from_str::<AppError>(&json).unwrap(), err);
        assert_eq!(err.field_error("email").as_deref(), Some("Enter your email."));
    }

    #[test]
    fn summary_counts_fields() {
        let mut fields = FieldErrors::new();
        fields.insert("a".into(), "A".into());
        fields.insert("b".into(), "B".into());
        assert_eq!(AppError::fields(fields).to_string(), "Please fix the 2 highlighted fields.");
    }
}
