//! The Stripe sandbox's state, in its own database's `sandbox_stripe_*` tables: Stripe
//! objects as JSON, balances as integers, idempotency records, and an outbox of webhook
//! events (written in the same transaction as the change they report).

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use crate::db::{Db, DbError, retry_on_conflict, root_error};

pub(crate) type StoreResult<T> = Result<T, DbError>;

#[derive(SurrealValue)]
struct DataRow {
    data: Value,
}

pub(super) async fn run(
    db: &Db,
    sql: &str,
    bind: impl Fn(crate::db::Query<'_>) -> crate::db::Query<'_>,
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
pub(crate) async fn get(db: &Db, table: &'static str, id: &str) -> StoreResult<Option<Value>> {
    let row: Option<DataRow> = db
        .query("SELECT data FROM type::record($table, $id)")
        .bind(("table", table))
        .bind(("id", id.to_string()))
        .await?
        .take(0)?;
    Ok(row.map(|r| r.data))
}

/// Writes the `data` of one record, replacing what was there.
pub(crate) async fn put(
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
pub(crate) struct BalanceRow {
    pub currency: String,
    pub available: i64,
    pub pending: i64,
}

pub(crate) async fn balances(db: &Db, account: &str) -> StoreResult<Vec<BalanceRow>> {
    Ok(db
        .query("SELECT currency, available, pending FROM sandbox_stripe_balance WHERE account = $account ORDER BY currency")
        .bind(("account", account.to_string()))
        .await?
        .take(0)?)
}

/// Adds to a balance (negative amounts subtract), creating it at zero first.
pub(super) fn credit_sql(prefix: &str) -> String {
    format!(
        "UPSERT type::record('sandbox_stripe_balance', ${prefix}_key) SET account = ${prefix}_account, currency = ${prefix}_currency,
             available = (available ?? 0) + ${prefix}_available, pending = (pending ?? 0) + ${prefix}_pending;"
    )
}

pub(crate) async fn credit(db: &Db, account: &str, currency: &str, available: i64, pending: i64) -> StoreResult<()> {
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
pub(crate) struct LinkRow {
    pub account: String,
    pub refresh_url: String,
    pub return_url: String,
    pub expires_at: DateTime<Utc>,
    pub used: bool,
}

pub(crate) async fn insert_link(db: &Db, token: &str, link: &LinkRow) -> StoreResult<()> {
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

pub(crate) async fn get_link(db: &Db, token: &str) -> StoreResult<Option<LinkRow>> {
    Ok(db
        .query("SELECT account, refresh_url, return_url, expires_at, used FROM type::record('sandbox_stripe_link', $link_token)")
        .bind(("link_token", token.to_string()))
        .await?
        .take(0)?)
}

/// Marks a link used; false when it already was (links are single-use).
pub(crate) async fn use_link(db: &Db, token: &str) -> StoreResult<bool> {
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

pub(crate) enum Idempotency {
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

pub(crate) async fn begin_idempotent(db: &Db, scope_key: &str, fingerprint: &str) -> StoreResult<Idempotency> {
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
pub(crate) async fn finish_idempotent(db: &Db, scope_key: &str, status: u16, body: &str) -> StoreResult<()> {
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

/// The platform's transfers, newest first, optionally one transfer group's.
/// Transfers, newest first, optionally of one transfer group or to one account.
pub(crate) async fn list_transfers(
    db: &Db,
    group: Option<&str>,
    destination: Option<&str>,
    limit: i64,
) -> StoreResult<Vec<Value>> {
    #[derive(SurrealValue)]
    struct Row {
        data: Value,
        created: i64,
    }
    let rows: Vec<Row> = db
        .query(
            "SELECT data, data.created AS created FROM sandbox_stripe_transfer
             WHERE ($group = NONE OR transfer_group = $group) AND ($destination = NONE OR data.destination = $destination)
             ORDER BY created DESC LIMIT $limit",
        )
        .bind(("group", group.map(str::to_string)))
        .bind(("destination", destination.map(str::to_string)))
        .bind(("limit", limit))
        .await?
        .take(0)?;
    Ok(rows.into_iter().map(|r| r.data).collect())
}

/// Accounts whose payouts Stripe makes on its own (any schedule but manual).
pub(crate) async fn automatic_accounts(db: &Db) -> StoreResult<Vec<String>> {
    Ok(db
        .query(
            "SELECT VALUE <string> record::id(id) FROM sandbox_stripe_account
             WHERE (data.settings.payouts.schedule.interval ?? 'daily') != 'manual' AND data.payouts_enabled = true",
        )
        .await?
        .take(0)?)
}
