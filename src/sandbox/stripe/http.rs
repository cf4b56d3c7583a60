//! What every `/v1/...` endpoint of the Stripe sandbox shares: Bearer auth, form bodies,
//! Stripe's error envelope and headers, and idempotency keys that replay (or refuse) like
//! Stripe's.

use axum::{
    body::Bytes,
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    Sandbox, events, objects,
    params::Params,
    repo::{self, Idempotency},
};
use crate::db::DbError;

pub(super) const ACCOUNT: &str = "sandbox_stripe_account";
pub(super) const TRANSFER: &str = "sandbox_stripe_transfer";
/// Account links expire after this many seconds, as Stripe's do.
pub(super) const LINK_TTL_SECS: i64 = 300;

pub(super) fn respond(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, axum::Json(body.clone())).into_response();
    let headers = response.headers_mut();
    headers.insert(
        "request-id",
        HeaderValue::from_str(&objects::random_id("req")).unwrap_or(HeaderValue::from_static("req")),
    );
    headers.insert("stripe-version", HeaderValue::from_static(events::API_VERSION));
    response
}

pub(super) fn invalid(message: &str, code: Option<&str>, param: Option<&str>) -> (StatusCode, Value) {
    (StatusCode::BAD_REQUEST, objects::error("invalid_request_error", code, message, param))
}

pub(super) fn missing(what: &str, id: &str, param: &str) -> (StatusCode, Value) {
    (
        StatusCode::NOT_FOUND,
        objects::error(
            "invalid_request_error",
            Some("resource_missing"),
            &format!("No such {what}: '{id}'"),
            Some(param),
        ),
    )
}

pub(super) fn internal(e: DbError) -> (StatusCode, Value) {
    tracing::error!(error = %e, "stripe sandbox storage failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        objects::error("api_error", None, "An internal error occurred in the sandbox.", None),
    )
}

/// `Authorization: Bearer sk_test_...` must carry the sandbox's key.
pub(super) fn authorize(sandbox: &Sandbox, headers: &HeaderMap) -> Result<(), Response> {
    let given = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if given == Some(sandbox.settings.api_key.as_str()) {
        Ok(())
    } else {
        let shown = given.map(|k| format!("{}…", k.chars().take(8).collect::<String>())).unwrap_or_default();
        let body = objects::error("invalid_request_error", None, &format!("Invalid API Key provided: {shown}"), None);
        Err(respond(StatusCode::UNAUTHORIZED, &body))
    }
}

pub(super) fn connected_account(headers: &HeaderMap) -> Option<String> {
    headers.get("stripe-account").and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Runs a POST under Stripe's idempotency rules when it carries an `Idempotency-Key`:
/// the same key and parameters replay the first answer (with `Idempotent-Replayed: true`),
/// the same key with other parameters is an `idempotency_error`.
pub(super) async fn idempotent<F>(sandbox: &Sandbox, headers: &HeaderMap, fingerprint: String, op: F) -> Response
where
    F: Future<Output = (StatusCode, Value)>,
{
    let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) else {
        let (status, body) = op.await;
        return respond(status, &body);
    };
    let scope = connected_account(headers).unwrap_or_else(|| "platform".into());
    let scope_key = format!("{scope}:{key}");
    match repo::begin_idempotent(&sandbox.db, &scope_key, &fingerprint).await {
        Err(e) => {
            let (status, body) = internal(e);
            respond(status, &body)
        }
        Ok(Idempotency::Mismatch) => respond(
            StatusCode::BAD_REQUEST,
            &objects::error(
                "idempotency_error",
                None,
                &format!(
                    "Keys for idempotent requests can only be used with the same parameters they were first used with. Try using a key other than '{key}' if you meant to execute a different request."
                ),
                None,
            ),
        ),
        Ok(Idempotency::InProgress) => respond(
            StatusCode::CONFLICT,
            &objects::error(
                "idempotency_error",
                None,
                "There is currently another in-progress request using this Idempotent Key (that probably means you submitted twice, and the other request is still going through): please try again later.",
                None,
            ),
        ),
        Ok(Idempotency::Replay { status, body }) => {
            let value: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            let mut response = respond(StatusCode::from_u16(status).unwrap_or(StatusCode::OK), &value);
            response.headers_mut().insert("idempotent-replayed", HeaderValue::from_static("true"));
            response.headers_mut().insert("original-request", HeaderValue::from_static("req_replayed"));
            response
        }
        Ok(Idempotency::New) => {
            let (status, body) = op.await;
            if let Err(e) = repo::finish_idempotent(&sandbox.db, &scope_key, status.as_u16(), &body.to_string()).await {
                tracing::error!(error = %e, "stripe sandbox could not record an idempotent result");
            }
            respond(status, &body)
        }
    }
}

pub(super) fn parse(body: &Bytes) -> Result<Params, Response> {
    Params::parse(body).map_err(|e| {
        respond(
            StatusCode::BAD_REQUEST,
            &objects::error("invalid_request_error", None, &format!("Invalid request body: {e}"), None),
        )
    })
}

/// Returns the response an `Err` carries.
macro_rules! guard {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return response,
        }
    };
}

pub(super) fn metadata(params: &Params) -> Value {
    json!(params.map("metadata"))
}

pub(super) use guard;
