//! The Stripe sandbox's payouts (`sandbox_stripe_payout`), each written with its balance
//! change and its webhook event in one transaction, and the event outbox
//! (`sandbox_stripe_event`) the worker delivers from.

use chrono::{DateTime, Utc};
use serde_json::Value;
use surrealdb::types::SurrealValue;

use super::repo::{StoreResult, credit_sql, run};
use crate::db::{Db, DbError, root_error};

// ---------- payouts ----------

#[derive(SurrealValue)]
pub(crate) struct PayoutRow {
    pub data: Value,
    pub account: String,
}

/// Creates a payout if the balance covers it: debit, payout and its event in one transaction.
/// Returns false (and writes nothing) when the available balance is short.
pub(crate) async fn create_payout(
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
        event_sql("e")
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
        bind_event(q, "e", event)
    })
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(DbError::Thrown(reason)) if reason == "insufficient" => Ok(false),
        Err(e) => Err(e),
    }
}

pub(crate) async fn get_payout(db: &Db, account: &str, id: &str) -> StoreResult<Option<Value>> {
    let row: Option<PayoutRow> = db
        .query("SELECT data, account FROM type::record('sandbox_stripe_payout', $id) WHERE account = $account")
        .bind(("id", id.to_string()))
        .bind(("account", account.to_string()))
        .await?
        .take(0)?;
    Ok(row.map(|r| r.data))
}

/// Newest first, `limit` of them after `starting_after`.
pub(crate) async fn list_payouts(
    db: &Db,
    account: &str,
    limit: i64,
    starting_after: Option<&str>,
) -> StoreResult<Vec<Value>> {
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
pub(crate) async fn due_payouts(db: &Db, now: DateTime<Utc>) -> StoreResult<Vec<PayoutRow>> {
    Ok(db
        .query("SELECT data, account FROM sandbox_stripe_payout WHERE status IN ['pending', 'in_transit'] AND next_at <= $now LIMIT 100")
        .bind(("now", now))
        .await?
        .take(0)?)
}

/// Moves a payout from one status to the next, with its event and any refund to the balance,
/// once: if another worker got there first, nothing happens.
pub(crate) async fn advance_payout(
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
        event_sql("e")
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
        bind_event(q, "e", event)
    })
    .await;
    match result {
        Ok(_) => Ok(true),
        Err(DbError::Thrown(reason)) if reason == "moved" => Ok(false),
        Err(e) => Err(e),
    }
}

// ---------- webhook events ----------

/// The statement that queues `event` (bound with `bind(q, prefix, event)`).
fn event_sql(prefix: &str) -> String {
    format!(
        "CREATE type::record('sandbox_stripe_event', ${prefix}_id) CONTENT {{ data: ${prefix}_data, delivered: false,
             attempts: 0, next_attempt_at: time::now(), created: time::now() }};"
    )
}

fn bind_event<'a>(q: crate::db::Query<'a>, prefix: &str, event: &Value) -> crate::db::Query<'a> {
    q.bind((format!("{prefix}_id"), event["id"].as_str().unwrap_or_default().to_string()))
        .bind((format!("{prefix}_data"), event.clone()))
}

/// Queues one event for delivery.
pub(crate) async fn queue_event(db: &Db, event: &Value) -> StoreResult<()> {
    let mut results = bind_event(db.query(event_sql("e")), "e", event).await?;
    match root_error(&mut results) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[derive(SurrealValue)]
pub(crate) struct Pending {
    pub id: String,
    pub data: Value,
    pub attempts: i64,
}

/// Claims up to `limit` events due for delivery, for `lease` (so two workers don't both send).
pub(crate) async fn claim_due_events(
    db: &Db,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
    limit: i64,
) -> StoreResult<Vec<Pending>> {
    let ids: Vec<String> = db
        .query("SELECT VALUE <string> record::id(id) FROM sandbox_stripe_event WHERE delivered = false AND next_attempt_at <= $now
                ORDER BY created LIMIT $limit")
        .bind(("now", now))
        .bind(("limit", limit))
        .await?
        .take(0)?;
    let mut claimed = Vec::new();
    for id in ids {
        let rows: Vec<Pending> = db
            .query(
                "UPDATE type::record('sandbox_stripe_event', $id) SET next_attempt_at = $lease
                    WHERE delivered = false AND next_attempt_at <= $now
                    RETURN <string> record::id(id) AS id, data, attempts",
            )
            .bind(("id", id))
            .bind(("lease", lease_until))
            .bind(("now", now))
            .await?
            .take(0)?;
        claimed.extend(rows);
    }
    Ok(claimed)
}

pub(crate) async fn event_delivered(db: &Db, id: &str) -> StoreResult<()> {
    db.query("UPDATE type::record('sandbox_stripe_event', $id) SET delivered = true, attempts += 1")
        .bind(("id", id.to_string()))
        .await?
        .check()?;
    Ok(())
}

/// Schedules another try with exponential backoff (Stripe retries for days; we give up after 12).
pub(crate) async fn event_failed(db: &Db, id: &str, attempts: i64) -> StoreResult<()> {
    let next = Utc::now() + chrono::Duration::seconds(2_i64.pow(attempts.clamp(0, 10) as u32));
    let give_up = attempts + 1 >= 12;
    db.query("UPDATE type::record('sandbox_stripe_event', $id) SET attempts += 1, next_attempt_at = $next, delivered = $give_up")
        .bind(("id", id.to_string()))
        .bind(("next", next))
        .bind(("give_up", give_up))
        .await?
        .check()?;
    Ok(())
}
