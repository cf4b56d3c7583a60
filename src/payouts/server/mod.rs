//! Server side of payouts: the service (accounts, balances, requests with money safety), its
//! repository, Stripe account facts, the webhook handler, and the onboarding redirect.

mod balance_cache;
mod events;
mod facts;
mod news;
pub(crate) mod onboarding;
mod repo;
mod requests;
mod service;
pub(crate) mod webhook;

pub(crate) use events::AccountListener;
pub(crate) use requests::spawn_reconciler;
pub(crate) use service::{Payouts, parse_status};

#[cfg(test)]
mod service_tests;
