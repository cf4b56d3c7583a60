//! The Finances API 2024-06-19 in the sandbox: `listTransactions`, with Amazon's rules (a
//! `postedAfter` unless a related identifier is given; both ends more than two minutes in
//! the past; an empty answer for windows over 180 days) and pages bound to the parameters.
//! A Shipment carries each item's charges (`ProductCharges`) and Amazon's referral fee
//! (`AmazonFees` > `Commission`); a Refund gives the charges back and returns the fee less
//! Amazon's refund administration fee.

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Query, State},
    http::HeaderMap,
    response::{IntoResponse, Response},
};
use chrono::Utc;
use serde_json::{Value, json};

use super::{
    Sandbox, auth,
    orders::{invalid, parse_time},
    orders_repo::{self, Transaction, TransactionLine, TransactionSearch},
    page_token,
    runtime::storage_error,
    usage_plan::SpOperation as Operation,
};

const PAGE: usize = 50;

/// Cents as the JSON number Finances writes (24.99).
fn amount(minor: i64, currency: &str) -> Value {
    let number: f64 = super::orders::decimal(minor).parse().unwrap_or(0.0);
    json!({ "currencyCode": currency, "currencyAmount": number })
}

fn breakdown(kind: &str, minor: i64, currency: &str, inner: Vec<Value>) -> Value {
    json!({ "breakdownType": kind, "breakdownAmount": amount(minor, currency), "breakdowns": inner })
}

fn item_json(line: &TransactionLine, currency: &str) -> Value {
    let mut item = json!({
        "description": line.title,
        "totalAmount": amount(line.charges_minor + line.fees_minor, currency),
        "breakdowns": [
            breakdown("ProductCharges", line.charges_minor, currency, vec![breakdown("Principal", line.charges_minor, currency, vec![])]),
            breakdown("AmazonFees", line.fees_minor, currency, vec![breakdown("Commission", line.fees_minor, currency, vec![])]),
        ],
        "contexts": [{
            "contextType": "ProductContext",
            "asin": line.asin,
            "sku": line.sku,
            "quantityShipped": line.quantity,
            "fulfillmentNetwork": "MFN",
        }],
    });
    if let Some(adjustment) = &line.adjustment_id {
        item["relatedIdentifiers"] = json!([{ "itemRelatedIdentifierName": "ORDER_ADJUSTMENT_ITEM_ID", "itemRelatedIdentifierValue": adjustment }]);
    }
    item
}

fn transaction_json(sandbox: &Sandbox, t: &Transaction) -> Value {
    let total: i64 = t.lines.iter().map(|l| l.charges_minor + l.fees_minor).sum();
    json!({
        "sellingPartnerMetadata": {
            "sellingPartnerId": sandbox.settings.seller_id,
            "accountType": "Standard Orders",
            "marketplaceId": t.marketplace_id,
        },
        "relatedIdentifiers": [{ "relatedIdentifierName": "ORDER_ID", "relatedIdentifierValue": t.order_id }],
        "transactionType": t.kind,
        "transactionId": t.transaction_id,
        "transactionStatus": "RELEASED",
        "description": if t.kind == "Refund" { "Refund Order" } else { "Order Payment" },
        "postedDate": t.posted.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "totalAmount": amount(total, &t.currency),
        "marketplaceDetails": { "marketplaceId": t.marketplace_id, "marketplaceName": "Amazon.com" },
        "items": t.lines.iter().map(|l| item_json(l, &t.currency)).collect::<Vec<_>>(),
    })
}

pub(crate) async fn list_transactions(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let op = Operation::ListTransactions;
    if let Err(r) = auth::check(&sandbox, &headers) {
        return sandbox.runtime.stamp(r, op);
    }
    if let Some(r) = sandbox.runtime.gate(op) {
        return r;
    }
    let (after, before) = match (parse_time(&params, "postedAfter"), parse_time(&params, "postedBefore")) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(m), _) | (_, Err(m)) => return invalid(&sandbox, op, &m),
    };
    let order_id = match (params.get("relatedIdentifierName").map(String::as_str), params.get("relatedIdentifierValue"))
    {
        (None, None) => None,
        (Some("ORDER_ID"), Some(value)) => Some(value.clone()),
        (Some("FINANCIAL_EVENT_GROUP_ID"), Some(_)) => {
            return invalid(&sandbox, op, "The sandbox has no financial event groups; filter by ORDER_ID.");
        }
        _ => return invalid(&sandbox, op, "relatedIdentifierName (ORDER_ID) and relatedIdentifierValue go together."),
    };
    if let Some(id) = params.get("marketplaceId")
        && *id != sandbox.settings.marketplace_id
    {
        return invalid(&sandbox, op, "Invalid marketplaceId: the seller is not registered in it.");
    }
    let latest = Utc::now() - chrono::Duration::minutes(2);
    let posted = match (after, &order_id) {
        (None, None) => return invalid(&sandbox, op, "postedAfter is required when no related identifier is given."),
        (None, Some(_)) => None,
        (Some(after), _) => {
            let before = before.unwrap_or(latest);
            if after >= latest || before > latest {
                return invalid(
                    &sandbox,
                    op,
                    "postedAfter and postedBefore must be more than two minutes before the time of the request.",
                );
            }
            if before <= after {
                return invalid(&sandbox, op, "postedBefore must be later than postedAfter.");
            }
            Some((after, before))
        }
    };
    let bound: Vec<(&str, Option<&String>)> = [
        "postedAfter",
        "postedBefore",
        "marketplaceId",
        "transactionStatus",
        "relatedIdentifierName",
        "relatedIdentifierValue",
    ]
    .into_iter()
    .map(|name| (name, params.get(name)))
    .collect();
    let fingerprint = page_token::fingerprint(&bound);
    let from = match params.get("nextToken").map(|t| page_token::read(&sandbox, t, &fingerprint)) {
        None => None,
        Some(Ok(position)) => Some(position),
        Some(Err(e)) => return invalid(&sandbox, op, &e.message("nextToken")),
    };
    // Amazon answers windows wider than 180 days with nothing.
    if posted.is_some_and(|(a, b)| b - a > chrono::Duration::days(180)) {
        return sandbox.runtime.stamp(Json(json!({ "payload": { "transactions": [] } })).into_response(), op);
    }
    let query = TransactionSearch { posted, order_id, from, limit: PAGE + 1 };
    let mut found = match orders_repo::transactions(&sandbox.db, &query).await {
        Ok(found) => found,
        Err(e) => return storage_error(op, e),
    };
    let more = found.len() > PAGE;
    found.truncate(PAGE);
    let mut payload =
        json!({ "transactions": found.iter().map(|t| transaction_json(&sandbox, t)).collect::<Vec<_>>() });
    if more && let Some(last) = found.last() {
        payload["nextToken"] = json!(page_token::issue(&sandbox, &fingerprint, last.posted, &last.transaction_id));
    }
    sandbox.runtime.stamp(Json(json!({ "payload": payload })).into_response(), op)
}
