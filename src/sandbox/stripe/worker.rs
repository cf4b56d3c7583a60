//! The sandbox's clock: moves payouts along (pending -> in_transit -> paid, or failed for the
//! test trigger) and delivers signed webhook events to Hamro, retrying failed deliveries.

use std::time::Duration;

use chrono::Utc;
use secrecy::ExposeSecret;
use serde_json::json;

use super::{Sandbox, events, payout_repo, repo::StoreResult, signature::sign};

/// Payouts of an amount ending in this many cents fail (the documented test trigger).
pub(crate) const FAILING_CENTS: i64 = 13;
const TICK: Duration = Duration::from_millis(500);

pub(crate) fn spawn_worker(sandbox: Sandbox) {
    tokio::spawn(async move {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default();
        let target = sandbox.settings.webhook_url.clone();
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = advance_payouts(&sandbox).await {
                tracing::warn!(error = %e, "stripe sandbox: advancing payouts");
            }
            if let Err(e) = deliver(&sandbox, &http, &target).await {
                tracing::warn!(error = %e, "stripe sandbox: delivering events");
            }
        }
    });
}

async fn advance_payouts(sandbox: &Sandbox) -> StoreResult<()> {
    let step = chrono::Duration::from_std(sandbox.settings.payout_step).unwrap_or_default();
    for row in payout_repo::due_payouts(&sandbox.db, Utc::now()).await? {
        let mut payout = row.data.clone();
        let from = payout["status"].as_str().unwrap_or_default().to_string();
        let amount = payout["amount"].as_i64().unwrap_or(0);
        let (kind, next_at, refund) = match from.as_str() {
            "pending" => {
                payout["status"] = json!("in_transit");
                ("payout.updated", Some(Utc::now() + step), 0)
            }
            "in_transit" if amount % 100 == FAILING_CENTS => {
                payout["status"] = json!("failed");
                payout["failure_code"] = json!("account_closed");
                payout["failure_message"] = json!("The bank account has been closed.");
                ("payout.failed", None, amount)
            }
            "in_transit" => {
                payout["status"] = json!("paid");
                ("payout.paid", None, 0)
            }
            _ => continue,
        };
        let event = events::event(kind, Some(&row.account), &payout);
        payout_repo::advance_payout(&sandbox.db, &row.account, &from, &payout, next_at, refund, &event).await?;
    }
    Ok(())
}

async fn deliver(sandbox: &Sandbox, http: &reqwest::Client, target: &str) -> StoreResult<()> {
    let now = Utc::now();
    let secret = sandbox.settings.webhook_secret.expose_secret();
    for event in payout_repo::claim_due_events(&sandbox.db, now, now + chrono::Duration::seconds(30), 20).await? {
        let body = event.data.to_string();
        let signature = sign(body.as_bytes(), secret, Utc::now().timestamp());
        let sent = http
            .post(target)
            .header("content-type", "application/json")
            .header("stripe-signature", signature)
            .header("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(res) if res.status().is_success() => payout_repo::event_delivered(&sandbox.db, &event.id).await?,
            Ok(res) => {
                tracing::warn!(event = %event.id, status = %res.status(), "stripe sandbox: webhook refused; will retry");
                payout_repo::event_failed(&sandbox.db, &event.id, event.attempts).await?
            }
            Err(e) => {
                tracing::warn!(event = %event.id, error = %e, "stripe sandbox: webhook not delivered; will retry");
                payout_repo::event_failed(&sandbox.db, &event.id, event.attempts).await?
            }
        }
    }
    Ok(())
}
