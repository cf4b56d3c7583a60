//! The payouts domain's jobs: moving released earnings to sellers' Stripe balances, and
//! putting accounts made before Hamro asked for it on manual payouts.

mod schedule;
mod transfer;

use std::sync::Arc;

pub use schedule::ManualSchedule;
pub use transfer::TransferEarnings;

use crate::{db::Db, earnings::server::Earnings, integrations::stripe::StripeGateway, jobs::Handler};

/// What the payouts jobs work with.
#[derive(Clone)]
pub struct PayoutJobs {
    pub(crate) db: Db,
    pub(crate) stripe: StripeGateway,
    pub(crate) earnings: Earnings,
    /// How often released earnings are transferred.
    pub(crate) every: std::time::Duration,
}

pub fn handlers(jobs: &PayoutJobs) -> Vec<Arc<dyn Handler>> {
    vec![Arc::new(transfer::Run(jobs.clone())), Arc::new(schedule::Run(jobs.clone()))]
}
