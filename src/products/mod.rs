//! Products and moderation: sellers create products and submit them for review; admins
//! approve or reject them with a reason. Approved products are what Hamro lists on Amazon.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
