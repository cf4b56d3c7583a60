//! Payout requests. Money safety: a request is recorded (status `requested`, with a unique
//! idempotency key) before Stripe is called; Stripe is called with that key, so a retry or
//! a crash-and-resume can't create a second payout; one seller's requests run one at a time
//! (an in-process lock, and a guard row that makes concurrent transactions conflict across
//! instances); and the amount is checked against the balance Stripe reports right then.

use std::time::Duration;

use chrono::Utc;

use super::{
    news::PAYOUTS_URL,
    repo::{self, PayoutUpdate, RecordError},
    service::{Payouts, timestamp, upstream},
};
use crate::{
    auth::model::CurrentUser,
    db::new_key,
    error::AppError,
    integrations::stripe::StripeFailure,
    money::Money,
    notifications::{model::NotificationType, server::Outgoing},
    payouts::model::{PayoutAsk, PayoutStatus, PayoutView},
};

/// Stripe keeps idempotency keys for 24 hours; past this age a key may be forgotten, so a
/// request is looked for among the account's payouts before it is sent again.
const KEY_MEMORY: chrono::Duration = chrono::Duration::hours(23);

impl Payouts {
    /// Requests a payout. Checked first (onboarding done, a currency the account holds, no
    /// more than Stripe says is available); nothing is written when a check fails.
    pub(crate) async fn request(&self, user: &CurrentUser, ask: PayoutAsk) -> Result<PayoutView, AppError> {
        let account = self.require_account(user).await?;
        self.quotas.request.check(&user.id)?;
        if !account.payouts_enabled {
            return Err(AppError::conflict("Finish Stripe onboarding before requesting a payout."));
        }
        let _turn = self.locks.lock(&user.id).await;
        // While Stripe hasn't confirmed the last request, a second one could become a second
        // payout: the reconciler resends the first with its key until Stripe answers.
        if let Some(open) = repo::unresolved_request(&self.db, &user.id).await? {
            return Err(AppError::conflict(format!(
                "Your payout request of {} is still being confirmed with Stripe. You can request another once it is.",
                open.view.amount
            )));
        }
        // Always Stripe's current answer here, never the pages' cached one; and the pages'
        // copy is stale from now on.
        self.balances.forget(&account.stripe_account_id).await;
        let balance = self.stripe_balance(&account).await?;
        let Some(available) = balance.available_in(ask.amount.currency) else {
            return Err(AppError::field("currency", format!("Your Stripe balance holds no {}.", ask.amount.currency)));
        };
        if ask.amount.amount_minor > available {
            return Err(AppError::field(
                "amount",
                format!("You can pay out at most {} right now.", Money::new(available.max(0), ask.amount.currency)),
            ));
        }
        let id = new_key();
        let key = format!("hamro-payout-{id}");
        let description = ask.description.as_deref();
        let new = repo::NewPayout {
            id: &id,
            user_id: &user.id,
            stripe_account_id: &account.stripe_account_id,
            amount: ask.amount,
            description,
            idempotency_key: &key,
        };
        match repo::insert_requested(&self.db, &new, Utc::now()).await {
            Ok(()) => {}
            Err(RecordError::Busy) => {
                return Err(AppError::conflict(
                    "Another payout request is still being processed. Try again in a moment.",
                ));
            }
            Err(RecordError::Other(e)) => return Err(e),
        }
        tracing::info!(payout_id = %id, user_id = %user.id, amount = ask.amount.amount_minor, "payout requested");
        let sent = self.send(&id).await;
        self.balances.forget(&account.stripe_account_id).await;
        if let Err(e) = sent {
            // The outcome is unknown (a timeout, Stripe down): the request is recorded and
            // stays `requested`; the reconciler sends it again with the same key until Stripe
            // answers. The seller is told it is being confirmed, not to try again.
            tracing::warn!(payout_id = %id, error = %e, "payout sent, outcome unknown; the reconciler will confirm it");
        }
        let stored =
            repo::get(&self.db, &id).await?.ok_or_else(|| AppError::internal("requesting a payout", "vanished"))?;
        match stored.view.status {
            PayoutStatus::Failed => Err(AppError::conflict(format!(
                "Stripe refused the payout: {}",
                stored.view.failure_message.unwrap_or_else(|| "no reason given".into())
            ))),
            _ => Ok(stored.view),
        }
    }

