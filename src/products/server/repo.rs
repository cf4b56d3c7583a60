//! The `product` table. Every write is one transaction that checks the version it was
//! given (so no update is lost) and carries the notifications the change sends.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use super::count_repo;
use crate::{
    db::{Db, DbError, Group, Tx},
    error::AppError,
    money::{Currency, Money},
    notifications::server::{Outgoing, queue as queue_notifications},
    products::model::{Condition, Product, ProductFields, ProductRow, ProductStatus},
};

#[derive(SurrealValue)]
struct Row {
    id: String,
    seller_id: String,
    seller_name: String,
    title: String,
    description: String,
    seller_sku: String,
    amazon_sku: String,
    price_minor: i64,
    currency: String,
    quantity: i64,
    brand: String,
    product_type: String,
    condition: String,
    condition_note: String,
    list_price_minor: Option<i64>,
    identity: Option<serde_json::Value>,
    attributes: serde_json::Value,
    image_urls: Vec<String>,
    status: String,
    rejection_reason: Option<String>,
    reviewed_at: Option<DateTime<Utc>>,
    submitted_at: Option<DateTime<Utc>>,
    version: i64,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

impl TryFrom<Row> for Product {
    type Error = AppError;
    fn try_from(r: Row) -> Result<Self, AppError> {
        let bad = |what: &str| AppError::internal("reading a product row", format!("bad {what} in product {}", r.id));
        let currency = Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?;
        Ok(Product {
            price: Money::new(r.price_minor, currency),
            list_price: r.list_price_minor.map(|m| Money::new(m, currency)),
            identity: r.identity.map(serde_json::from_value).transpose().map_err(|_| bad("identity"))?,
            attributes: serde_json::from_value(r.attributes).map_err(|_| bad("attributes"))?,
            condition_note: r.condition_note,
            quantity: u32::try_from(r.quantity).map_err(|_| bad("quantity"))?,
            condition: Condition::parse(&r.condition).ok_or_else(|| bad("condition"))?,
            status: ProductStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
            version: u64::try_from(r.version).map_err(|_| bad("version"))?,
            id: r.id,
            seller_id: r.seller_id,
            seller_name: r.seller_name,
            title: r.title,
            description: r.description,
            sku: r.seller_sku,
            amazon_sku: r.amazon_sku,
            brand: r.brand,
            product_type: r.product_type,
            image_urls: r.image_urls,
            rejection_reason: r.rejection_reason,
            reviewed_at: r.reviewed_at,
            submitted_at: r.submitted_at,
            created_at: r.created_at,
            updated_at: r.updated_at,
        })
    }
}

const FIELDS: &str = "<string> record::id(id) AS id, <string> record::id(seller) AS seller_id, seller.name AS seller_name, \
    title, description, seller_sku, amazon_sku, price_minor, currency, quantity, brand, product_type, condition, \
    condition_note, list_price_minor, identity, attributes, image_urls, status, rejection_reason, reviewed_at, submitted_at, version, created_at, updated_at";

/// What a write transaction can run into, besides database failures.
#[derive(Debug)]
pub(crate) enum WriteError {
    /// No such product (or not this seller's).
    NotFound,
    /// The version given is not the current one.
    Stale,
    /// The seller already has a product with this SKU.
    SkuTaken,
    Other(AppError),
}

impl From<AppError> for WriteError {
    fn from(e: AppError) -> Self {
        Self::Other(e)
    }
}

/// Commits a write transaction and sorts out our `THROW`s.
async fn write(db: &Db, tx: Tx) -> Result<(), WriteError> {
    match tx.commit(db).await {
        Ok(()) => Ok(()),
        Err(DbError::Thrown(reason)) => match reason.as_str() {
            "not_found" => Err(WriteError::NotFound),
            "stale" => Err(WriteError::Stale),
            "sku_taken" => Err(WriteError::SkuTaken),
            other => {
                Err(WriteError::Other(AppError::internal("writing a product", format!("unexpected THROW {other}"))))
            }
        },
        // Two creates with one SKU at the same instant: the index caught the second.
        Err(DbError::IndexTaken(index)) if index == "product_seller_sku" => Err(WriteError::SkuTaken),
        Err(e) => Err(WriteError::Other(e.into_app("writing a product"))),
    }
}

/// A product as it is first written.
#[derive(Clone, Copy)]
pub(crate) struct NewProduct<'a> {
    pub id: &'a str,
    pub seller_id: &'a str,
    pub fields: &'a ProductFields,
    /// The SKU it has (or will have) on Amazon, unique across sellers.
    pub amazon_sku: &'a str,
    pub status: ProductStatus,
}

