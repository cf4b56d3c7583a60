//! The `listing`, `bulk_sync_item` and `amazon_feed` tables.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, DbError},
    error::AppError,
    integrations::amazon::{Issue, Severity},
    listings::model::{BulkSyncItem, IssueSeverity, ListingIssue, ListingStatus, ListingView},
};

#[derive(SurrealValue)]
struct Row {
    product_id: String,
    product_title: String,
    seller_name: String,
    status: String,
    sku: String,
    asin: Option<String>,
    marketplace_id: String,
    issues: Value,
    last_synced_at: Option<DateTime<Utc>>,
    last_error: Option<String>,
}

fn view(r: Row, marketplace: &str) -> ListingView {
    ListingView {
        status: ListingStatus::parse(&r.status).unwrap_or(ListingStatus::NotListed),
        issues: serde_json::from_value(r.issues).unwrap_or_default(),
        product_id: r.product_id,
        product_title: r.product_title,
        seller_name: r.seller_name,
        sku: r.sku,
        asin: r.asin,
        marketplace_id: r.marketplace_id,
        marketplace: marketplace.to_string(),
        last_synced_at: r.last_synced_at,
        last_error: r.last_error,
        busy: false,
    }
}

const FIELDS: &str = "<string> record::id(product) AS product_id, product.title AS product_title, seller.name AS seller_name, \
    status, sku, asin, marketplace_id, issues, last_synced_at, last_error";

