//! The SP-API sandbox's orders and the transactions Amazon posts for them, in its own
//! `sandbox_amazon_order` and `sandbox_amazon_transaction` tables, each with its lines.

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use super::repo::StoreResult;
use crate::db::{Db, retry_on_conflict};

/// One line of an order: a SKU, how many, at what unit price.
#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct OrderLine {
    pub order_item_id: String,
    pub sku: String,
    pub asin: Option<String>,
    pub title: String,
    pub quantity: i64,
    /// The unit price in cents.
    pub unit_minor: i64,
    /// ISO 4217, as Amazon writes it ("USD").
    pub currency: String,
}

#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct Order {
    pub order_id: String,
    pub created: DateTime<Utc>,
    pub updated: DateTime<Utc>,
    /// Amazon's `FulfillmentStatus` (UNSHIPPED, SHIPPED, CANCELLED...).
    pub status: String,
    pub marketplace_id: String,
    pub lines: Vec<OrderLine>,
    pub shipped: Option<DateTime<Utc>>,
}

const ORDER_FIELDS: &str = "order_id, created, updated, status, marketplace_id, lines, shipped";

/// Records a new order.
pub(crate) async fn insert_order(db: &Db, order: &Order) -> StoreResult<()> {
    db.query(
        "CREATE type::record('sandbox_amazon_order', $order_id) CONTENT { order_id: $order_id, created: $created,
             updated: $updated, status: $status, marketplace_id: $marketplace_id, lines: $lines, shipped: $shipped,
             refunded: false }",
    )
    .bind(("order_id", order.order_id.clone()))
    .bind(("created", order.created))
    .bind(("updated", order.updated))
    .bind(("status", order.status.clone()))
    .bind(("marketplace_id", order.marketplace_id.clone()))
    .bind(("lines", order.lines.clone()))
    .bind(("shipped", order.shipped))
    .await?
    .check()?;
    Ok(())
}

pub(crate) async fn get_order(db: &Db, order_id: &str) -> StoreResult<Option<Order>> {
    Ok(db
        .query(format!("SELECT {ORDER_FIELDS} FROM ONLY type::record('sandbox_amazon_order', $order_id)"))
        .bind(("order_id", order_id.to_string()))
        .await?
        .take(0)?)
}

/// Which time `searchOrders` filters and sorts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum OrderTime {
    Created,
    Updated,
}

/// `searchOrders`' question: a time window, statuses, and where the last page ended.
pub(crate) struct OrderSearch {
    pub by: OrderTime,
    pub after: DateTime<Utc>,
    pub before: Option<DateTime<Utc>>,
    pub statuses: Option<Vec<String>>,
    /// The (time, order id) the previous page ended at.
    pub from: Option<(DateTime<Utc>, String)>,
    pub limit: usize,
}

/// Orders in the window, oldest first, after `from` (keyset pages: an order updated while
/// the pages are read leaves the window instead of shifting the pages under the reader).
pub(crate) async fn search(db: &Db, q: &OrderSearch) -> StoreResult<Vec<Order>> {
    let field = match q.by {
        OrderTime::Created => "created",
        OrderTime::Updated => "updated",
    };
    let (from_time, from_id) = q.from.clone().map_or((None, None), |(t, id)| (Some(t), Some(id)));
    Ok(db
        .query(format!(
            "SELECT {ORDER_FIELDS} FROM sandbox_amazon_order
             WHERE {field} >= $after AND ($before = NONE OR {field} <= $before)
               AND ($statuses = NONE OR status IN $statuses)
               AND ($from_time = NONE OR {field} > $from_time OR ({field} = $from_time AND order_id > $from_id))
             ORDER BY {field}, order_id LIMIT $limit"
        ))
        .bind(("after", q.after))
        .bind(("before", q.before))
        .bind(("statuses", q.statuses.clone()))
        .bind(("from_time", from_time))
        .bind(("from_id", from_id))
        .bind(("limit", q.limit as i64))
        .await?
        .take(0)?)
}

/// Marks an unshipped order shipped at `at`; the order as it is now, or None when it had
/// shipped (or been cancelled) already.
pub(crate) async fn ship(db: &Db, order_id: &str, at: DateTime<Utc>) -> StoreResult<Option<Order>> {
    let rows: Vec<Order> = retry_on_conflict(|| async {
        Ok(db
            .query(format!(
                "UPDATE type::record('sandbox_amazon_order', $order_id) SET status = 'SHIPPED', shipped = $at, updated = $at
                 WHERE status IN ['PENDING', 'UNSHIPPED'] RETURN {ORDER_FIELDS}"
            ))
            .bind(("order_id", order_id.to_string()))
            .bind(("at", at))
            .await?
            .take(0)?)
    })
    .await?;
    Ok(rows.into_iter().next())
}

