//! The seller and admin dashboards: what each role sees first after signing in.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
