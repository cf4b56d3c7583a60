//! Server side of payouts: the service (accounts, balances, requests with money safety), its
//! repository, Stripe account facts, the webhook handler, and the onboarding redirect.

pub(crate) mod account_repo;
mod balance_cache;
mod facts;
pub(crate) mod jobs;
mod news;
pub(crate) mod onboarding;
pub(crate) mod repo;
mod requests;
mod service;
pub(crate) mod webhook;

pub(crate) use requests::spawn_reconciler;
pub(crate) use service::{Payouts, parse_status};

#[cfg(test)]
mod service_tests;
