//! The sandbox's `/v1/...` endpoints: Bearer auth, form-encoded bodies, Stripe's objects and
//! error envelope, and idempotency keys that replay (or refuse) like Stripe's.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use secrecy::ExposeSecret;
use serde_json::{Value, json};

use super::{
    events, objects,
    params::Params,
    store::{self, Idempotency, LinkRow},
};
use crate::{db::DbError, state::AppState};

const ACCOUNT: &str = "sandbox_stripe_account";
const TRANSFER: &str = "sandbox_stripe_transfer";
/// Account links expire after this many seconds, as Stripe's do.
const LINK_TTL_SECS: i64 = 300;

fn respond(status: StatusCode, body: &Value) -> Response {
    let mut response = (status, axum::Json(body.clone())).into_response();
    let headers = response.headers_mut();
    headers.insert(
        "request-id",
        HeaderValue::from_str(&objects::random_id("req")).unwrap_or(HeaderValue::from_static("req")),
    );
    headers.insert("stripe-version", HeaderValue::from_static(events::API_VERSION));
    response
}

fn invalid(message: &str, code: Option<&str>, param: Option<&str>) -> (StatusCode, Value) {
    (StatusCode::BAD_REQUEST, objects::error("invalid_request_error", code, message, param))
}

fn missing(what: &str, id: &str, param: &str) -> (StatusCode, Value) {
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

fn internal(e: DbError) -> (StatusCode, Value) {
    tracing::error!(error = %e, "stripe sandbox storage failed");
    (
        StatusCode::INTERNAL_SERVER_ERROR,
        objects::error("api_error", None, "An internal error occurred in the sandbox.", None),
    )
}

/// `Authorization: Bearer sk_test_...` must carry the sandbox's key.
fn authorize(state: &AppState, headers: &HeaderMap) -> Result<(), Response> {
    let given = headers.get("authorization").and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if given == Some(state.settings.stripe.secret_key.expose_secret()) {
        Ok(())
    } else {
        let shown = given.map(|k| format!("{}…", k.chars().take(8).collect::<String>())).unwrap_or_default();
        let body = objects::error("invalid_request_error", None, &format!("Invalid API Key provided: {shown}"), None);
        Err(respond(StatusCode::UNAUTHORIZED, &body))
    }
}

fn connected_account(headers: &HeaderMap) -> Option<String> {
    headers.get("stripe-account").and_then(|v| v.to_str().ok()).map(str::to_string)
}

/// Runs a POST under Stripe's idempotency rules when it carries an `Idempotency-Key`:
/// the same key and parameters replay the first answer (with `Idempotent-Replayed: true`),
/// the same key with other parameters is an `idempotency_error`.
async fn idempotent<F>(state: &AppState, headers: &HeaderMap, fingerprint: String, op: F) -> Response
where
    F: Future<Output = (StatusCode, Value)>,
{
    let Some(key) = headers.get("idempotency-key").and_then(|v| v.to_str().ok()) else {
        let (status, body) = op.await;
        return respond(status, &body);
    };
    let scope = connected_account(headers).unwrap_or_else(|| "platform".into());
    let scope_key = format!("{scope}:{key}");
    match store::begin_idempotent(&state.db, &scope_key, &fingerprint).await {
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
            if let Err(e) = store::finish_idempotent(&state.db, &scope_key, status.as_u16(), &body.to_string()).await {
                tracing::error!(error = %e, "stripe sandbox could not record an idempotent result");
            }
            respond(status, &body)
        }
    }
}

fn parse(body: &Bytes) -> Result<Params, Response> {
    Params::parse(body).map_err(|e| {
        respond(
            StatusCode::BAD_REQUEST,
            &objects::error("invalid_request_error", None, &format!("Invalid request body: {e}"), None),
        )
    })
}

macro_rules! guard {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(response) => return response,
        }
    };
}

fn metadata(params: &Params) -> Value {
    json!(params.map("metadata"))
}

// ---------- accounts ----------

pub async fn create_account(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&state, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", "/v1/accounts");
    idempotent(&state, &headers, fingerprint, async {
        let express = params.get("type") == Some("express")
            || params.get("controller[stripe_dashboard][type]") == Some("express");
        if !express {
            return invalid("The sandbox creates Express accounts: send type=express or controller[stripe_dashboard][type]=express.", None, Some("type"));
        }
        let country = params.get("country").unwrap_or("US").to_uppercase();
        if country.len() != 2 || !country.chars().all(|c| c.is_ascii_uppercase()) {
            return invalid(&format!("Country '{country}' is unknown."), Some("country_unsupported"), Some("country"));
        }
        let id = objects::random_id("acct");
        let account = objects::account(&id, params.get("email"), &country, &metadata(&params), false);
        match store::put(&state.db, ACCOUNT, &id, &account, &[]).await {
            Ok(()) => (StatusCode::OK, account),
            Err(e) => internal(e),
        }
    })
    .await
}

pub async fn retrieve_account(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    guard!(authorize(&state, &headers));
    let (status, body) = match store::get(&state.db, ACCOUNT, &id).await {
        Ok(Some(account)) => (StatusCode::OK, account),
        Ok(None) => missing("account", &id, "account"),
        Err(e) => internal(e),
    };
    respond(status, &body)
}

