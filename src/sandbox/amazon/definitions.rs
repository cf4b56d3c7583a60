//! Product Type Definitions 2020-09-01 in the sandbox: `searchDefinitionsProductTypes`
//! (by keywords or an item name), `getDefinitionsProductType` (property groups, version,
//! and a schema link with its Base64 MD5 checksum), and the schema documents those links
//! point to, which need no credentials (Amazon's are presigned S3 links).

use std::collections::HashMap;

use axum::{
    Json,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
};
use base64::Engine;
use md5::{Digest, Md5};
use serde_json::{Value, json};

use super::{
    Sandbox, auth,
    runtime::{sp_error, stamp},
    type_facts,
    type_schema::{self, Requirements},
    usage_plan::SpOperation as Operation,
};

/// The one schema version the sandbox has of every type.
pub(crate) const VERSION: &str = "U1hamroSandbox01";

type Params = HashMap<String, String>;

fn refuse(op: Operation, status: StatusCode, message: &str) -> Response {
    stamp(sp_error(status, "InvalidInput", message), op)
}

fn envelope(sandbox: &Sandbox, headers: &HeaderMap, op: Operation, params: &Params) -> Result<(), Response> {
    auth::check(sandbox, headers).map_err(|r| stamp(r, op))?;
    if let Some(response) = sandbox.runtime.gate(op) {
        return Err(response);
    }
    match params.get("marketplaceIds").map(String::as_str) {
        None | Some("") => Err(refuse(op, StatusCode::BAD_REQUEST, "Missing required parameter: marketplaceIds")),
        Some(m) if m != sandbox.settings.marketplace_id => {
            Err(refuse(op, StatusCode::BAD_REQUEST, &format!("Invalid marketplaceIds: {m}")))
        }
        Some(_) => Ok(()),
    }
}

/// Whether a type matches a search word (its name, display name or a synonym).
fn matches(name: &str, word: &str) -> bool {
    let word = word.trim().to_lowercase();
    if word.len() < 2 {
        return false;
    }
    let display = type_facts::display_name(name).to_lowercase();
    name.to_lowercase() == word
        || display.split(' ').any(|w| w.starts_with(&word) || word.starts_with(w) && w.len() >= 4)
        || type_facts::synonyms(name).iter().any(|s| *s == word || word.strip_suffix('s') == Some(*s))
}

pub(crate) async fn search(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::SearchDefinitionsProductTypes;
    if let Err(r) = envelope(&sandbox, &headers, op, &params) {
        return r;
    }
    let (keywords, item_name) = (params.get("keywords"), params.get("itemName"));
    if keywords.is_some() && item_name.is_some() {
        return refuse(op, StatusCode::BAD_REQUEST, "keywords and itemName cannot be used together.");
    }
    let words: Vec<String> = match (keywords, item_name) {
        (Some(k), None) => k.split(',').map(str::to_string).collect(),
        (None, Some(n)) => n.split_whitespace().map(str::to_string).collect(),
        _ => Vec::new(),
    };
    let found: Vec<Value> = type_facts::names()
        .filter(|name| words.is_empty() || words.iter().any(|w| matches(name, w)))
        .map(|name| {
            json!({ "name": name, "displayName": type_facts::display_name(name),
                "marketplaceIds": [sandbox.settings.marketplace_id] })
        })
        .collect();
    stamp(Json(json!({ "productTypes": found, "productTypeVersion": VERSION })).into_response(), op)
}

fn document_url(sandbox: &Sandbox, product_type: &str, requirements: Requirements, enforced: bool) -> String {
    let enforcement = if enforced { "ENFORCED" } else { "NOT_ENFORCED" };
    format!(
        "{}/_schemas/{product_type}/{}/{enforcement}/{VERSION}.json",
        sandbox.settings.base_url,
        requirements.as_str()
    )
}

