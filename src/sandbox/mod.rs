//! Built-in sandboxes: local servers that speak the wire protocol of the outside services
//! (same paths, headers, JSON shapes, status codes), mounted when no credentials are
//! configured. Hamro's real clients talk to them over HTTP, so the demo and the tests run
//! the production code paths. Their state lives in the database (tables `sandbox_*`), so it
//! survives restarts and is shared by every instance.

// Sandbox handlers answer errors as ready-made HTTP responses (`Result<_, Response>`), the
// axum idiom for "stop here and send this"; boxing them would only add noise.
#![allow(clippy::result_large_err)]

pub mod amazon;
pub mod stripe;
