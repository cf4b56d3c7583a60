//! The sandbox's Login with Amazon: `POST /auth/o2/token` (grant_type=refresh_token), and the
//! `x-amz-access-token` check every SP-API call passes. Access tokens are self-contained
//! (expiry plus an HMAC made with a key derived from SECRET_KEY), so any instance can check
//! any instance's tokens.

use axum::{
    Form, Json,
    extract::State,
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use hmac::{Hmac, Mac};
use secrecy::ExposeSecret;
use serde::Deserialize;
use serde_json::json;
use sha2::Sha256;

use super::{Sandbox, runtime::sp_error};

/// How long sandbox access tokens live (Amazon's are an hour).
fn lifetime(sandbox: &Sandbox) -> i64 {
    sandbox.settings.token_lifetime.as_secs().max(1) as i64
}

fn mac(sandbox: &Sandbox, payload: &str) -> String {
    let mut mac =
        <Hmac<Sha256>>::new_from_slice(sandbox.settings.token_key.expose_secret().as_bytes()).expect("any key length");
    mac.update(b"hamro amazon sandbox access token|");
    mac.update(payload.as_bytes());
    hex::encode(mac.finalize().into_bytes())[..32].to_string()
}

#[derive(Deserialize)]
pub(crate) struct TokenRequest {
    grant_type: Option<String>,
    refresh_token: Option<String>,
    client_id: Option<String>,
    client_secret: Option<String>,
}

pub(crate) async fn token(State(sandbox): State<Sandbox>, Form(req): Form<TokenRequest>) -> Response {
    let lwa_error = |error: &str, description: &str| {
        (StatusCode::BAD_REQUEST, Json(json!({ "error": error, "error_description": description }))).into_response()
    };
    if req.grant_type.as_deref() != Some("refresh_token") {
        return lwa_error(
            "unsupported_grant_type",
            "The authorization grant type is not supported by the authorization server",
        );
    }
    let settings = &sandbox.settings;
    let (secret, refresh) = (settings.client_secret.expose_secret(), settings.refresh_token.expose_secret());
    if req.client_id.as_deref() != Some(settings.client_id.as_str()) || req.client_secret.as_deref() != Some(secret) {
        return lwa_error("invalid_client", "Client authentication failed");
    }
    if req.refresh_token.as_deref() != Some(refresh) {
        return lwa_error("invalid_grant", "The request has an invalid grant parameter : refresh_token");
    }
    let expires_in = lifetime(&sandbox);
    let payload = format!("{}", Utc::now().timestamp() + expires_in);
    let access = format!("Atza|{payload}.{}", mac(&sandbox, &payload));
    Json(json!({ "access_token": access, "token_type": "bearer", "expires_in": expires_in, "refresh_token": refresh }))
        .into_response()
}

/// 403 unless `x-amz-access-token` is one of ours and unexpired.
pub(crate) fn check(sandbox: &Sandbox, headers: &HeaderMap) -> Result<(), Response> {
    let token = headers.get("x-amz-access-token").and_then(|v| v.to_str().ok()).unwrap_or_default();
    let denied = |details: &str| {
        let body = json!({ "errors": [{ "code": "Unauthorized", "message": "Access to requested resource is denied.", "details": details }] });
        Err((StatusCode::FORBIDDEN, Json(body)).into_response())
    };
    let Some((payload, sig)) = token.strip_prefix("Atza|").and_then(|t| t.split_once('.')) else {
        return denied("The access token is missing or malformed.");
    };
    if mac(sandbox, payload) != sig {
        return denied("The access token is invalid.");
    }
    match payload.parse::<i64>() {
        Ok(expiry) if expiry > Utc::now().timestamp() => Ok(()),
        _ => denied("The access token you provided has expired."),
    }
}

/// The seller in the path must be the platform's.
pub(crate) fn check_seller(sandbox: &Sandbox, seller_id: &str) -> Result<(), Response> {
    if seller_id == sandbox.settings.seller_id {
        Ok(())
    } else {
        Err(sp_error(StatusCode::FORBIDDEN, "Unauthorized", "Access to requested resource is denied."))
    }
}
