//! The SP-API sandbox's state, in its own database's `sandbox_amazon_*` tables: listings by SKU, feed
//! documents, and feeds.

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::db::{Db, DbError};

pub(crate) type StoreResult<T> = Result<T, DbError>;

#[derive(SurrealValue, Clone)]
pub(crate) struct ListingRow {
    pub sku: String,
    pub product_type: String,
    pub attributes: Value,
    pub asin: Option<String>,
    pub asin_at: DateTime<Utc>,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// How many feed messages updated this SKU (benchmarks and the restart test read it).
    pub feed_updates: i64,
    /// Issues raised after the listing went live (the `/_listings/{sku}/issues` trigger).
    pub live_issues: Option<Value>,
    /// Amazon took the offer down (not buyable) until the issues are fixed.
    pub suppressed: Option<bool>,
}

const LISTING_FIELDS: &str =
    "sku, product_type, attributes, asin, asin_at, created, updated, feed_updates, live_issues, suppressed";

pub(crate) async fn get_listing(db: &Db, sku: &str) -> StoreResult<Option<ListingRow>> {
    Ok(db
        .query(format!("SELECT {LISTING_FIELDS} FROM type::record('sandbox_amazon_listing', $sku)"))
        .bind(("sku", sku.to_string()))
        .await?
        .take(0)?)
}

pub(crate) async fn put_listing(db: &Db, row: &ListingRow) -> StoreResult<()> {
    db.query(
        "UPSERT type::record('sandbox_amazon_listing', $sku) CONTENT { sku: $sku, product_type: $product_type,
             attributes: $attributes, asin: $asin, asin_at: $asin_at, created: $created, updated: $updated,
             feed_updates: $feed_updates, live_issues: $live_issues, suppressed: $suppressed }",
    )
    .bind(("sku", row.sku.clone()))
    .bind(("product_type", row.product_type.clone()))
    .bind(("attributes", row.attributes.clone()))
    .bind(("asin", row.asin.clone()))
    .bind(("asin_at", row.asin_at))
    .bind(("created", row.created))
    .bind(("updated", row.updated))
    .bind(("feed_updates", row.feed_updates))
    .bind(("live_issues", row.live_issues.clone()))
    .bind(("suppressed", row.suppressed))
    .await?
    .check()?;
    Ok(())
}

pub(crate) async fn delete_listing(db: &Db, sku: &str) -> StoreResult<bool> {
    let gone: Vec<Value> = db
        .query("DELETE type::record('sandbox_amazon_listing', $sku) RETURN BEFORE")
        .bind(("sku", sku.to_string()))
        .await?
        .take(0)?;
    Ok(!gone.is_empty())
}

#[derive(SurrealValue)]
pub(crate) struct DocumentRow {
    pub token: String,
    pub content: Option<String>,
}

pub(crate) async fn create_document(db: &Db, id: &str, token: &str, content_type: &str) -> StoreResult<()> {
    db.query("CREATE type::record('sandbox_amazon_document', $id) CONTENT { token: $doc_token, content_type: $content_type, created: time::now() }")
        .bind(("id", id.to_string()))
        .bind(("doc_token", token.to_string()))
        .bind(("content_type", content_type.to_string()))
        .await?
        .check()?;
    Ok(())
}

pub(crate) async fn get_document(db: &Db, id: &str) -> StoreResult<Option<DocumentRow>> {
    Ok(db
        .query("SELECT token, content FROM type::record('sandbox_amazon_document', $id)")
        .bind(("id", id.to_string()))
        .await?
        .take(0)?)
}

pub(crate) async fn set_document(db: &Db, id: &str, content: &str) -> StoreResult<()> {
    db.query("UPDATE type::record('sandbox_amazon_document', $id) SET content = $content")
        .bind(("id", id.to_string()))
        .bind(("content", content.to_string()))
        .await?
        .check()?;
    Ok(())
}

#[derive(SurrealValue, Clone)]
pub(crate) struct FeedRow {
    pub id: String,
    pub feed_type: String,
    pub marketplace_ids: Vec<String>,
    pub input_document: String,
    pub created: DateTime<Utc>,
    pub result_document: Option<String>,
    pub processing_end: Option<DateTime<Utc>>,
}

const FEED_FIELDS: &str = "<string> record::id(id) AS id, feed_type, marketplace_ids, input_document, created, result_document, processing_end";

pub(crate) async fn create_feed(db: &Db, row: &FeedRow) -> StoreResult<()> {
    db.query(
        "CREATE type::record('sandbox_amazon_feed', $id) CONTENT { feed_type: $feed_type, marketplace_ids: $marketplace_ids,
             input_document: $input_document, created: $created }",
    )
    .bind(("id", row.id.clone()))
    .bind(("feed_type", row.feed_type.clone()))
    .bind(("marketplace_ids", row.marketplace_ids.clone()))
    .bind(("input_document", row.input_document.clone()))
    .bind(("created", row.created))
    .await?
    .check()?;
    Ok(())
}

