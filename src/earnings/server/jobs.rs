//! `earnings_record`: a durable job that, every `HAMRO_ORDERS_POLL_SECONDS`, writes into the
//! ledger what the orders domain has ready. It never gives up: a failed run is tried again
//! at the next interval.

use std::sync::Arc;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::Earnings;
use crate::jobs::{Handler, JobContext, JobError, JobPayload, Step};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct RecordEarnings {}

impl JobPayload for RecordEarnings {
    const KIND: &'static str = "earnings_record";
}

struct Run {
    earnings: Earnings,
    every: std::time::Duration,
}

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        RecordEarnings::KIND
    }

    async fn run(&self, _ctx: &mut JobContext) -> Result<Step, JobError> {
        if let Err(e) = self.earnings.record_ready().await {
            tracing::warn!(error = %e, "recording earnings failed; trying again later");
        }
        Ok(Step::Again(self.every))
    }
}

pub fn handlers(earnings: &Earnings, every: std::time::Duration) -> Vec<Arc<dyn Handler>> {
    vec![Arc::new(Run { earnings: earnings.clone(), every })]
}
