//! Server side of payouts: the service (money safety), its repository, Stripe account facts,
//! the webhook handler, and the onboarding redirect.

pub mod balance_cache;
mod facts;
pub mod onboarding;
mod repo;
pub mod service;
pub mod webhook;
