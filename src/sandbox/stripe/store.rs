//! The sandbox's state, in SurrealDB tables `sandbox_stripe_*`: Stripe objects as JSON,
//! balances as integers, idempotency records, and an outbox of webhook events.

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::db::{Db, DbError, retry_on_conflict, root_error};

pub type StoreResult<T> = Result<T, DbError>;

#[derive(SurrealValue)]
struct DataRow {
    data: Value,
}

async fn run(
    db: &Db,
    sql: &str,
    bind: impl Fn(
        surrealdb::method::Query<'_, surrealdb::engine::any::Any>,
    ) -> surrealdb::method::Query<'_, surrealdb::engine::any::Any>,
) -> StoreResult<surrealdb::IndexedResults> {
    retry_on_conflict(|| async {
        let mut results = bind(db.query(sql)).await?;
        match root_error(&mut results) {
            Some(e) => Err(e),
            None => Ok(results),
        }
    })
    .await
}

/// Reads the `data` of one record (`table:id`).
pub async fn get(db: &Db, table: &'static str, id: &str) -> StoreResult<Option<Value>> {
    let row: Option<DataRow> = db
        .query("SELECT data FROM type::record($table, $id)")
        .bind(("table", table))
        .bind(("id", id.to_string()))
        .await?
        .take(0)?;
    Ok(row.map(|r| r.data))
}

