//! The sandbox's clock: pays out accounts on an automatic schedule, moves payouts along
//! (pending -> in_transit -> paid, or failed for the test trigger) and delivers signed
//! webhook events to Hamro, retrying failed deliveries.

use std::{
    collections::HashMap,
    time::{Duration, Instant},
};

use chrono::Utc;
use secrecy::ExposeSecret;
use serde_json::json;

use super::{
    Sandbox, events, objects, payout_repo,
    repo::{self, StoreResult},
    signature::sign,
};

/// Payouts of an amount ending in this many cents fail (the documented test trigger).
pub(crate) const FAILING_CENTS: i64 = 13;
const TICK: Duration = Duration::from_millis(500);

pub(crate) fn spawn_worker(sandbox: Sandbox) {
    tokio::spawn(async move {
        let http = reqwest::Client::builder().timeout(Duration::from_secs(10)).build().unwrap_or_default();
        let target = sandbox.settings.webhook_url.clone();
        let mut seen = HashMap::new();
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if let Err(e) = automatic_payouts(&sandbox, &mut seen).await {
                tracing::warn!(error = %e, "stripe sandbox: automatic payouts");
            }
            if let Err(e) = advance_payouts(&sandbox).await {
                tracing::warn!(error = %e, "stripe sandbox: advancing payouts");
            }
            if let Err(e) = deliver(&sandbox, &http, &target).await {
                tracing::warn!(error = %e, "stripe sandbox: delivering events");
            }
        }
    });
}

/// Accounts on an automatic schedule are paid out what they have available, once per
/// "day" of the sandbox's clock (three payout steps; Stripe's is the schedule's day): an
/// account is first paid out that long after the sandbox first sees it automatic.
async fn automatic_payouts(sandbox: &Sandbox, seen: &mut HashMap<String, Instant>) -> StoreResult<()> {
    let day = sandbox.settings.payout_step * 3;
    let automatic = repo::automatic_accounts(&sandbox.db).await?;
    seen.retain(|account, _| automatic.contains(account));
    for account in automatic {
        let since = *seen.entry(account.clone()).or_insert_with(Instant::now);
        if since.elapsed() < day {
            continue;
        }
        seen.insert(account.clone(), Instant::now());
        for balance in repo::balances(&sandbox.db, &account).await? {
            if balance.available <= 0 {
                continue;
            }
            let id = objects::random_id("po");
            let arrival = (Utc::now() + chrono::Duration::days(1)).timestamp();
            let payout = objects::payout(
                &id,
                balance.available,
                &balance.currency,
                Some("STRIPE PAYOUT"),
                &json!({}),
                arrival,
                true,
            );
            let next_at = Utc::now() + chrono::Duration::from_std(sandbox.settings.payout_step).unwrap_or_default();
            let event = events::event("payout.created", Some(&account), &payout);
            payout_repo::create_payout(&sandbox.db, &id, &account, &payout, next_at, &event).await?;
        }
    }
    Ok(())
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