pub async fn update_account(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    guard!(authorize(&state, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", &format!("/v1/accounts/{id}"));
    idempotent(&state, &headers, fingerprint, async {
        let mut account = match store::get(&state.db, ACCOUNT, &id).await {
            Ok(Some(a)) => a,
            Ok(None) => return missing("account", &id, "account"),
            Err(e) => return internal(e),
        };
        if let Some(email) = params.get("email") {
            account["email"] = json!(email);
        }
        for (k, v) in params.map("metadata") {
            account["metadata"][k] = if v.is_empty() { Value::Null } else { json!(v) };
        }
        match store::put(&state.db, ACCOUNT, &id, &account, &[]).await {
            Ok(()) => (StatusCode::OK, account),
            Err(e) => internal(e),
        }
    })
    .await
}

pub async fn create_account_link(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&state, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", "/v1/account_links");
    idempotent(&state, &headers, fingerprint, async {
        let (Some(account), Some(refresh_url), Some(return_url)) =
            (params.get("account"), params.get("refresh_url"), params.get("return_url"))
        else {
            return invalid(
                "Missing required param: account, refresh_url and return_url are required.",
                Some("parameter_missing"),
                Some("account"),
            );
        };
        if !matches!(params.get("type"), Some("account_onboarding" | "account_update")) {
            return invalid(
                "Invalid type: must be one of account_onboarding or account_update.",
                Some("parameter_invalid_empty"),
                Some("type"),
            );
        }
        match store::get(&state.db, ACCOUNT, account).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                return invalid(&format!("No such account: '{account}'"), Some("resource_missing"), Some("account"));
            }
            Err(e) => return internal(e),
        }
        let token = uuid::Uuid::new_v4().simple().to_string();
        let expires_at = Utc::now() + chrono::Duration::seconds(LINK_TTL_SECS);
        let link = LinkRow {
            account: account.to_string(),
            refresh_url: refresh_url.to_string(),
            return_url: return_url.to_string(),
            expires_at,
            used: false,
        };
        if let Err(e) = store::insert_link(&state.db, &token, &link).await {
            return internal(e);
        }
        let url = format!("{}/sandbox/stripe/onboard/{token}", state.settings.public_url);
        (StatusCode::OK, objects::account_link(&url, expires_at.timestamp()))
    })
    .await
}

// ---------- balance and transfers ----------

pub async fn balance(State(state): State<AppState>, headers: HeaderMap) -> Response {
    guard!(authorize(&state, &headers));
    let Some(account) = connected_account(&headers) else {
        // The platform's own balance: the sandbox platform never runs out.
        return respond(StatusCode::OK, &objects::balance(&[("usd".into(), 1_000_000_000, 0)]));
    };
    let (status, body) = match store::balances(&state.db, &account).await {
        Ok(rows) => (
            StatusCode::OK,
            objects::balance(&rows.into_iter().map(|r| (r.currency, r.available, r.pending)).collect::<Vec<_>>()),
        ),
        Err(e) => internal(e),
    };
    respond(status, &body)
}

/// Platform -> connected account. Funds arrive available, or pending with `source_transaction`.
pub async fn create_transfer(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&state, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", "/v1/transfers");
    idempotent(&state, &headers, fingerprint, async {
        let amount = match params.amount("amount") {
            Ok(Some(a)) if a > 0 => a,
            Ok(_) => {
                return invalid(
                    "Missing required param: amount (a positive integer).",
                    Some("parameter_missing"),
                    Some("amount"),
                );
            }
            Err(m) => return invalid(&m, Some("parameter_invalid_integer"), Some("amount")),
        };
        let Some(currency) = params.get("currency").map(str::to_lowercase) else {
            return invalid("Missing required param: currency.", Some("parameter_missing"), Some("currency"));
        };
        let Some(destination) = params.get("destination") else {
            return invalid("Missing required param: destination.", Some("parameter_missing"), Some("destination"));
        };
        match store::get(&state.db, ACCOUNT, destination).await {
            Ok(Some(_)) => {}
            Ok(None) => {
                return invalid(
                    &format!("No such destination: '{destination}'"),
                    Some("resource_missing"),
                    Some("destination"),
                );
            }
            Err(e) => return internal(e),
        }
        let source = params.get("source_transaction");
        let (available, pending) = if source.is_some() { (0, amount) } else { (amount, 0) };
        if let Err(e) = store::credit(&state.db, destination, &currency, available, pending).await {
            return internal(e);
        }
        let id = objects::random_id("tr");
        let transfer = objects::transfer(&id, amount, &currency, destination, source, &metadata(&params));
        match store::put(&state.db, TRANSFER, &id, &transfer, &[]).await {
            Ok(()) => (StatusCode::OK, transfer),
            Err(e) => internal(e),
        }
    })
    .await
}

// ---------- payouts ----------

