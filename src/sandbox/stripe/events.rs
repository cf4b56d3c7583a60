//! Webhook events as Stripe sends them. They are written in the same transaction as the
//! change they report (`repo`), then delivered, signed, by the worker, at least once.

use chrono::Utc;
use serde_json::{Value, json};

use super::objects::random_id;

/// The API version our events claim (the one async-stripe pins).
pub(crate) const API_VERSION: &str = "2026-09-30.endive";

/// A Stripe event object about `object`, on a connected `account`.
pub(crate) fn event(kind: &str, account: Option<&str>, object: &Value) -> Value {
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
