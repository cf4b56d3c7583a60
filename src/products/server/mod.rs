//! Server side of products: the service (status machine, ownership, notifications), the
//! changes it announces, the repository, and Amazon's product types (definitions, schemas,
//! the form's fields, the check before review, and the Amazon document itself).

pub mod amazon_document;
mod count_repo;
mod events;
mod product_types;
mod repo;
mod service;
mod sku;
mod stock_repo;
mod type_check;
mod type_spec;

pub(crate) use events::{ProductChange, ProductListener};
pub(crate) use product_types::ProductTypes;
pub(crate) use service::{Decision, Products};
pub(crate) use sku::amazon_sku;
pub(crate) use stock_repo::{SkuOwner, owner_of, return_stock, take_stock};
pub(crate) use type_check::Completeness;

#[cfg(test)]
mod service_tests;
#[cfg(test)]
pub(crate) mod test_fixtures;
