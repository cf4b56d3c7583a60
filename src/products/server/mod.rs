//! Server side of products: the service (status machine, ownership, notifications), the
//! changes it announces, and the repository.

mod events;
mod repo;
mod service;
mod sku;

pub(crate) use events::{ProductChange, ProductListener};
pub(crate) use service::{Decision, Products};
pub(crate) use sku::amazon_sku;

#[cfg(test)]
mod service_tests;
