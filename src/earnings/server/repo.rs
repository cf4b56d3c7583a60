//! The `ledger_entry` table: append-only (the table's own event refuses an update or a
//! delete), each entry keyed by its source so a replay writes nothing. Its readers sum it.

use chrono::{DateTime, Utc};
use surrealdb::types::SurrealValue;

use crate::{
    db::{Db, Tx},
    earnings::model::EntryKind,
    error::AppError,
};

/// One entry as it is first written.
pub(crate) struct NewEntry<'a> {
    pub(crate) key: String,
    pub(crate) seller_id: &'a str,
    pub(crate) kind: EntryKind,
    pub(crate) amount_minor: i64,
    pub(crate) currency: &'a str,
    pub(crate) order_item: Option<&'a str>,
    pub(crate) description: String,
    pub(crate) available_on: Option<DateTime<Utc>>,
    pub(crate) transfer_batch: Option<&'a str>,
}

/// Adds "write this entry unless its source was written already" to `tx`.
pub(crate) fn append(tx: &mut Tx, e: &NewEntry<'_>) {
    tx.add(
        "IF (SELECT id FROM ONLY type::record('ledger_entry', $key)) = NONE {
             CREATE type::record('ledger_entry', $key) CONTENT {
                 seller: type::record('user', $seller), kind: $kind, amount_minor: $amount, currency: $currency,
                 order_item: IF $item != NONE { type::record('order_item', $item) } ELSE { NONE },
                 description: $description, available_on: $available_on, transfer_batch: $batch, created_at: time::now()
             } RETURN NONE;
         };",
    )
    .bind("key", e.key.clone())
    .bind("seller", e.seller_id.to_string())
    .bind("kind", e.kind.as_str())
    .bind("amount", e.amount_minor)
    .bind("currency", e.currency.to_string())
    .bind("item", e.order_item.map(str::to_string))
    .bind("description", e.description.clone())
    .bind("available_on", e.available_on)
    .bind("batch", e.transfer_batch.map(str::to_string));
}

#[derive(SurrealValue)]
pub(crate) struct EntryRow {
    pub(crate) id: String,
    pub(crate) kind: String,
    pub(crate) amount_minor: i64,
    pub(crate) currency: String,
    pub(crate) order_item: Option<String>,
    pub(crate) description: String,
    pub(crate) available_on: Option<DateTime<Utc>>,
    pub(crate) created_at: DateTime<Utc>,
}

const ENTRY_FIELDS: &str = "<string> record::id(id) AS id, kind, amount_minor, currency,
    IF order_item != NONE { <string> record::id(order_item) } ELSE { NONE } AS order_item, description,
    available_on, created_at";

/// A seller's entries, oldest first, optionally between two times.
pub(crate) async fn entries(
    db: &Db,
    seller_id: &str,
    between: Option<(DateTime<Utc>, DateTime<Utc>)>,
) -> Result<Vec<EntryRow>, AppError> {
    let condition = if between.is_some() { "AND created_at >= $from AND created_at < $to" } else { "" };
    let (from, to) = between.unzip();
    db.query(format!(
        "SELECT {ENTRY_FIELDS} FROM ledger_entry WHERE seller = type::record('user', $seller) {condition}
         ORDER BY created_at ASC, id ASC"
    ))
    .bind(("seller", seller_id.to_string()))
    .bind(("from", from))
    .bind(("to", to))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("reading the ledger", e))
}

/// Per currency: the total of a seller's entries before `at` (a statement's opening balance).
pub(crate) async fn totals_before(db: &Db, seller_id: &str, at: DateTime<Utc>) -> Result<Vec<(String, i64)>, AppError> {
    #[derive(SurrealValue)]
    struct Sum {
        currency: String,
        total: i64,
    }
    let rows: Vec<Sum> = db
        .query(
            "SELECT currency, math::sum(amount_minor) AS total FROM ledger_entry
             WHERE seller = type::record('user', $seller) AND created_at < $at GROUP BY currency",
        )
        .bind(("seller", seller_id.to_string()))
        .bind(("at", at))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("summing the ledger", e))?;
    Ok(rows.into_iter().map(|r| (r.currency, r.total)).collect())
}

/// What the balances are made of, per currency.
#[derive(SurrealValue, Default, Clone, Debug)]
pub(crate) struct Sums {
    pub(crate) currency: String,
    /// Everything earned or charged (not transfers).
    pub(crate) earned: i64,
    /// Earned entries released by `now`.
    pub(crate) released: i64,
    /// Transfers (negative) and reversals.
    pub(crate) moved: i64,
}

/// A seller's sums per currency, or every seller's when `seller_id` is None.
pub(crate) async fn sums(db: &Db, seller_id: Option<&str>, now: DateTime<Utc>) -> Result<Vec<Sums>, AppError> {
    let condition = if seller_id.is_some() { "WHERE seller = type::record('user', $seller)" } else { "" };
    db.query(format!(
        "SELECT currency,
             math::sum(IF kind NOT IN ['transfer', 'reversal'] {{ amount_minor }} ELSE {{ 0 }}) AS earned,
             math::sum(IF kind NOT IN ['transfer', 'reversal'] AND available_on <= $now {{ amount_minor }} ELSE {{ 0 }}) AS released,
             math::sum(IF kind IN ['transfer', 'reversal'] {{ amount_minor }} ELSE {{ 0 }}) AS moved
         FROM ledger_entry {condition} GROUP BY currency"
    ))
    .bind(("seller", seller_id.map(str::to_string)))
    .bind(("now", now))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("summing the ledger", e))
}

/// When each currency's next held entry of the seller's is released.
pub(crate) async fn next_releases(
    db: &Db,
    seller_id: &str,
    now: DateTime<Utc>,
) -> Result<Vec<(String, DateTime<Utc>)>, AppError> {
    #[derive(SurrealValue)]
    struct Held {
        currency: String,
        available_on: DateTime<Utc>,
    }
    let rows: Vec<Held> = db
        .query(
            "SELECT currency, available_on FROM ledger_entry
             WHERE seller = type::record('user', $seller) AND available_on > $now ORDER BY available_on ASC",
        )
        .bind(("seller", seller_id.to_string()))
        .bind(("now", now))
        .await
        .and_then(|mut r| r.take(0))
        .map_err(|e| AppError::internal("reading held earnings", e))?;
    let mut first: Vec<(String, DateTime<Utc>)> = Vec::new();
    for row in rows {
        if !first.iter().any(|(c, _)| *c == row.currency) {
            first.push((row.currency, row.available_on));
        }
    }
    Ok(first)
}

/// Per month and currency: the platform's totals by kind (admins' summary).
#[derive(SurrealValue, Clone, Debug)]
pub(crate) struct MonthSums {
    pub(crate) month: String,
    pub(crate) currency: String,
    pub(crate) kind: String,
    pub(crate) total: i64,
}

pub(crate) async fn month_sums(db: &Db, since: DateTime<Utc>) -> Result<Vec<MonthSums>, AppError> {
    db.query(
        "SELECT time::format(created_at, '%Y-%m') AS month, currency, kind, math::sum(amount_minor) AS total
         FROM ledger_entry WHERE created_at >= $since GROUP BY month, currency, kind",
    )
    .bind(("since", since))
    .await
    .and_then(|mut r| r.take(0))
    .map_err(|e| AppError::internal("summing the ledger by month", e))
}
