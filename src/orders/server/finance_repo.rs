//! What the Finances API adds to order items: Amazon's fees (from Shipment transactions),
//! refunds (from Refund transactions, in `order_refund`), transactions parked until their
//! order shows up, and which items and refunds the ledger has yet to record.

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, DbError, Tx},
    error::AppError,
};

/// Sets an item's Amazon fees (a positive amount) the first time a transaction names them.
/// Returns the items it set (none when already set, or when the order isn't known yet).
pub(crate) async fn set_fees(
    db: &Db,
    order_id: &str,
    sku: &str,
    fees_minor: i64,
    transaction: &str,
) -> Result<Vec<String>, AppError> {
    db.query(
        "UPDATE order_item SET fees_minor = $fees, fees_transaction = $transaction, updated_at = time::now()
         WHERE amazon_order_id = $order AND sku = $sku AND fees_minor = NONE
         RETURN VALUE <string> record::id(id)",
    )
    .bind(("order", order_id.to_string()))
    .bind(("sku", sku.to_string()))
    .bind(("fees", fees_minor))
    .bind(("transaction", transaction.to_string()))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("recording Amazon's fees", e))
}

/// Whether Hamro knows an item of this order with this SKU.
pub(crate) async fn knows_item(db: &Db, order_id: &str, sku: &str) -> Result<Option<String>, AppError> {
    let found: Option<String> = db
        .query(
            "SELECT VALUE <string> record::id(id) FROM order_item WHERE amazon_order_id = $order AND sku = $sku LIMIT 1",
        )
        .bind(("order", order_id.to_string()))
        .bind(("sku", sku.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("finding an order item", e))?;
    Ok(found)
}

/// A refund, recorded once (keyed by transaction and SKU), with the item's refunded total.
pub(crate) async fn record_refund(
    db: &Db,
    key: &str,
    item_key: &str,
    amount_minor: i64,
    fee_refund_minor: i64,
    currency: &str,
    posted_at: DateTime<Utc>,
) -> Result<bool, AppError> {
    let mut tx = Tx::new();
    tx.add(
        "CREATE type::record('order_refund', $key) CONTENT {
             order_item: type::record('order_item', $item), amount_minor: $amount, fee_refund_minor: $fee_refund,
             currency: $currency, posted_at: $posted, ledger_recorded: false
         } RETURN NONE;
         UPDATE type::record('order_item', $item) SET refunded_minor += $amount, updated_at = time::now() RETURN NONE;",
    )
    .bind("key", key.to_string())
    .bind("item", item_key.to_string())
    .bind("amount", amount_minor)
    .bind("fee_refund", fee_refund_minor)
    .bind("currency", currency.to_string())
    .bind("posted", posted_at);
    match tx.commit(db).await {
        Ok(()) => Ok(true),
        Err(DbError::RecordExists(_)) => Ok(false),
        Err(e) => Err(e.into_app("recording a refund")),
    }
}

/// Keeps a transaction whose order Hamro hasn't seen yet, to try again later.
pub(crate) async fn park(db: &Db, key: &str, data: &Value, posted_at: DateTime<Utc>) -> Result<(), AppError> {
    db.query("UPSERT type::record('finance_pending', $key) CONTENT { data: $data, posted_at: $posted }")
        .bind(("key", key.to_string()))
        .bind(("data", data.clone()))
        .bind(("posted", posted_at))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("parking a transaction", e))?;
    Ok(())
}

#[derive(SurrealValue)]
pub(crate) struct Parked {
    pub(crate) key: String,
    pub(crate) data: Value,
    pub(crate) posted_at: DateTime<Utc>,
}

pub(crate) async fn parked(db: &Db, limit: i64) -> Result<Vec<Parked>, AppError> {
    db.query(
        "SELECT <string> record::id(id) AS key, data, posted_at FROM finance_pending ORDER BY posted_at LIMIT $limit",
    )
    .bind(("limit", limit))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("reading parked transactions", e))
}

