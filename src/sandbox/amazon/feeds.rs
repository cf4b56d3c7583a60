//! Feeds 2021-06-30 in the sandbox: documents with upload and download URLs on the sandbox
//! itself, JSON_LISTINGS_FEED feeds that move IN_QUEUE -> IN_PROGRESS -> DONE on a timer
//! and, when done, apply their messages and leave a processing report (v2 schema).

use std::collections::HashMap;

use axum::{
    Json,
    body::Bytes,
    extract::{Path, Query, State},
    http::{HeaderMap, StatusCode},
    response::{IntoResponse, Response},
};
use chrono::{DateTime, Utc};
use serde_json::{Value, json};

use super::{Sandbox, usage_plan::SpOperation as Operation};
use super::{
    auth,
    repo::{self, FeedRow, FeedUpdate},
    runtime::{sp_error, stamp, storage_error},
};

fn secs(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn gate(sandbox: &Sandbox, headers: &HeaderMap, op: Operation) -> Result<(), Response> {
    auth::check(sandbox, headers).map_err(|r| stamp(r, op))?;
    sandbox.runtime.gate(op).map_or(Ok(()), Err)
}

fn document_base(sandbox: &Sandbox) -> String {
    sandbox.settings.base_url.clone()
}

pub(crate) async fn create_document(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let op = Operation::CreateFeedDocument;
    if let Err(r) = gate(&sandbox, &headers, op) {
        return r;
    }
    let spec: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let Some(content_type) = spec["contentType"].as_str() else {
        return stamp(sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "contentType is required."), op);
    };
    let id = format!("amzn1.tortuga.4.na.{}", uuid::Uuid::new_v4());
    let token = uuid::Uuid::new_v4().simple().to_string();
    if let Err(e) = repo::create_document(&sandbox.db, &id, &token, content_type).await {
        return storage_error(op, e);
    }
    let url = format!("{}/uploads/{id}/{token}", document_base(&sandbox));
    stamp((StatusCode::CREATED, Json(json!({ "feedDocumentId": id, "url": url }))).into_response(), op)
}

/// The pre-signed upload URL: the token in it is the credential.
pub(crate) async fn upload(
    State(sandbox): State<Sandbox>,
    Path((id, token)): Path<(String, String)>,
    body: Bytes,
) -> Response {
    match repo::get_document(&sandbox.db, &id).await {
        Ok(Some(doc)) if doc.token == token => {}
        Ok(_) => return (StatusCode::FORBIDDEN, "SignatureDoesNotMatch").into_response(),
        Err(e) => return storage_error(Operation::CreateFeedDocument, e),
    }
    let Ok(text) = String::from_utf8(body.to_vec()) else {
        return (StatusCode::BAD_REQUEST, "the document must be UTF-8").into_response();
    };
    match repo::set_document(&sandbox.db, &id, &text).await {
        Ok(()) => StatusCode::OK.into_response(),
        Err(e) => storage_error(Operation::CreateFeedDocument, e),
    }
}