/// Inserts a new product (and its notifications).
pub(crate) async fn insert(
    db: &Db,
    new: &NewProduct<'_>,
    now: DateTime<Utc>,
    notify: &[Outgoing],
) -> Result<(), WriteError> {
    let NewProduct { id, seller_id, fields, amazon_sku, status } = *new;
    let submitted_at = (status == ProductStatus::PendingReview).then_some(now);
    let mut tx = Tx::new();
    let group = tx.add(
        "IF (SELECT VALUE id FROM product WHERE seller = type::record('user', $seller) AND seller_sku = $sku LIMIT 1) { THROW 'sku_taken' };
         CREATE type::record('product', $id) CONTENT {
             seller: type::record('user', $seller), title: $title, description: $description, seller_sku: $sku,
             amazon_sku: $amazon_sku, price_minor: $price_minor, currency: $currency, quantity: $quantity,
             brand: $brand, product_type: $product_type, condition: $condition, image_urls: $image_urls,
             condition_note: $condition_note, list_price_minor: $list_price_minor, identity: $identity,
             attributes: $attributes, status: $status, submitted_at: $submitted_at, version: 1, created_at: $now, updated_at: $now
         } RETURN NONE;",
    );
    bind_fields(group, fields)
        .bind("id", id.to_string())
        .bind("seller", seller_id.to_string())
        .bind("amazon_sku", amazon_sku.to_string())
        .bind("status", status.as_str())
        .bind("submitted_at", submitted_at)
        .bind("now", now);
    queue_notifications(&mut tx, notify);
    write(db, tx).await
}

fn bind_fields<'a>(group: Group<'a>, f: &ProductFields) -> Group<'a> {
    group
        .bind("title", f.title.clone())
        .bind("description", f.description.clone())
        .bind("sku", f.sku.clone())
        .bind("price_minor", f.price.amount_minor)
        .bind("currency", f.price.currency.code())
        .bind("quantity", i64::from(f.quantity))
        .bind("brand", f.brand.clone())
        .bind("product_type", f.product_type.clone())
        .bind("condition", f.condition.as_str())
        .bind("image_urls", f.image_urls.clone())
        .bind("condition_note", f.condition_note.clone())
        .bind("list_price_minor", f.list_price.map(|m| m.amount_minor))
        .bind("identity", f.identity.as_ref().map(|i| serde_json::to_value(i).unwrap_or_default()))
        .bind("attributes", serde_json::to_value(&f.attributes).unwrap_or_else(|_| serde_json::json!({})))
}

/// The checks every update starts with: the product exists (and is this seller's, when
/// `scoped`) and is still at the version the caller read.
fn guard(scoped: bool) -> String {
    let owner = if scoped { " WHERE seller = type::record('user', $seller)" } else { "" };
    format!(
        "LET $p = (SELECT status, version FROM ONLY type::record('product', $id){owner});
         IF $p = NONE {{ THROW 'not_found' }};
         IF $p.version != $version {{ THROW 'stale' }};"
    )
}

/// Replaces a product's content, moving it to `status`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn update_fields(
    db: &Db,
    id: &str,
    seller_id: &str,
    version: u64,
    fields: &ProductFields,
    amazon_sku: &str,
    status: ProductStatus,
    submitted_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
    notify: &[Outgoing],
) -> Result<(), WriteError> {
    let mut tx = Tx::new();
    let group = tx.add(&format!(
        "{}
         IF (SELECT VALUE id FROM product WHERE seller = type::record('user', $seller) AND seller_sku = $sku
             AND id != type::record('product', $id) LIMIT 1) {{ THROW 'sku_taken' }};
         UPDATE type::record('product', $id) SET title = $title, description = $description, seller_sku = $sku,
             amazon_sku = $amazon_sku, price_minor = $price_minor, currency = $currency, quantity = $quantity,
             brand = $brand, product_type = $product_type, condition = $condition, image_urls = $image_urls,
             condition_note = $condition_note, list_price_minor = $list_price_minor, identity = $identity,
             attributes = $attributes, status = $status, submitted_at = $submitted_at, version += 1, updated_at = $now;",
        guard(true)
    ));
    bind_fields(group, fields)
        .bind("id", id.to_string())
        .bind("seller", seller_id.to_string())
        .bind("version", version as i64)
        .bind("amazon_sku", amazon_sku.to_string())
        .bind("status", status.as_str())
        .bind("submitted_at", submitted_at)
        .bind("now", now);
    queue_notifications(&mut tx, notify);
    write(db, tx).await
}

/// A status change and the review fields that go with it.
pub(crate) struct StatusChange<'a> {
    pub status: ProductStatus,
    /// Set `submitted_at` to now (a submission).
    pub submitted: bool,
    /// Set the reviewer and time (an approval or rejection); `reason` for rejections.
    pub reviewed_by: Option<&'a str>,
    pub reason: Option<&'a str>,
}