pub async fn create_payout(State(state): State<AppState>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&state, &headers));
    let params = guard!(parse(&body));
    let Some(account) = connected_account(&headers) else {
        return respond(
            StatusCode::BAD_REQUEST,
            &objects::error(
                "invalid_request_error",
                None,
                "The sandbox only pays out connected accounts: send a Stripe-Account header.",
                None,
            ),
        );
    };
    let fingerprint = params.fingerprint("POST", "/v1/payouts");
    idempotent(&state, &headers, fingerprint, async {
        let amount = match params.amount("amount") {
            Ok(Some(a)) if a > 0 => a,
            Ok(_) => {
                return invalid(
                    "Missing required param: amount (a positive integer).",
                    Some("parameter_missing"),
                    Some("amount"),
                );
            }
            Err(m) => return invalid(&m, Some("parameter_invalid_integer"), Some("amount")),
        };
        let Some(currency) = params.get("currency").map(str::to_lowercase) else {
            return invalid("Missing required param: currency.", Some("parameter_missing"), Some("currency"));
        };
        let acct = match store::get(&state.db, ACCOUNT, &account).await {
            Ok(Some(a)) => a,
            Ok(None) => return missing("account", &account, "account"),
            Err(e) => return internal(e),
        };
        if acct["payouts_enabled"] != json!(true) {
            return invalid(
                "Payouts are not enabled on this account: it has to finish onboarding first.",
                Some("payouts_not_allowed"),
                None,
            );
        }
        let id = objects::random_id("po");
        let arrival = (Utc::now() + chrono::Duration::days(2)).timestamp();
        let payout = objects::payout(&id, amount, &currency, params.get("description"), &metadata(&params), arrival);
        let next_at = Utc::now() + chrono::Duration::seconds(state.settings.stripe.sandbox_payout_seconds as i64);
        let event = events::event("payout.created", Some(&account), &payout);
        match store::create_payout(&state.db, &id, &account, &payout, next_at, &event).await {
            Ok(true) => (StatusCode::OK, payout),
            Ok(false) => invalid(
                "You have insufficient funds in your Stripe account for this transfer.",
                Some("balance_insufficient"),
                Some("amount"),
            ),
            Err(e) => internal(e),
        }
    })
    .await
}

pub async fn list_payouts(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    guard!(authorize(&state, &headers));
    let Some(account) = connected_account(&headers) else {
        return respond(StatusCode::OK, &objects::list(Vec::new(), false, "/v1/payouts"));
    };
    let limit = match query.get("limit").map(|l| l.parse::<i64>()) {
        None => 10,
        Some(Ok(l)) if (1..=100).contains(&l) => l,
        Some(_) => {
            let (s, b) = invalid(
                "Invalid integer: limit must be between 1 and 100.",
                Some("parameter_invalid_integer"),
                Some("limit"),
            );
            return respond(s, &b);
        }
    };
    let (status, body) = match store::list_payouts(
        &state.db,
        &account,
        limit + 1,
        query.get("starting_after").map(String::as_str),
    )
    .await
    {
        Ok(mut data) => {
            let has_more = data.len() as i64 > limit;
            data.truncate(limit as usize);
            (StatusCode::OK, objects::list(data, has_more, "/v1/payouts"))
        }
        Err(e) => internal(e),
    };
    respond(status, &body)
}

pub async fn retrieve_payout(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    guard!(authorize(&state, &headers));
    let account = connected_account(&headers).unwrap_or_default();
    let (status, body) = match store::get_payout(&state.db, &account, &id).await {
        Ok(Some(p)) => (StatusCode::OK, p),
        Ok(None) => missing("payout", &id, "id"),
        Err(e) => internal(e),
    };
    respond(status, &body)
}

/// Cancels a pending payout; the money goes back to the available balance.
pub async fn cancel_payout(State(state): State<AppState>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    guard!(authorize(&state, &headers));
    let account = connected_account(&headers).unwrap_or_default();
    let payout = match store::get_payout(&state.db, &account, &id).await {
        Ok(Some(p)) => p,
        Ok(None) => return respond(StatusCode::NOT_FOUND, &missing("payout", &id, "id").1),
        Err(e) => {
            let (s, b) = internal(e);
            return respond(s, &b);
        }
    };
    if payout["status"] != "pending" {
        let (s, b) = invalid("Only pending payouts can be canceled.", Some("payout_not_cancelable"), None);
        return respond(s, &b);
    }
    let mut canceled = payout.clone();
    canceled["status"] = json!("canceled");
    let event = events::event("payout.canceled", Some(&account), &canceled);
    let amount = payout["amount"].as_i64().unwrap_or(0);
    let (status, body) =
        match store::advance_payout(&state.db, &account, "pending", &canceled, None, amount, &event).await {
            Ok(true) => (StatusCode::OK, canceled),
            Ok(false) => invalid("Only pending payouts can be canceled.", Some("payout_not_cancelable"), None),
            Err(e) => internal(e),
        };
    respond(status, &body)
}

pub async fn not_found() -> Response {
    respond(
        StatusCode::NOT_FOUND,
        &objects::error(
            "invalid_request_error",
            None,
            "Unrecognized request URL. The sandbox implements a subset of Stripe's API.",
            None,
        ),
    )
}
