//! Listings Items 2021-08-01 in the sandbox: PUT checks the listing against the definition
//! the sandbox serves for its product type (`listing_rules.rs`; INVALID with HTTP 200, or
//! ACCEPTED with an ASIN a few seconds later; `mode=VALIDATION_PREVIEW` answers VALID or
//! INVALID and stores nothing), PATCH applies patches and checks structure only
//! (NOT_ENFORCED), GET reports summaries/issues/offers/fulfillment availability, DELETE
//! removes. Issues raised on a live listing (`listing_triggers.rs`) show in GET.

use std::collections::HashMap;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::Utc;
use rand::Rng;
use serde_json::{Value, json};

use super::{Sandbox, listing_rules, type_schema::Requirements, usage_plan::SpOperation as Operation};
use super::{
    auth,
    repo::{self, ListingRow},
    runtime::{sp_error, stamp, storage_error},
};

fn is_error(issue: &Value) -> bool {
    issue["severity"] == "ERROR"
}

type Params = HashMap<String, String>;

/// Checks the request envelope every Listings call shares; returns the marketplace id.
fn preflight(
    sandbox: &Sandbox,
    headers: &HeaderMap,
    op: Operation,
    seller_id: &str,
    params: &Params,
) -> Result<String, Response> {
    auth::check(sandbox, headers).map_err(|r| stamp(r, op))?;
    if let Some(response) = sandbox.runtime.gate(op) {
        return Err(response);
    }
    auth::check_seller(sandbox, seller_id).map_err(|r| stamp(r, op))?;
    let marketplace = params.get("marketplaceIds").cloned().unwrap_or_default();
    if marketplace.is_empty() {
        return Err(stamp(
            sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "Missing required parameter: marketplaceIds"),
            op,
        ));
    }
    if marketplace != sandbox.settings.marketplace_id {
        return Err(stamp(
            sp_error(
                StatusCode::BAD_REQUEST,
                "InvalidInput",
                &format!("Seller is not registered in marketplace {marketplace}"),
            ),
            op,
        ));
    }
    Ok(marketplace)
}

fn submission(sku: &str, status: &str, issues: Vec<Value>) -> Value {
    json!({ "sku": sku, "status": status, "submissionId": uuid::Uuid::new_v4().simple().to_string(), "issues": issues })
}

pub(super) fn random_asin() -> String {
    const CHARS: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
    let mut rng = rand::thread_rng();
    format!("B0{}", (0..8).map(|_| CHARS[rng.gen_range(0..CHARS.len())] as char).collect::<String>())
}

fn parse_body(op: Operation, body: &Bytes) -> Result<Value, Response> {
    serde_json::from_slice(body).map_err(|e| {
        stamp(sp_error(StatusCode::BAD_REQUEST, "InvalidInput", &format!("Malformed request body: {e}")), op)
    })
}

pub(crate) async fn put_item(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path((seller_id, sku)): Path<(String, String)>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Response {
    let op = match params.get("mode").map(String::as_str) {
        None => Operation::PutListingsItem,
        Some("VALIDATION_PREVIEW") => Operation::PreviewListingsItem,
        Some(other) => {
            return stamp(
                sp_error(StatusCode::BAD_REQUEST, "InvalidInput", &format!("Invalid mode: {other}")),
                Operation::PutListingsItem,
            );
        }
    };
    let marketplace = match preflight(&sandbox, &headers, op, &seller_id, &params) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let body = match parse_body(op, &body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let (Some(product_type), Some(attributes)) =
        (body["productType"].as_str(), body.get("attributes").filter(|a| a.is_object()))
    else {
        return stamp(
            sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "productType and attributes are required."),
            op,
        );
    };
    let Some(requirements) = Requirements::parse(body["requirements"].as_str()) else {
        return stamp(sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "Invalid requirements."), op);
    };
    let issues = listing_rules::check(product_type, requirements, true, attributes, &marketplace);
    let invalid = issues.iter().any(is_error);
    if op == Operation::PreviewListingsItem {
        let status = if invalid { "INVALID" } else { "VALID" };
        return stamp(Json(submission(&sku, status, issues)).into_response(), op);
    }
    if invalid {
        return stamp(Json(submission(&sku, "INVALID", issues)).into_response(), op);
    }
    let now = Utc::now();
    let existing = repo::get_listing(&sandbox.db, &sku).await.ok().flatten();
    let row = ListingRow {
        sku: sku.clone(),
        product_type: product_type.to_string(),
        attributes: attributes.clone(),
        asin: existing.as_ref().and_then(|e| e.asin.clone()),
        asin_at: existing
            .as_ref()
            .map_or(now + chrono::Duration::from_std(sandbox.settings.asin_delay).unwrap_or_default(), |e| e.asin_at),
        created: existing.as_ref().map_or(now, |e| e.created),
        updated: now,
        feed_updates: existing.as_ref().map_or(0, |e| e.feed_updates),
        live_issues: None,
        suppressed: None,
    };
    match repo::put_listing(&sandbox.db, &row).await {
        Ok(()) => stamp(Json(submission(&sku, "ACCEPTED", issues)).into_response(), op),
        Err(e) => storage_error(op, e),
    }
}

