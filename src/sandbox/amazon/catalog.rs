//! Catalog Items 2022-04-01 `searchCatalogItems` and Listings Restrictions 2021-08-01
//! `getListingsRestrictions` over a small catalog of known items. One brand, "Prestige
//! Chef", is gated: listing its items needs approval.

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use super::{
    Sandbox, auth,
    runtime::{sp_error, stamp},
    usage_plan::SpOperation as Operation,
};

/// An item Amazon's catalog already has.
pub(crate) struct KnownItem {
    pub asin: &'static str,
    pub item_name: &'static str,
    pub brand: &'static str,
    pub product_type: &'static str,
    /// (identifier type as `searchCatalogItems` names it, value).
    pub identifier: (&'static str, &'static str),
}

pub(crate) const GATED_BRAND: &str = "Prestige Chef";

pub(crate) const CATALOG: &[KnownItem] = &[
    KnownItem {
        asin: "B0CATLAMP1",
        item_name: "Lumen & Co. Brass Table Lamp, 14 inch",
        brand: "Lumen & Co.",
        product_type: "LIGHT_FIXTURE",
        identifier: ("UPC", "036000291452"),
    },
    KnownItem {
        asin: "B0CATMUG01",
        item_name: "Stoneware Coffee Mug, 12 oz, Sand",
        brand: "Kiln House",
        product_type: "KITCHEN",
        identifier: ("EAN", "4006381333931"),
    },
    KnownItem {
        asin: "B0CATMAT01",
        item_name: "Cork Yoga Mat, 6 mm",
        brand: "Groundwork",
        product_type: "EXERCISE_MAT",
        identifier: ("UPC", "012345678905"),
    },
    KnownItem {
        asin: "0306406152",
        item_name: "The Board Game Design Handbook",
        brand: "Meeple Press",
        product_type: "BOARD_GAME",
        identifier: ("ISBN", "9780306406157"),
    },
    KnownItem {
        asin: "B0GATED001",
        item_name: "Prestige Chef 10 inch Skillet",
        brand: GATED_BRAND,
        product_type: "COOKWARE",
        identifier: ("UPC", "042100005264"),
    },
];

/// The catalog item a barcode belongs to. GTIN-14, EAN-13 and UPC-12 of the same number
/// are one code written with more or fewer leading zeros.
pub(crate) fn by_identifier(value: &str) -> Option<&'static KnownItem> {
    let canonical = |v: &str| v.trim_start_matches('0').to_string();
    CATALOG.iter().find(|i| canonical(i.identifier.1) == canonical(value))
}

pub(crate) fn by_asin(asin: &str) -> Option<&'static KnownItem> {
    CATALOG.iter().find(|i| i.asin == asin)
}

type Params = HashMap<String, String>;

fn bad(op: Operation, message: &str) -> Response {
    stamp(sp_error(StatusCode::BAD_REQUEST, "InvalidInput", message), op)
}

fn item_json(item: &KnownItem, marketplace: &str) -> Value {
    json!({
        "asin": item.asin,
        "summaries": [{ "marketplaceId": marketplace, "brand": item.brand, "itemName": item.item_name,
            "itemClassification": "BASE_PRODUCT" }],
        "identifiers": [{ "marketplaceId": marketplace,
            "identifiers": [{ "identifierType": item.identifier.0, "identifier": item.identifier.1 }] }],
        "productTypes": [{ "marketplaceId": marketplace, "productType": item.product_type }],
    })
}

