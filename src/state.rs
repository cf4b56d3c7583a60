//! `AppState`: everything a request handler, server function or background task needs,
//! built once at start-up and passed to the router (never a global). Each domain's service
//! is a field, so a handler takes only the one it uses (`State<Products>`), and start-up
//! provides each to the server functions the same way.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::config::LeptosOptions;

use crate::{
    auth::server::Auth,
    config::Settings,
    db::Db,
    earnings::server::Earnings,
    integrations::{amazon::SpApi, stripe::StripeGateway},
    listings::server::Listings,
    notifications::server::Notifier,
    orders::server::Orders,
    payouts::server::Payouts,
    products::server::Products,
    sandbox::Sandboxes,
};

#[derive(Clone, FromRef)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub db: Db,
    pub auth: Auth,
    pub notifier: Notifier,
    pub products: Products,
    pub listings: Listings,
    pub orders: Orders,
    pub earnings: Earnings,
    pub payouts: Payouts,
    pub stripe: StripeGateway,
    pub amazon: Arc<SpApi>,
    /// The sandboxes this instance serves (none with real credentials).
    pub sandboxes: Sandboxes,
}