pub(crate) async fn get_feed(db: &Db, id: &str) -> StoreResult<Option<FeedRow>> {
    Ok(db
        .query(format!("SELECT {FEED_FIELDS} FROM type::record('sandbox_amazon_feed', $id)"))
        .bind(("id", id.to_string()))
        .await?
        .take(0)?)
}

pub(crate) async fn feeds_since(db: &Db, since: DateTime<Utc>) -> StoreResult<Vec<FeedRow>> {
    Ok(db
        .query(format!(
            "SELECT {FEED_FIELDS} FROM sandbox_amazon_feed WHERE created >= $since ORDER BY created DESC LIMIT 100"
        ))
        .bind(("since", since))
        .await?
        .take(0)?)
}

/// One SKU's new fulfillment availability from a feed message.
pub(crate) struct FeedUpdate {
    pub sku: String,
    pub availability: Value,
}

/// Applies a processed feed once: the listing updates, the report document and the feed's
/// DONE mark in one transaction. False when another request already processed it.
pub(crate) async fn complete_feed(
    db: &Db,
    id: &str,
    updates: &[FeedUpdate],
    report_id: &str,
    report_token: &str,
    report: &str,
    now: DateTime<Utc>,
) -> StoreResult<bool> {
    let updates: Vec<Value> =
        updates.iter().map(|u| serde_json::json!({ "sku": u.sku, "value": u.availability })).collect();
    let mut results = db
        .query(
            "BEGIN;
             LET $claimed = (UPDATE type::record('sandbox_amazon_feed', $id) SET result_document = $doc, processing_end = $now
                             WHERE result_document = NONE RETURN VALUE id);
             IF array::len($claimed) = 0 { THROW 'taken' };
             FOR $u IN $updates {
                 UPDATE type::record('sandbox_amazon_listing', $u.sku)
                     SET attributes.fulfillment_availability = $u.value, updated = $now, feed_updates += 1;
             };
             CREATE type::record('sandbox_amazon_document', $doc) CONTENT { token: $doc_token, content: $report, created: $now };
             COMMIT;",
        )
        .bind(("id", id.to_string()))
        .bind(("doc", report_id.to_string()))
        .bind(("now", now))
        .bind(("updates", updates))
        .bind(("doc_token", report_token.to_string()))
        .bind(("report", report.to_string()))
        .await?;
    match crate::db::root_error(&mut results) {
        None => Ok(true),
        Some(DbError::Thrown(reason)) if reason == "taken" => Ok(false),
        Some(DbError::Conflict) => Ok(false),
        Some(e) => Err(e),
    }
}

#[derive(SurrealValue)]
pub(crate) struct UpdateCount {
    pub feed_updates: i64,
    pub listings: i64,
}

/// How many listings were updated by feeds 0, 1, 2... times (the restart test's proof that
/// every SKU was sent exactly once).
pub(crate) async fn feed_update_histogram(db: &Db) -> StoreResult<Vec<UpdateCount>> {
    Ok(db
        .query("SELECT feed_updates, count() AS listings FROM sandbox_amazon_listing GROUP BY feed_updates")
        .await?
        .take(0)?)
}

pub(crate) async fn feed_count(db: &Db) -> StoreResult<i64> {
    let n: Option<i64> = db.query("(SELECT count() AS n FROM sandbox_amazon_feed GROUP ALL)[0].n").await?.take(0)?;
    Ok(n.unwrap_or(0))
}

/// A listing Amazon already has, for `hamro seed` and demo mode's first sales.
#[derive(Clone, Debug, serde::Serialize)]
pub(crate) struct SeedListing {
    pub sku: String,
    pub asin: String,
    pub quantity: i64,
    pub title: String,
    /// The offer's price, a JSON number in the listing's currency (19.99).
    pub price: f64,
    pub currency: String,
}

/// Adds listings that are live already (with their ASIN), 500 per transaction.
pub(crate) async fn seed_listings(db: &Db, seller_id: &str, listings: &[SeedListing]) -> StoreResult<()> {
    for chunk in listings.chunks(500) {
        let rows: Vec<Value> = chunk.iter().map(|l| serde_json::json!(l)).collect();
        db.query(
            "BEGIN;
             FOR $r IN $rows {
                 CREATE type::record('sandbox_amazon_listing', $r.sku) CONTENT {
                     sku: $r.sku, product_type: 'PRODUCT', asin: $r.asin, asin_at: time::now(), created: time::now(),
                     updated: time::now(), feed_updates: 0, seller: $seller,
                     attributes: {
                         item_name: [{ value: $r.title }],
                         purchasable_offer: [{ currency: $r.currency, our_price: [{ schedule: [{ value_with_tax: $r.price }] }] }],
                         fulfillment_availability: [{ fulfillment_channel_code: 'DEFAULT', quantity: $r.quantity }]
                     }
                 };
             };
             COMMIT;",
        )
        .bind(("rows", rows))
        .bind(("seller", seller_id.to_string()))
        .await?
        .check()?;
    }
    Ok(())
}
