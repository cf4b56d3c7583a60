//! `stripe_manual_schedule`: once, every connected account made before Hamro created them
//! with manual payouts is set to manual, so Stripe's automatic schedule doesn't sweep a
//! balance before the seller asks. Run at start-up; a failure is tried again later.

use std::time::Duration;

use async_trait::async_trait;
use serde::{Deserialize, Serialize};

use super::PayoutJobs;
use crate::{
    jobs::{Handler, JobContext, JobError, JobPayload, Step},
    payouts::server::account_repo,
};

#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct ManualSchedule {}

impl JobPayload for ManualSchedule {
    const KIND: &'static str = "stripe_manual_schedule";
}

pub(super) struct Run(pub(super) PayoutJobs);

#[async_trait]
impl Handler for Run {
    fn kind(&self) -> &'static str {
        ManualSchedule::KIND
    }

    async fn run(&self, _ctx: &mut JobContext) -> Result<Step, JobError> {
        let jobs = &self.0;
        let mut left = 0;
        for account in account_repo::accounts_not_manual(&jobs.db).await? {
            match jobs.stripe.set_manual_payouts(&account, &format!("hamro-schedule-{account}")).await {
                Ok(_) => {
                    account_repo::set_payout_interval(&jobs.db, &account, "manual").await?;
                    tracing::info!(%account, "connected account moved to manual payouts");
                }
                Err(e) => {
                    left += 1;
                    tracing::warn!(%account, error = %e, "could not set manual payouts; will try again");
                }
            }
        }
        if left > 0 { Ok(Step::Again(Duration::from_secs(600))) } else { Ok(Step::Done(None)) }
    }
}
