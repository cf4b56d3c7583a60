//! `amazon_orders_poll`: reads the platform account's orders with `searchOrders`, page by
//! page, and records each one. Its window is fixed when a sweep starts (from the stored
//! cursor, less a small overlap, to two minutes ago) and the cursor moves to the window's end
//! only when the last page is in: an order updated while the pages are read falls in the
//! next window, never between two. A restart resumes the sweep from its saved page token.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::context::{OrderJobs, amazon};
use crate::{
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    orders::server::{finance_repo, repo},
};

pub(crate) const CURSOR: &str = "orders";
/// Orders updated just before the last sweep's end are read again (recording is idempotent).
const OVERLAP: chrono::Duration = chrono::Duration::minutes(5);

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct PollOrders {}

impl JobPayload for PollOrders {
    const KIND: &'static str = "amazon_orders_poll";
}

/// A sweep under way.
#[derive(Default, Serialize, Deserialize)]
struct Sweep {
    window: Option<(DateTime<Utc>, DateTime<Utc>)>,
    token: Option<String>,
    orders: u64,
}

pub(super) struct Run(pub(super) OrderJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        PollOrders::KIND
    }

    async fn run(&self, ctx: &mut JobContext) -> Result<Step, JobError> {
        // A poller never gives up: a failed sweep is tried again at the next interval,
        // where it left off.
        match sweep(&self.0, ctx).await {
            Err(e) if !e.lease_lost => {
                tracing::warn!(error = %e.message, "reading Amazon orders failed; trying again later");
                Ok(Step::Again(self.0.every))
            }
            other => other,
        }
    }
}

async fn sweep(jobs: &OrderJobs, ctx: &mut JobContext) -> Result<Step, JobError> {
    let mut sweep: Sweep = ctx.progress()?;
    let (from, to) = match sweep.window {
        Some(window) => window,
        None => {
            let now = Utc::now();
            let from = finance_repo::cursor(&jobs.db, CURSOR).await?.map_or(now - jobs.backfill, |c| c - OVERLAP);
            let window = (from, now - chrono::Duration::minutes(2));
            sweep = Sweep { window: Some(window), token: None, orders: 0 };
            ctx.save_progress(&sweep, None).await?;
            window
        }
    };
    if from < to {
        loop {
            let page = jobs.amazon.search_orders(from, to, sweep.token.as_deref()).await.map_err(amazon)?;
            for order in &page.orders {
                let incoming = jobs.incoming(order).await?;
                repo::record_order(&jobs.db, &incoming).await?;
            }
            sweep.orders += page.orders.len() as u64;
            sweep.token = page.next_token;
            // Saved after the page is recorded: a crash in between reads it again, which
            // records nothing new.
            ctx.save_progress(&sweep, None).await?;
            if sweep.token.is_none() {
                break;
            }
        }
    }
    finance_repo::advance_cursor(&jobs.db, CURSOR, to).await?;
    tracing::info!(orders = sweep.orders, %from, %to, "Amazon orders read");
    ctx.save_progress(&Sweep::default(), None).await?;
    Ok(Step::Again(jobs.every))
}