pub(crate) async fn get_document(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Response {
    let op = Operation::GetFeedDocument;
    if let Err(r) = gate(&sandbox, &headers, op) {
        return r;
    }
    match repo::get_document(&sandbox.db, &id).await {
        Ok(Some(doc)) => {
            let url = format!("{}/downloads/{id}/{}", document_base(&sandbox), doc.token);
            stamp(Json(json!({ "feedDocumentId": id, "url": url })).into_response(), op)
        }
        Ok(None) => {
            stamp(sp_error(StatusCode::NOT_FOUND, "NotFound", "The requested feed document was not found."), op)
        }
        Err(e) => storage_error(op, e),
    }
}

pub(crate) async fn download(State(sandbox): State<Sandbox>, Path((id, token)): Path<(String, String)>) -> Response {
    match repo::get_document(&sandbox.db, &id).await {
        Ok(Some(doc)) if doc.token == token => match doc.content {
            Some(content) => ([("content-type", "application/json")], content).into_response(),
            None => (StatusCode::NOT_FOUND, "NoSuchKey").into_response(),
        },
        Ok(_) => (StatusCode::FORBIDDEN, "SignatureDoesNotMatch").into_response(),
        Err(e) => storage_error(Operation::GetFeedDocument, e),
    }
}

pub(crate) async fn create_feed(State(sandbox): State<Sandbox>, headers: HeaderMap, body: Bytes) -> Response {
    let op = Operation::CreateFeed;
    if let Err(r) = gate(&sandbox, &headers, op) {
        return r;
    }
    let spec: Value = serde_json::from_slice(&body).unwrap_or(Value::Null);
    let (Some(feed_type), Some(doc_id), Some(marketplaces)) =
        (spec["feedType"].as_str(), spec["inputFeedDocumentId"].as_str(), spec["marketplaceIds"].as_array())
    else {
        return stamp(
            sp_error(
                StatusCode::BAD_REQUEST,
                "InvalidInput",
                "feedType, marketplaceIds and inputFeedDocumentId are required.",
            ),
            op,
        );
    };
    if feed_type != "JSON_LISTINGS_FEED" {
        return stamp(
            sp_error(
                StatusCode::BAD_REQUEST,
                "InvalidInput",
                &format!("The sandbox processes JSON_LISTINGS_FEED only, not {feed_type}."),
            ),
            op,
        );
    }
    match repo::get_document(&sandbox.db, doc_id).await {
        Ok(Some(doc)) if doc.content.is_some() => {}
        Ok(_) => {
            return stamp(
                sp_error(StatusCode::BAD_REQUEST, "InvalidInput", "The input feed document was not uploaded."),
                op,
            );
        }
        Err(e) => return storage_error(op, e),
    }
    let row = FeedRow {
        id: format!("{}", Utc::now().timestamp_micros()),
        feed_type: feed_type.to_string(),
        marketplace_ids: marketplaces.iter().filter_map(|m| m.as_str().map(str::to_string)).collect(),
        input_document: doc_id.to_string(),
        created: Utc::now(),
        result_document: None,
        processing_end: None,
    };
    match repo::create_feed(&sandbox.db, &row).await {
        Ok(()) => stamp((StatusCode::ACCEPTED, Json(json!({ "feedId": row.id }))).into_response(), op),
        Err(e) => storage_error(op, e),
    }
}

fn feed_json(row: &FeedRow, status: &str, step: chrono::Duration) -> Value {
    let mut feed = json!({
        "feedId": row.id,
        "feedType": row.feed_type,
        "marketplaceIds": row.marketplace_ids,
        "createdTime": secs(row.created),
        "processingStatus": status,
    });
    if status != "IN_QUEUE" {
        feed["processingStartTime"] = json!(secs(row.created + step));
    }
    if status == "DONE" {
        feed["processingEndTime"] = json!(secs(row.processing_end.unwrap_or(row.created + step * 2)));
        feed["resultFeedDocumentId"] = json!(row.result_document);
    }
    feed
}

pub(crate) async fn get_feed(State(sandbox): State<Sandbox>, headers: HeaderMap, Path(id): Path<String>) -> Response {
    let op = Operation::GetFeed;
    if let Err(r) = gate(&sandbox, &headers, op) {
        return r;
    }
    let row = match repo::get_feed(&sandbox.db, &id).await {
        Ok(Some(row)) => row,
        Ok(None) => return stamp(sp_error(StatusCode::NOT_FOUND, "NotFound", "The requested feed was not found."), op),
        Err(e) => return storage_error(op, e),
    };
    let step = chrono::Duration::from_std(sandbox.settings.feed_step).unwrap_or_default();
    let now = Utc::now();
    let row = if row.result_document.is_none() && now >= row.created + step * 2 {
        if let Err(e) = process(&sandbox, &row).await {
            return storage_error(op, e);
        }
        match repo::get_feed(&sandbox.db, &id).await {
            Ok(Some(r)) => r,
            Ok(None) => {
                return stamp(sp_error(StatusCode::NOT_FOUND, "NotFound", "The requested feed was not found."), op);
            }
            Err(e) => return storage_error(op, e),
        }
    } else {
        row
    };
    let status = if row.result_document.is_some() {
        "DONE"
    } else if now >= row.created + step {
        "IN_PROGRESS"
    } else {
        "IN_QUEUE"
    };
    stamp(Json(feed_json(&row, status, step)).into_response(), op)
}

pub(crate) async fn list_feeds(
    State(sandbox): State<Sandbox>,
    headers: HeaderMap,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let op = Operation::GetFeeds;
    if let Err(r) = gate(&sandbox, &headers, op) {
        return r;
    }
    let since = params
        .get("createdSince")
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc::now() - chrono::Duration::days(90));
    let step = chrono::Duration::from_std(sandbox.settings.feed_step).unwrap_or_default();
    match repo::feeds_since(&sandbox.db, since).await {
        Ok(rows) => {
            let now = Utc::now();
            let feeds: Vec<Value> = rows
                .iter()
                .map(|r| {
                    let status = if r.result_document.is_some() {
                        "DONE"
                    } else if now >= r.created + step {
                        "IN_PROGRESS"
                    } else {
                        "IN_QUEUE"
                    };
                    feed_json(r, status, step)
                })
                .collect();
            stamp(Json(json!({ "feeds": feeds })).into_response(), op)
        }
        Err(e) => storage_error(op, e),
    }
}

