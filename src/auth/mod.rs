//! Signing in and out, who is signed in, and the role guards every endpoint calls.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
