//! `stripe_transfers`: every `HAMRO_TRANSFER_SECONDS`, each payable seller's released
//! earnings go to their connected account, one Stripe transfer per batch.
//!
//! Killed at any point and run again, it transfers once: the batch (and so the idempotency
//! key) is fixed before Stripe is called and stays `open` until Stripe's answer is recorded,
//! so the rerun resends the same key and Stripe replays the first transfer. A batch left open
//! longer than Stripe remembers keys (a day) is first looked for by its transfer group.
//! Sellers without a payouts-enabled account accumulate; earnings in a currency the account
//! can't receive are held and the admins told, never converted.

use async_trait::async_trait;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::PayoutJobs;
use crate::{
    earnings::server::TransferBatch,
    error::AppError,
    integrations::stripe::StripeFailure,
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    money::Money,
    notifications::{model::NotificationType, server::Outgoing},
    payouts::{model::StripeAccountView, server::account_repo},
};

/// Stripe forgets idempotency keys after 24 hours.
const KEY_MEMORY: chrono::Duration = chrono::Duration::hours(23);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct TransferEarnings {}

impl JobPayload for TransferEarnings {
    const KIND: &'static str = "stripe_transfers";
}

pub(super) struct Run(pub(super) PayoutJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        TransferEarnings::KIND
    }

    async fn run(&self, _ctx: &mut JobContext) -> Result<Step, JobError> {
        let jobs = &self.0;
        // What is ready goes into the ledger first, so a release is transferred on this run.
        if let Err(e) = jobs.earnings.record_ready().await {
            tracing::warn!(error = %e, "recording earnings before transfers failed");
        }
        match transfer_all(jobs).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(transfers = n, "earnings transferred"),
            Err(e) => tracing::warn!(error = %e, "transferring earnings failed; trying again later"),
        }
        Ok(Step::Again(jobs.every))
    }
}

/// One pass over every payable account; how many transfers it made.
pub(crate) async fn transfer_all(jobs: &PayoutJobs) -> Result<usize, AppError> {
    let mut sent = 0;
    for (user_id, account) in account_repo::payable_accounts(&jobs.db).await? {
        for (currency, _) in jobs.earnings.transferable(&user_id).await? {
            let receives = account.default_currency.clone().unwrap_or_else(|| "usd".into());
            if receives != currency.code() {
                jobs.earnings.alert_unreceivable(&user_id, currency, &receives).await?;
                continue;
            }
            let Some(batch) = jobs.earnings.next_batch(&user_id, currency).await? else { continue };
            if send(jobs, &account, &batch).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// Sends one batch and records the outcome; `true` when Stripe took it.
async fn send(jobs: &PayoutJobs, account: &StripeAccountView, batch: &TransferBatch) -> Result<bool, AppError> {
    let amount = Money::new(batch.amount_minor, batch.currency);
    if batch.created_at < Utc::now() - KEY_MEMORY {
        match jobs.stripe.find_batch_transfer(&batch.id).await {
            Ok(Some(found)) => {
                jobs.earnings.batch_sent(batch, found.id.as_str(), &news(&batch.seller_id, amount)?).await?;
                return Ok(true);
            }
            Ok(None) => {}
            Err(e) => {
                tracing::warn!(batch = %batch.id, error = %e, "could not look for an old batch's transfer; leaving it open");
                return Ok(false);
            }
        }
    }
    match jobs.stripe.transfer_earnings(&account.stripe_account_id, batch.amount_minor, batch.currency, &batch.id).await
    {
        Ok(transfer) => {
            jobs.earnings.batch_sent(batch, transfer.id.as_str(), &news(&batch.seller_id, amount)?).await?;
            tracing::info!(batch = %batch.id, transfer = %transfer.id, amount = batch.amount_minor, "earnings transferred");
            Ok(true)
        }
        Err(StripeFailure::Refused { message, .. }) => {
            tracing::warn!(batch = %batch.id, %message, "Stripe refused a transfer");
            jobs.earnings.batch_failed(batch, &message).await?;
            Ok(false)
        }
        // Unknown outcome: the batch stays open and the next run resends it with its key.
        Err(e) => {
            tracing::warn!(batch = %batch.id, error = %e, "a transfer's outcome is unknown; it will be resent");
            Ok(false)
        }
    }
}

fn news(seller_id: &str, amount: Money) -> Result<Vec<Outgoing>, AppError> {
    Ok(vec![Outgoing::new(
        seller_id,
        NotificationType::Success,
        "Earnings released",
        &format!("{amount} of earnings came out of the return window and is in your Stripe balance, ready to pay out."),
        Some("/seller/payouts"),
    )?])
}