/// Writes the `data` of one record, replacing what was there.
pub async fn put(
    db: &Db,
    table: &'static str,
    id: &str,
    data: &Value,
    extra: &[(&'static str, Value)],
) -> StoreResult<()> {
    let mut content = serde_json::Map::new();
    content.insert("data".into(), data.clone());
    for (k, v) in extra {
        content.insert((*k).into(), v.clone());
    }
    run(db, "UPSERT type::record($table, $id) CONTENT $content", |q| {
        q.bind(("table", table)).bind(("id", id.to_string())).bind(("content", Value::Object(content.clone())))
    })
    .await
    .map(|_| ())
}

// ---------- balances ----------

#[derive(SurrealValue)]
pub struct BalanceRow {
    pub currency: String,
    pub available: i64,
    pub pending: i64,
}

pub async fn balances(db: &Db, account: &str) -> StoreResult<Vec<BalanceRow>> {
    Ok(db
        .query("SELECT currency, available, pending FROM sandbox_stripe_balance WHERE account = $account ORDER BY currency")
        .bind(("account", account.to_string()))
        .await?
        .take(0)?)
}

/// Adds to a balance (negative amounts subtract), creating it at zero first.
pub fn credit_sql(prefix: &str) -> String {
    format!(
        "UPSERT type::record('sandbox_stripe_balance', ${prefix}_key) SET account = ${prefix}_account, currency = ${prefix}_currency,
             available = (available ?? 0) + ${prefix}_available, pending = (pending ?? 0) + ${prefix}_pending;"
    )
}

pub async fn credit(db: &Db, account: &str, currency: &str, available: i64, pending: i64) -> StoreResult<()> {
    run(db, &credit_sql("b"), |q| {
        q.bind(("b_key", format!("{account}:{currency}")))
            .bind(("b_account", account.to_string()))
            .bind(("b_currency", currency.to_string()))
            .bind(("b_available", available))
            .bind(("b_pending", pending))
    })
    .await
    .map(|_| ())
}

// ---------- account links ----------

#[derive(SurrealValue)]
pub struct LinkRow {
    pub account: String,
    pub refresh_url: String,
    pub return_url: String,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

pub async fn insert_link(db: &Db, token: &str, link: &LinkRow) -> StoreResult<()> {
    run(
        db,
        "CREATE type::record('sandbox_stripe_link', $link_token) CONTENT { account: $account, refresh_url: $refresh_url,
             return_url: $return_url, expires_at: $expires_at, used: false }",
        |q| {
            q.bind(("link_token", token.to_string()))
                .bind(("account", link.account.clone()))
                .bind(("refresh_url", link.refresh_url.clone()))
                .bind(("return_url", link.return_url.clone()))
                .bind(("expires_at", link.expires_at))
        },
    )
    .await
    .map(|_| ())
}

pub async fn get_link(db: &Db, token: &str) -> StoreResult<Option<LinkRow>> {
    Ok(db
        .query("SELECT account, refresh_url, return_url, expires_at, used FROM type::record('sandbox_stripe_link', $link_token)")
        .bind(("link_token", token.to_string()))
        .await?
        .take(0)?)
}

/// Marks a link used; false when it already was (links are single-use).
pub async fn use_link(db: &Db, token: &str) -> StoreResult<bool> {
    let mut results = run(
        db,
        "UPDATE type::record('sandbox_stripe_link', $link_token) SET used = true WHERE used = false RETURN VALUE used",
        |q| q.bind(("link_token", token.to_string())),
    )
    .await?;
    let changed: Vec<bool> = results.take(0)?;
    Ok(!changed.is_empty())
}

// ---------- idempotency ----------

pub enum Idempotency {
    /// First use of the key: go ahead, then `finish`.
    New,
    /// Seen before with the same parameters: answer what was answered then.
    Replay { status: u16, body: String },
    /// Seen before with other parameters.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

#[derive(SurrealValue)]
struct IdemRow {
    fingerprint: String,
    status: Option<i64>,
    body: Option<String>,
}

pub async fn begin_idempotent(db: &Db, scope_key: &str, fingerprint: &str) -> StoreResult<Idempotency> {
    let created = db
        .query(
            // A first request that never finished (the process died) frees its key after a minute.
            "DELETE type::record('sandbox_stripe_idempotency', $id) WHERE status = NONE AND created_at < time::now() - 1m;
             CREATE type::record('sandbox_stripe_idempotency', $id) CONTENT { fingerprint: $fingerprint, created_at: time::now() };",
        )
        .bind(("id", scope_key.to_string()))
        .bind(("fingerprint", fingerprint.to_string()))
        .await
        .map_err(DbError::from)
        .and_then(|mut r| root_error(&mut r).map_or(Ok(()), Err));
    match created {
        Ok(()) => Ok(Idempotency::New),
        Err(DbError::RecordExists(_) | DbError::Conflict) => {
            let row: Option<IdemRow> = db
                .query("SELECT fingerprint, status, body FROM type::record('sandbox_stripe_idempotency', $id)")
                .bind(("id", scope_key.to_string()))
                .await?
                .take(0)?;
            Ok(match row {
                None => Idempotency::InProgress,
                Some(r) if r.fingerprint != fingerprint => Idempotency::Mismatch,
                Some(IdemRow { status: Some(status), body: Some(body), .. }) => {
                    Idempotency::Replay { status: status as u16, body }
                }
                Some(_) => Idempotency::InProgress,
            })
        }
        Err(e) => Err(e),
    }
}

/// Stores the answer for replays (or forgets the key after a 5xx, so a retry runs again).
pub async fn finish_idempotent(db: &Db, scope_key: &str, status: u16, body: &str) -> StoreResult<()> {
    let sql = if status >= 500 {
        "DELETE type::record('sandbox_stripe_idempotency', $id)"
    } else {
        "UPDATE type::record('sandbox_stripe_idempotency', $id) SET status = $status, body = $body"
    };
    run(db, sql, |q| {
        q.bind(("id", scope_key.to_string())).bind(("status", i64::from(status))).bind(("body", body.to_string()))
    })
    .await
    .map(|_| ())
}

// ---------- payouts ----------

#[derive(SurrealValue)]
pub struct PayoutRow {
    pub data: Value,
    pub account: String,
}

/// Creates a payout if the balance covers it: debit, payout and its event in one transaction.
/// Returns false (and writes nothing) when the available balance is short.
pub async fn create_payout(
    db: &Db,
    id: &str,
    account: &str,
    data: &Value,
    next_at: DateTime<Utc>,
    event: &Value,
) -> StoreResult<bool> {
    let amount = data["amount"].as_i64().unwrap_or(0);
    let currency = data["currency"].as_str().unwrap_or("usd").to_string();
    let sql = format!(
        "BEGIN;
         LET $debited = (UPDATE type::record('sandbox_stripe_balance', $balance) SET available -= $amount
                         WHERE available >= $amount RETURN VALUE available);
         IF array::len($debited) = 0 {{ THROW 'insufficient' }};
         CREATE type::record('sandbox_stripe_payout', $id) CONTENT {{ account: $account, data: $data, status: 'pending',
             next_at: $next_at, created: $created }};
         {}
         COMMIT;",
        events::insert_sql("e")
    );
    let result = run(db, &sql, |q| {
        let q = q
            .bind(("balance", format!("{account}:{currency}")))
            .bind(("amount", amount))
            .bind(("id", id.to_string()))
            .bind(("account", account.to_string()))
            .bind(("data", data.clone()))
            .bind(("next_at", next_at))
            .bind(("created", data["created"].as_i64().unwrap_or(0)));
        events::bind(q, "e", event)
    })
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(DbError::Thrown(reason)) if reason == "insufficient" => Ok(false),
        Err(e) => Err(e),
    }
}

pub async fn get_payout(db: &Db, account: &str, id: &str) -> StoreResult<Option<Value>> {
    let row: Option<PayoutRow> = db
        .query("SELECT data, account FROM type::record('sandbox_stripe_payout', $id) WHERE account = $account")
        .bind(("id", id.to_string()))
        .bind(("account", account.to_string()))
        .await?
        .take(0)?;
    Ok(row.map(|r| r.data))
}

/// Newest first, `limit` of them after `starting_after`.
pub async fn list_payouts(db: &Db, account: &str, limit: i64, starting_after: Option<&str>) -> StoreResult<Vec<Value>> {
    let rows: Vec<PayoutRow> = db
        .query("SELECT data, account, created, id FROM sandbox_stripe_payout WHERE account = $account ORDER BY created DESC, id DESC")
        .bind(("account", account.to_string()))
        .await?
        .take(0)?;
    let mut data: Vec<Value> = rows.into_iter().map(|r| r.data).collect();
    if let Some(after) = starting_after
        && let Some(pos) = data.iter().position(|d| d["id"] == after)
    {
        data.drain(..=pos);
    }
    data.truncate(limit.max(0) as usize);
    Ok(data)
}

/// Payouts whose timer has run out.
pub async fn due_payouts(db: &Db, now: DateTime<Utc>) -> StoreResult<Vec<PayoutRow>> {
    Ok(db
        .query("SELECT data, account FROM sandbox_stripe_payout WHERE status IN ['pending', 'in_transit'] AND next_at <= $now LIMIT 100")
        .bind(("now", now))
        .await?
        .take(0)?)
}

/// Moves a payout from one status to the next, with its event and any refund to the balance,
/// once: if another worker got there first, nothing happens.
pub async fn advance_payout(
    db: &Db,
    account: &str,
    from: &str,
    data: &Value,
    next_at: Option<DateTime<Utc>>,
    refund: i64,
    event: &Value,
) -> StoreResult<bool> {
    let id = data["id"].as_str().unwrap_or_default().to_string();
    let currency = data["currency"].as_str().unwrap_or("usd").to_string();
    let sql = format!(
        "BEGIN;
         LET $moved = (UPDATE type::record('sandbox_stripe_payout', $id) SET status = $to, data = $data, next_at = $next_at
                       WHERE status = $from RETURN VALUE status);
         IF array::len($moved) = 0 {{ THROW 'moved' }};
         {}
         {}
         COMMIT;",
        credit_sql("b"),
        events::insert_sql("e")
    );
    let result = run(db, &sql, |q| {
        let q = q
            .bind(("id", id.clone()))
            .bind(("to", data["status"].as_str().unwrap_or_default().to_string()))
            .bind(("from", from.to_string()))
            .bind(("data", data.clone()))
            .bind(("next_at", next_at))
            .bind(("b_key", format!("{account}:{currency}")))
            .bind(("b_account", account.to_string()))
            .bind(("b_currency", currency.clone()))
            .bind(("b_available", refund))
            .bind(("b_pending", 0_i64));
        events::bind(q, "e", event)
    })
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(DbError::Thrown(reason)) if reason == "moved" => Ok(false),
        Err(e) => Err(e),
    }
}

use super::events;