/// Whether any of these job keys has a queued or running job. Each query here reads its
/// records by id (`FROM $ids`, a point read each): `WHERE id IN $ids` scans the table.
pub(crate) async fn any_active(db: &Db, keys: &[String]) -> Result<bool, AppError> {
    if keys.is_empty() {
        return Ok(false);
    }
    let found: Vec<Value> = db
        .query("SELECT VALUE id FROM $ids")
        .bind(("ids", keys.iter().map(|k| surrealdb::types::RecordId::new("job_key", k.as_str())).collect::<Vec<_>>()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading job keys", e))?;
    Ok(!found.is_empty())
}

/// Amazon's severity as Hamro's.
pub(crate) fn severity(s: Severity) -> IssueSeverity {
    match s {
        Severity::Error => IssueSeverity::Error,
        Severity::Warning => IssueSeverity::Warning,
        Severity::Info => IssueSeverity::Info,
    }
}

pub(crate) fn issues_json(issues: &[Issue]) -> Value {
    json!(
        issues
            .iter()
            .map(|i| ListingIssue {
                code: i.code.clone(),
                message: i.message.clone(),
                severity: severity(i.severity),
                attribute_names: i.attribute_names.clone()
            })
            .collect::<Vec<_>>()
    )
}

pub(crate) async fn get(db: &Db, product_id: &str, marketplace: &str) -> Result<Option<ListingView>, AppError> {
    let row: Option<Row> = db
        .query(format!("SELECT {FIELDS} FROM type::record('listing', $id)"))
        .bind(("id", product_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a listing", e))?;
    Ok(row.map(|r| view(r, marketplace)))
}

pub(crate) async fn list(
    db: &Db,
    status: Option<ListingStatus>,
    limit: u32,
    start: u32,
    marketplace: &str,
) -> Result<Vec<ListingView>, AppError> {
    let condition = if status.is_some() { "WHERE status = $status" } else { "" };
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT {FIELDS}, updated_at FROM listing {condition} ORDER BY updated_at DESC LIMIT $limit START $start"
        ))
        .bind(("status", status.map(ListingStatus::as_str)))
        .bind(("limit", i64::from(limit)))
        .bind(("start", i64::from(start)))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing listings", e))?;
    Ok(rows.into_iter().map(|r| view(r, marketplace)).collect())
}

/// Each product's listing status (for the seller's product list).
pub(crate) async fn statuses(db: &Db, product_ids: &[String]) -> Result<Vec<(String, ListingStatus)>, AppError> {
    if product_ids.is_empty() {
        return Ok(Vec::new());
    }
    #[derive(SurrealValue)]
    struct S {
        id: String,
        status: String,
    }
    let rows: Vec<S> = db
        .query("SELECT <string> record::id(id) AS id, status FROM $ids")
        .bind((
            "ids",
            product_ids.iter().map(|p| surrealdb::types::RecordId::new("listing", p.as_str())).collect::<Vec<_>>(),
        ))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading listing statuses", e))?;
    Ok(rows.into_iter().filter_map(|r| ListingStatus::parse(&r.status).map(|s| (r.id, s))).collect())
}

/// What a sync step learned about a listing.
pub(crate) struct Change<'a> {
    pub status: ListingStatus,
    pub asin: Option<&'a str>,
    pub issues: Option<Value>,
    pub submission_id: Option<&'a str>,
    pub synced: bool,
    pub error: Option<&'a str>,
}

/// Creates or updates a product's listing row.
pub(crate) async fn record(
    db: &Db,
    product_id: &str,
    seller_id: &str,
    sku: &str,
    marketplace_id: &str,
    change: Change<'_>,
) -> Result<(), DbError> {
    db.query(
        "UPSERT type::record('listing', $id) SET product = type::record('product', $id), seller = type::record('user', $seller),
             sku = $sku, marketplace_id = $marketplace, status = $status, asin = $asin ?? asin, issues = $issues ?? issues ?? [],
             submission_id = $submission ?? submission_id, last_synced_at = IF $synced THEN time::now() ELSE last_synced_at END,
             last_error = $error, updated_at = time::now()",
    )
    .bind(("id", product_id.to_string()))
    .bind(("seller", seller_id.to_string()))
    .bind(("sku", sku.to_string()))
    .bind(("marketplace", marketplace_id.to_string()))
    .bind(("status", change.status.as_str()))
    .bind(("asin", change.asin.map(str::to_string)))
    .bind(("issues", change.issues))
    .bind(("submission", change.submission_id.map(str::to_string)))
    .bind(("synced", change.synced))
    .bind(("error", change.error.map(str::to_string)))
    .await?
    .check()?;
    Ok(())
}

/// A live listing's SKU and product, for the bulk inventory feed.
#[derive(SurrealValue, Clone)]
pub(crate) struct LiveListing {
    pub product_id: String,
    pub sku: String,
    pub product_type: String,
    pub quantity: i64,
}

pub(crate) async fn live(db: &Db) -> Result<Vec<LiveListing>, AppError> {
    db.query(
        "SELECT <string> record::id(product) AS product_id, sku, product.product_type AS product_type, product.quantity AS quantity
         FROM listing WHERE status IN ['submitted', 'pending', 'active', 'inactive', 'needs_attention'] OR (status = 'error' AND asin != NONE) ORDER BY sku",
    )
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("listing live listings", e))
}

/// One bulk result per SKU (idempotent: a resumed job writes the same rows again).
pub(crate) async fn record_results(
    db: &Db,
    job_id: &str,
    results: &[(String, String, bool, Option<String>)],
) -> Result<(), DbError> {
    let rows: Vec<Value> = results
        .iter()
        .map(|(product, sku, ok, message)| json!({ "product": product, "sku": sku, "ok": ok, "message": message }))
        .collect();
    db.query(
        "BEGIN;
         FOR $r IN $rows {
             UPSERT type::record('bulk_sync_item', $job + ':' + $r.sku) CONTENT {
                 job: type::record('job', $job), sku: $r.sku, product: type::record('product', $r.product),
                 ok: $r.ok, message: $r.message ?? NONE, at: time::now()
             };
             IF $r.ok {
                 UPDATE type::record('listing', $r.product) SET last_synced_at = time::now(), last_error = NONE, updated_at = time::now();
             } ELSE {
                 UPDATE type::record('listing', $r.product) SET last_error = $r.message, updated_at = time::now();
             };
         };
         COMMIT;",
    )
    .bind(("job", job_id.to_string()))
    .bind(("rows", rows))
    .await?
    .check()?;
    Ok(())
}

