//! The order pollers, each a durable job that runs again every `HAMRO_ORDERS_POLL_SECONDS`
//! and keeps its window and page token in its saved progress: `searchOrders` for the orders
//! and their items, `listTransactions` for Amazon's fees and refunds.

mod context;
mod convert;
mod poll_finances;
mod poll_orders;

use std::sync::Arc;

pub use context::OrderJobs;
pub use poll_finances::PollFinances;
pub use poll_orders::PollOrders;

use crate::jobs::Handler;

pub fn handlers(jobs: &OrderJobs) -> Vec<Arc<dyn Handler>> {
    vec![Arc::new(poll_orders::Run(jobs.clone())), Arc::new(poll_finances::Run(jobs.clone()))]
}
