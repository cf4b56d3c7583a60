//! Seller payouts through Stripe Connect: connecting an account, onboarding, balances,
//! payout requests and their history, and the Stripe webhooks that keep them current.

pub mod api;
pub mod model;
#[cfg(feature = "ssr")]
pub mod server;
pub mod views;
