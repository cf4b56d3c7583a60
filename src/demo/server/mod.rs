//! Demo mode's server side: the demo accounts, money for new connected accounts, `hamro
//! seed`, and the benchmarks' bare handler. Start-up calls `start` and mounts `router` only
//! when demo mode is on.

mod accounts;
mod funding;
pub mod seed;
mod seed_repo;

use std::sync::Arc;

use axum::{Router, routing::get};

pub use accounts::ensure_demo_accounts;

use crate::{
    db::Db, error::AppError, integrations::stripe::StripeGateway, notifications::server::Notifier,
    payouts::server::Payouts,
};

/// Creates the demo accounts (once) and funds each new connected account.
pub(crate) async fn start(
    db: &Db,
    notifier: &Notifier,
    payouts: &Payouts,
    stripe: &StripeGateway,
) -> Result<(), AppError> {
    ensure_demo_accounts(db, notifier).await?;
    payouts.listen(Arc::new(funding::FundNewAccounts(stripe.clone())));
    Ok(())
}

/// The baseline the benchmarks compare against (`benches/run`): a handler that does
/// nothing, behind the same layers as every other route.
pub(crate) fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/_bench/bare", get(|| async { axum::Json(serde_json::json!({ "count": 0 })) }))
}
