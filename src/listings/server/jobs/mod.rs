//! The Amazon jobs, one per file: check and create a listing, follow it until it has an
//! ASIN and is buyable, patch price and quantity, delist, and the bulk inventory sync through the Feeds API. Each has a typed
//! payload and its kind, and is safe to run again after a crash: its progress is saved in
//! the job before anything that can't be repeated.

mod bulk;
mod context;
mod create;
mod delist;
mod follow;
mod patch;
mod recheck;

use std::sync::Arc;

pub(crate) use bulk::BulkSync;
pub(crate) use context::{ListingJobs, ProductJob};
pub(crate) use create::CreateListing;
pub(crate) use delist::DelistListing;
pub(crate) use patch::PatchListing;
pub(crate) use recheck::RecheckListings;

use crate::jobs::Handler;

/// The handlers the job workers run.
pub(crate) fn handlers(jobs: &ListingJobs) -> Vec<Arc<dyn Handler>> {
    vec![
        Arc::new(create::Run(jobs.clone())),
        Arc::new(patch::Run(jobs.clone())),
        Arc::new(delist::Run(jobs.clone())),
        Arc::new(bulk::Run(jobs.clone())),
        Arc::new(follow::Run(jobs.clone())),
        Arc::new(recheck::Run(jobs.clone())),
    ]
}
