//! A stateful, wire-compatible subset of Stripe's API for Connect payouts: accounts,
//! account links with an onboarding page, balances, transfers, payouts (with idempotency
//! keys, a timer moving payouts pending -> in_transit -> paid, and a failure trigger), and
//! signed webhooks back to Hamro.
//!
//! Test trigger: a payout whose amount ends in 13 cents (e.g. 50.13) fails with
//! `account_closed` when it would have been paid.

mod api;
mod events;
mod objects;
mod onboarding;
mod params;
mod store;
mod worker;

use axum::{
    Router,
    routing::{get, post},
};

pub use worker::spawn_worker;

use crate::state::AppState;

/// Mounted at `/sandbox/stripe`.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/v1/accounts", post(api::create_account))
        .route("/v1/accounts/{id}", get(api::retrieve_account).post(api::update_account))
        .route("/v1/account_links", post(api::create_account_link))
        .route("/v1/balance", get(api::balance))
        .route("/v1/transfers", post(api::create_transfer))
        .route("/v1/payouts", post(api::create_payout).get(api::list_payouts))
        .route("/v1/payouts/{id}", get(api::retrieve_payout))
        .route("/v1/payouts/{id}/cancel", post(api::cancel_payout))
        .route("/onboard/{token}", get(onboarding::page).post(onboarding::complete))
        .fallback(api::not_found)
}