pub(crate) async fn result_counts(db: &Db, job_id: &str) -> Result<(i64, i64), AppError> {
    #[derive(SurrealValue)]
    struct C {
        ok: bool,
        n: i64,
    }
    let rows: Vec<C> = db
        .query("SELECT ok, count() AS n FROM bulk_sync_item WHERE job = type::record('job', $job) GROUP BY ok")
        .bind(("job", job_id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("counting bulk results", e))?;
    let get = |ok: bool| rows.iter().find(|c| c.ok == ok).map_or(0, |c| c.n);
    Ok((get(true), get(false)))
}

pub(crate) async fn results(db: &Db, job_id: &str, limit: i64) -> Result<Vec<BulkSyncItem>, AppError> {
    #[derive(SurrealValue)]
    struct R {
        sku: String,
        ok: bool,
        message: Option<String>,
    }
    let rows: Vec<R> = db
        .query("SELECT sku, ok, message, at FROM bulk_sync_item WHERE job = type::record('job', $job) ORDER BY ok ASC, at DESC LIMIT $limit")
        .bind(("job", job_id.to_string()))
        .bind(("limit", limit))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading bulk results", e))?;
    Ok(rows.into_iter().map(|r| BulkSyncItem { sku: r.sku, ok: r.ok, message: r.message }).collect())
}

/// Remembers a feed Hamro created (so a resumed job can tell its own feeds apart).
pub(crate) async fn remember_feed(db: &Db, feed_id: &str, job_id: &str) -> Result<(), DbError> {
    db.query(
        "UPSERT type::record('amazon_feed', $feed) CONTENT { job: type::record('job', $job), created_at: time::now() }",
    )
    .bind(("feed", feed_id.to_string()))
    .bind(("job", job_id.to_string()))
    .await?
    .check()?;
    Ok(())
}

pub(crate) async fn known_feeds(db: &Db, ids: &[String]) -> Result<Vec<String>, DbError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    Ok(db
        .query("SELECT VALUE <string> record::id(id) FROM $ids")
        .bind((
            "ids",
            ids.iter().map(|i| surrealdb::types::RecordId::new("amazon_feed", i.as_str())).collect::<Vec<_>>(),
        ))
        .await?
        .take(0)?)
}

/// How many listings (of one seller, or everyone's) have `status`.
pub(crate) async fn count_with_status(
    db: &Db,
    seller_id: Option<&str>,
    status: ListingStatus,
) -> Result<u64, AppError> {
    let scope = if seller_id.is_some() { "seller = type::record('user', $seller) AND " } else { "" };
    let n: Option<i64> = db
        .query(format!("SELECT VALUE count() FROM listing WHERE {scope}status = $status GROUP ALL"))
        .bind(("seller", seller_id.unwrap_or_default().to_string()))
        .bind(("status", status.as_str()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("counting listings", e))?;
    Ok(n.unwrap_or(0).max(0) as u64)
}

/// The products of a seller whose listing has `status`, most recently changed first.
pub(crate) async fn products_with_status(
    db: &Db,
    seller_id: &str,
    status: ListingStatus,
    limit: u32,
) -> Result<Vec<String>, AppError> {
    db.query(
        "SELECT VALUE product_id FROM (SELECT <string> record::id(product) AS product_id, updated_at FROM listing
             WHERE seller = type::record('user', $seller) AND status = $status ORDER BY updated_at DESC LIMIT $limit)",
    )
    .bind(("seller", seller_id.to_string()))
    .bind(("status", status.as_str()))
    .bind(("limit", i64::from(limit)))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("listing products that need attention", e))
}
