//! Amazon listings: each approved product listed under the platform's seller account, kept
//! in sync by durable jobs (create, price/quantity patches, delist, bulk inventory feeds).

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