/// Applies the feed's messages to the listings and writes the processing report, once.
async fn process(sandbox: &Sandbox, row: &FeedRow) -> Result<(), crate::db::DbError> {
    let doc = repo::get_document(&sandbox.db, &row.input_document).await?;
    let feed: Value = doc.and_then(|d| d.content).and_then(|c| serde_json::from_str(&c).ok()).unwrap_or(Value::Null);
    let messages = feed["messages"].as_array().cloned().unwrap_or_default();
    let mut issues = Vec::new();
    let mut updates = Vec::new();
    let mut accepted = 0;
    for message in &messages {
        let id = message["messageId"].as_u64().unwrap_or(0);
        let sku = message["sku"].as_str().unwrap_or_default().to_string();
        let mut error = |code: &str, text: String| {
            issues.push(json!({ "messageId": id, "sku": sku, "code": code, "severity": "ERROR", "message": text }));
        };
        if message["operationType"] != "PATCH" {
            error("4000002", "The sandbox processes PATCH messages only.".into());
            continue;
        }
        let Some(value) = message["patches"][0]["value"]
            .as_array()
            .filter(|_| message["patches"][0]["path"] == "/attributes/fulfillment_availability")
        else {
            error("4000003", "Only /attributes/fulfillment_availability can be patched in a feed here.".into());
            continue;
        };
        if repo::get_listing(&sandbox.db, &sku).await?.is_none() {
            error("4000004", format!("SKU '{sku}' does not exist in this marketplace."));
            continue;
        }
        accepted += 1;
        updates.push(FeedUpdate { sku, availability: Value::Array(value.clone()) });
    }
    let report = json!({
        "header": { "sellerId": sandbox.settings.seller_id, "version": "2.0", "feedId": row.id },
        "issues": issues,
        "summary": {
            "errors": issues.len(),
            "warnings": 0,
            "messagesProcessed": messages.len(),
            "messagesAccepted": accepted,
            "messagesInvalid": messages.len() - accepted,
        },
    });
    let report_id = format!("amzn1.tortuga.4.na.{}", uuid::Uuid::new_v4());
    let token = uuid::Uuid::new_v4().simple().to_string();
    repo::complete_feed(&sandbox.db, &row.id, &updates, &report_id, &token, &report.to_string(), Utc::now()).await?;
    Ok(())
}
