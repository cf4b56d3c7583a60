//! The Orders API 2026-01-01 in the sandbox: `searchOrders` and `getOrder`, with Amazon's
//! rules for the time window (exactly one of `createdAfter` and `lastUpdatedAfter`; an end
//! at least two minutes in the past), keyset pages with a token bound to the parameters,
//! and `includedData` deciding which datasets an order carries.

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{
    Sandbox, auth,
    orders_repo::{self, Order, OrderLine, OrderSearch, OrderTime},
    page_token,
    runtime::{sp_error, storage_error},
    usage_plan::SpOperation as Operation,
};

type Params = HashMap<String, String>;

const STATUSES: &[&str] =
    &["PENDING_AVAILABILITY", "PENDING", "UNSHIPPED", "PARTIALLY_SHIPPED", "SHIPPED", "CANCELLED", "UNFULFILLABLE"];
const DATASETS: &[&str] = &[
    "BUYER",
    "RECIPIENT",
    "PROCEEDS",
    "EXPENSE",
    "PROMOTION",
    "CANCELLATION",
    "FULFILLMENT",
    "PACKAGES",
    "TAX",
    "PAYMENT",
    "FULFILLMENT_ORDERS",
];

fn iso(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// Cents as Amazon's exact decimal text ("24.99", "-3.75").
pub(super) fn decimal(minor: i64) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", minor.unsigned_abs() / 100, minor.unsigned_abs() % 100)
}

fn money(minor: i64, currency: &str) -> Value {
    json!({ "amount": decimal(minor), "currencyCode": currency })
}

/// A 400 as Amazon words it.
pub(super) fn invalid(sandbox: &Sandbox, op: Operation, message: &str) -> Response {
    sandbox.runtime.stamp(sp_error(StatusCode::BAD_REQUEST, "InvalidInput", message), op)
}

pub(super) fn parse_time(params: &Params, name: &str) -> Result<Option<DateTime<Utc>>, String> {
    params
        .get(name)
        .map(|v| {
            DateTime::parse_from_rfc3339(v)
                .map(|t| t.with_timezone(&Utc))
                .map_err(|_| format!("{name} must be an ISO 8601 date-time, like 2026-01-01T00:00:00Z."))
        })
        .transpose()
}

/// A comma-separated list parameter, each value one of `allowed`.
fn list(params: &Params, name: &str, allowed: &[&str]) -> Result<Option<Vec<String>>, String> {
    let Some(raw) = params.get(name) else { return Ok(None) };
    let values: Vec<String> = raw.split(',').map(|v| v.trim().to_string()).filter(|v| !v.is_empty()).collect();
    if let Some(bad) = values.iter().find(|v| !allowed.contains(&v.as_str())) {
        return Err(format!("{bad} is not a valid value for {name}."));
    }
    Ok(Some(values))
}

fn item_json(line: &OrderLine, order: &Order, datasets: &[String]) -> Value {
    let mut item = json!({
        "orderItemId": line.order_item_id,
        "quantityOrdered": line.quantity,
        "product": {
            "asin": line.asin,
            "title": line.title,
            "sellerSku": line.sku,
            "condition": { "conditionType": "NEW" },
            "price": { "unitPrice": money(line.unit_minor, &line.currency) },
        },
    });
    let shipped = if order.status == "SHIPPED" { line.quantity } else { 0 };
    if datasets.iter().any(|d| d == "FULFILLMENT") {
        item["fulfillment"] = json!({ "quantityFulfilled": shipped, "quantityUnfulfilled": line.quantity - shipped });
    }
    if datasets.iter().any(|d| d == "PROCEEDS") {
        let total = line.unit_minor * line.quantity;
        item["proceeds"] = json!({
            "proceedsTotal": money(total, &line.currency),
            "breakdowns": [{ "type": "ITEM", "subtotal": money(total, &line.currency) }],
        });
    }
    item
}

/// An order as `searchOrders` and `getOrder` write it, with the datasets asked for.
pub(super) fn order_json(order: &Order, datasets: &[String]) -> Value {
    let mut out = json!({
        "orderId": order.order_id,
        "createdTime": iso(order.created),
        "lastUpdatedTime": iso(order.updated),
        "salesChannel": { "channelName": "AMAZON", "marketplaceId": order.marketplace_id, "marketplaceName": "Amazon.com" },
        "orderItems": order.lines.iter().map(|l| item_json(l, order, datasets)).collect::<Vec<_>>(),
    });
    if datasets.iter().any(|d| d == "FULFILLMENT") {
        out["fulfillment"] = json!({ "fulfillmentStatus": order.status, "fulfilledBy": "MERCHANT" });
    }
    if datasets.iter().any(|d| d == "PROCEEDS")
        && let Some(first) = order.lines.first()
    {
        let total: i64 = order.lines.iter().map(|l| l.unit_minor * l.quantity).sum();
        out["proceeds"] = json!({ "grandTotal": money(total, &first.currency) });
    }
    out
}

/// The window `searchOrders` was asked for: which time, from, to.
type Window = (OrderTime, DateTime<Utc>, Option<DateTime<Utc>>);

