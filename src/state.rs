//! `AppState`: everything a request handler, server function or background task needs,
//! built once at start-up and passed to the router (never a global).

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::{
    auth::server::rate_limit::LoginLimiter, config::Settings, db::Db, integrations::amazon::SpApi,
    integrations::stripe::StripeGateway, locks::KeyedLocks, notifications::server::Notifier,
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub db: Db,
    pub login_limiter: LoginLimiter,
    pub notifier: Notifier,
    pub stripe: StripeGateway,
    /// One seller's payout work runs one at a time in this process.
    pub payout_locks: Arc<KeyedLocks>,
    /// Balances pages show (a few seconds old at most).
    pub balances: crate::payouts::server::balance_cache::BalanceCache,
    pub amazon: Arc<SpApi>,
}