/// JSON-Patch-style operations on `/attributes/<name>`.
fn apply_patches(attributes: &mut Value, patches: &[Value]) -> Result<(), String> {
    for patch in patches {
        let path = patch["path"].as_str().ok_or("each patch needs a path")?;
        let name = path
            .strip_prefix("/attributes/")
            .filter(|n| !n.is_empty() && !n.contains('/'))
            .ok_or_else(|| format!("unsupported path {path}"))?;
        match patch["op"].as_str() {
            Some("add" | "replace") => attributes[name] = patch["value"].clone(),
            Some("merge") => match (attributes.get_mut(name), patch["value"].as_array()) {
                (Some(Value::Array(current)), Some(values)) if !current.is_empty() => {
                    for (slot, value) in current.iter_mut().zip(values) {
                        if let (Some(slot), Some(value)) = (slot.as_object_mut(), value.as_object()) {
                            slot.extend(value.clone());
                        }
                    }
                }
                _ => attributes[name] = patch["value"].clone(),
            },
            Some("delete") => {
                if let Some(map) = attributes.as_object_mut() {
                    map.remove(name);
                }
            }
            other => return Err(format!("unsupported op {other:?}")),
        }
    }
    Ok(())
}

pub(crate) async fn patch_item(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path((seller_id, sku)): Path<(String, String)>,
    Query(params): Query<Params>,
    body: Bytes,
) -> Response {
    let op = Operation::PatchListingsItem;
    let marketplace = match preflight(&sandbox, &headers, op, &seller_id, &params) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let body = match parse_body(op, &body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(patches) = body["patches"].as_array().filter(|p| !p.is_empty()) else {
        return stamp(
            sp_error(
                StatusCode::BAD_REQUEST,
                "InvalidInput",
                "productType and a non-empty patches array are required.",
            ),
            op,
        );
    };
    let mut row = match repo::get_listing(&sandbox.db, &sku).await {
        Ok(Some(row)) => row,
        Ok(None) => {
            return stamp(
                sp_error(StatusCode::NOT_FOUND, "NOT_FOUND", &format!("SKU '{sku}' not found in marketplace")),
                op,
            );
        }
        Err(e) => return storage_error(op, e),
    };
    if let Err(message) = apply_patches(&mut row.attributes, patches) {
        return stamp(sp_error(StatusCode::BAD_REQUEST, "InvalidInput", &message), op);
    }
    let requirements = Requirements::parse(body["requirements"].as_str()).unwrap_or(Requirements::Listing);
    let product_type = body["productType"].as_str().unwrap_or(&row.product_type).to_string();
    let issues = listing_rules::check(&product_type, requirements, false, &row.attributes, &marketplace);
    if issues.iter().any(is_error) {
        return stamp(Json(submission(&sku, "INVALID", issues)).into_response(), op);
    }
    row.updated = Utc::now();
    match repo::put_listing(&sandbox.db, &row).await {
        Ok(()) => stamp(Json(submission(&sku, "ACCEPTED", issues)).into_response(), op),
        Err(e) => storage_error(op, e),
    }
}

pub(crate) async fn get_item(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path((seller_id, sku)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::GetListingsItem;
    let marketplace = match preflight(&sandbox, &headers, op, &seller_id, &params) {
        Ok(m) => m,
        Err(r) => return r,
    };
    let mut row = match repo::get_listing(&sandbox.db, &sku).await {
        Ok(Some(row)) => row,
        Ok(None) => {
            return stamp(
                sp_error(
                    StatusCode::NOT_FOUND,
                    "NOT_FOUND",
                    &format!("SKU '{sku}' not found in marketplace {marketplace}"),
                ),
                op,
            );
        }
        Err(e) => return storage_error(op, e),
    };
    let now = Utc::now();
    // The catalogue assigns an ASIN a few seconds after the listing is accepted.
    if row.asin.is_none() && row.asin_at <= now {
        row.asin = Some(random_asin());
        if let Err(e) = repo::put_listing(&sandbox.db, &row).await {
            return storage_error(op, e);
        }
    }
    let a = &row.attributes;
    let mut summary = json!({
        "marketplaceId": marketplace,
        "productType": row.product_type,
        "conditionType": a["condition_type"][0]["value"],
        "status": match (&row.asin, row.suppressed) {
            (None, _) => json!([]),
            (Some(_), Some(true)) => json!(["DISCOVERABLE"]),
            (Some(_), _) => json!(["BUYABLE", "DISCOVERABLE"]),
        },
        "itemName": a["item_name"][0]["value"],
        "createdDate": row.created.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "lastUpdatedDate": row.updated.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
    });
    if let Some(asin) = &row.asin {
        summary["asin"] = json!(asin);
    }
    let price = &a["purchasable_offer"][0];
    let item = json!({
        "sku": row.sku,
        "summaries": [summary],
        "issues": live_issues(&row, &marketplace),
        "offers": [{
            "marketplaceId": marketplace,
            "offerType": "B2C",
            "price": { "currencyCode": price["currency"], "amount": price["our_price"][0]["schedule"][0]["value_with_tax"].to_string() },
        }],
        "fulfillmentAvailability": [{
            "fulfillmentChannelCode": "DEFAULT",
            "quantity": a["fulfillment_availability"][0]["quantity"],
        }],
    });
    let wanted: Vec<&str> =
        params.get("includedData").map(|s| s.split(',').collect()).unwrap_or_else(|| vec!["summaries"]);
    let mut item = item;
    if let Some(map) = item.as_object_mut() {
        map.retain(|k, _| k == "sku" || wanted.contains(&k.as_str()));
    }
    stamp(Json(item).into_response(), op)
}

pub(crate) async fn delete_item(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path((seller_id, sku)): Path<(String, String)>,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::DeleteListingsItem;
    if let Err(r) = preflight(&sandbox, &headers, op, &seller_id, &params) {
        return r;
    }
    match repo::delete_listing(&sandbox.db, &sku).await {
        Ok(true) => stamp(Json(submission(&sku, "ACCEPTED", Vec::new())).into_response(), op),
        Ok(false) => {
            stamp(sp_error(StatusCode::NOT_FOUND, "NOT_FOUND", &format!("SKU '{sku}' not found in marketplace")), op)
        }
        Err(e) => storage_error(op, e),
    }
}

/// What GET reports as the item's issues: the warnings its attributes draw, and any raised
/// after it went live.
fn live_issues(row: &ListingRow, marketplace: &str) -> Vec<Value> {
    let mut issues: Vec<Value> =
        listing_rules::check(&row.product_type, Requirements::Listing, false, &row.attributes, marketplace)
            .into_iter()
            .filter(|i| !is_error(i))
            .collect();
    if let Some(Value::Array(raised)) = &row.live_issues {
        issues.extend(raised.iter().cloned());
    }
    issues
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merge_keeps_other_fields() {
        let mut attrs =
            json!({ "fulfillment_availability": [{ "fulfillment_channel_code": "DEFAULT", "quantity": 1 }] });
        apply_patches(
            &mut attrs,
            &[json!({ "op": "merge", "path": "/attributes/fulfillment_availability", "value": [{ "quantity": 7 }] })],
        )
        .unwrap();
        assert_eq!(
            attrs["fulfillment_availability"][0],
            json!({ "fulfillment_channel_code": "DEFAULT", "quantity": 7 })
        );
    }
}
