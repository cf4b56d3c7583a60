//! Server side of listings: the service, the Amazon jobs, the check before listing
//! (`preflight.rs`), and the repositories.

mod check_repo;
mod jobs;
mod preflight;
mod recheck_repo;
mod repo;
mod service;

pub(crate) use jobs::RecheckListings;
pub(crate) use service::{Listings, parse_status};

#[cfg(test)]
mod service_tests;
