//! `/v1/payouts`: payouts from a connected account to its bank, moved along by the worker.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::Utc;
use serde_json::json;

use super::{
    Sandbox, events,
    http::{
        ACCOUNT, authorize, connected_account, guard, idempotent, internal, invalid, metadata, missing, parse, respond,
    },
    objects, payout_repo, repo,
};

pub(crate) async fn create_payout(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&sandbox, &headers));
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
    idempotent(&sandbox, &headers, fingerprint, async {
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
        let acct = match repo::get(&sandbox.db, ACCOUNT, &account).await {
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
        let payout =
            objects::payout(&id, amount, &currency, params.get("description"), &metadata(&params), arrival, false);
        let next_at = Utc::now() + chrono::Duration::from_std(sandbox.settings.payout_step).unwrap_or_default();
        let event = events::event("payout.created", Some(&account), &payout);
        match payout_repo::create_payout(&sandbox.db, &id, &account, &payout, next_at, &event).await {
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

pub(crate) async fn list_payouts(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    guard!(authorize(&sandbox, &headers));
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
    let (status, body) = match payout_repo::list_payouts(
        &sandbox.db,
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

pub(crate) async fn retrieve_payout(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    guard!(authorize(&sandbox, &headers));
    let account = connected_account(&headers).unwrap_or_default();
    let (status, body) = match payout_repo::get_payout(&sandbox.db, &account, &id).await {
        Ok(Some(p)) => (StatusCode::OK, p),
        Ok(None) => missing("payout", &id, "id"),
        Err(e) => internal(e),
    };
    respond(status, &body)
}

/// Cancels a pending payout; the money goes back to the available balance.
pub(crate) async fn cancel_payout(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    guard!(authorize(&sandbox, &headers));
    let account = connected_account(&headers).unwrap_or_default();
    let payout = match payout_repo::get_payout(&sandbox.db, &account, &id).await {
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
        match payout_repo::advance_payout(&sandbox.db, &account, "pending", &canceled, None, amount, &event).await {
            Ok(true) => (StatusCode::OK, canceled),
            Ok(false) => invalid("Only pending payouts can be canceled.", Some("payout_not_cancelable"), None),
            Err(e) => internal(e),
        };
    respond(status, &body)
}

pub(crate) async fn not_found() -> Response {
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
