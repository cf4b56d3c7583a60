//! Listings Items 2021-08-01 in the sandbox: PUT validates the attributes (INVALID with
//! ERROR issues, or ACCEPTED with an ASIN a few seconds later), PATCH applies patches,
//! GET reports summaries/issues/offers/fulfillment availability, DELETE removes.

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

use super::{Sandbox, usage_plan::SpOperation as Operation};
use super::{
    auth,
    repo::{self, ListingRow},
    runtime::{sp_error, stamp, storage_error},
};

/// Attributes a listing must have, with Amazon's message for a missing one.
const REQUIRED: &[&str] = &["item_name", "brand", "condition_type", "purchasable_offer", "fulfillment_availability"];

type Params = HashMap<String, String>;

fn issue(code: &str, message: &str, severity: &str, attribute: Option<&str>, category: &str) -> Value {
    json!({
        "code": code,
        "message": message,
        "severity": severity,
        "attributeNames": attribute.map(|a| vec![a]).unwrap_or_default(),
        "categories": [category],
    })
}

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

/// What's wrong with a listing's attributes, as Amazon would put it.
fn validate(attributes: &Value) -> Vec<Value> {
    let mut issues: Vec<Value> = REQUIRED
        .iter()
        .filter(|a| attributes.get(**a).and_then(Value::as_array).is_none_or(Vec::is_empty))
        .map(|a| issue("90220", &format!("'{a}' is required but not supplied."), "ERROR", Some(a), "MISSING_ATTRIBUTE"))
        .collect();
    let name = attributes["item_name"][0]["value"].as_str().unwrap_or_default();
    if name.to_lowercase().contains("[invalid]") {
        issues.push(issue(
            "90244",
            "The item name contains a word that is not allowed on Amazon.",
            "ERROR",
            Some("item_name"),
            "INVALID_ATTRIBUTE",
        ));
    }
    let price = attributes["purchasable_offer"][0]["our_price"][0]["schedule"][0]["value_with_tax"].as_f64();
    if attributes.get("purchasable_offer").is_some() && price.is_none_or(|p| p <= 0.0) {
        issues.push(issue(
            "99022",
            "The field 'value_with_tax' for the attribute 'purchasable_offer.our_price' must be more than 0.",
            "ERROR",
            Some("purchasable_offer"),
            "INVALID_ATTRIBUTE",
        ));
    }
    if attributes.get("main_product_image_locator").is_none() {
        issues.push(issue(
            "18027",
            "No main image: the listing is not discoverable until it has one.",
            "WARNING",
            Some("main_product_image_locator"),
            "MISSING_ATTRIBUTE",
        ));
    }
    issues
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
    let op = Operation::PutListingsItem;
    if let Err(r) = preflight(&sandbox, &headers, op, &seller_id, &params) {
        return r;
    }
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
    let issues = validate(attributes);
    if issues.iter().any(|i| i["severity"] == "ERROR") {
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
    if let Err(r) = preflight(&sandbox, &headers, op, &seller_id, &params) {
        return r;
    }
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
    let issues = validate(&row.attributes);
    if issues.iter().any(|i| i["severity"] == "ERROR") {
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
        "status": if row.asin.is_some() { json!(["BUYABLE", "DISCOVERABLE"]) } else { json!([]) },
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
        "issues": validate(a).into_iter().filter(|i| i["severity"] != "ERROR").collect::<Vec<_>>(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_brand_is_an_error_and_merge_keeps_other_fields() {
        let attrs = json!({ "item_name": [{ "value": "Shirt" }], "condition_type": [{ "value": "new_new" }],
            "purchasable_offer": [{ "our_price": [{ "schedule": [{ "value_with_tax": 5.0 }] }] }],
            "fulfillment_availability": [{ "fulfillment_channel_code": "DEFAULT", "quantity": 1 }] });
        let issues = validate(&attrs);
        assert!(issues.iter().any(|i| i["severity"] == "ERROR" && i["attributeNames"][0] == "brand"));
        let mut attrs = attrs;
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
