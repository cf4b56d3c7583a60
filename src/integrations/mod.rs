//! Clients for the outside services Hamro depends on. Each takes its base URL from config,
//! so the code that runs in production is the code the tests and the demo run (against the
//! built-in sandboxes in `crate::sandbox`).

pub mod amazon;
pub mod stripe;
