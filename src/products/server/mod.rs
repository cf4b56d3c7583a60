//! Server side of products: the service (status machine, ownership, notifications), the
//! changes it announces, and the repository.

mod events;
mod repo;
mod service;
mod sku;
mod stock_repo;

pub(crate) use events::{ProductChange, ProductListener};
pub(crate) use service::{Decision, Products};
pub(crate) use sku::amazon_sku;
pub(crate) use stock_repo::{SkuOwner, owner_of, return_stock, take_stock};

#[cfg(test)]
mod service_tests;
