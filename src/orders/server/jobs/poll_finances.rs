//! `amazon_finances_poll`: reads what Amazon posted with `listTransactions` (the Finances
//! API 2024-06-19), in windows like the orders poller's. A Shipment sets each item's Amazon
//! fees (the `AmazonFees` breakdown); a Refund records the refunded principal (the
//! `ProductCharges` breakdown) and the fees Amazon gave back. A transaction about an order
//! Hamro hasn't read yet is parked and tried again on the next run.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::context::{OrderJobs, amazon};
use crate::{
    error::AppError,
    integrations::amazon::orders_types::{Transaction, TransactionType},
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    orders::server::finance_repo,
};

const CURSOR: &str = "finances";
const OVERLAP: chrono::Duration = chrono::Duration::minutes(10);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PollFinances {}

impl JobPayload for PollFinances {
    const KIND: &'static str = "amazon_finances_poll";
}

#[derive(Default, Serialize, Deserialize)]
struct Sweep {
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    token: Option<String>,
}

pub(super) struct Run(pub(super) OrderJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        PollFinances::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        match sweep(&self.0, ctx).await {
            Err(e) if !e.lease_lost => {
                tracing::warn!(error = %e.message, "reading Amazon finances failed; trying again later");
                Ok(Step::Again(self.0.every))
            }
            other => other,
        }
    }
}

async fn sweep(jobs: &OrderJobs, ctx: &mut JobContext) -> Result<Step, JobError> {
    // Parked transactions first: their orders may have arrived since.
    for parked in finance_repo::parked(&jobs.db, 100).await? {
        if let Ok(transaction) = serde_json::from_value::<Transaction>(parked.data.clone())
            && apply(jobs, &transaction).await?
        {
            finance_repo::unpark(&jobs.db, &parked.key).await?;
        }
    }
    let mut sweep: Sweep = ctx.progress()?;
    let (from, to) = match sweep.window {
        Some(window) => window,
        None => {
            let now = Utc::now();
            let from = finance_repo::cursor(&jobs.db, CURSOR).await?.map_or(now - jobs.backfill, |c| c - OVERLAP);
            // Amazon wants both ends more than two minutes in the past.
            let window = (from, now - chrono::Duration::minutes(3));
            sweep = Sweep { window: Some(window), token: None };
            ctx.save_progress(&sweep, None).await?;
            window
        }
    };
    if from < to {
        loop {
            let page = jobs.amazon.list_transactions(from, to, sweep.token.as_deref()).await.map_err(amazon)?;
            for transaction in &page.transactions {
                if !apply(jobs, transaction).await? {
                    let raw = serde_json::to_value(transaction).map_err(|e| JobError::permanent(e.to_string()))?;
                    finance_repo::park(&jobs.db, &transaction_key(transaction), &raw, transaction.posted_date).await?;
                }
            }
            sweep.token = page.next_token;
            ctx.save_progress(&sweep, None).await?;
            if sweep.token.is_none() {
                break;
            }
        }
    }
    finance_repo::advance_cursor(&jobs.db, CURSOR, to).await?;
    ctx.save_progress(&Sweep::default(), None).await?;
    Ok(Step::Again(jobs.every))
}

/// The transaction's own id, or (when Amazon gives none) one derived from what it says.
fn transaction_key(t: &Transaction) -> String {
    t.transaction_id.clone().unwrap_or_else(|| {
        let digest =
            Sha256::digest(format!("{:?}|{}|{:?}", t.order_id(), t.posted_date, t.transaction_type).as_bytes());
        format!("derived-{}", &hex::encode(digest)[..24])
    })
}

/// Applies one transaction; `false` when one of its items belongs to an order Hamro hasn't
/// read yet (then it is parked and nothing of it is applied twice: each part is idempotent).
async fn apply(jobs: &OrderJobs, t: &Transaction) -> Result<bool, AppError> {
    let Some(order_id) = t.order_id() else { return Ok(true) };
    let key = transaction_key(t);
    for item in &t.items {
        let Some(sku) = item.sku() else { continue };
        let Some(item_key) = finance_repo::knows_item(&jobs.db, order_id, sku).await? else { return Ok(false) };
        match t.transaction_type {
            TransactionType::Shipment => {
                // Amazon writes fees as negative amounts (money taken from the seller).
                let Some(fees) = item.breakdown_minor("AmazonFees") else {
                    tracing::warn!(transaction = %key, sku, "Amazon fees that aren't whole cents; skipped");
                    continue;
                };
                finance_repo::set_fees(&jobs.db, order_id, sku, -fees, &key).await?;
            }
            TransactionType::Refund => {
                let (Some(principal), Some(fee_refund)) =
                    (item.breakdown_minor("ProductCharges"), item.breakdown_minor("AmazonFees"))
                else {
                    tracing::warn!(transaction = %key, sku, "a refund that isn't whole cents; skipped");
                    continue;
                };
                let currency = item.total_amount.as_ref().map_or("USD", |a| a.currency_code.as_str()).to_lowercase();
                let refund_key = format!("{key}:{sku}");
                finance_repo::record_refund(
                    &jobs.db,
                    &refund_key,
                    &item_key,
                    principal.abs(),
                    fee_refund,
                    &currency,
                    t.posted_date,
                )
                .await?;
            }
            TransactionType::Other => {}
        }
    }
    Ok(true)
}
