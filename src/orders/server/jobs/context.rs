//! What the order pollers work with.

use std::sync::Arc;

use crate::{db::Db, integrations::amazon::SpApi, notifications::server::Notifier};

#[derive(Clone)]
pub struct OrderJobs {
    pub(crate) db: Db,
    pub(crate) amazon: Arc<SpApi>,
    pub(crate) notifier: Notifier,
    pub(crate) commission_bps: u32,
    /// How often each poller runs.
    pub(crate) every: std::time::Duration,
    /// How far back the first run reads.
    pub(crate) backfill: chrono::Duration,
}

pub(super) fn amazon(e: crate::integrations::amazon::AmazonError) -> crate::jobs::JobError {
    if e.is_transient() {
        crate::jobs::JobError::transient(e.to_string())
    } else {
        crate::jobs::JobError::permanent(e.to_string())
    }
}
