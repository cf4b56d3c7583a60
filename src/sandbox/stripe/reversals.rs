//! `POST /v1/transfers/{id}/reversals`: takes some or all of a transfer back from the
//! connected account (from its available balance, which a reversal may take below zero, as
//! Stripe allows), records the reversal on the transfer (`amount_reversed`, `reversed`,
//! `reversals`), and answers with the `transfer_reversal`. Idempotent by key, like every POST.

use axum::{
    body::Bytes,
    extract::{Path, State},
    http::{HeaderMap, StatusCode},
    response::Response,
};
use chrono::Utc;
use serde_json::{Value, json};

use super::{
    Sandbox,
    http::{TRANSFER, authorize, guard, idempotent, internal, invalid, metadata, missing, parse},
    objects, repo,
};

fn reversal(id: &str, transfer: &Value, amount: i64, metadata: Value) -> Value {
    json!({
        "id": id,
        "object": "transfer_reversal",
        "amount": amount,
        "balance_transaction": null,
        "created": Utc::now().timestamp(),
        "currency": transfer["currency"],
        "destination_payment_refund": null,
        "metadata": metadata,
        "source_refund": null,
        "transfer": transfer["id"],
    })
}

pub(crate) async fn create_reversal(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
    body: Bytes,
) -> Response {
    guard!(authorize(&sandbox, &headers));
    let params = guard!(parse(&body));
    let fingerprint = params.fingerprint("POST", &format!("/v1/transfers/{id}/reversals"));
    idempotent(&sandbox, &headers, fingerprint, async {
        let mut transfer = match repo::get(&sandbox.db, TRANSFER, &id).await {
            Ok(Some(t)) => t,
            Ok(None) => return missing("transfer", &id, "id"),
            Err(e) => return internal(e),
        };
        let left = transfer["amount"].as_i64().unwrap_or(0) - transfer["amount_reversed"].as_i64().unwrap_or(0);
        let amount = match params.amount("amount") {
            Ok(None) => left,
            Ok(Some(a)) if a > 0 => a,
            Ok(Some(_)) => {
                return invalid(
                    "Invalid amount: must be a positive integer.",
                    Some("parameter_invalid_integer"),
                    Some("amount"),
                );
            }
            Err(m) => return invalid(&m, Some("parameter_invalid_integer"), Some("amount")),
        };
        if amount > left || left == 0 {
            let message = format!("Transfer {id} has {left} left to reverse; {amount} is more than that.");
            return invalid(&message, Some("parameter_invalid_integer"), Some("amount"));
        }
        let (destination, currency) = (
            transfer["destination"].as_str().unwrap_or_default().to_string(),
            transfer["currency"].as_str().unwrap_or("usd").to_string(),
        );
        if let Err(e) = repo::credit(&sandbox.db, &destination, &currency, -amount, 0).await {
            return internal(e);
        }
        let reversal = reversal(&objects::random_id("trr"), &transfer, amount, metadata(&params));
        let reversed = transfer["amount_reversed"].as_i64().unwrap_or(0) + amount;
        transfer["amount_reversed"] = json!(reversed);
        transfer["reversed"] = json!(reversed == transfer["amount"].as_i64().unwrap_or(0));
        if let Some(list) = transfer["reversals"]["data"].as_array_mut() {
            list.insert(0, reversal.clone());
        }
        let extra = [("transfer_group", transfer["transfer_group"].clone()), ("created", transfer["created"].clone())];
        match repo::put(&sandbox.db, TRANSFER, &id, &transfer, &extra).await {
            Ok(()) => (StatusCode::OK, reversal),
            Err(e) => internal(e),
        }
    })
    .await
}