pub(crate) async fn search_items(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::SearchCatalogItems;
    if let Err(r) = auth::check(&sandbox, &headers) {
        return stamp(r, op);
    }
    if let Some(response) = sandbox.runtime.gate(op) {
        return response;
    }
    let marketplace = sandbox.settings.marketplace_id;
    if params.get("marketplaceIds").map(String::as_str) != Some(marketplace) {
        return bad(op, "marketplaceIds is required and must be this seller's marketplace.");
    }
    let list = |key: &str| -> Vec<String> {
        params
            .get(key)
            .map(|v| v.split(',').map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default()
    };
    let (identifiers, keywords) = (list("identifiers"), list("keywords"));
    let page_size = params.get("pageSize").map_or(Ok(10), |s| s.parse::<usize>());
    let Ok(page_size @ 1..=20) = page_size else {
        return bad(op, "pageSize must be a whole number from 1 to 20.");
    };
    let found: Vec<&KnownItem> = match (identifiers.is_empty(), keywords.is_empty()) {
        (false, false) => return bad(op, "identifiers and keywords cannot be used in the same request."),
        (true, true) => return bad(op, "Either identifiers or keywords is required."),
        (false, true) => {
            let Some(kind) = params.get("identifiersType") else {
                return bad(op, "identifiersType is required when identifiers is in the request.");
            };
            if identifiers.len() > 20 {
                return bad(op, "identifiers can have at most 20 values.");
            }
            CATALOG
                .iter()
                .filter(|item| {
                    identifiers.iter().any(|id| match kind.as_str() {
                        "ASIN" => item.asin == id,
                        "UPC" | "EAN" | "GTIN" | "ISBN" => by_identifier(id).is_some_and(|i| i.asin == item.asin),
                        _ => false,
                    })
                })
                .collect()
        }
        (true, false) => {
            let words: Vec<String> = keywords.iter().map(|k| k.to_lowercase()).collect();
            CATALOG
                .iter()
                .filter(|item| {
                    let text = format!("{} {}", item.item_name, item.brand).to_lowercase();
                    words.iter().all(|w| text.contains(w.as_str()))
                })
                .collect()
        }
    };
    let included: Vec<String> = params
        .get("includedData")
        .map_or_else(|| vec!["summaries".into()], |d| d.split(',').map(str::to_string).collect());
    let items: Vec<Value> = found
        .iter()
        .take(page_size)
        .map(|i| {
            let mut item = item_json(i, marketplace);
            if let Some(map) = item.as_object_mut() {
                map.retain(|k, _| k == "asin" || included.iter().any(|d| d == k));
            }
            item
        })
        .collect();
    let brands: Vec<Value> = found.iter().map(|i| json!({ "numberOfResults": 1, "brandName": i.brand })).collect();
    let body = json!({
        "numberOfResults": found.len(),
        "pagination": {},
        "refinements": { "brands": brands, "classifications": [] },
        "items": items,
    });
    stamp(Json(body).into_response(), op)
}

pub(crate) async fn restrictions(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::GetListingsRestrictions;
    if let Err(r) = auth::check(&sandbox, &headers) {
        return stamp(r, op);
    }
    if let Some(response) = sandbox.runtime.gate(op) {
        return response;
    }
    let marketplace = sandbox.settings.marketplace_id;
    let (Some(asin), Some(seller)) = (params.get("asin"), params.get("sellerId")) else {
        return bad(op, "asin and sellerId are required.");
    };
    if let Err(r) = auth::check_seller(&sandbox, seller) {
        return stamp(r, op);
    }
    if params.get("marketplaceIds").map(String::as_str) != Some(marketplace) {
        return bad(op, "marketplaceIds is required and must be this seller's marketplace.");
    }
    let condition = params.get("conditionType").cloned();
    let reasons: Vec<Value> = match by_asin(asin) {
        None => vec![json!({ "message": format!("ASIN {asin} was not found in this marketplace."),
            "reasonCode": "ASIN_NOT_FOUND" })],
        Some(item) if item.brand == GATED_BRAND => vec![json!({
            "message": format!("You need approval to list {} products.", item.brand),
            "reasonCode": "APPROVAL_REQUIRED",
            "links": [{ "resource": format!("https://sellercentral.amazon.com/hz/approvalrequest/restrictions/approve?asin={asin}"),
                "verb": "GET", "title": "Request approval via Seller Central.", "type": "text/html" }],
        })],
        Some(_) => Vec::new(),
    };
    let restrictions: Vec<Value> = if reasons.is_empty() {
        Vec::new()
    } else {
        let mut r = json!({ "marketplaceId": marketplace, "reasons": reasons });
        if let Some(c) = condition {
            r["conditionType"] = json!(c);
        }
        vec![r]
    };
    stamp(Json(json!({ "restrictions": restrictions })).into_response(), op)
}
