//! Orders from Amazon: the platform account's orders, polled from the Orders API, each item
//! matched to the seller whose product it is (by the platform-wide Amazon SKU), its stock
//! taken from the product, and Amazon's fees and refunds read from the Finances API.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
