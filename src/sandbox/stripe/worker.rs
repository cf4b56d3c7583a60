//! The sandbox's clock: moves payouts along (pending -> in_transit -> paid, or failed for the
//! test trigger) and delivers signed webhook events to Hamro, retrying failed deliveries.

use std::time::Duration;

use chrono::Utc;
use secrecy::ExposeSecret;
use serde_json::json;

use super::{events, store};
use crate::{config::loopback_base, integrations::stripe::sign, state::AppState};

/// Payouts of an amount ending in this many cents fail (the documented test trigger).
pub const FAILING_CENTS: i64 = 13;
const TICK: Duration = Duration::from_millis(500);

pub fn spawn_worker(state: AppState) {
    tokio::spawn(async move {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default();
        let target = format!("{}/api/webhooks/stripe", loopback_base(state.settings.addr));
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = advance_payouts(&state).await {
                tracing::warn!(error = %e, "stripe sandbox: advancing payouts");
            }
            if let Err(e) = deliver(&state, &http, &target).await {
                tracing::warn!(error = %e, "stripe sandbox: delivering events");
            }
        }
    });
}

async fn advance_payouts(state: &AppState) -> store::StoreResult<()> {
    let step = chrono::Duration::seconds(state.settings.stripe.sandbox_payout_seconds as i64);
    for row in store::due_payouts(&state.db, Utc::now()).await? {
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
        store::advance_payout(&state.db, &row.account, &from, &payout, next_at, refund, &event).await?;
    }
    Ok(())
}

async fn deliver(state: &AppState, http: &reqwest::Client, target: &str) -> store::StoreResult<()> {
    let now = Utc::now();
    let secret =
        state.settings.stripe.webhook_secrets.first().map(|s| s.expose_secret().to_string()).unwrap_or_default();
    for event in events::claim_due(&state.db, now, now + chrono::Duration::seconds(30), 20).await? {
        let body = event.data.to_string();
        let signature = sign(body.as_bytes(), &secret, Utc::now().timestamp());
        let sent = http
            .post(target)
            .header("content-type", "application/json")
            .header("stripe-signature", signature)
            .header("user-agent", "Stripe/1.0 (+https://stripe.com/docs/webhooks)")
            .body(body)
            .send()
            .await;
        match sent {
            Ok(res) if res.status().is_success() => events::delivered(&state.db, &event.id).await?,
            Ok(res) => {
                tracing::warn!(event = %event.id, status = %res.status(), "stripe sandbox: webhook refused; will retry");
                events::failed(&state.db, &event.id, event.attempts).await?
            }
            Err(e) => {
                tracing::warn!(event = %event.id, error = %e, "stripe sandbox: webhook not delivered; will retry");
                events::failed(&state.db, &event.id, event.attempts).await?
            }
        }
    }
    Ok(())
}
