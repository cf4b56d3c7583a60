//! Webhook events: written in the same transaction as the change they report, then
//! delivered (signed) by the worker, with retries, at least once.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use surrealdb::types::SurrealValue;

use super::{objects::random_id, store::StoreResult};
use crate::db::Db;

/// The API version our events claim (the one async-stripe pins).
pub const API_VERSION: &str = "2026-09-30.endive";

/// A Stripe event object about `object`, on a connected `account`.
pub fn event(kind: &str, account: Option<&str>, object: &Value) -> Value {
    json!({
        "id": random_id("evt"),
        "object": "event",
        "account": account,
        "api_version": API_VERSION,
        "created": Utc::now().timestamp(),
        "data": { "object": object },
        "livemode": false,
        "pending_webhooks": 1,
        "request": { "id": null, "idempotency_key": null },
        "type": kind,
    })
}

/// The statement that queues `event` (bound with `bind(q, prefix, event)`).
pub fn insert_sql(prefix: &str) -> String {
    format!(
        "CREATE type::record('sandbox_stripe_event', ${prefix}_id) CONTENT {{ data: ${prefix}_data, delivered: false,
             attempts: 0, next_attempt_at: time::now(), created: time::now() }};"
    )
}

pub fn bind<'a>(
    q: surrealdb::method::Query<'a, surrealdb::engine::any::Any>,
    prefix: &str,
    event: &Value,
) -> surrealdb::method::Query<'a, surrealdb::engine::any::Any> {
    q.bind((format!("{prefix}_id"), event["id"].as_str().unwrap_or_default().to_string()))
        .bind((format!("{prefix}_data"), event.clone()))
}

pub async fn queue(db: &Db, event: &Value) -> StoreResult<()> {
    let mut results = bind(db.query(insert_sql("e")), "e", event).await?;
    match crate::db::root_error(&mut results) {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

#[derive(SurrealValue)]
pub struct Pending {
    pub id: String,
    pub data: Value,
    pub attempts: i64,
}

/// Claims up to `limit` events due for delivery, for `lease` (so two workers don't both send).
pub async fn claim_due(
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

pub async fn delivered(db: &Db, id: &str) -> StoreResult<()> {
    db.query("UPDATE type::record('sandbox_stripe_event', $id) SET delivered = true, attempts += 1")
        .bind(("id", id.to_string()))
        .await?
        .check()?;
    Ok(())
}

/// Schedules another try with exponential backoff (Stripe retries for days; we give up after 12).
pub async fn failed(db: &Db, id: &str, attempts: i64) -> StoreResult<()> {
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