/// Moves a product to another status. `seller_id` limits it to that seller's products.
pub(crate) async fn change_status(
    db: &Db,
    id: &str,
    seller_id: Option<&str>,
    version: u64,
    change: StatusChange<'_>,
    now: DateTime<Utc>,
    notify: &[Outgoing],
) -> Result<(), WriteError> {
    let mut sets = String::from("status = $status, version += 1, updated_at = $now");
    if change.submitted {
        sets.push_str(", submitted_at = $now");
    }
    if change.reviewed_by.is_some() {
        sets.push_str(
            ", reviewed_by = type::record('user', $reviewer), reviewed_at = $now, rejection_reason = $reason",
        );
    }
    let mut tx = Tx::new();
    tx.add(&format!("{}\n         UPDATE type::record('product', $id) SET {sets};", guard(seller_id.is_some())))
        .bind("id", id.to_string())
        .bind("seller", seller_id.map(str::to_string))
        .bind("version", version as i64)
        .bind("status", change.status.as_str())
        .bind("reviewer", change.reviewed_by.map(str::to_string))
        .bind("reason", change.reason.map(str::to_string))
        .bind("now", now);
    queue_notifications(&mut tx, notify);
    write(db, tx).await
}

pub(crate) async fn get(db: &Db, id: &str) -> Result<Option<Product>, AppError> {
    let row: Option<Row> = db
        .query(format!("SELECT {FIELDS} FROM type::record('product', $id)"))
        .bind(("id", id.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a product", e))?;
    row.map(Product::try_from).transpose()
}

/// Which products to list.
#[derive(Default)]
pub(crate) struct Filter<'a> {
    pub seller_id: Option<&'a str>,
    pub status: Option<ProductStatus>,
}

fn where_clause(filter: &Filter<'_>) -> String {
    let mut clauses = vec!["true".to_string()];
    if filter.seller_id.is_some() {
        clauses.push("seller = type::record('user', $seller)".into());
    }
    if filter.status.is_some() {
        clauses.push("status = $status".into());
    }
    clauses.join(" AND ")
}

/// A page of products, newest first, and how many match in all.
pub(crate) async fn list(
    db: &Db,
    filter: &Filter<'_>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<Product>, u64), AppError> {
    let condition = where_clause(filter);
    let counts = count_repo::counts(db, filter.seller_id).await?;
    let total = filter.status.map_or_else(|| counts.total(), |s| counts.get(s));
    let mut results = db
        .query(format!(
            "SELECT {FIELDS} FROM product WHERE {condition} ORDER BY created_at DESC LIMIT $limit START $start"
        ))
        .bind(("seller", filter.seller_id.map(str::to_string)))
        .bind(("status", filter.status.map(ProductStatus::as_str)))
        .bind(("limit", i64::from(per_page)))
        .bind(("start", i64::from(page.saturating_sub(1)) * i64::from(per_page)))
        .await
        .map_err(|e| AppError::internal("listing products", e))?;
    let rows: Vec<Row> = results.take(0).map_err(|e| AppError::internal("listing products", e))?;
    let items = rows.into_iter().map(Product::try_from).collect::<Result<_, _>>()?;
    Ok((items, total))
}

#[derive(SurrealValue)]
struct SlimRow {
    id: String,
    title: String,
    seller_sku: String,
    price_minor: i64,
    currency: String,
    quantity: i64,
    status: String,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

/// A page of products as table rows (only what a table shows: no link to the seller, no
/// content), newest first, and how many match in all.
pub(crate) async fn list_rows(
    db: &Db,
    filter: &Filter<'_>,
    page: u32,
    per_page: u32,
) -> Result<(Vec<ProductRow>, u64), AppError> {
    let condition = where_clause(filter);
    let counts = count_repo::counts(db, filter.seller_id).await?;
    let total = filter.status.map_or_else(|| counts.total(), |s| counts.get(s));
    let rows: Vec<SlimRow> = db
        .query(format!(
            "SELECT <string> record::id(id) AS id, title, seller_sku, price_minor, currency, quantity, status, created_at,
                 updated_at FROM product WHERE {condition} ORDER BY created_at DESC LIMIT $limit START $start"
        ))
        .bind(("seller", filter.seller_id.map(str::to_string)))
        .bind(("status", filter.status.map(ProductStatus::as_str)))
        .bind(("limit", i64::from(per_page)))
        .bind(("start", i64::from(page.saturating_sub(1)) * i64::from(per_page)))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("listing products", e))?;
    let items = rows
        .into_iter()
        .map(|r| {
            let bad =
                |what: &str| AppError::internal("reading a product row", format!("bad {what} in product {}", r.id));
            Ok(ProductRow {
                price: Money::new(r.price_minor, Currency::parse(&r.currency).ok_or_else(|| bad("currency"))?),
                quantity: u32::try_from(r.quantity).map_err(|_| bad("quantity"))?,
                status: ProductStatus::parse(&r.status).ok_or_else(|| bad("status"))?,
                id: r.id,
                title: r.title,
                sku: r.seller_sku,
                updated_at: r.updated_at,
            })
        })
        .collect::<Result<_, AppError>>()?;
    Ok((items, total))
}

/// Products waiting for review, oldest submission first.
pub(crate) async fn review_queue(db: &Db, limit: u32) -> Result<Vec<Product>, AppError> {
    let rows: Vec<Row> = db
        .query(format!(
            "SELECT {FIELDS} FROM product WHERE status = 'pending_review' ORDER BY submitted_at ASC LIMIT $limit"
        ))
        .bind(("limit", i64::from(limit)))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("loading the review queue", e))?;
    rows.into_iter().map(Product::try_from).collect()
}
