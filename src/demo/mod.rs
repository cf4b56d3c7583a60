//! Demo mode (`HAMRO_DEMO=true`, never in production): the demo accounts, money for new
//! connected accounts (through Stripe transfers, the path a platform uses), a form to send
//! yourself a notification, `hamro seed`, and the benchmarks' bare handler. Nothing in the
//! product imports this module; start-up and the route table mount it in demo mode only.

pub mod accounts;
pub mod api;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
