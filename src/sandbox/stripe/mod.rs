//! A stateful, wire-compatible subset of Stripe's API for Connect payouts: accounts (with
//! their payout schedule, paid out on their own when it isn't manual), account links with an
//! onboarding page, balances, transfers and their reversals, payouts (with idempotency
//! keys, a timer moving payouts pending -> in_transit -> paid, and a failure trigger), and
//! signed webhooks back to Hamro. Its state lives in the sandbox database, never Hamro's.
//!
//! Test triggers: `POST /sandbox/stripe/_faults` loses answers on purpose (`faults.rs`); a
//! payout whose amount ends in 13 cents (e.g. 50.13) fails with
//! `account_closed` when it would have been paid.

mod accounts;
mod balance;
mod events;
mod faults;
mod http;
mod objects;
mod onboarding;
mod params;
mod payout_repo;
mod payouts;
mod repo;
mod reversals;
mod signature;
mod worker;

use std::sync::Arc;

use axum::{
    Router,
    routing::{get, post},
};

pub(crate) use worker::spawn_worker;

use crate::{config::StripeSandboxSettings, db::Db};

/// The Stripe sandbox's state: its own database and settings.
#[derive(Clone)]
pub struct Sandbox {
    db: Db,
    settings: Arc<StripeSandboxSettings>,
    /// Answers to lose on purpose (in memory, per instance).
    faults: faults::Faults,
}

impl Sandbox {
    /// The sandbox's own database (for tests that look at what it holds).
    pub fn db(&self) -> &Db {
        &self.db
    }

    pub(crate) fn new(db: Db, settings: StripeSandboxSettings) -> Self {
        Self { db, settings: Arc::new(settings), faults: faults::Faults::default() }
    }
}

/// The sandbox's tables, applied to its own database when it is mounted.
pub(crate) const MIGRATIONS: &[crate::db::migrate::Migration] =
    &[crate::db::migrate::Migration::new(1, "stripe_sandbox", include_str!("migrations/0001_stripe_sandbox.surql"))];

/// Mounted at `/sandbox/stripe`.
pub(crate) fn router<S: Clone + Send + Sync + 'static>(sandbox: Sandbox) -> Router<S> {
    Router::new()
        .route("/v1/accounts", post(accounts::create_account))
        .route("/v1/accounts/{id}", get(accounts::retrieve_account).post(accounts::update_account))
        .route("/v1/account_links", post(accounts::create_account_link))
        .route("/v1/balance", get(balance::balance))
        .route("/v1/transfers", post(balance::create_transfer).get(balance::list_transfers))
        .route("/v1/transfers/{id}/reversals", post(reversals::create_reversal))
        .route("/v1/payouts", post(payouts::create_payout).get(payouts::list_payouts))
        .route("/v1/payouts/{id}", get(payouts::retrieve_payout))
        .route("/v1/payouts/{id}/cancel", post(payouts::cancel_payout))
        .route("/onboard/{token}", get(onboarding::page).post(onboarding::complete))
        .route("/_faults", post(faults::set_faults))
        .fallback(payouts::not_found)
        .layer(axum::middleware::from_fn_with_state(sandbox.clone(), faults::lose_answers))
        .with_state(sandbox)
}