/// The bytes of a schema document (its checksum is over exactly these).
pub(crate) fn document(
    sandbox: &Sandbox,
    product_type: &str,
    requirements: Requirements,
    enforced: bool,
) -> Option<Vec<u8>> {
    let schema = type_schema::schema(product_type, requirements, enforced, sandbox.settings.marketplace_id)?;
    serde_json::to_vec_pretty(&schema).ok()
}

pub(crate) async fn get(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(product_type): Path<String>,
    Query(params): Query<Params>,
) -> Response {
    let op = Operation::GetDefinitionsProductType;
    if let Err(r) = envelope(&sandbox, &headers, op, &params) {
        return r;
    }
    if params.get("marketplaceIds").is_some_and(|m| m.contains(',')) {
        return refuse(op, StatusCode::BAD_REQUEST, "Only one marketplaceId is supported.");
    }
    if let Some(seller) = params.get("sellerId")
        && let Err(r) = auth::check_seller(&sandbox, seller)
    {
        return stamp(r, op);
    }
    let Some(requirements) = Requirements::parse(params.get("requirements").map(String::as_str)) else {
        return refuse(op, StatusCode::BAD_REQUEST, "Invalid requirements.");
    };
    let enforced = match params.get("requirementsEnforced").map(String::as_str) {
        None | Some("ENFORCED") => true,
        Some("NOT_ENFORCED") => false,
        Some(_) => return refuse(op, StatusCode::BAD_REQUEST, "Invalid requirementsEnforced."),
    };
    match params.get("productTypeVersion").map(String::as_str) {
        None | Some("LATEST") | Some(VERSION) => {}
        Some("RELEASE_CANDIDATE") => {
            return stamp(sp_error(StatusCode::NOT_FOUND, "NOT_FOUND", "No release candidate is available."), op);
        }
        Some(v) => return stamp(sp_error(StatusCode::NOT_FOUND, "NOT_FOUND", &format!("Version {v} not found.")), op),
    }
    let Some(bytes) = document(&sandbox, &product_type, requirements, enforced) else {
        return stamp(
            sp_error(StatusCode::NOT_FOUND, "NOT_FOUND", &format!("Product type {product_type} not found.")),
            op,
        );
    };
    let checksum = base64::engine::general_purpose::STANDARD.encode(Md5::digest(&bytes));
    let link = |url: String| json!({ "link": { "resource": url, "verb": "GET" }, "checksum": checksum });
    let meta_checksum = base64::engine::general_purpose::STANDARD.encode(Md5::digest(type_schema::META_SCHEMA));
    let body = json!({
        "metaSchema": { "link": { "resource": type_schema::META_SCHEMA, "verb": "GET" }, "checksum": meta_checksum },
        "schema": link(document_url(&sandbox, &product_type, requirements, enforced)),
        "requirements": requirements.as_str(),
        "requirementsEnforced": if enforced { "ENFORCED" } else { "NOT_ENFORCED" },
        "propertyGroups": type_schema::property_groups(&product_type, requirements),
        "locale": params.get("locale").cloned().unwrap_or_else(|| "DEFAULT".into()),
        "marketplaceIds": [sandbox.settings.marketplace_id],
        "productType": product_type,
        "displayName": type_facts::display_name(&product_type),
        "productTypeVersion": { "version": VERSION, "latest": true, "releaseCandidate": false },
    });
    stamp(Json(body).into_response(), op)
}

/// `GET /_schemas/{type}/{requirements}/{enforced}/{version}.json`: the document itself.
pub(crate) async fn schema_document(
    State(sandbox): State<Sandbox>,
    Path((product_type, requirements, enforced, file)): Path<(String, String, String, String)>,
) -> Response {
    let (Some(requirements), true) = (Requirements::parse(Some(&requirements)), file == format!("{VERSION}.json"))
    else {
        return StatusCode::NOT_FOUND.into_response();
    };
    match document(&sandbox, &product_type, requirements, enforced == "ENFORCED") {
        Some(bytes) => ([(header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        None => StatusCode::NOT_FOUND.into_response(),
    }
}