pub(crate) async fn unpark(db: &Db, key: &str) -> Result<(), AppError> {
    db.query("DELETE type::record('finance_pending', $key)")
        .bind(("key", key.to_string()))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("unparking a transaction", e))?;
    Ok(())
}

/// A shipped item whose fees are known and which the ledger doesn't have yet.
#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct ReadyItem {
    pub(crate) key: String,
    pub(crate) seller_id: String,
    pub(crate) title: String,
    pub(crate) currency: String,
    pub(crate) gross_minor: i64,
    pub(crate) fees_minor: i64,
    pub(crate) commission_minor: i64,
    pub(crate) shipped_at: DateTime<Utc>,
}

pub(crate) async fn ready_for_ledger(db: &Db, limit: i64) -> Result<Vec<ReadyItem>, AppError> {
    db.query(
        "SELECT <string> record::id(id) AS key, seller_id, (product.title ?? amazon_title ?? sku) AS title, currency,
             gross_minor, fees_minor, commission_minor, shipped_at
         FROM order_item WHERE ledger_recorded = false AND status = 'shipped' AND fees_minor != NONE
             AND seller_id != NONE AND shipped_at != NONE
         LIMIT $limit",
    )
    .bind(("limit", limit))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("finding items for the ledger", e))
}

/// Adds "the ledger has this item" to `tx`.
pub(crate) fn mark_item_recorded(tx: &mut Tx, key: &str) {
    tx.add("UPDATE type::record('order_item', $key) SET ledger_recorded = true, updated_at = time::now() RETURN NONE;")
        .bind("key", key.to_string());
}

/// A refund of an item the ledger has, not yet recorded itself.
#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct ReadyRefund {
    pub(crate) key: String,
    pub(crate) item_key: String,
    pub(crate) seller_id: String,
    pub(crate) title: String,
    pub(crate) currency: String,
    pub(crate) amount_minor: i64,
    pub(crate) fee_refund_minor: i64,
    pub(crate) item_gross_minor: i64,
    pub(crate) item_commission_minor: i64,
    pub(crate) shipped_at: Option<DateTime<Utc>>,
}

pub(crate) async fn refunds_for_ledger(db: &Db, limit: i64) -> Result<Vec<ReadyRefund>, AppError> {
    db.query(
        "SELECT <string> record::id(id) AS key, <string> record::id(order_item) AS item_key,
             order_item.seller_id AS seller_id, (order_item.product.title ?? order_item.amazon_title ?? order_item.sku) AS title,
             currency, amount_minor, fee_refund_minor, order_item.gross_minor AS item_gross_minor,
             order_item.commission_minor AS item_commission_minor, order_item.shipped_at AS shipped_at
         FROM order_refund WHERE ledger_recorded = false AND order_item.ledger_recorded = true
         LIMIT $limit",
    )
    .bind(("limit", limit))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("finding refunds for the ledger", e))
}

/// Adds "the ledger has this refund" to `tx`.
pub(crate) fn mark_refund_recorded(tx: &mut Tx, key: &str) {
    tx.add("UPDATE type::record('order_refund', $key) SET ledger_recorded = true RETURN NONE;")
        .bind("key", key.to_string());
}

/// Where a poller has read up to.
pub(crate) async fn cursor(db: &Db, name: &str) -> Result<Option<DateTime<Utc>>, AppError> {
    db.query("SELECT VALUE at FROM type::record('sync_cursor', $name)")
        .bind(("name", name.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading a cursor", e))
}

/// Moves a poller's cursor forward (never back).
pub(crate) async fn advance_cursor(db: &Db, name: &str, at: DateTime<Utc>) -> Result<(), AppError> {
    db.query("UPSERT type::record('sync_cursor', $name) SET at = IF at = NONE OR at < $at { $at } ELSE { at }")
        .bind(("name", name.to_string()))
        .bind(("at", at))
        .await
        .and_then(|r| r.check())
        .map_err(|e| AppError::internal("moving a cursor", e))?;
    Ok(())
}