    /// Sends a recorded request to Stripe with its own idempotency key, and stores the answer.
    /// Safe to repeat: Stripe replays the first payout for the same key.
    async fn send(&self, payout_id: &str) -> Result<(), AppError> {
        let stored = repo::get(&self.db, payout_id).await?.ok_or_else(|| AppError::not_found("Payout"))?;
        let p = &stored.view;
        let result = self
            .stripe
            .create_payout(
                &stored.stripe_account_id,
                p.amount.amount_minor,
                p.amount.currency,
                p.description.as_deref(),
                &p.id,
                &stored.idempotency_key,
            )
            .await;
        match result {
            Ok(payout) => {
                let to = PayoutStatus::parse(&payout.status).unwrap_or(PayoutStatus::Pending);
                let update = PayoutUpdate {
                    to,
                    stripe_payout_id: Some(payout.id.as_str()),
                    arrival: timestamp(payout.arrival_date),
                    failure_code: payout.failure_code.as_deref(),
                    failure_message: payout.failure_message.as_deref(),
                    paid_at: None,
                };
                let notify = [Outgoing::new(
                    &p.seller_id,
                    NotificationType::Info,
                    "Payout requested",
                    &format!("Your payout of {} is on its way to your bank.", p.amount),
                    Some(PAYOUTS_URL),
                )?];
                repo::store_advance(&self.db, &p.id, &update, &notify).await
            }
            Err(StripeFailure::Refused { code, message, .. }) => {
                tracing::warn!(payout_id = %p.id, ?code, %message, "Stripe refused a payout");
                let update = PayoutUpdate {
                    to: PayoutStatus::Failed,
                    stripe_payout_id: None,
                    arrival: None,
                    failure_code: Some(code.as_deref().unwrap_or("refused")),
                    failure_message: Some(&message),
                    paid_at: None,
                };
                repo::store_advance(&self.db, &p.id, &update, &[]).await
            }
            // Unknown outcome: the request stays `requested`, and `reconcile` sends it again
            // with the same key later (Stripe replays it if it did arrive).
            Err(e) => Err(upstream("creating a payout", e)),
        }
    }

    /// Did an old request reach Stripe after all? Its payout carries our id in its metadata.
    async fn sent_earlier(&self, stored: &repo::StoredPayout) -> Result<bool, AppError> {
        let recent = self
            .stripe
            .list_payouts(&stored.stripe_account_id, 100, None)
            .await
            .map_err(|e| upstream("listing payouts", e))?;
        let ours = recent.data.into_iter().find(|p| {
            p.metadata.as_ref().and_then(|m| m.get("hamro_payout_id")).is_some_and(|id| *id == stored.view.id)
        });
        let Some(payout) = ours else { return Ok(false) };
        let update = PayoutUpdate {
            to: PayoutStatus::parse(&payout.status).unwrap_or(PayoutStatus::Pending),
            stripe_payout_id: Some(payout.id.as_str()),
            arrival: timestamp(payout.arrival_date),
            failure_code: payout.failure_code.as_deref(),
            failure_message: payout.failure_message.as_deref(),
            paid_at: None,
        };
        repo::store_advance(&self.db, &stored.view.id, &update, &[]).await?;
        tracing::info!(payout_id = %stored.view.id, stripe_payout_id = %payout.id, "found an old payout request at Stripe");
        Ok(true)
    }

    /// Re-sends requests left `requested` by a crash or an outage (same idempotency keys; an
    /// old one is first looked for at Stripe, whose key memory is a day).
    pub(crate) async fn reconcile(&self) -> Result<usize, AppError> {
        let stuck = repo::stuck_requests(&self.db, Utc::now() - chrono::Duration::seconds(60)).await?;
        let mut resent = 0;
        for stored in stuck {
            let _turn = self.locks.lock(&stored.view.seller_id).await;
            if stored.view.created_at < Utc::now() - KEY_MEMORY {
                match self.sent_earlier(&stored).await {
                    Ok(true) => continue,
                    Ok(false) => {}
                    Err(e) => {
                        tracing::warn!(payout_id = %stored.view.id, error = %e, "could not look for an old payout at Stripe");
                        continue;
                    }
                }
            }
            match self.send(&stored.view.id).await {
                Ok(()) => resent += 1,
                Err(e) => {
                    tracing::warn!(payout_id = %stored.view.id, error = %e, "payout still not confirmed by Stripe")
                }
            }
        }
        Ok(resent)
    }
}

/// Every minute, for as long as the process runs.
pub(crate) fn spawn_reconciler(payouts: Payouts) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(60));
        loop {
            tick.tick().await;
            match payouts.reconcile().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(resent = n, "resent stuck payout requests"),
                Err(e) => tracing::warn!(error = %e, "payout reconciliation failed"),
            }
        }
    });
}
