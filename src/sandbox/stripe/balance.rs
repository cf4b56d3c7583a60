//! `/v1/balance` and `/v1/transfers`: a connected account's money, and the platform's
//! transfers into it.

use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};

use chrono::Utc;
use serde_json::json;

use super::{
    Sandbox,
    http::{
        ACCOUNT, TRANSFER, authorize, connected_account, guard, idempotent, internal, invalid, metadata, parse, respond,
    },
    objects, repo,
};

pub(crate) async fn balance(State(sandbox): State<Sandbox>, headers: HeaderMap) -> Response {
    guard!(authorize(&sandbox, &headers));
    let Some(account) = connected_account(&headers) else {
        // The platform's own balance: the sandbox platform never runs out.
        return respond(StatusCode::OK, &objects::balance(&[("usd".into(), 1_000_000_000, 0)]));
    };
    let (status, body) = match repo::balances(&sandbox.db, &account).await {
        Ok(rows) => (
            StatusCode::OK,
            objects::balance(&rows.into_iter().map(|r| (r.currency, r.available, r.pending)).collect::<Vec<_>>()),
        ),
        Err(e) => internal(e),
    };
    respond(status, &body)
}

/// Platform -> connected account. Funds arrive available, or pending with `source_transaction`.
pub(crate) async fn create_transfer(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    guard!(authorize(&sandbox, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", "/v1/transfers");
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
        let Some(destination) = params.get("destination") else {
            return invalid("Missing required param: destination.", Some("parameter_missing"), Some("destination"));
        };
        match repo::get(&sandbox.db, ACCOUNT, destination).await {
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
        if let Err(e) = repo::credit(&sandbox.db, destination, &currency, available, pending).await {
            return internal(e);
        }
        let id = objects::random_id("tr");
        let details = objects::TransferDetails {
            source_transaction: source,
            transfer_group: params.get("transfer_group"),
            description: params.get("description"),
            metadata: metadata(&params),
        };
        let transfer = objects::transfer(&id, amount, &currency, destination, &details);
        let group = json!(params.get("transfer_group"));
        match repo::put(
            &sandbox.db,
            TRANSFER,
            &id,
            &transfer,
            &[("transfer_group", group), ("created", json!(Utc::now().timestamp()))],
        )
        .await
        {
            Ok(()) => (StatusCode::OK, transfer),
            Err(e) => internal(e),
        }
    })
    .await
}

/// `GET /v1/transfers`: the platform's transfers, newest first, optionally one group's.
pub(crate) async fn list_transfers(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(query): Query<std::collections::HashMap<String, String>>,
) -> Response {
    guard!(authorize(&sandbox, &headers));
    let limit = query.get("limit").and_then(|l| l.parse::<i64>().ok()).unwrap_or(10).clamp(1, 100);
    let (status, body) = match repo::list_transfers(
        &sandbox.db,
        query.get("transfer_group").map(String::as_str),
        query.get("destination").map(String::as_str),
        limit + 1,
    )
    .await
    {
        Ok(mut data) => {
            let more = data.len() as i64 > limit;
            data.truncate(limit as usize);
            (StatusCode::OK, objects::list(data, more, "/v1/transfers"))
        }
        Err(e) => internal(e),
    };
    respond(status, &body)
}
