//! Demo mode's server side: the demo accounts, the first sales (through the SP-API
//! sandbox), `hamro seed`, and the benchmarks' bare handler. Start-up calls `start` and
//! mounts `router` only when demo mode is on.

mod accounts;
mod sales;
pub mod seed;
mod seed_repo;
mod seed_sellers;

use axum::{Router, routing::get};

pub use accounts::ensure_demo_accounts;

use crate::{db::Db, error::AppError, notifications::server::Notifier, sandbox::Sandboxes};

/// Creates the demo accounts and (with demo sales on) the first sales, each once.
pub(crate) async fn start(db: &Db, notifier: &Notifier, sandboxes: &Sandboxes, sales: bool) -> Result<(), AppError> {
    ensure_demo_accounts(db, notifier).await?;
    if sales {
        sales::seed_first_sales(db, sandboxes).await?;
    }
    Ok(())
}

/// The baseline the benchmarks compare against (`benches/run`): a handler that does
/// nothing, behind the same layers as every other route.
pub(crate) fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/_bench/bare", get(|| async { axum::Json(serde_json::json!({ "count": 0 })) }))
}