/// The window `searchOrders` was asked for, checked against Amazon's rules.
fn window(params: &Params) -> Result<Window, String> {
    let created = (parse_time(params, "createdAfter")?, parse_time(params, "createdBefore")?);
    let updated = (parse_time(params, "lastUpdatedAfter")?, parse_time(params, "lastUpdatedBefore")?);
    let (by, after, before) = match (created, updated) {
        ((Some(after), before), (None, None)) => (OrderTime::Created, after, before),
        ((None, None), (Some(after), before)) => (OrderTime::Updated, after, before),
        ((None, _), (None, _)) => {
            return Err("Exactly one of createdAfter and lastUpdatedAfter must be provided.".into());
        }
        _ => {
            return Err("createdAfter/createdBefore and lastUpdatedAfter/lastUpdatedBefore cannot be combined.".into());
        }
    };
    // Orders show up two minutes after they change, as Amazon's: the end defaults to then.
    let latest = Utc::now() - chrono::Duration::minutes(2);
    if let Some(before) = before {
        if before < after {
            return Err("The end of the window must be equal to or after its start.".into());
        }
        if before > latest {
            return Err("The end of the window must be at least two minutes before the time of the request.".into());
        }
    }
    let before = Some(before.unwrap_or(latest));
    Ok((by, after, before))
}

pub(crate) async fn search_orders(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::SearchOrders;
    if let Err(r) = auth::check(&sandbox, &headers) {
        return sandbox.runtime.stamp(r, op);
    }
    if let Some(r) = sandbox.runtime.gate(op) {
        return r;
    }
    let (by, after, before) = match window(&params) {
        Ok(w) => w,
        Err(message) => return invalid(&sandbox, op, &message),
    };
    if let Some(ids) = params.get("marketplaceIds")
        && ids.split(',').any(|id| id.trim() != sandbox.settings.marketplace_id)
    {
        return invalid(&sandbox, op, "Invalid marketplace id: the seller is not registered in it.");
    }
    let limit = match params.get("maxResultsPerPage").map(|v| v.parse::<usize>()) {
        None => 100,
        Some(Ok(n)) if (1..=100).contains(&n) => n,
        Some(_) => return invalid(&sandbox, op, "maxResultsPerPage must be between 1 and 100."),
    };
    let (statuses, datasets) =
        match (list(&params, "fulfillmentStatuses", STATUSES), list(&params, "includedData", DATASETS)) {
            (Ok(s), Ok(d)) => (s, d.unwrap_or_default()),
            (Err(m), _) | (_, Err(m)) => return invalid(&sandbox, op, &m),
        };
    // Everything but the page size and the datasets must stay the same from page to page.
    let bound: Vec<(&str, Option<&String>)> = [
        "createdAfter",
        "createdBefore",
        "lastUpdatedAfter",
        "lastUpdatedBefore",
        "fulfillmentStatuses",
        "marketplaceIds",
        "fulfilledBy",
    ]
    .into_iter()
    .map(|name| (name, params.get(name)))
    .collect();
    let fingerprint = page_token::fingerprint(&bound);
    let from = match params.get("paginationToken").map(|t| page_token::read(&sandbox, t, &fingerprint)) {
        None => None,
        Some(Ok(position)) => Some(position),
        Some(Err(e)) => return invalid(&sandbox, op, &e.message("paginationToken")),
    };
    let query = OrderSearch { by, after, before, statuses, from, limit: limit + 1 };
    let mut found = match orders_repo::search(&sandbox.db, &query).await {
        Ok(found) => found,
        Err(e) => return storage_error(op, e),
    };
    let more = found.len() > limit;
    found.truncate(limit);
    let mut body = json!({ "orders": found.iter().map(|o| order_json(o, &datasets)).collect::<Vec<_>>() });
    if more && let Some(last) = found.last() {
        let time = if by == OrderTime::Created { last.created } else { last.updated };
        body["pagination"] = json!({ "nextToken": page_token::issue(&sandbox, &fingerprint, time, &last.order_id) });
    }
    sandbox.runtime.stamp(Json(body).into_response(), op)
}

pub(crate) async fn get_order(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(order_id): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::GetOrder;
    if let Err(r) = auth::check(&sandbox, &headers) {
        return sandbox.runtime.stamp(r, op);
    }
    if let Some(r) = sandbox.runtime.gate(op) {
        return r;
    }
    let datasets = match list(&params, "includedData", DATASETS) {
        Ok(d) => d.unwrap_or_default(),
        Err(m) => return invalid(&sandbox, op, &m),
    };
    match orders_repo::get_order(&sandbox.db, &order_id).await {
        Ok(Some(order)) => {
            sandbox.runtime.stamp(Json(json!({ "order": order_json(&order, &datasets) })).into_response(), op)
        }
        Ok(None) => sandbox
            .runtime
            .stamp(sp_error(StatusCode::NOT_FOUND, "NotFound", &format!("Order {order_id} was not found.")), op),
        Err(e) => storage_error(op, e),
    }
}
