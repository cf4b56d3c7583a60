//! Transfer batches (`transfer_batch`, `transfer_cover`): the released entries one Stripe
//! transfer moves. A batch is created with a cover row per entry (an entry can be in one
//! batch only), is `sent` once Stripe has answered (with its transfer entry in the ledger,
//! in the same transaction), or `failed` (its covers removed, so its entries go in a later
//! batch). An `open` batch is one whose Stripe call may or may not have happened: it is
//! resent with the same idempotency key.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use super::repo::{self, NewEntry};
use crate::{
    db::{Db, DbError, Tx},
    earnings::model::EntryKind,
    error::AppError,
    notifications::server::{Outgoing, queue as queue_notifications},
};

#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct Uncovered {
    pub(crate) key: String,
    pub(crate) amount_minor: i64,
}

/// A seller's released entries in a currency that no batch covers.
pub(crate) async fn uncovered(
    db: &Db,
    seller_id: &str,
    currency: &str,
    now: DateTime<Utc>,
) -> Result<Vec<Uncovered>, AppError> {
    db.query(
        "SELECT <string> record::id(id) AS key, amount_minor, created_at FROM ledger_entry
         WHERE seller = type::record('user', $seller) AND currency = $currency
             AND kind NOT IN ['transfer', 'reversal'] AND available_on <= $now
             AND !record::exists(type::record('transfer_cover', record::id(id)))
         ORDER BY created_at ASC, key ASC",
    )
    .bind(("seller", seller_id.to_string()))
    .bind(("currency", currency.to_string()))
    .bind(("now", now))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("finding released earnings", e))
}

/// A batch as stored.
#[derive(Clone, Debug, SurrealValue)]
pub(crate) struct BatchRow {
    pub(crate) id: String,
    pub(crate) seller_id: String,
    pub(crate) currency: String,
    pub(crate) amount_minor: i64,
    pub(crate) status: String,
    pub(crate) created_at: DateTime<Utc>,
}

const BATCH_FIELDS: &str = "<string> record::id(id) AS id, <string> record::id(seller) AS seller_id, currency, amount_minor, status, created_at";

/// The seller's open batch in a currency, if one was left (a crash, an outage).
pub(crate) async fn open_batch(db: &Db, seller_id: &str, currency: &str) -> Result<Option<BatchRow>, AppError> {
    db.query(format!(
        "SELECT {BATCH_FIELDS} FROM transfer_batch
         WHERE seller = type::record('user', $seller) AND currency = $currency AND status = 'open' LIMIT 1"
    ))
    .bind(("seller", seller_id.to_string()))
    .bind(("currency", currency.to_string()))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("reading transfer batches", e))
}

/// How many of the seller's batches in a currency Stripe refused.
pub(crate) async fn failed_count(db: &Db, seller_id: &str, currency: &str) -> Result<i64, AppError> {
    let n: Option<i64> = db
        .query(
            "(SELECT count() AS n FROM transfer_batch
              WHERE seller = type::record('user', $seller) AND currency = $currency AND status = 'failed' GROUP ALL)[0].n",
        )
        .bind(("seller", seller_id.to_string()))
        .bind(("currency", currency.to_string()))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("counting failed transfer batches", e))?;
    Ok(n.unwrap_or(0))
}

/// Creates a batch covering `entries`. `false` when one of them is covered already (another
/// worker made a batch first): nothing is written then.
pub(crate) async fn create_batch(
    db: &Db,
    id: &str,
    seller_id: &str,
    currency: &str,
    amount_minor: i64,
    entries: &[String],
) -> Result<bool, AppError> {
    let mut tx = Tx::new();
    tx.add(
        "CREATE type::record('transfer_batch', $id) CONTENT {
             seller: type::record('user', $seller), currency: $currency, amount_minor: $amount, status: 'open',
             created_at: time::now(), updated_at: time::now()
         } RETURN NONE;
         FOR $entry IN $entries {
             CREATE type::record('transfer_cover', $entry) CONTENT { batch: $id } RETURN NONE;
         };",
    )
    .bind("id", id.to_string())
    .bind("seller", seller_id.to_string())
    .bind("currency", currency.to_string())
    .bind("amount", amount_minor)
    .bind("entries", entries.to_vec());
    match tx.commit(db).await {
        Ok(()) => Ok(true),
        Err(DbError::RecordExists(_)) => Ok(false),
        Err(e) => Err(e.into_app("creating a transfer batch")),
    }
}

/// Stripe took the transfer: the batch is sent and the ledger has the transfer, together.
pub(crate) async fn batch_sent(
    db: &Db,
    batch: &BatchRow,
    stripe_transfer_id: &str,
    news: &[Outgoing],
) -> Result<(), AppError> {
    let mut tx = Tx::new();
    tx.add(
        "UPDATE type::record('transfer_batch', $id) SET status = 'sent', stripe_transfer_id = $stripe, updated_at = time::now()
         WHERE status = 'open' RETURN NONE;",
    )
    .bind("id", batch.id.clone())
    .bind("stripe", stripe_transfer_id.to_string());
    repo::append(
        &mut tx,
        &NewEntry {
            key: format!("transfer:{}", batch.id),
            seller_id: &batch.seller_id,
            kind: EntryKind::Transfer,
            amount_minor: -batch.amount_minor,
            currency: &batch.currency,
            order_item: None,
            description: format!("Transferred to your Stripe balance ({stripe_transfer_id})"),
            available_on: None,
            transfer_batch: Some(&batch.id),
        },
    );
    queue_notifications(&mut tx, news);
    tx.commit(db).await.map_err(|e| e.into_app("recording a transfer"))
}

/// Stripe refused: the batch failed, and its entries are free for a later batch.
pub(crate) async fn batch_failed(db: &Db, batch_id: &str, reason: &str) -> Result<(), AppError> {
    let mut tx = Tx::new();
    tx.add(
        "UPDATE type::record('transfer_batch', $id) SET status = 'failed', failure = $reason, updated_at = time::now()
         WHERE status = 'open' RETURN NONE;
         DELETE transfer_cover WHERE batch = $id RETURN NONE;",
    )
    .bind("id", batch_id.to_string())
    .bind("reason", reason.to_string());
    tx.commit(db).await.map_err(|e| e.into_app("recording a failed transfer"))
}

/// Records an alert once; `true` the first time (the caller tells the admins then).
pub(crate) async fn alert_once(db: &Db, key: &str, news: &[Outgoing]) -> Result<bool, AppError> {
    let mut tx = Tx::new();
    tx.add("CREATE type::record('earnings_alert', $key) CONTENT { at: time::now() } RETURN NONE;")
        .bind("key", key.to_string());
    queue_notifications(&mut tx, news);
    match tx.commit(db).await {
        Ok(()) => Ok(true),
        Err(DbError::RecordExists(_)) => Ok(false),
        Err(e) => Err(e.into_app("recording an earnings alert")),
    }
}
