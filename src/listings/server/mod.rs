//! Server side of listings: the service, the Amazon jobs, how a product becomes Amazon's
//! listing attributes, and the repository.

pub mod attributes;
mod jobs;
mod repo;
mod service;

pub(crate) use service::{Listings, parse_status};

#[cfg(test)]
mod service_tests;