/// Marks a shipped order refunded (once): true the first time.
pub(crate) async fn mark_refunded(db: &Db, order_id: &str, at: DateTime<Utc>) -> StoreResult<bool> {
    let changed: Vec<Value> = retry_on_conflict(|| async {
        Ok(db
            .query(
                "UPDATE type::record('sandbox_amazon_order', $order_id) SET refunded = true, refunded_at = $at
                 WHERE status = 'SHIPPED' AND refunded = false RETURN VALUE order_id",
            )
            .bind(("order_id", order_id.to_string()))
            .bind(("at", at))
            .await?
            .take(0)?)
    })
    .await?;
    Ok(!changed.is_empty())
}

/// Unshipped orders placed before `before` (the demo's buyers wait for them to ship).
pub(crate) async fn unshipped_before(db: &Db, before: DateTime<Utc>) -> StoreResult<Vec<String>> {
    Ok(db
        .query("SELECT VALUE order_id FROM sandbox_amazon_order WHERE status = 'UNSHIPPED' AND created <= $before LIMIT 50")
        .bind(("before", before))
        .await?
        .take(0)?)
}

/// Shipped orders not refunded, shipped before `before`, with a refund decided for them.
pub(crate) async fn refunds_due(db: &Db, before: DateTime<Utc>) -> StoreResult<Vec<String>> {
    Ok(db
        .query(
            "SELECT VALUE order_id FROM sandbox_amazon_order
             WHERE status = 'SHIPPED' AND refunded = false AND refund_wanted = true AND shipped <= $before LIMIT 50",
        )
        .bind(("before", before))
        .await?
        .take(0)?)
}

/// Decides that a buyer will return this order.
pub(crate) async fn want_refund(db: &Db, order_id: &str) -> StoreResult<()> {
    retry_on_conflict(|| async {
        db.query("UPDATE type::record('sandbox_amazon_order', $order_id) SET refund_wanted = true")
            .bind(("order_id", order_id.to_string()))
            .await?
            .check()?;
        Ok(())
    })
    .await
}

// ---------- transactions ----------

/// One order item's money in a transaction, in cents: what the buyer paid (negative in a
/// refund) and Amazon's fees (negative when taken, positive when given back).
#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct TransactionLine {
    pub sku: String,
    pub asin: Option<String>,
    pub title: String,
    pub quantity: i64,
    pub charges_minor: i64,
    pub fees_minor: i64,
    /// Refunds name the adjustment of each item.
    pub adjustment_id: Option<String>,
}

#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct Transaction {
    pub transaction_id: String,
    pub order_id: String,
    /// `Shipment` or `Refund`.
    pub kind: String,
    pub posted: DateTime<Utc>,
    pub currency: String,
    pub marketplace_id: String,
    pub lines: Vec<TransactionLine>,
}

const TRANSACTION_FIELDS: &str = "transaction_id, order_id, kind, posted, currency, marketplace_id, lines";

pub(crate) async fn insert_transaction(db: &Db, t: &Transaction) -> StoreResult<()> {
    db.query(
        "CREATE type::record('sandbox_amazon_transaction', $transaction_id) CONTENT { transaction_id: $transaction_id,
             order_id: $order_id, kind: $kind, posted: $posted, currency: $currency, marketplace_id: $marketplace_id,
             lines: $lines }",
    )
    .bind(("transaction_id", t.transaction_id.clone()))
    .bind(("order_id", t.order_id.clone()))
    .bind(("kind", t.kind.clone()))
    .bind(("posted", t.posted))
    .bind(("currency", t.currency.clone()))
    .bind(("marketplace_id", t.marketplace_id.clone()))
    .bind(("lines", t.lines.clone()))
    .await?
    .check()?;
    Ok(())
}

/// `listTransactions`' question.
pub(crate) struct TransactionSearch {
    /// `[after, before)` by posted date, or every transaction of one order.
    pub posted: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub order_id: Option<String>,
    pub from: Option<(DateTime<Utc>, String)>,
    pub limit: usize,
}

pub(crate) async fn transactions(db: &Db, q: &TransactionSearch) -> StoreResult<Vec<Transaction>> {
    let (after, before) = q.posted.map_or((None, None), |(a, b)| (Some(a), Some(b)));
    let (from_time, from_id) = q.from.clone().map_or((None, None), |(t, id)| (Some(t), Some(id)));
    Ok(db
        .query(format!(
            "SELECT {TRANSACTION_FIELDS} FROM sandbox_amazon_transaction
             WHERE ($after = NONE OR (posted >= $after AND posted < $before))
               AND ($order_id = NONE OR order_id = $order_id)
               AND ($from_time = NONE OR posted > $from_time OR (posted = $from_time AND transaction_id > $from_id))
             ORDER BY posted, transaction_id LIMIT $limit"
        ))
        .bind(("after", after))
        .bind(("before", before))
        .bind(("order_id", q.order_id.clone()))
        .bind(("from_time", from_time))
        .bind(("from_id", from_id))
        .bind(("limit", q.limit as i64))
        .await?
        .take(0)?)
}

/// Live listings (with an ASIN) the demo's buyers may order, a random few.
pub(crate) async fn live_skus(db: &Db) -> StoreResult<Vec<String>> {
    Ok(db
        .query("SELECT VALUE sku FROM sandbox_amazon_listing WHERE asin != NONE ORDER BY rand() LIMIT 20")
        .await?
        .take(0)?)
}
