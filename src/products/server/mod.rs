//! Server side of products: the service (status machine, ownership, notifications) and
//! the repository.

mod repo;
pub mod service;
mod sku;

pub use sku::amazon_sku;
