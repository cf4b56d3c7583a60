//! Server side of earnings: the ledger (append-only), transfer batches, recording earnings
//! from orders, and the job that does it.

mod batch_repo;
pub(crate) mod jobs;
mod recording;
mod repo;
mod service;

pub use service::{Earnings, TransferBatch};

#[cfg(test)]
mod service_tests;
