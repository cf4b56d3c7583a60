//! Server side of payouts: the service (accounts, balances, requests with money safety), its
//! repository, Stripe account facts, the webhook handler, and the onboarding redirect.

mod balance_cache;
mod events;
mod facts;
mod news;
pub mod onboarding;
mod repo;
mod requests;
mod service;
pub mod webhook;

pub use events::AccountListener;
pub use requests::spawn_reconciler;
pub use service::{Payouts, parse_status};

#[cfg(test)]
mod service_tests;
